import Foundation
import XCTest
@testable import PortalCore

/// A column of every year's report: a 2021-format report, a 2019-format one (real) and one before
/// 2019 that is index.md alone, loaded together; rule 6 across the formats; the 2019 template.
final class AnnualReportEarlierYearsTests: XCTestCase {
    static let kinds = ReportFixtures.root.deletingLastPathComponent().appendingPathComponent("sites/report-kinds")

    private func load(_ site: URL) -> (reports: [AnnualReport], diagnostics: [Diagnostic]) {
        AnnualReportLoader.load(siteRoot: site, config: ReportFixtures.config)
    }

    private func copyKinds() throws -> URL {
        let folder = ReportFixtures.temporaryFolder(for: self)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("report-kinds")
        try FileManager.default.copyItem(at: Self.kinds, to: target)
        return target
    }

    private func rewrite(_ site: URL, year: Int, _ edit: (String) -> String) throws {
        let url = site.appendingPathComponent("content/annual-reports/\(year)/statistics.yaml")
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    func testThreeKindsOfReportLoadTogetherWithoutAProblem() throws {
        let (reports, diagnostics) = load(Self.kinds)
        XCTAssertEqual(diagnostics, [], diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(reports.map(\.year), [2021, 2020, 2018])
        XCTAssertEqual(reports.map { $0.statistics?.format }, [.national2021, .trial2019, nil])
        XCTAssertEqual(reports.map(\.formatNote), [nil, "2019年格式（国办公开办函〔2019〕60号）", "表格见正文"])
        let legacy = reports[2]
        XCTAssertTrue(legacy.narrative.markdown.contains("| 收到申请数 | 件 | 2 |"), "the tables are the body's own")
    }

    func testALegacyReportIsNotInTheTrendNorInTheDeclaredFigures() {
        let reports = load(Self.kinds).reports
        let statistics = ContentStatistics(items: [], categories: ReportFixtures.config.categories,
                                           today: PlainDate(iso: "2022-06-01")!, reports: reports, statisticsFrom: nil)
        XCTAssertEqual(statistics.years.map(\.year), [2018, 2020, 2021], "every report's year is listed")
        XCTAssertEqual(reports.compactMap { $0.statistics.map(ReportFigures.init) }.map(\.year), [2021, 2020])
    }

    func testCarriedOverOf2021EqualsCarriedForwardOfThe2019Format2020Report() throws {
        let site = try copyKinds()
        // 2020 still balances on its own: one application received, carried forward to 2021.
        try rewrite(site, year: 2020) { text in
            let text = ReportFixtures.mutate(text, "received:            [0, 0, 0, 0, 0, 0, 0]", "received:            [0, 1, 0, 0, 0, 0, 1]")
            return ReportFixtures.mutate(text, "carried_forward:     [0, 0, 0, 0, 0, 0, 0]", "carried_forward:     [0, 1, 0, 0, 0, 0, 1]")
        }
        let errors = load(site).diagnostics
        XCTAssertEqual(errors.count, 1, errors.map(\.description).joined(separator: "\n"))
        let error = try XCTUnwrap(errors.first)
        XCTAssertTrue(error.isError)
        XCTAssertEqual(error.file, "content/annual-reports/2021/statistics.yaml")
        XCTAssertEqual(error.message.zh, "carried_over（二、上年结转政府信息公开申请数量）的“商业企业”列应为 1（2020年报告的 carried_forward（四、结转下年度继续办理）），实际填写 0")
        XCTAssertTrue(error.hint?.zh.contains("content/annual-reports/2020/statistics.yaml:") ?? false)

        // Carried over as it should be: 2021 balances again by handling it.
        try rewrite(site, year: 2021) { text in
            let text = ReportFixtures.mutate(text, "carried_over:        [0, 0, 0, 0, 0, 0, 0]", "carried_over:        [0, 1, 0, 0, 0, 0, 1]")
            return ReportFixtures.mutate(text, "disclosed:           [2, 1, 0, 0, 0, 0]", "disclosed:           [2, 2, 0, 0, 0, 0]")
        }
        XCTAssertEqual(load(site).diagnostics, [])
    }

    func testRuleSixIsAWarningWhenLastYearIsKeptAsPublished() throws {
        let site = try copyKinds()
        try rewrite(site, year: 2020) { text in
            var text = ReportFixtures.mutate(text, "format: 2019\n", "format: 2019\nas_published: true\n")
            text = ReportFixtures.mutate(text, "received:            [0, 0, 0, 0, 0, 0, 0]", "received:            [0, 1, 0, 0, 0, 0, 1]")
            return ReportFixtures.mutate(text, "carried_forward:     [0, 0, 0, 0, 0, 0, 0]", "carried_forward:     [0, 1, 0, 0, 0, 0, 1]")
        }
        let diagnostics = load(site).diagnostics
        XCTAssertEqual(diagnostics.map(\.severity), [.warning])
        XCTAssertTrue(diagnostics[0].message.zh.hasPrefix("carried_over（二、上年结转政府信息公开申请数量）的“商业企业”列应为 1"))
    }

    func testRuleSevenDoesNotReachBackIntoThe2019Format() throws {
        let site = try copyKinds()
        try rewrite(site, year: 2021) { ReportFixtures.mutate($0, "in_force: 1 }", "in_force: 7 }") }
        XCTAssertEqual(load(site).diagnostics, [], "the 2019 table 二 has no 现行有效件数 to carry")
    }

    func testAFormatThatDoesNotSuitTheYearIsAWarning() throws {
        let site = try copyKinds()
        try rewrite(site, year: 2020) { ReportFixtures.mutate($0, "format: 2019\n", "format: 2021\n") }
        let diagnostics = load(site).diagnostics
        XCTAssertTrue(diagnostics.contains { $0.isError && $0.message.zh.contains("made") }, "the 2019 rows are unknown in the 2021 format")
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.message.zh.hasPrefix("2020 年度报告通常使用 2019 年格式") })
    }

    func testTheTrialTemplateParsesWithoutAProblem() throws {
        var template = StatisticsTemplate(year: 2020, carriedOver: [1, 0, 0, 0, 0, 0, 1], carriedOverFrom: 2019, inForce: [:],
                                          published: YearCounts(year: 2020, categories: ReportFixtures.config.categories),
                                          categories: ReportFixtures.config.categories, countedOn: PlainDate(iso: "2021-01-05")!)
        template.format = .trial2019
        let parsed = StatisticsParser.parse(template.text, file: "statistics.yaml", categories: ReportFixtures.config.categories)
        XCTAssertEqual(parsed.diagnostics, [])
        let statistics = try XCTUnwrap(parsed.statistics)
        XCTAssertEqual(statistics.format, .trial2019)
        XCTAssertEqual(ConsistencyRules.check(statistics, sourceMap: parsed.sourceMap, file: "statistics.yaml"), [])
        XCTAssertTrue(template.text.contains("other_handling:"))
        XCTAssertFalse(template.text.contains("no_correction"), "（六） is one row in 2019")
        XCTAssertTrue(template.text.contains("procurement:"))
    }

    func testARecentReportWithNeitherStatisticsNorATableIsWarned() throws {
        let site = try copyKinds()
        try FileManager.default.removeItem(at: site.appendingPathComponent("content/annual-reports/2021/statistics.yaml"))
        let (reports, diagnostics) = load(site)
        XCTAssertEqual(reports.map(\.year), [2021, 2020, 2018], "still published, as index.md alone")
        XCTAssertEqual(diagnostics.map(\.message.zh), ["2021 年度报告没有 statistics.yaml，正文中也没有表格"])
        XCTAssertEqual(diagnostics.first?.severity, .warning)
        XCTAssertEqual(diagnostics.first?.file, "content/annual-reports/2021/statistics.yaml")
    }
}
