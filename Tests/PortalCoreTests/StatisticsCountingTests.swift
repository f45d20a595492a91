import Foundation
import XCTest
@testable import PortalCore

/// Items built in memory for the statistics tests.
enum StatisticsFixtures {
    static let categories = [Category(slug: "meetings", name: "部门会议"), Category(slug: "plans", name: "规划计划"),
                             Category(slug: "other", name: "其他文件")]

    private static let serials = Counter()

    static func item(_ category: String, _ date: String, draft: Bool = false, expires: String? = nil) -> Item {
        let day = PlainDate(iso: date)!
        return Item(category: category, slug: "\(date)-\(serials.next())", sourcePath: "content/\(category)/x.md", title: "测试",
                    date: day, indexNo: IndexNumber(prefix: "11370305MB2859012X", year: day.year, serial: serials.next()),
                    indexNoLine: nil, publisher: "测试局", docNo: nil, written: nil, topics: [], validity: nil,
                    expires: expires.flatMap(PlainDate.init(iso:)), draft: draft, attachments: [], privacyException: nil,
                    body: "", bodyLine: 5)
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
}

/// The counting rule of CONTENT.md: by the year of 发布日期, per category and per month; drafts
/// never count; expired items do; items dated after today do not (yet).
final class StatisticsCountingTests: XCTestCase {
    let today = PlainDate(iso: "2022-03-10")!

    func statistics(_ items: [Item], alsoYears: [Int] = []) -> ContentStatistics {
        ContentStatistics(items: items, categories: StatisticsFixtures.categories, today: today, alsoYears: alsoYears)
    }

    func testItemsCountInTheYearAndMonthOfTheirPublicationDate() {
        let stats = statistics([
            StatisticsFixtures.item("meetings", "2021-01-31"), StatisticsFixtures.item("meetings", "2021-02-01"),
            StatisticsFixtures.item("plans", "2021-12-31"), StatisticsFixtures.item("plans", "2022-01-01"),
        ])
        XCTAssertEqual(stats.years.map(\.year), [2021, 2022])
        let year = stats.counts(of: 2021)
        XCTAssertEqual(year.total, 3)
        XCTAssertEqual(year.byCategory, ["meetings": 2, "plans": 1, "other": 0])
        XCTAssertEqual(year.byMonth, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(stats.counts(of: 2022).byMonth[0], 1)
    }

    func testDraftsNeverCount() {
        let stats = statistics([StatisticsFixtures.item("meetings", "2021-05-01", draft: true),
                                StatisticsFixtures.item("meetings", "2021-05-02")])
        XCTAssertEqual(stats.counts(of: 2021).total, 1)
        XCTAssertEqual(statistics([StatisticsFixtures.item("meetings", "2020-05-01", draft: true)]).years.count, 0,
                       "a year with drafts only is not listed")
    }

    func testExpiredItemsCountInTheYearTheyWereDisclosed() {
        let stats = statistics([StatisticsFixtures.item("plans", "2021-05-01", expires: "2021-05-15")])
        XCTAssertEqual(stats.counts(of: 2021)[category: "plans"], 1)
        XCTAssertEqual(stats.counts(of: 2021)[month: 5], 1)
    }

    func testItemsDatedAfterTodayDoNotCountYetButTodayDoes() {
        let stats = statistics([StatisticsFixtures.item("meetings", "2022-03-10"), StatisticsFixtures.item("meetings", "2022-03-11"),
                                StatisticsFixtures.item("meetings", "2023-01-01")])
        XCTAssertEqual(stats.years.map(\.year), [2022])
        XCTAssertEqual(stats.counts(of: 2022).total, 1)
        XCTAssertTrue(stats.isIncomplete(2022))
        XCTAssertFalse(stats.isIncomplete(2021))
    }

    func testReportYearsAreListedEvenWithoutItemsButNotFutureOnes() {
        let stats = statistics([StatisticsFixtures.item("meetings", "2021-05-01")], alsoYears: [2019, 2021, 2023])
        XCTAssertEqual(stats.years.map(\.year), [2019, 2021])
        XCTAssertEqual(stats.counts(of: 2019).byCategory, ["meetings": 0, "plans": 0, "other": 0])
    }

    func testJSONHasTheContractShapeWithEveryCategoryAndMonthAndSortedKeys() throws {
        let stats = statistics([StatisticsFixtures.item("meetings", "2021-03-15"), StatisticsFixtures.item("plans", "2021-03-20"),
                                StatisticsFixtures.item("plans", "2021-11-02")])
        let text = String(decoding: try StatisticsJSON.data(stats), as: UTF8.self)
        let compact = text.filter { !$0.isWhitespace }
        XCTAssertEqual(compact, """
        {"years":{"2021":{"by_category":{"meetings":1,"other":0,"plans":2},\
        "by_month":{"01":0,"02":0,"03":2,"04":0,"05":0,"06":0,"07":0,"08":0,"09":0,"10":0,"11":1,"12":0},"source":"content","total":3}}}
        """)
        XCTAssertTrue(text.hasSuffix("\n"))
        XCTAssertEqual(try StatisticsJSON.data(stats), try StatisticsJSON.data(stats))
    }

    func testAnEmptySiteHasAnEmptyYearsObject() throws {
        let text = String(decoding: try StatisticsJSON.data(statistics([])), as: UTF8.self)
        XCTAssertEqual(text.filter { !$0.isWhitespace }, "{\"years\":{}}")
    }

    func testTheSentenceListsEveryCategoryInConfiguredOrderInTheWordsOfTheReport() {
        let stats = statistics([StatisticsFixtures.item("plans", "2021-03-15"), StatisticsFixtures.item("meetings", "2021-04-15"),
                                StatisticsFixtures.item("meetings", "2021-04-20")])
        XCTAssertEqual(StatisticsSummary.sentence(stats.counts(of: 2021), categories: StatisticsFixtures.categories),
                       "2021年主动公开政府信息3篇，其中部门会议2篇，规划计划1篇，其他文件0篇。")
        XCTAssertEqual(StatisticsSummary.sentence(stats.counts(of: 2019), categories: StatisticsFixtures.categories),
                       "2019年主动公开政府信息0篇。")
        let text = StatisticsSummary.text(stats)
        XCTAssertTrue(text.contains("按月份：1月0篇，2月0篇，3月1篇，4月2篇，"))
        XCTAssertTrue(text.contains("不含草稿和发布日期晚于2022年03月10日的信息"))
    }
}
