import Foundation
import XCTest
@testable import PortalCore

/// `statistics_from` (issue 18): years before it take their annual report's `published_items`
/// (marked as such, never warned), years from it on are counted from the content and a report's
/// differing figure is warned — for editors only.
final class StatisticsFromTests: XCTestCase {
    let today = PlainDate(iso: "2022-12-31")!
    /// Nine items of 2021 (the old platform held the rest), two of 2022.
    let items: [Item] = (1...9).map { StatisticsFixtures.item($0 % 2 == 0 ? "plans" : "meetings", String(format: "2021-%02d-05", $0)) }
        + [StatisticsFixtures.item("meetings", "2022-02-01"), StatisticsFixtures.item("plans", "2022-03-01")]

    func report2021() throws -> AnnualReport {
        try StatisticsDeclaredTests.report(declaring: "\npublished_items:\n  total: 249\n  by_category: { meetings: 40, plans: 200 }\n")
    }

    func statistics(from year: Int?, reports: [AnnualReport]) -> ContentStatistics {
        ContentStatistics(items: items, categories: StatisticsFixtures.categories, today: today, reports: reports, statisticsFrom: year)
    }

    func testYearsBeforeStatisticsFromAreDeclaredAndLaterOnesCounted() throws {
        let statistics = statistics(from: 2022, reports: [try report2021()])
        let declared = statistics.counts(of: 2021)
        XCTAssertEqual(declared.source, .annualReport)
        XCTAssertEqual(declared.total, 249)
        XCTAssertEqual(declared[category: "meetings"], 40)
        XCTAssertFalse(declared.knows(category: "other"), "a category the report does not name is unknown, not 0")
        XCTAssertFalse(declared.hasMonths)
        let counted = statistics.counts(of: 2022)
        XCTAssertEqual(counted.source, .content)
        XCTAssertEqual(counted.total, 2)
        XCTAssertTrue(counted.knows(category: "other"))
        XCTAssertFalse(statistics.isCounted(2021))
        XCTAssertTrue(statistics.isCounted(2022))
        XCTAssertEqual(StatisticsSummary.sentence(declared, categories: StatisticsFixtures.categories),
                       "2021年主动公开政府信息249篇（据年度报告），其中部门会议40篇，规划计划200篇。")
    }

    func testADeclaredTotalIsTheCategorySumWhenTheReportGivesNone() {
        let counts = YearCounts.declared(year: 2020, PublishedItems(total: nil, byCategory: ["meetings": 3, "plans": 4]))
        XCTAssertEqual(counts.total, 7)
    }

    func testAYearBeforeStatisticsFromWithoutDeclaredFiguresIsStillCounted() {
        let statistics = statistics(from: 2022, reports: [])
        XCTAssertEqual(statistics.counts(of: 2021).source, .content)
        XCTAssertEqual(statistics.counts(of: 2021).total, 9)
    }

    func testWithoutTheKeyEveryYearIsCounted() throws {
        let statistics = statistics(from: nil, reports: [try report2021()])
        XCTAssertEqual(statistics.counts(of: 2021).source, .content)
        XCTAssertEqual(statistics.counts(of: 2021).total, 9)
        XCTAssertTrue(statistics.isCounted(2021))
    }

    func testNoWarningBeforeStatisticsFromAndAWarningForACountedYear() throws {
        let report = try report2021()
        XCTAssertEqual(DeclaredComparison.warnings(statistics(from: 2022, reports: [report]), reports: [report]), [])
        let warnings = DeclaredComparison.warnings(statistics(from: 2021, reports: [report]), reports: [report])
        XCTAssertEqual(warnings.map(\.message.zh), ["2021年度报告声明主动公开249篇，按内容统计为9篇",
                                                     "2021年度报告声明“部门会议”主动公开40篇，按内容统计为5篇",
                                                     "2021年度报告声明“规划计划”主动公开200篇，按内容统计为4篇"])
        XCTAssertEqual(DeclaredComparison.warnings(statistics(from: nil, reports: [report]), reports: [report]).count, 3)
    }

    func testTheJSONSaysWhereEachYearsFiguresComeFrom() throws {
        let object = StatisticsJSON.object(statistics(from: 2022, reports: [try report2021()]))
        let years = try XCTUnwrap(object["years"] as? [String: [String: Any]])
        XCTAssertEqual(years["2021"]?["source"] as? String, "annual-report")
        XCTAssertEqual(years["2021"]?["total"] as? Int, 249)
        XCTAssertEqual(years["2021"]?["by_category"] as? [String: Int], ["meetings": 40, "plans": 200])
        XCTAssertEqual(years["2021"]?["by_month"] as? [String: Int], [:], "months are not declared")
        XCTAssertEqual(years["2022"]?["source"] as? String, "content")
        XCTAssertEqual(years["2022"]?["by_category"] as? [String: Int], ["meetings": 1, "plans": 1, "other": 0])
        XCTAssertEqual((years["2022"]?["by_month"] as? [String: Int])?.count, 12)
    }

    func testTheKeyIsAYearAndAMistakeNamesItsLine() throws {
        let config = try SiteConfig.parse(SiteConfigTests.valid + "\nstatistics_from: 2022").get()
        XCTAssertEqual(config.statisticsFrom, 2022)
        XCTAssertNil(try SiteConfig.parse(SiteConfigTests.valid).get().statisticsFrom)
        XCTAssertEqual(try SiteConfig.parse(SiteConfigTests.valid + "\nstatistics_from: 2999").get().statisticsFrom, 2999,
                       "a year after today is accepted")
        for bad in ["1989", "22", "二〇二二", "2022-01-01"] {
            guard case .failure(let error) = SiteConfig.parse(SiteConfigTests.valid + "\nstatistics_from: \(bad)") else {
                XCTFail("statistics_from: \(bad) should fail"); continue
            }
            let problem = try XCTUnwrap(error.diagnostics.first { $0.message.en.contains("statistics_from") }, "\(bad)")
            XCTAssertEqual(problem.line, 10, bad)
            XCTAssertTrue(problem.message.zh.contains("1990–2999"), problem.message.zh)
        }
    }
}
