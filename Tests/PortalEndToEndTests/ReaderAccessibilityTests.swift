import Foundation
import XCTest

/// The markup rules of GB/T 37668-2019 / WCAG 2.x and of 政府网站发展指引 that can be read from the
/// built HTML itself, checked on every page of the default site and of the `small` fixture
/// (the browser tests check what needs rendering: contrast, focus, 360 px, print).
final class ReaderAccessibilityTests: XCTestCase {
    /// Every HTML page of both sites with its text.
    func everyPage() throws -> [(path: String, html: String)] {
        var pages: [(String, String)] = []
        for site in [try ReaderSite.defaultSite(), try ReaderSite.smallSite()] {
            for path in try site.allHTMLPaths() { pages.append((path, try site.html(path))) }
        }
        XCTAssertGreaterThan(pages.count, 40)
        return pages
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The opening tags named `tag` (`<th …>`) in a page.
    static func tags(_ tag: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<\(tag)") {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == ">" || next == " " || next == "\n" else { rest = after; continue }
            guard let end = after.firstIndex(of: ">") else { break }
            found.append(String(rest[start.lowerBound...end]))
            rest = rest[end...]
        }
        return found
    }

    func testEveryPageIsChineseHasASkipLinkToMainAndTheFourLandmarks() throws {
        for (path, html) in try everyPage() {
            XCTAssertTrue(html.contains("<html lang=\"zh-CN\">"), "\(path): lang=\"zh-CN\"")
            // The skip link is the first thing in <body>, so it is the first Tab stop.
            let body = try XCTUnwrap(html.range(of: "<body>"), path)
            XCTAssertTrue(html[body.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                .hasPrefix("<a class=\"skip-link\" href=\"#main\">"), "\(path): the skip link comes first")
            XCTAssertEqual(Self.count("<main id=\"main\"", in: html), 1, "\(path): one <main id=\"main\">")
            XCTAssertEqual(Self.count("<header class=\"site-header\"", in: html), 1, "\(path): the banner")
            XCTAssertTrue(html.contains("<nav class=\"site-nav\" aria-label=\"栏目导航\">"), "\(path): the navigation")
            XCTAssertEqual(Self.count("<footer class=\"site-footer\"", in: html), 1, "\(path): the contentinfo footer")
            XCTAssertTrue(html.contains("<title>") && !html.contains("<title></title>"), "\(path): a title")
        }
    }

    func testEveryPageHasExactlyOneH1AndNoHeadingSkipsALevel() throws {
        for (path, html) in try everyPage() {
            XCTAssertEqual(Self.tags("h1", in: html).count, 1, "\(path): exactly one h1")
            var previous = 0
            var rest = html[...]
            while let match = rest.range(of: "<h[1-6][ >]", options: .regularExpression) {
                let level = Int(String(html[html.index(after: html.index(after: match.lowerBound))]))!
                if previous == 0 {
                    XCTAssertEqual(level, 1, "\(path): the first heading is the h1")
                } else {
                    XCTAssertLessThanOrEqual(level, previous + 1, "\(path): h\(previous) is followed by h\(level)")
                }
                previous = level
                rest = rest[match.upperBound...]
            }
        }
    }

    func testEveryTableHeaderCellHasAScope() throws {
        var headers = 0
        for (path, html) in try everyPage() {
            for th in Self.tags("th", in: html) {
                headers += 1
                XCTAssertTrue(th.contains(" scope=\""), "\(path): \(th) has no scope")
            }
            for _ in Self.tags("table", in: html) {
                XCTAssertTrue(html.contains("<th"), "\(path): a table with header cells")
            }
        }
        XCTAssertGreaterThan(headers, 100, "the metadata and report tables were checked")
    }

    /// Everything but search works without JavaScript: no other page loads a script.
    func testOnlyTheSearchPageLoadsScript() throws {
        for (path, html) in try everyPage() where !path.hasPrefix("/search/") {
            XCTAssertFalse(html.contains("<script"), "\(path) needs no JavaScript")
            XCTAssertFalse(html.contains(" onclick="), "\(path): no inline event handlers")
        }
    }

    func testItemPagesShowTheMetadataTableAndTheAttachmentsTypeAndSize() throws {
        let site = try ReaderSite.defaultSite()
        let item = try site.html("/livelihood/2021-03-15-employment-subsidy/")
        for label in ["索引号", "发布机构", "发布日期", "成文日期", "文号", "主题分类", "有效性"] {
            XCTAssertTrue(item.contains("<th scope=\"row\">\(label)</th>"), label)
        }
        XCTAssertTrue(item.contains("<caption class=\"visually-hidden\">信息属性</caption>"))
        XCTAssertNotNil(item.range(of: #"（文本，[0-9.]+ KB）"#, options: .regularExpression), "attachments show their type and size")
        // The breadcrumbs lead back through the category.
        XCTAssertTrue(item.contains("<nav class=\"breadcrumbs\" aria-label=\"当前位置\">"))
        XCTAssertTrue(item.contains("<a href=\"/livelihood/\">民生公益</a>"))
    }

    func testTheFooterCarriesTheSiteCodeTheFilingsAndTheContactLines() throws {
        let site = try ReaderSite.defaultSite()
        for path in ["/", "/meetings/", "/404.html"] {
            let html = try site.html(path)
            XCTAssertTrue(html.contains("网站标识码：3703050013"), path)
            XCTAssertTrue(html.contains("<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">鲁ICP备05001234号</a>"), path)
            XCTAssertTrue(html.contains(">鲁公网安备 37030502000123号</a>"), path)
            XCTAssertTrue(html.contains("code=37030502000123"), "\(path): the 公安备案 number links to its record")
            for line in ["地址：山东省淄博市临淄区桓公路136号", "电话：0533-7180000", "邮编：255400"] {
                XCTAssertTrue(html.contains("<li>\(line)</li>"), "\(path): \(line)")
            }
            XCTAssertTrue(html.contains("<meta name=\"SiteIDCode\" content=\"3703050013\">"), path)
            XCTAssertTrue(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.xml\""), "\(path) names the feed")
        }
    }

    func testTheNavigationListsTheCategoriesThenTheReportsAndMarksTheCurrentOne() throws {
        let site = try ReaderSite.defaultSite()
        let home = try site.html("/")
        let navigation = try XCTUnwrap(home.range(of: "<nav class=\"site-nav\"").map { home[$0.lowerBound...] }
            .flatMap { $0.range(of: "</nav>").map { home[home.startIndex..<$0.upperBound] } })
        let order = ["首页", "部门会议", "规划计划", "其他文件", "年度报告"].compactMap { navigation.range(of: ">\($0)<")?.lowerBound }
        XCTAssertEqual(order.count, 5, "the navigation has 首页, the categories and 年度报告")
        XCTAssertEqual(order, order.sorted(), "in this order")
        XCTAssertTrue(navigation.contains("<a href=\"/\" aria-current=\"page\">首页</a>"))
        XCTAssertTrue(try site.html("/meetings/").contains("<a href=\"/meetings/\" aria-current=\"page\">部门会议</a>"))
        if site.exists("/search/") {
            XCTAssertTrue(navigation.contains("href=\"/search/\""), "搜索 is in the navigation")
            XCTAssertTrue(home.contains("<form class=\"header-search\" role=\"search\" action=\"/search/\" method=\"get\">"),
                          "the header's search box sends ?q= to the search page")
        }
    }

    /// An editor may start a body with `#`: the page still has one h1, the title, and the body's
    /// headings follow it in order.
    func testBodyHeadingsComeBelowTheTitle() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("""
        ---
        title: 标题写法测试
        date: 2021-04-01
        index_no: 11370305MB2859012X/2021-00090
        ---
        # 一、总体要求

        正文。

        ## （一）具体事项

        正文。
        """, to: "content/plans/2021-04-01-headings.md")
        XCTAssertEqual(try site.build().status, 0)
        let html = try site.page("/plans/2021-04-01-headings/")
        XCTAssertEqual(Self.tags("h1", in: html).count, 1)
        XCTAssertTrue(html.contains("<h1>标题写法测试</h1>"))
        XCTAssertTrue(html.contains("<h2>一、总体要求</h2>"))
        XCTAssertTrue(html.contains("<h3>（一）具体事项</h3>"))
    }
}
