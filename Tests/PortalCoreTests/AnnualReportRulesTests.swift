import Foundation
import XCTest
@testable import PortalCore

/// Fixture trees under `Tests/Fixtures/reports/` and helpers shared by the AnnualReport tests.
enum ReportFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("reports")

    /// The site root of a fixture (`busy`, `busy-without-totals`, `two-years`, `seed`; the real
    /// 2019-format reports `trial-2020` and `trial-2019-as-published`).
    static func site(_ name: String) -> URL { root.appendingPathComponent(name) }

    static func statisticsText(_ site: String, year: Int = 2021) -> String {
        let url = self.site(site).appendingPathComponent("content/annual-reports/\(year)/statistics.yaml")
        return try! String(contentsOf: url, encoding: .utf8)
    }

    static let file = "content/annual-reports/2021/statistics.yaml"

    static let config = SiteConfig(
        title: "某某区人力资源和社会保障局政府信息公开", agency: "某某区人力资源和社会保障局",
        baseURL: "https://example.gov.cn/", indexPrefix: "11370305MB2859012X", siteCode: "3703050013",
        categories: [
            Category(slug: "meetings", name: "部门会议"), Category(slug: "plans", name: "规划计划"),
            Category(slug: "public-resources", name: "公共资源配置"), Category(slug: "livelihood", name: "民生公益"),
            Category(slug: "key-deployments", name: "重要部署执行公开"), Category(slug: "finance", name: "财政信息"),
            Category(slug: "services", name: "管理和服务公开"), Category(slug: "personnel", name: "人事信息"),
            Category(slug: "operations", name: "业务工作"), Category(slug: "assurance", name: "政务公开保障机制"),
            Category(slug: "catalog", name: "主动公开基本目录"), Category(slug: "other", name: "其他文件"),
        ])

    /// Parses statistics.yaml text and applies rules 1–4, as the loader does for one year.
    static func check(_ yaml: String) -> (statistics: ReportStatistics?, diagnostics: [Diagnostic]) {
        let parsed = StatisticsParser.parse(yaml, file: file, categories: config.categories)
        var diagnostics = parsed.diagnostics
        if let statistics = parsed.statistics {
            diagnostics += ConsistencyRules.check(statistics, sourceMap: parsed.sourceMap, file: file)
        }
        return (parsed.statistics, diagnostics)
    }

    /// `text` with `old` (which must occur exactly once) replaced by `new`.
    static func mutate(_ text: String, _ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertEqual(text.components(separatedBy: old).count, 2, "“\(old)” must occur exactly once", file: file, line: line)
        return text.replacingOccurrences(of: old, with: new)
    }

    /// 1-based line of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    /// A copy of a fixture in a fresh temporary folder (removed after the test), to mutate files on disk.
    static func copy(_ name: String, for test: XCTestCase) throws -> URL {
        let folder = temporaryFolder(for: test)
        let target = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: site(name), to: target)
        return target
    }

    /// A fresh temporary folder path, removed after the test.
    static func temporaryFolder(for test: XCTestCase) -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-reports-\(UUID().uuidString)")
        test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}

/// Rules 1–5 and 8 of CONTENT.md on one year's statistics.yaml, and the file's shape.
final class AnnualReportRulesTests: XCTestCase {
    let busy = ReportFixtures.statisticsText("busy")
    let withoutTotals = ReportFixtures.statisticsText("busy-without-totals")

    private func errors(_ yaml: String) -> [Diagnostic] {
        ReportFixtures.check(yaml).diagnostics.filter(\.isError)
    }

    private func assertSingleError(_ yaml: String, contains fragments: [String], line expectedLine: Int?,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let found = errors(yaml)
        XCTAssertEqual(found.count, 1, "expected one error, got:\n\(found.map(\.description).joined(separator: "\n"))", file: file, line: line)
        guard let error = found.first else { return }
        let text = error.message.zh + "\n" + error.message.en
        for fragment in fragments {
            XCTAssertTrue(text.contains(fragment), "“\(fragment)” not in:\n\(text)", file: file, line: line)
        }
        XCTAssertEqual(error.file, ReportFixtures.file, file: file, line: line)
        if let expectedLine { XCTAssertEqual(error.line, expectedLine, file: file, line: line) }
    }

    // MARK: Realistic reports pass

    func testBusyBureauReportWithEveryGroupNonZeroPasses() throws {
        let (statistics, diagnostics) = ReportFixtures.check(busy)
        XCTAssertEqual(diagnostics, [])
        let table = try XCTUnwrap(statistics).applications
        for group in ApplicationOutcomeGroup.allCases {
            XCTAssertGreaterThan(group.rows.map { table[$0].total }.reduce(0, +), 0, group.label)
        }
        XCTAssertEqual(table[.total].columns, [117, 16, 2, 3, 6, 3, 147])
        XCTAssertEqual(table[.carriedForward].columns, [8, 3, 0, 0, 1, 1, 13])
        XCTAssertEqual(statistics?.proactive?.fees.text, "1.5")
        XCTAssertEqual(statistics?.reviewAndLitigation[.litigationAfterReconsideration].columns, [1, 1, 0, 1, 3])
    }

    func testReportWithoutTotalsPassesAndTotalsAreComputed() throws {
        let (statistics, diagnostics) = ReportFixtures.check(withoutTotals)
        XCTAssertEqual(diagnostics, [])
        let parsed = try XCTUnwrap(statistics)
        XCTAssertNil(parsed.applications.declaredTotal)
        XCTAssertEqual(parsed.applications[.total].columns, [117, 16, 2, 3, 6, 3, 147])
        XCTAssertEqual(parsed.applications[.thirdParty].columns, [3, 1, 0, 0, 1, 0, 5])
        XCTAssertEqual(parsed.reviewAndLitigation[.reconsideration].columns, [2, 1, 0, 1, 4])
        // The same numbers, written with or without 总计, are the same table.
        XCTAssertEqual(ReportFixtures.check(busy).statistics.map { t in ApplicationRow.allCases.map { t.applications[$0].columns } },
                       ApplicationRow.allCases.map { parsed.applications[$0].columns })
    }

    func testSeedReportPasses() {
        let seed = ReportFixtures.statisticsText("seed")
        XCTAssertEqual(ReportFixtures.check(seed).diagnostics, [])
    }

    // MARK: Rule 1

    func testRowTotalIsTheSumOfTheSixApplicantColumns() {
        let yaml = ReportFixtures.mutate(busy, "third_party:       [3, 1, 0, 0, 1, 0, 5]", "third_party:       [3, 1, 0, 0, 1, 0, 6]")
        assertSingleError(yaml, contains: ["withheld.third_party（三（三）4．保护第三方合法权益）", "“总计”", "应为 5", "实际填写 6",
                                           "column 总计", "expected 5", "found 6"],
                          line: ReportFixtures.line(of: "third_party:", in: yaml))
    }

    func testRowTotalRuleAppliesToTheTotalAndCarriedForwardRows() {
        let yaml = ReportFixtures.mutate(busy, "[8, 3, 0, 0, 1, 1, 13]", "[8, 3, 0, 0, 1, 1, 14]")
        assertSingleError(yaml, contains: ["carried_forward（四、结转下年度继续办理）", "总计", "应为 13", "实际填写 14"],
                          line: ReportFixtures.line(of: "carried_forward:", in: yaml))
    }

    // MARK: Rule 2

    func testGrandTotalIsTheSumOfEveryResultRow() {
        // One more 商业企业 application withheld to protect a third party, but 三（七）总计 not updated.
        let yaml = ReportFixtures.mutate(busy, "third_party:       [3, 1, 0, 0, 1, 0, 5]", "third_party:       [3, 2, 0, 0, 1, 0, 6]")
        assertSingleError(yaml, contains: ["total（三（七）总计）", "“商业企业”", "应为 17", "实际填写 16",
                                           "column 商业企业", "expected 17", "found 16"],
                          line: ReportFixtures.line(of: "  total:", in: yaml))
    }

    // MARK: Rule 3

    func testReceivedPlusCarriedOverEqualsTotalPlusCarriedForward() {
        let yaml = ReportFixtures.mutate(busy, "[120, 18, 2, 3, 6, 4, 153]", "[120, 18, 3, 3, 6, 4, 154]")
        assertSingleError(yaml, contains: ["“科研机构”", "勾稽关系", "carried_forward（四、结转下年度继续办理）", "应为 3", "实际为 2",
                                           "received（一、本年新收政府信息公开申请数量）",
                                           "column 科研机构", "should be 3", "found 2"],
                          line: ReportFixtures.line(of: "carried_forward:", in: yaml))
    }

    func testBalanceRuleUsesTheComputedTotalWhenTotalIsLeftOut() {
        let yaml = ReportFixtures.mutate(withoutTotals, "[8, 3, 0, 0, 1, 1]", "[8, 3, 0, 0, 1, 2]")
        assertSingleError(yaml, contains: ["“其他（法人或其他组织）”", "应为 4", "实际为 5"],
                          line: ReportFixtures.line(of: "carried_forward:", in: yaml))
    }

    // MARK: Rule 4

    func testReviewAndLitigationTotalIsTheSumOfTheFourOutcomes() {
        let yaml = ReportFixtures.mutate(busy, "[2, 1, 0, 1, 4]", "[2, 1, 0, 1, 5]")
        assertSingleError(yaml, contains: ["reconsideration（行政复议）", "“总计”", "应为 4", "实际填写 5", "expected 4", "found 5"],
                          line: ReportFixtures.line(of: "  reconsideration:", in: yaml))
        let litigation = ReportFixtures.mutate(busy, "[1, 0, 1, 0, 2]", "[1, 0, 1, 0, 1]")
        assertSingleError(litigation, contains: ["litigation_direct（行政诉讼·未经复议直接起诉）", "应为 2", "实际填写 1"],
                          line: ReportFixtures.line(of: "litigation_direct:", in: litigation))
    }

    // MARK: Rules 5 and 8

    func testFeesMayBeDecimalButNotNegativeOrText() {
        XCTAssertEqual(errors(ReportFixtures.mutate(busy, "fees: 1.5", "fees: 12.35")), [])
        XCTAssertEqual(errors(ReportFixtures.mutate(busy, "fees: 1.5", "fees: 0")), [])
        let negative = ReportFixtures.mutate(busy, "fees: 1.5", "fees: -1")
        assertSingleError(negative, contains: ["fees（行政事业性收费 本年收费金额（单位：万元））", "负数", "-1"],
                          line: ReportFixtures.line(of: "fees:", in: negative))
        XCTAssertTrue(errors(negative)[0].hint?.zh.contains("没有收费就填 0") ?? false)
        assertSingleError(ReportFixtures.mutate(busy, "fees: 1.5", "fees: 一万元"), contains: ["“一万元”不是数字"], line: nil)
    }

    func testNegativeCountSaysWriteZeroOrTheWholeNumber() {
        let yaml = ReportFixtures.mutate(busy, "third_party:       [3, 1, 0, 0, 1, 0, 5]", "third_party:       [3, 1, 0, 0, 1, -1, 5]")
        // Only the number's own error: the sum rules skip a row that could not be read.
        assertSingleError(yaml, contains: ["withheld.third_party（三（三）4．保护第三方合法权益）", "“其他（法人或其他组织）”", "负数", "-1"],
                          line: ReportFixtures.line(of: "third_party:", in: yaml))
        let hint = errors(yaml)[0].hint
        XCTAssertTrue(hint?.zh.contains("没有就填 0") ?? false)
        XCTAssertTrue(hint?.zh.contains("整数") ?? false)
        XCTAssertTrue(hint?.en.contains("write 0") ?? false)
        XCTAssertEqual(errors(yaml)[0].column, 40, "the column of the -1 in the line")
    }

    func testFractionalCountIsAnError() {
        let yaml = ReportFixtures.mutate(busy, "disclosed:           [40, 6, 1, 1, 2, 1, 51]", "disclosed:           [40, 6.5, 1, 1, 2, 1, 51]")
        assertSingleError(yaml, contains: ["disclosed（三（一）予以公开）", "“商业企业”", "“6.5”不是整数", "not a whole number"],
                          line: ReportFixtures.line(of: "disclosed:", in: yaml))
        let licensing = ReportFixtures.mutate(busy, "licensing: 1532", "licensing: 1532.5")
        assertSingleError(licensing, contains: ["licensing（行政许可 本年处理决定数量）", "不是整数"], line: 6)
    }

    func testBlankCountIsAnErrorThatSaysWriteZero() {
        let tilde = ReportFixtures.mutate(busy, "state_secret:      [1, 0, 0, 0, 0, 0, 1]", "state_secret:      [1, 0, ~, 0, 0, 0, 1]")
        assertSingleError(tilde, contains: ["withheld.state_secret（三（三）1．属于国家秘密）", "“科研机构”", "未填写", "is blank"],
                          line: ReportFixtures.line(of: "state_secret:", in: tilde))
        let scalar = ReportFixtures.mutate(busy, "penalties: 87", "penalties:")
        assertSingleError(scalar, contains: ["penalties（行政处罚 本年处理决定数量）未填写"], line: 7)
        XCTAssertTrue(errors(scalar)[0].hint?.zh.contains("没有就填 0") ?? false)
        let emptyRow = ReportFixtures.mutate(busy, "needs_creation:    [5, 1, 0, 0, 0, 0, 6]", "needs_creation:")
        assertSingleError(emptyRow, contains: ["unable_to_provide.needs_creation（三（四）2．没有现成信息需要另行制作）这一行未填写"],
                          line: ReportFixtures.line(of: "needs_creation:", in: emptyRow))
    }

    func testBlankBetweenCommasIsNamedAsABlankNumber() {
        let yaml = ReportFixtures.mutate(busy, "state_secret:      [1, 0, 0, 0, 0, 0, 1]", "state_secret:      [1, 0, , 0, 0, 0, 1]")
        let found = errors(yaml)
        let blank = found.first { $0.message.zh.contains("未填写") }
        XCTAssertNotNil(blank, found.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(blank?.message.zh.contains("state_secret") ?? false)
        XCTAssertEqual(blank?.line, ReportFixtures.line(of: "state_secret:", in: yaml))
        XCTAssertTrue(blank?.hint?.zh.contains("没有就填 0") ?? false)
    }

    func testTextCountIsAnError() {
        let yaml = ReportFixtures.mutate(busy, "repeated:          [4, 1, 0, 0, 0, 0, 5]", "repeated:          [4, 无, 0, 0, 0, 0, 5]")
        assertSingleError(yaml, contains: ["not_processed.repeated（三（五）2．重复申请）", "“商业企业”", "“无”不是数字"],
                          line: ReportFixtures.line(of: "repeated:", in: yaml))
    }

    // MARK: Shape of the file

    func testRowOfTableThreeNeedsSixOrSevenNumbers() {
        let yaml = ReportFixtures.mutate(busy, "third_party:       [3, 1, 0, 0, 1, 0, 5]", "third_party:       [3, 1, 0, 0, 1]")
        assertSingleError(yaml, contains: ["withheld.third_party（三（三）4．保护第三方合法权益）", "应有 6 个或 7 个数字", "这里有 5 个",
                                           "needs 6 or 7 numbers", "found 5"],
                          line: ReportFixtures.line(of: "third_party:", in: yaml))
    }

    func testRowOfTableFourNeedsFourOrFiveNumbers() {
        let yaml = ReportFixtures.mutate(busy, "[2, 1, 0, 1, 4]", "[2, 1, 0, 1, 4, 0]")
        assertSingleError(yaml, contains: ["reconsideration（行政复议）", "应有 4 个或 5 个数字", "这里有 6 个"], line: nil)
    }

    func testUnknownKeySuggestsTheClosestKnownKey() {
        let yaml = ReportFixtures.mutate(busy, "    third_party:", "    third_partty:")
        let found = errors(yaml)
        let unknown = found.first { $0.message.zh.contains("未知字段 `third_partty`") }
        XCTAssertEqual(unknown?.hint?.zh, "是否想写 `third_party`？")
        XCTAssertEqual(unknown?.line, ReportFixtures.line(of: "third_partty:", in: yaml))
        XCTAssertTrue(found.contains { $0.message.zh.contains("缺少 withheld.third_party（三（三）4．保护第三方合法权益）这一行") })
        XCTAssertEqual(found.count, 2, found.map(\.description).joined(separator: "\n"))

        let topLevel = ReportFixtures.mutate(busy, "reconsideration_litigation:", "reconsideration_litigaton:")
        XCTAssertTrue(errors(topLevel).contains { $0.hint?.zh == "是否想写 `reconsideration_litigation`？" })
        XCTAssertTrue(errors(topLevel).contains { $0.message.zh.contains("缺少 reconsideration_litigation（四、政府信息公开行政复议、行政诉讼情况）") })
    }

    func testMissingRowIsAnErrorNamingTheRow() {
        let yaml = ReportFixtures.mutate(busy, "    query_matters:     [4, 0, 0, 0, 0, 0, 4]          # 8．属于行政查询事项\n", "")
        assertSingleError(yaml, contains: ["缺少 withheld.query_matters（三（三）8．属于行政查询事项）这一行", "is missing"],
                          line: ReportFixtures.line(of: "  withheld:", in: yaml))
        XCTAssertTrue(errors(yaml)[0].hint?.zh.contains("query_matters: [0, 0, 0, 0, 0, 0]") ?? false)

        let regulations = ReportFixtures.mutate(busy, "  regulations:         { issued: 1, repealed: 0, in_force: 5 }\n", "")
        assertSingleError(regulations, contains: ["缺少 regulations（第二十条第（一）项·规章）这一行"], line: nil)

        let inForce = ReportFixtures.mutate(busy, "{ issued: 4, repealed: 2, in_force: 23 }", "{ issued: 4, repealed: 2 }")
        assertSingleError(inForce, contains: ["normative_documents（行政规范性文件）的“现行有效件数”列"], line: 5)
    }

    func testMissingGroupIsOneErrorListingItsRows() {
        var yaml = busy
        for line in busy.split(separator: "\n") where line.hasPrefix("  not_processed:") || ["complaints:", "repeated:", "publications:", "excessive:", "confirmation:"].contains(where: { line.hasPrefix("    \($0)") }) {
            yaml = yaml.replacingOccurrences(of: line + "\n", with: "")
        }
        let found = errors(yaml)
        XCTAssertEqual(found.count, 1, found.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(found[0].message.zh.contains("缺少 not_processed（三（五）不予处理）"))
        XCTAssertTrue(found[0].message.zh.contains("confirmation（5．要求行政机关确认或重新出具已获取信息）"))
    }

    func testEveryProblemIsReportedAtOnce() {
        var yaml = ReportFixtures.mutate(busy, "[2, 1, 0, 1, 4]", "[2, 1, 0, 1, 5]")                      // rule 4
        yaml = ReportFixtures.mutate(yaml, "third_party:       [3, 1, 0, 0, 1, 0, 5]", "third_party:       [3, 1, 0, 0, 1, 0, 6]") // rule 1
        yaml = ReportFixtures.mutate(yaml, "licensing: 1532", "licensing: -3")                              // rule 8
        yaml = ReportFixtures.mutate(yaml, "  penalties: 87", "  penalties: 87\n  penalty: 1")              // unknown key
        let found = errors(yaml)
        XCTAssertEqual(found.count, 4, found.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(Set(found.compactMap(\.line)).count, 4)
    }

    func testYearIsRequired() {
        let yaml = ReportFixtures.mutate(busy, "year: 2021\n", "")
        XCTAssertTrue(errors(yaml).contains { $0.message.zh.contains("`year`") })
    }

    // MARK: published_items

    func testPublishedItemsAreExposed() throws {
        let published = try XCTUnwrap(ReportFixtures.check(busy).statistics?.publishedItems)
        XCTAssertEqual(published.total, 188)
        XCTAssertEqual(published.byCategory, ["meetings": 12, "livelihood": 120, "personnel": 30])
        XCTAssertNil(ReportFixtures.check(ReportFixtures.statisticsText("busy-without-totals").replacingOccurrences(
            of: "published_items:\n  total: 188\n  by_category: { meetings: 12, livelihood: 120, personnel: 30 }\n", with: "")).statistics?.publishedItems)
    }

    func testPublishedItemsCategoriesMustBeKnown() {
        let yaml = ReportFixtures.mutate(busy, "{ meetings: 12,", "{ meeting: 12,")
        assertSingleError(yaml, contains: ["未知字段 `meeting`"], line: ReportFixtures.line(of: "by_category:", in: yaml))
        XCTAssertEqual(errors(yaml)[0].hint?.zh, "是否想写 `meetings`？")
    }

    func testPublishedItemsAddingUpToMoreThanTheTotalIsAWarning() {
        let yaml = ReportFixtures.mutate(busy, "  total: 188", "  total: 100")
        let diagnostics = ReportFixtures.check(yaml).diagnostics
        XCTAssertEqual(diagnostics.filter(\.isError), [])
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.message.zh.contains("之和为 162") })
    }
}
