import Foundation
import XCTest

/// A generated site for the statistics tests: several hundred items over 2019–2022 with drafts,
/// expired and future-dated ones, and the counts a correct build must show, worked out item by
/// item while generating (CONTENT.md: by the year of 发布日期; drafts never count; expired items
/// do; items dated after today do not).
struct StatisticsCorpus {
    static let now = "2022-06-15"
    static let categories: [(slug: String, name: String)] = [
        ("meetings", "部门会议"), ("plans", "规划计划"), ("livelihood", "民生公益"),
        ("personnel", "人事信息"), ("finance", "财政信息"), ("other", "其他文件"),
    ]
    /// `other` gets no items, so every page must show zeros for it.
    static let filledCategories = categories.dropLast().map(\.slug)

    let site: SiteFixture
    private(set) var totals: [Int: Int] = [:]
    private(set) var byCategory: [Int: [String: Int]] = [:]
    private(set) var byMonth: [Int: [Int]] = [:]
    private(set) var drafts = 0, expired = 0, future = 0

    var years: [Int] { totals.keys.sorted() }

    /// - Parameter reports: copy the 2020 and 2021 annual reports of `Tests/Fixtures/statistics/reports`.
    init(itemCount: Int = 420, reports: Bool = true) throws {
        site = try SiteFixture(fixture: nil)
        try site.write("""
        title: 统计测试局政府信息公开
        agency: 统计测试局
        base_url: https://stats.example.gov.cn/
        index_prefix: 11370305MB2859012X
        site_code: "1"
        page_size: 50
        categories:
        \(Self.categories.map { "  - { slug: \($0.slug), name: \($0.name) }" }.joined(separator: "\n"))
        """, to: "content/site.yaml")
        var serials: [Int: Int] = [:]
        for n in 0..<itemCount {
            let year = 2019 + n % 4
            let month = (n * 7 + n / 4) % 12 + 1
            let day = (n * 13) % 28 + 1
            let category = Self.filledCategories[(n * 3 + n / 5) % Self.filledCategories.count]
            let date = String(format: "%04d-%02d-%02d", year, month, day)
            serials[year, default: 0] += 1
            var extra = ""
            let isDraft = n % 9 == 4
            if isDraft { extra += "draft: true\n"; drafts += 1 }
            // Expired on its own day: off the site long since, still counted.
            if n % 5 == 2 { extra += "expires: \(date)\n"; if !isDraft { expired += 1 } }
            let isFuture = date > Self.now
            if isFuture && !isDraft { future += 1 }
            try site.write("""
            ---
            title: 第\(n)号统计测试信息
            date: \(date)
            index_no: \(String(format: "11370305MB2859012X/%04d-%05d", year, serials[year]!))
            \(extra)---
            第\(n)号信息的正文。
            """, to: "content/\(category)/\(date)-item-\(n).md")
            guard !isDraft && !isFuture else { continue }
            totals[year, default: 0] += 1
            byCategory[year, default: Dictionary(uniqueKeysWithValues: Self.categories.map { ($0.slug, 0) })][category]! += 1
            byMonth[year, default: Array(repeating: 0, count: 12)][month - 1] += 1
        }
        if reports {
            let source = SiteFixture.repositoryRoot.appendingPathComponent("Tests/Fixtures/statistics/reports")
            try FileManager.default.createDirectory(at: site.content.appendingPathComponent("annual-reports"),
                                                    withIntermediateDirectories: true)
            for year in ["2020", "2021"] {
                try FileManager.default.copyItem(at: source.appendingPathComponent(year),
                                                 to: site.content.appendingPathComponent("annual-reports/\(year)"))
            }
        }
    }

    /// Adds `published_items` to a report's statistics.yaml.
    func declare(year: Int, total: Int, byCategory: [String: Int]) throws {
        let url = site.content.appendingPathComponent("annual-reports/\(year)/statistics.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "\npublished_items:\n  total: \(total)\n  by_category:\n"
        for (slug, count) in byCategory.sorted(by: { $0.key < $1.key }) { text += "    \(slug): \(count)\n" }
        try Data(text.utf8).write(to: url)
    }

    func build(_ extra: [String] = []) throws -> PortalRun { try site.build(now: Self.now, extra) }

    /// The report's sentence for a year, every category in configured order.
    func sentence(_ year: Int) -> String {
        let parts = Self.categories.map { "\($0.name)\(byCategory[year]?[$0.slug] ?? 0)篇" }
        return "\(year)年主动公开政府信息\(totals[year] ?? 0)篇，其中" + parts.joined(separator: "，") + "。"
    }

    /// The rows of the table with `id` on a page, each row its cells' text (tags removed).
    static func tableRows(_ html: String, id: String) -> [[String]] {
        guard let start = html.range(of: "id=\"\(id)\"") else { return [] }
        let rest = html[start.upperBound...]
        let table = rest[..<(rest.range(of: "</table>")?.lowerBound ?? rest.endIndex)]
        var rows: [[String]] = []
        for row in table.components(separatedBy: "<tr").dropFirst() {
            var cells: [String] = []
            for piece in row.components(separatedBy: "<t").dropFirst() where piece.hasPrefix("h") || piece.hasPrefix("d") {
                guard let open = piece.firstIndex(of: ">") else { continue }
                var text = "", inTag = false
                for character in piece[piece.index(after: open)...] {
                    if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
                }
                cells.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if !cells.isEmpty { rows.append(cells) }
        }
        return rows
    }
}

/// `/statistics/`, `/statistics/<year>/`, `/statistics/statistics.json` and `portal stats`, on a
/// generated corpus whose counts are known.
final class StatisticsEndToEndTests: XCTestCase {
    func testTheCorpusHasDraftsExpiredAndFutureItems() throws {
        let corpus = try StatisticsCorpus()
        XCTAssertGreaterThan(corpus.drafts, 30)
        XCTAssertGreaterThan(corpus.expired, 50)
        XCTAssertGreaterThan(corpus.future, 20)
        XCTAssertEqual(corpus.years, [2019, 2020, 2021, 2022])
        XCTAssertGreaterThan(corpus.totals.values.reduce(0, +), 250)
    }

    func testJSONHasTheKnownCountsByYearCategoryAndMonth() throws {
        let corpus = try StatisticsCorpus()
        let run = try corpus.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        let data = try Data(contentsOf: corpus.site.output.appendingPathComponent("statistics/statistics.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Array(root.keys), ["years"])
        let years = try XCTUnwrap(root["years"] as? [String: Any])
        XCTAssertEqual(years.keys.sorted(), corpus.years.map(String.init))
        for year in corpus.years {
            let entry = try XCTUnwrap(years[String(year)] as? [String: Any])
            XCTAssertEqual(entry.keys.sorted(), ["by_category", "by_month", "source", "total"])
            XCTAssertEqual(entry["source"] as? String, "content", "no statistics_from: every year is counted")
            XCTAssertEqual(entry["total"] as? Int, corpus.totals[year], "total \(year)")
            XCTAssertEqual(entry["by_category"] as? [String: Int], corpus.byCategory[year], "by_category \(year)")
            let months = try XCTUnwrap(entry["by_month"] as? [String: Int])
            XCTAssertEqual(months.keys.sorted(), (1...12).map { String(format: "%02d", $0) })
            for month in 1...12 {
                XCTAssertEqual(months[String(format: "%02d", month)], corpus.byMonth[year]![month - 1], "\(year)-\(month)")
            }
        }
        // Sorted keys, so the file is the same bytes for the same content.
        let text = String(decoding: data, as: UTF8.self)
        let by = try XCTUnwrap(text.range(of: "\"by_category\"")), month = try XCTUnwrap(text.range(of: "\"by_month\"")),
            total = try XCTUnwrap(text.range(of: "\"total\""))
        XCTAssertLessThan(by.lowerBound, month.lowerBound)
        XCTAssertLessThan(month.lowerBound, total.lowerBound)
    }

    func testYearPagesShowTheKnownCountsInTablesAndCharts() throws {
        let corpus = try StatisticsCorpus()
        XCTAssertEqual(try corpus.build().status, 0)
        for year in corpus.years {
            let page = try corpus.site.page("/statistics/\(year)/")
            XCTAssertTrue(page.contains("\(year)年主动公开政府信息 <strong>\(corpus.totals[year]!)</strong> 篇"), "\(year)")
            let categories = StatisticsCorpus.tableRows(page, id: "stat-categories-table")
            XCTAssertEqual(categories.first, ["栏目", "按内容统计"], "no declared column without published_items")
            XCTAssertEqual(Array(categories.dropFirst().dropLast()),
                           StatisticsCorpus.categories.map { [$0.name, String(corpus.byCategory[year]![$0.slug]!)] })
            XCTAssertEqual(categories.last, ["合计", String(corpus.totals[year]!)])
            let months = StatisticsCorpus.tableRows(page, id: "stat-months-table")
            XCTAssertEqual(Array(months.dropFirst().dropLast()), (1...12).map { ["\($0)月", String(corpus.byMonth[year]![$0 - 1])] })

            // Two charts, each with its title and description, the figures in the description.
            XCTAssertEqual(page.components(separatedBy: "<svg ").count - 1, 2)
            XCTAssertTrue(page.contains("<title id=\"chart-categories-title\">\(year)年各栏目主动公开政府信息数量</title>"))
            XCTAssertTrue(page.contains("aria-labelledby=\"chart-months-title chart-months-desc\""))
            let monthList = (1...12).map { "\($0)月\(corpus.byMonth[year]![$0 - 1])篇" }.joined(separator: "，")
            XCTAssertTrue(page.contains("<desc id=\"chart-months-desc\">\(year)年各月主动公开政府信息数量：\(monthList)。</desc>"))
            XCTAssertFalse(page.contains("<script"), "no JavaScript")
        }
        XCTAssertTrue(try corpus.site.page("/statistics/2022/").contains("全年数字尚未确定"), "the running year is marked")
        XCTAssertFalse(try corpus.site.page("/statistics/2021/").contains("全年数字尚未确定"))
        XCTAssertFalse(corpus.site.exists("/statistics/2023/"))
    }

    func testOverviewShowsEveryYearByCategoryAndTheReportsFigures() throws {
        let corpus = try StatisticsCorpus()
        XCTAssertEqual(try corpus.build().status, 0)
        let page = try corpus.site.page("/statistics/")
        let years = StatisticsCorpus.tableRows(page, id: "stat-years-table")
        XCTAssertEqual(Array(years.dropFirst()).map { $0[1] }, corpus.years.map { String(corpus.totals[$0]!) })
        let grid = StatisticsCorpus.tableRows(page, id: "stat-categories-table")
        XCTAssertEqual(grid.first, ["栏目"] + corpus.years.map { "\($0)年" })
        XCTAssertEqual(Array(grid.dropFirst().dropLast()), StatisticsCorpus.categories.map { category in
            [category.name] + corpus.years.map { String(corpus.byCategory[$0]![category.slug]!) }
        })
        XCTAssertEqual(grid.last, ["合计"] + corpus.years.map { String(corpus.totals[$0]!) })
        for year in corpus.years { XCTAssertTrue(page.contains("href=\"/statistics/\(year)/\""), "\(year)") }

        // From the reports: 本年新收, （七）总计, 予以公开+部分公开, the share, 复议, 诉讼.
        let reports = StatisticsCorpus.tableRows(page, id: "stat-applications-table")
        XCTAssertEqual(Array(reports.dropFirst()), [
            ["2020年", "7", "0", "0", "—", "1", "0"],
            ["2021年", "153", "147", "67", "45.6%", "4", "5"],
        ])
        for id in ["chart-years", "chart-applications", "chart-share", "chart-cases"] + StatisticsCorpus.categories.map({ "chart-category-\($0.slug)" }) {
            XCTAssertTrue(page.contains("<title id=\"\(id)-title\">"), id)
        }
        XCTAssertTrue(page.contains("2020年没有办理的申请"), "the share chart says why 2020 has no bar")
        // The navigation of every page links the statistics.
        XCTAssertTrue(try corpus.site.page("/").contains("href=\"/statistics/\""))
    }

    /// Issue 18: a counted year's difference from its report is warned where editors look (build,
    /// check) and never printed on the published page — it used to be, in a red .stat-alert with a
    /// 年报声明/差额 column, telling the public that the agency's report and its site disagree.
    func testDeclaredFiguresAreWarnedByBuildAndCheckButNotPublished() throws {
        let corpus = try StatisticsCorpus()
        let counted = corpus.byCategory[2021]!
        let total = corpus.totals[2021]!
        try corpus.declare(year: 2021, total: total + 3,
                           byCategory: ["meetings": counted["meetings"]!, "livelihood": counted["livelihood"]! - 2])
        let run = try corpus.build()
        XCTAssertEqual(run.status, 0, "a difference is a warning, not an error: \(run.stderr)")
        let file = "content/annual-reports/2021/statistics.yaml"
        XCTAssertTrue(run.stderr.contains("\(file):"), run.stderr)
        XCTAssertTrue(run.stderr.contains("2021年度报告声明主动公开\(total + 3)篇，按内容统计为\(total)篇"), run.stderr)
        XCTAssertTrue(run.stderr.contains("the 2021 report declares \(total + 3) items, the content has \(total)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("2021年度报告声明“民生公益”主动公开\(counted["livelihood"]! - 2)篇，按内容统计为\(counted["livelihood"]!)篇"), run.stderr)
        XCTAssertFalse(run.stderr.contains("“部门会议”"), "a matching category is not warned")
        XCTAssertEqual(run.stderr.components(separatedBy: "警告 warning").count - 1, 2, run.stderr)

        let check = try PortalRun.run(["check", "--source", corpus.site.root.path, "--now", StatisticsCorpus.now])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stderr.contains("2021年度报告声明主动公开\(total + 3)篇"), check.stderr)
        let strict = try PortalRun.run(["check", "--strict", "--source", corpus.site.root.path, "--now", StatisticsCorpus.now])
        XCTAssertEqual(strict.status, 1)

        let page = try corpus.site.page("/statistics/2021/")
        for text in ["stat-alert", "stat-differs", "年报声明", "差额", "一致", "不一致", ">\(total + 3)<", "据年度报告"] {
            XCTAssertFalse(page.contains(text), "the published page says nothing of the difference: \(text)")
        }
        let rows = StatisticsCorpus.tableRows(page, id: "stat-categories-table")
        XCTAssertEqual(rows.first, ["栏目", "按内容统计"])
        XCTAssertEqual(rows[3], ["民生公益", String(counted["livelihood"]!)])
        XCTAssertEqual(rows.last, ["合计", String(total)])
        let json = try corpus.site.page("/statistics/statistics.json")
        XCTAssertFalse(json.contains("annual-report"), json)
    }

    /// Issue 18: a site whose first report covers a year published on the old platform.
    func testYearsBeforeStatisticsFromShowTheReportsFiguresWithoutWarning() throws {
        let site = try SiteFixture(fixture: nil)
        func config(_ extra: String) -> String {
            """
            title: 迁移测试局政府信息公开
            agency: 迁移测试局
            base_url: https://move.example.gov.cn/
            index_prefix: 11370305MB2859012X
            site_code: "1"
            \(extra)
            categories:
            \(StatisticsCorpus.categories.map { "  - { slug: \($0.slug), name: \($0.name) }" }.joined(separator: "\n"))
            """
        }
        try site.write(config("statistics_from: 2022"), to: "content/site.yaml")
        // Nine items of 2021 in the content, three of 2022.
        for n in 0..<12 {
            let year = n < 9 ? 2021 : 2022
            let date = String(format: "%04d-%02d-%02d", year, n % 12 + 1, 10)
            try site.write("""
            ---
            title: 第\(n)号迁移测试信息
            date: \(date)
            index_no: \(String(format: "11370305MB2859012X/%04d-%05d", year, n + 1))
            ---
            正文。
            """, to: "content/\(n % 2 == 0 ? "meetings" : "plans")/\(date)-item-\(n).md")
        }
        let source = SiteFixture.repositoryRoot.appendingPathComponent("Tests/Fixtures/statistics/reports/2021")
        try FileManager.default.createDirectory(at: site.content.appendingPathComponent("annual-reports"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: site.content.appendingPathComponent("annual-reports/2021"))
        let yaml = site.content.appendingPathComponent("annual-reports/2021/statistics.yaml")
        try Data((try String(contentsOf: yaml, encoding: .utf8)
                  + "\npublished_items:\n  total: 249\n  by_category:\n    meetings: 40\n    livelihood: 163\n").utf8).write(to: yaml)

        let now = "2022-12-31"
        let run = try site.build(now: now)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains("警告 warning"), run.stderr)
        let check = try PortalRun.run(["check", "--strict", "--source", site.root.path, "--now", now])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertFalse(check.stderr.contains("警告 warning"), check.stderr)

        let page = try site.page("/statistics/2021/")
        XCTAssertTrue(page.contains("<strong>249</strong> 篇（据年度报告）"), page)
        XCTAssertTrue(page.contains("stat-source"))
        let rows = StatisticsCorpus.tableRows(page, id: "stat-categories-table")
        XCTAssertEqual(rows.first, ["栏目", "据年度报告"])
        XCTAssertEqual(rows[1], ["部门会议", "40"])
        XCTAssertEqual(rows[2], ["规划计划", "—"], "a category the report does not name is unknown, not 0")
        XCTAssertEqual(rows.last, ["合计", "249"])
        XCTAssertTrue(page.contains("年度报告未按月份公布篇数"))
        for text in ["stat-alert", "年报声明", "差额", "按内容统计为"] { XCTAssertFalse(page.contains(text), text) }
        // 2022 is counted from the content.
        XCTAssertEqual(StatisticsCorpus.tableRows(try site.page("/statistics/2022/"), id: "stat-categories-table").last, ["合计", "3"])
        let overview = try site.page("/statistics/")
        XCTAssertTrue(overview.contains("2021年</a><span class=\"stat-note\">（据年度报告）</span>"), overview)

        let json = try JSONSerialization.jsonObject(with: Data(try site.page("/statistics/statistics.json").utf8)) as! [String: Any]
        let years = json["years"] as! [String: [String: Any]]
        XCTAssertEqual(years["2021"]?["total"] as? Int, 249)
        XCTAssertEqual(years["2021"]?["source"] as? String, "annual-report")
        XCTAssertEqual(years["2021"]?["by_category"] as? [String: Int], ["meetings": 40, "livelihood": 163])
        XCTAssertEqual(years["2022"]?["source"] as? String, "content")
        XCTAssertEqual(years["2022"]?["total"] as? Int, 3)

        // Without the key, 2021 is counted (9) and the difference is a warning for editors only.
        try site.write(config(""), to: "content/site.yaml")
        let warned = try PortalRun.run(["check", "--source", site.root.path, "--now", now])
        XCTAssertEqual(warned.status, 0, warned.stderr)
        XCTAssertTrue(warned.stderr.contains("2021年度报告声明主动公开249篇，按内容统计为9篇"), warned.stderr)
        let built = try site.build(now: now)
        XCTAssertEqual(built.status, 0, built.stderr)
        let counted = try site.page("/statistics/2021/")
        XCTAssertEqual(StatisticsCorpus.tableRows(counted, id: "stat-categories-table").last, ["合计", "9"])
        for text in ["<strong>249</strong>", ">249<", "stat-alert", "年报声明", "差额", "据年度报告"] { XCTAssertFalse(counted.contains(text), text) }
    }

    func testStatsPrintsTheCountsInTheWordsOfTheReport() throws {
        let corpus = try StatisticsCorpus()
        let root = corpus.site.root.path
        let one = try PortalRun.run(["stats", "--year", "2021", "--source", root, "--now", StatisticsCorpus.now])
        XCTAssertEqual(one.status, 0, one.stderr)
        let lines = one.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, corpus.sentence(2021))
        let months = (1...12).map { "\($0)月\(corpus.byMonth[2021]![$0 - 1])篇" }.joined(separator: "，")
        XCTAssertEqual(lines.dropFirst().first, "按月份：\(months)。")
        XCTAssertFalse(one.stdout.contains("2020年"))

        let all = try PortalRun.run(["stats", "--source", root, "--now", StatisticsCorpus.now])
        XCTAssertEqual(all.status, 0, all.stderr)
        var position = all.stdout.startIndex
        for year in corpus.years {
            let found = try XCTUnwrap(all.stdout.range(of: corpus.sentence(year), range: position..<all.stdout.endIndex), "\(year)")
            position = found.upperBound
        }
        XCTAssertTrue(all.stdout.contains("（统计至2022年06月15日，全年数字尚未确定。）"))

        // A declared figure that differs is warned here too, where the editor writes the report.
        try corpus.declare(year: 2021, total: 999, byCategory: [:])
        let warned = try PortalRun.run(["stats", "--year", "2021", "--source", root, "--now", StatisticsCorpus.now])
        XCTAssertEqual(warned.status, 0)
        XCTAssertTrue(warned.stderr.contains("2021年度报告声明主动公开999篇，按内容统计为\(corpus.totals[2021]!)篇"), warned.stderr)

        let badYear = try PortalRun.run(["stats", "--year", "21x", "--source", root])
        XCTAssertEqual(badYear.status, 64)
        try corpus.site.write("---\ntitle: 缺日期\nindex_no: 11370305MB2859012X/2021-09999\n---\n", to: "content/plans/broken.md")
        let broken = try PortalRun.run(["stats", "--source", root, "--now", StatisticsCorpus.now])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("content/plans/broken.md"), broken.stderr)
        XCTAssertTrue(broken.stdout.isEmpty, "no counts from content with errors")
    }

    func testCategoryNamesAreEscapedInChartsAndTables() throws {
        let corpus = try StatisticsCorpus(itemCount: 40, reports: false)
        let config = try String(contentsOf: corpus.site.content.appendingPathComponent("site.yaml"), encoding: .utf8)
        try corpus.site.write(config.replacingOccurrences(of: "name: 其他文件", with: "name: \"其他<b>文件</b> & 'x'\""),
                              to: "content/site.yaml")
        let run = try corpus.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        for url in ["/statistics/", "/statistics/2021/"] {
            let page = try corpus.site.page(url)
            XCTAssertFalse(page.contains("<b>文件</b>"), url)
            XCTAssertTrue(page.contains("其他&lt;b&gt;文件&lt;/b&gt; &amp;"), url)
        }
    }
}
