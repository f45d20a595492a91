import Foundation
import Mustache
import XCTest
@testable import PortalCore

/// The report pages: sections 一 to 六 in order, the national tables with every label, the list.
final class AnnualReportPagesTests: XCTestCase {
    static let templates = ReportFixtures.root
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    /// The repository's two report templates inside a bare layout, so the test does not depend on
    /// the site's header, navigation and footer.
    static func renderer() throws -> TemplateRenderer {
        var library = MustacheLibrary()
        library.register(try MustacheTemplate(string: "<!DOCTYPE html><title>{{page_title}}</title><main>{{$main}}{{/main}}</main>"),
                         named: "layout")
        for name in ["annual-report", "annual-reports"] {
            let text = try String(contentsOf: templates.appendingPathComponent("\(name).mustache"), encoding: .utf8)
            library.register(try MustacheTemplate(string: text), named: name)
        }
        return TemplateRenderer(library: library, names: ["layout", "annual-report", "annual-reports"])
    }

    static let chrome = PageChrome(config: ReportFixtures.config, stylesheet: "/assets/style.css",
                                   extraNavigation: [PageChrome.Link(name: "年度报告", url: "/annual-reports/")])

    private func page(_ site: String) throws -> String {
        let report = try XCTUnwrap(AnnualReportLoader.load(siteRoot: ReportFixtures.site(site), config: ReportFixtures.config).reports.first)
        return try Self.renderer().render("annual-report", AnnualReportPage.reportContext(report, chrome: Self.chrome))
    }

    /// The page's text without tags and white space, to compare with the seed's table text.
    private func squeezedText(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        return text.filter { !$0.isWhitespace }
    }

    /// Every label of the three national tables as the seed report prints them (the cells of the
    /// text between 二 and 五 that are not numbers), white space removed.
    private func seedTableLabels() throws -> [String] {
        let seed = try String(contentsOf: ReportFixtures.site("seed").appendingPathComponent("linzi-hrss-2021-annual-report.txt"), encoding: .utf8)
        let lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex(of: "二、主动公开政府信息情况"))
        let end = try XCTUnwrap(lines.firstIndex(of: "五、存在的主要问题及改进情况"))
        return lines[start..<end]
            .map { $0.filter { !$0.isWhitespace } }
            .filter { !$0.isEmpty && !$0.allSatisfy(\.isNumber) }
    }

    func testSeedPageContainsEveryLabelOfTheNationalTable() throws {
        let text = squeezedText(try page("seed"))
        let labels = try seedTableLabels()
        XCTAssertGreaterThan(labels.count, 60)
        for label in labels {
            XCTAssertTrue(text.contains(label), "missing label: \(label)")
        }
        for label in ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3．危及“三安全一稳定”",
                      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "本年收费金额（单位：万元）",
                      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] {
            XCTAssertTrue(text.contains(label), label)
        }
    }

    func testSectionsOneToSixAreInOrder() throws {
        let html = try page("seed")
        let headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
        let positions = try headings.map { heading in
            try XCTUnwrap(html.range(of: "<h2>\(heading)") ?? html.range(of: ">\(heading)</h2>"), heading).lowerBound
        }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertTrue(html.contains("<h1>临淄区人力资源和社会保障局2021年政府信息公开工作年度报告</h1>"))
        XCTAssertTrue(html.contains("发布机构：临淄区人力资源和社会保障局"))
        XCTAssertTrue(html.contains("<time datetime=\"2022-01-25\">2022年01月25日</time>"))
    }

    func testTablesUseScopedHeadersAndScrollOnNarrowScreens() throws {
        let html = try page("busy")
        for fragment in [
            "<th scope=\"colgroup\" colspan=\"7\">申请人情况</th>",
            "<th scope=\"col\" rowspan=\"2\">自然人</th>",
            "<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>",
            "<td rowspan=\"3\" colspan=\"3\" class=\"report-table__note\">",
            "<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th>",
            "<th scope=\"rowgroup\" rowspan=\"8\">（三）不予公开</th>",
            "<th scope=\"rowgroup\" rowspan=\"3\">（四）无法提供</th>",
            "<th scope=\"row\" colspan=\"2\">（七）总计</th>",
            "<th scope=\"row\" colspan=\"3\">四、结转下年度继续办理</th>",
            "<th scope=\"colgroup\" colspan=\"10\">行政诉讼</th>",
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"收到和处理政府信息公开申请情况（表格可左右滑动）\" tabindex=\"0\">",
            "<caption>第二十条第（八）项</caption>",
            "<td class=\"num\">1.5</td>",
            "<td class=\"num\">147</td>",
            "<a href=\"/annual-reports/2021/statistics.json\" download>",
        ] {
            XCTAssertTrue(html.contains(fragment), fragment)
        }
        XCTAssertFalse(html.contains("<th>"), "every header cell has a scope")
    }

    /// With rowspan and colspan accounted for, every row of a table fills the same number of columns.
    func testEveryTableRowFillsTheGrid() throws {
        let statistics = try XCTUnwrap(ReportFixtures.check(ReportFixtures.statisticsText("busy")).statistics)
        let tables = NationalTableLayout.proactiveTables(statistics.proactive!)
            + [NationalTableLayout.applicationTable(statistics.applications), NationalTableLayout.reviewTable(statistics.reviewAndLitigation)]
        let widths = [4, 2, 2, 2, 10, 15]
        for (table, width) in zip(tables, widths) {
            for rows in [table.headRows, table.bodyRows] {
                var carried: [Int: Int] = [:]   // column → rows still covered by a rowspan from above
                for (index, row) in rows.enumerated() {
                    var column = 0
                    for cell in row {
                        while (carried[column] ?? 0) > 0 { column += 1 }
                        for covered in column..<(column + cell.colSpan) where cell.rowSpan > 1 { carried[covered] = cell.rowSpan }
                        column += cell.colSpan
                    }
                    while (carried[column] ?? 0) > 0 { column += 1 }
                    XCTAssertEqual(column, width, "\(table.id) row \(index)")
                    for key in carried.keys { carried[key]! -= 1 }
                    // A cell that starts a rowspan on this row covers the following rows only.
                }
            }
        }
        XCTAssertEqual(tables[4].bodyRows.count, ApplicationRow.rows(.national2021).count)
    }

    func testListPageShowsReportsNewestFirst() throws {
        let reports = AnnualReportLoader.load(siteRoot: ReportFixtures.site("two-years"), config: ReportFixtures.config).reports
        let html = try Self.renderer().render("annual-reports", AnnualReportPage.listContext(reports.reversed(), chrome: Self.chrome))
        let newer = try XCTUnwrap(html.range(of: "<a href=\"/annual-reports/2022/\">"))
        let older = try XCTUnwrap(html.range(of: "<a href=\"/annual-reports/2021/\">"))
        XCTAssertLessThan(newer.lowerBound, older.lowerBound)
        XCTAssertTrue(html.contains("<time datetime=\"2023-01-20\">2023年01月20日</time>"))
        let empty = try Self.renderer().render("annual-reports", AnnualReportPage.listContext([], chrome: Self.chrome))
        XCTAssertTrue(empty.contains("暂无年度报告"))
    }

    func testWriteProducesPagesAndExports() throws {
        let reports = AnnualReportLoader.load(siteRoot: ReportFixtures.site("two-years"), config: ReportFixtures.config).reports
        let root = ReportFixtures.temporaryFolder(for: self)
        try AnnualReportsStep.write(reports, renderer: Self.renderer(), chrome: Self.chrome, output: OutputFolder(root: root))
        for path in ["annual-reports/index.html", "annual-reports/2021/index.html", "annual-reports/2022/index.html",
                     "annual-reports/2021/statistics.json", "annual-reports/2022/statistics.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), path)
        }
    }

    func testRepositoryTemplatesRenderWithTheSiteLayoutWhenPresent() throws {
        guard FileManager.default.fileExists(atPath: Self.templates.appendingPathComponent("layout.mustache").path) else {
            throw XCTSkip("the site layout is not there yet")
        }
        let renderer = try TemplateRenderer.load(from: Self.templates).get()
        let report = try XCTUnwrap(AnnualReportLoader.load(siteRoot: ReportFixtures.site("seed"), config: ReportFixtures.config).reports.first)
        let html = try renderer.render("annual-report", AnnualReportPage.reportContext(report, chrome: Self.chrome))
        XCTAssertTrue(html.contains("<main id=\"main\""))
        XCTAssertTrue(html.contains("三、本年度办理结果"))
    }
}
