import Foundation
import XCTest
@testable import PortalCore

/// The report's declared `published_items` beside the counts, and the warnings they raise.
final class StatisticsDeclaredTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/statistics/reports")

    /// The fixture's 2021 report with `published_items` appended, loaded as the build loads it.
    func report(declaring block: String) throws -> AnnualReport { try Self.report(declaring: block) }

    static func report(declaring block: String) throws -> AnnualReport {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-stats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("content/annual-reports/2021")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("2021"), to: folder)
        let yaml = folder.appendingPathComponent("statistics.yaml")
        try Data((try String(contentsOf: yaml, encoding: .utf8) + block).utf8).write(to: yaml)
        let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/", indexPrefix: "11370305MB2859012X",
                                siteCode: "1", categories: StatisticsFixtures.categories)
        let (reports, problems) = AnnualReportLoader.load(siteRoot: root, config: config)
        XCTAssertFalse(problems.contains(where: \.isError), "\(problems)")
        return try XCTUnwrap(reports.first)
    }

    func counts() -> ContentStatistics {
        ContentStatistics(items: [StatisticsFixtures.item("meetings", "2021-03-01"), StatisticsFixtures.item("meetings", "2021-04-01"),
                                  StatisticsFixtures.item("plans", "2021-05-01")],
                          categories: StatisticsFixtures.categories, today: PlainDate(iso: "2022-02-01")!)
    }

    func testADifferingTotalAndCategoryAreWarnedWithTheReportsLine() throws {
        let report = try report(declaring: "\npublished_items:\n  total: 276\n  by_category:\n    meetings: 2\n    plans: 5\n")
        let warnings = DeclaredComparison.warnings(counts(), reports: [report])
        XCTAssertEqual(warnings.count, 2)
        XCTAssertTrue(warnings.allSatisfy { $0.severity == .warning && $0.file == "content/annual-reports/2021/statistics.yaml" })
        XCTAssertEqual(warnings[0].message.zh, "2021年度报告声明主动公开276篇，按内容统计为3篇")
        XCTAssertEqual(warnings[0].message.en, "the 2021 report declares 276 items, the content has 3")
        XCTAssertEqual(warnings[1].message.zh, "2021年度报告声明“规划计划”主动公开5篇，按内容统计为1篇")
        let lines = try String(contentsOf: Self.fixtures.appendingPathComponent("2021/statistics.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).count
        // The fixture ends with a newline, so `lines` is one more than its line count: the block's
        // blank first line is line `lines`, published_items `lines + 1`.
        XCTAssertEqual(warnings[0].line, lines + 2, "the line of total:")
        XCTAssertEqual(warnings[1].line, lines + 5, "the line of plans:")
    }

    func testMatchingFiguresAndUndeclaredCategoriesAreNotWarned() throws {
        let report = try report(declaring: "\npublished_items:\n  total: 3\n  by_category: { meetings: 2 }\n")
        XCTAssertEqual(DeclaredComparison.warnings(counts(), reports: [report]), [])
        let comparison = DeclaredComparison(counts: counts().counts(of: 2021), categories: StatisticsFixtures.categories,
                                            declared: report.statistics?.publishedItems)
        XCTAssertTrue(comparison.hasDeclared)
        XCTAssertFalse(comparison.differs)
        XCTAssertEqual(comparison.rows.map(\.declared), [2, nil, nil])
    }

    func testAReportWithoutPublishedItemsDeclaresNothing() throws {
        let report = try report(declaring: "")
        XCTAssertEqual(DeclaredComparison.warnings(counts(), reports: [report]), [])
        XCTAssertFalse(DeclaredComparison(counts: counts().counts(of: 2021), categories: StatisticsFixtures.categories,
                                          declared: nil).hasDeclared)
    }

    func testReportFiguresFollowTablesThreeAndFour() throws {
        let figures = ReportFigures(try report(declaring: "").statistics!)
        XCTAssertEqual(figures.received, 153)
        XCTAssertEqual(figures.handled, 147)
        XCTAssertEqual(figures.disclosed, 67)
        XCTAssertEqual(figures.disclosedShareText, "45.6%")
        XCTAssertEqual(figures.reconsideration, 4)
        XCTAssertEqual(figures.litigation, 5)
        XCTAssertEqual(ReportFigures.percent(100), "100%")
        XCTAssertEqual(ReportFigures.percent(200.0 / 3), "66.7%")
    }
}
