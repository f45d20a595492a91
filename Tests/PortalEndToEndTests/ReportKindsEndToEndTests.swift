import Foundation
import XCTest

/// The real binary on a site whose 年度报告 column holds every kind of report (fixture
/// `report-kinds`): 2021 in the 2021 format, 2020 in the 2019 format (a real report), 2018 as
/// index.md alone. Each is built in its own layout, listed newest first, and only the two with
/// data have JSON/CSV and join the trend on /statistics/.
final class ReportKindsEndToEndTests: XCTestCase {
    private let now = "2022-06-01"

    /// The `<td>` and `<th>` texts of one row of the table with `id`, found by its first header text.
    private func row(_ html: String, table id: String, startingWith label: String) -> [String]? {
        StatisticsCorpus.tableRows(html, id: id).first { $0.contains(label) }
    }

    func testThreeKindsOfReportBuildTogetherEachInItsOwnLayout() throws {
        let site = try SiteFixture(fixture: "report-kinds")
        let run = try site.build(now: now)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains("警告"), run.stderr)

        let list = try site.page("/annual-reports/")
        let order = ["/annual-reports/2021/", "/annual-reports/2020/", "/annual-reports/2018/"].compactMap { list.range(of: "href=\"\($0)\"")?.lowerBound }
        XCTAssertEqual(order.count, 3)
        XCTAssertEqual(order, order.sorted(), "newest first")
        XCTAssertTrue(list.contains("<span class=\"report-format\">2019年格式（国办公开办函〔2019〕60号）</span>"))
        XCTAssertTrue(list.contains("<span class=\"report-format\">表格见正文</span>"))
        XCTAssertFalse(list.contains("statistics.yaml"), "the public list speaks to readers, not in file names")
        XCTAssertEqual(list.components(separatedBy: "class=\"report-format\"").count, 3, "the current format needs no note")

        let current = try site.page("/annual-reports/2021/")
        XCTAssertEqual(row(current, table: "table-2-1", startingWith: "行政规范性文件"), ["行政规范性文件", "1", "0", "1"])
        XCTAssertTrue(current.contains("1.申请人无正当理由逾期不补正"))
        XCTAssertFalse(current.contains("table-2-9"))

        let trial = try site.page("/annual-reports/2020/")
        XCTAssertEqual(row(trial, table: "table-2-1", startingWith: "信息内容"), ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])
        XCTAssertEqual(row(trial, table: "table-2-1", startingWith: "规范性文件"), ["规范性文件", "0", "0", "0"])
        XCTAssertNil(row(trial, table: "table-2-1", startingWith: "其他主动公开文件"), "the optional row only where written")
        XCTAssertEqual(row(trial, table: "table-2-5", startingWith: "其他对外管理服务事项"), ["其他对外管理服务事项", "0", "0", "0"])
        XCTAssertEqual(row(trial, table: "table-2-8", startingWith: "行政事业性收费"), ["行政事业性收费", "0", "0"])
        XCTAssertEqual(row(trial, table: "table-2-9", startingWith: "政府集中采购"), ["政府集中采购", "23", "79000.1元"])
        XCTAssertEqual(row(trial, table: "table-3", startingWith: "（六）其他处理"), ["（六）其他处理", "0", "0", "0", "0", "0", "0", "0"])
        XCTAssertFalse(trial.contains("1.申请人无正当理由逾期不补正"), "（六） is one row in 2019")
        XCTAssertTrue(trial.contains("href=\"/annual-reports/2020/statistics.json\""))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent("annual-reports/2020/statistics.json"))) as? [String: Any])
        XCTAssertEqual(json["format"] as? Int, 2019)

        let legacy = try site.page("/annual-reports/2018/")
        XCTAssertFalse(legacy.contains("report-table"), "no generated tables")
        XCTAssertFalse(legacy.contains("report-downloads"))
        XCTAssertTrue(legacy.contains("<td>收到申请数</td>"), "the body's pipe tables")
        XCTAssertFalse(site.exists("/annual-reports/2018/statistics.json"))
        XCTAssertFalse(site.exists("/annual-reports/2018/statistics.csv"))
        XCTAssertTrue(try site.page("/sitemap.xml").contains("https://example.gov.cn/annual-reports/2018/"))

        // The trend runs across both formats; the report without data adds nothing to it.
        let overview = try site.page("/statistics/")
        XCTAssertTrue(overview.contains("href=\"/annual-reports/2020/\""))
        XCTAssertTrue(overview.contains("href=\"/annual-reports/2021/\""))
        XCTAssertFalse(overview.contains("href=\"/annual-reports/2018/\""))
        XCTAssertTrue(overview.contains("2020年0件，2021年4件"), "applications received, across formats")

        let check = try PortalRun.run(["check", "--strict", "--source", site.root.path, "--now", now])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }

    func testAReportKeptAsPublishedBuildsWithWarningsForEditorsAndNothingOnItsPage() throws {
        let site = try SiteFixture(fixture: "report-kinds")
        let real = SiteFixture.repositoryRoot.appendingPathComponent("Tests/Fixtures/reports/trial-2019-as-published/content/annual-reports/2019")
        try FileManager.default.copyItem(at: real, to: site.content.appendingPathComponent("annual-reports/2019"))
        // Break rule 1 in a blank row, as real reports do: 总计 written, the rest left blank.
        let yamlPath = "content/annual-reports/2019/statistics.yaml"
        var yaml = try String(contentsOf: site.root.appendingPathComponent(yamlPath), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "  received:            [ , , , , , , ]", with: "  received:            [ , , , , , , 2]")
        try site.write(yaml, to: yamlPath)
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("  received:") }! + 1

        let run = try site.build(now: now)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(yamlPath):\(line):"), run.stderr)
        XCTAssertTrue(run.stderr.contains("received（一、本年新收政府信息公开申请数量）的“总计”列应为 0"), run.stderr)
        XCTAssertTrue(run.stderr.contains("本报告按原样公布（as_published: true）"), run.stderr)
        XCTAssertFalse(run.stderr.contains("错误 error"), run.stderr)
        XCTAssertTrue(run.stderr.contains("共 0 个错误、1 个警告"), run.stderr)

        let page = try site.page("/annual-reports/2019/")
        XCTAssertEqual(row(page, table: "table-3", startingWith: "一、本年新收政府信息公开申请数量"),
                       ["一、本年新收政府信息公开申请数量", "", "", "", "", "", "", "2"], "blank stays blank, never 0")
        XCTAssertEqual(row(page, table: "table-2-1", startingWith: "规章"), ["规章", "0", "", ""])
        for word in ["as_published", "勾稽关系不符", "应为 0", "警告"] {
            XCTAssertFalse(page.contains(word), "nothing about the rules on the published page: \(word)")
        }
        let csv = String(decoding: try Data(contentsOf: site.output.appendingPathComponent("annual-reports/2019/statistics.csv")).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(csv.contains("一、本年新收政府信息公开申请数量,自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计,,,,,,,2\r\n"), csv)
    }

    /// A second real 2019-format report, 武汉市生态环境局's for 2020 (fixture `wuhan-eeb-2020`): its
    /// 第（一）项 has the optional third row 其他主动公开文件, and 行政强制's 处理决定数量 is blank.
    func testTheWuhanReportShowsItsThirdRowAndItsBlankCell() throws {
        let site = try SiteFixture(fixture: "report-kinds")
        try site.remove("content/annual-reports/2020")
        let real = SiteFixture.repositoryRoot.appendingPathComponent("Tests/Fixtures/reports/wuhan-eeb-2020/content/annual-reports/2020")
        try FileManager.default.copyItem(at: real, to: site.content.appendingPathComponent("annual-reports/2020"))

        let run = try site.build(now: now)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains("错误 error"), run.stderr)

        let page = try site.page("/annual-reports/2020/")
        XCTAssertTrue(page.contains("<h1>武汉市生态环境局2020年政府信息公开工作年度报告</h1>"))
        let table = StatisticsCorpus.tableRows(page, id: "table-2-1")
        XCTAssertEqual(table.filter { $0.first != "信息内容" }, [
            ["规章", "0", "0", "0"], ["规范性文件", "2", "2", "19"], ["其他主动公开文件", "186", "86", "255"],
        ])
        XCTAssertEqual(row(page, table: "table-2-5", startingWith: "其他对外管理服务事项"), ["其他对外管理服务事项", "117", "0", "165"])
        XCTAssertEqual(row(page, table: "table-2-6", startingWith: "行政强制"), ["行政强制", "4", "4", ""], "blank, never 0")
        XCTAssertEqual(row(page, table: "table-2-8", startingWith: "行政事业性收费"), ["行政事业性收费", "", ""])

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent("annual-reports/2020/statistics.json"))) as? [String: Any])
        let proactive = try XCTUnwrap(json["proactive"] as? [String: Any])
        XCTAssertEqual(proactive["other_documents"] as? [String: Int], ["made": 186, "published": 86, "total": 255])
        let coercive = try XCTUnwrap(proactive["coercive_measures"] as? [String: Any])
        XCTAssertTrue(coercive["decisions"] is NSNull, "blank is null in the JSON, never 0")
        XCTAssertEqual(coercive["previous"] as? Int, 4)

        // The 2021-format report beside it has no such row.
        XCTAssertFalse(try site.page("/annual-reports/2021/").contains("其他主动公开文件"))
    }

    func testThe2019FormatReportRendersInHeadlessChromium() throws {
        guard let chromium = StatisticsScreenshotTests.findChromium() else {
            return XCTFail("找不到 chromium，无法截图。 / chromium is not installed: apt-get install chromium fonts-noto-cjk")
        }
        let site = try SiteFixture(fixture: "report-kinds")
        XCTAssertEqual(try site.build(now: now).status, 0)
        let server = try StatisticsScreenshotTests.HTTPServer(root: site.output)
        defer { server.stop() }
        let folder = StatisticsScreenshotTests.screenshots
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, width, height) in [("/annual-reports/2020/", 1280, 2400), ("/annual-reports/2020/", 390, 4200), ("/annual-reports/2018/", 1280, 1400)] {
            let file = folder.appendingPathComponent(path.split(separator: "/").joined(separator: "-") + "-\(width).png")
            try? FileManager.default.removeItem(at: file)
            let result = try StatisticsScreenshotTests.run(chromium, [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=\(site.root.appendingPathComponent("chromium-profile").path)",
                "--window-size=\(width),\(height)", "--screenshot=\(file.path)", "http://127.0.0.1:\(server.port)\(path)",
            ], timeout: 90)
            let data = try XCTUnwrap(FileManager.default.contents(atPath: file.path), "no screenshot of \(path): \(result)")
            XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "\(file.lastPathComponent) is a PNG")
            XCTAssertGreaterThan(data.count, 40_000, "\(file.lastPathComponent) looks empty (\(data.count) bytes)")
        }
    }
}
