import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `/feed.xml`, `/sitemap.xml` and `/robots.txt` as feed readers and crawlers read them: parsed as
/// XML, with absolute URLs under `base_url`.
final class ReaderFeedAndSitemapTests: XCTestCase {

    /// An attribute's value. (FoundationXML on Linux does not find un-prefixed attributes of an
    /// element in a default namespace with `attribute(forName:)`, so look through them all.)
    func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }
    static let base = "https://feed.example.gov.cn/"

    /// 70 items over 2021, one a day from January 1st, with a title that needs XML escaping, a
    /// Chinese file name, a draft and an expired item.
    func makeSite() throws -> SiteFixture {
        let site = try SiteFixture(fixture: nil)
        try site.write("""
        title: 订阅测试站
        agency: 订阅测试局
        base_url: https://feed.example.gov.cn
        index_prefix: 11370305MB2859012X
        site_code: "1"
        page_size: 10
        categories:
          - { slug: meetings, name: 部门会议 }
          - { slug: plans, name: "规划 & 计划" }
        """, to: "content/site.yaml")
        for n in 1...70 {
            let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: n - 1,
                                                              to: DateComponents(calendar: .init(identifier: .gregorian), year: 2021, month: 1, day: 1).date!)!
            let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
            let day = String(format: "2021-%02d-%02d", parts.month!, parts.day!)
            var extra = ""
            if n == 69 { extra = "draft: true\n" }
            if n == 68 { extra = "expires: \(day)\n" }
            let title = n == 70 ? "\"关于<征求意见> & 反馈\"的通知" : "第\(n)号信息"
            try site.write("""
            ---
            title: '\(title)'
            date: \(day)
            index_no: 11370305MB2859012X/2021-\(String(format: "%05d", n))
            doc_no: 测字〔2021〕\(n)号
            \(extra)---
            第\(n)号信息的正文，见[首页](/)。
            """, to: "content/\(n % 2 == 0 ? "meetings" : "plans")/\(day)-\(n == 70 ? "征求意见" : "item-\(n)").md")
        }
        return site
    }

    func testTheFeedIsAtomWithTheNewest50ItemsAndAbsoluteURLs() throws {
        let site = try makeSite()
        let run = try site.build(now: "2021-12-31")
        XCTAssertEqual(run.status, 0, run.stderr)
        let document = try XMLDocument(data: try Data(contentsOf: site.output.appendingPathComponent("feed.xml")))
        let feed = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(feed.name, "feed")
        XCTAssertEqual(feed.uri, "http://www.w3.org/2005/Atom")
        XCTAssertEqual(feed.elements(forName: "title").first?.stringValue, "订阅测试站")
        XCTAssertEqual(feed.elements(forName: "id").first?.stringValue, Self.base)
        let selfLink = feed.elements(forName: "link").first { attribute($0, "rel") == "self" }
        XCTAssertEqual(attribute(selfLink, "href"), Self.base + "feed.xml")

        let entries = feed.elements(forName: "entry")
        XCTAssertEqual(entries.count, 50, "the latest 50 of 68 published items")
        // Newest first: item 70 (March 11) down to item 19, skipping the draft (69) and the expired one (68).
        let expected = [70] + Array((19...67).reversed())
        let titles = entries.map { $0.elements(forName: "title").first?.stringValue ?? "" }
        XCTAssertEqual(titles.first, "\"关于<征求意见> & 反馈\"的通知", "escaped as XML and read back")
        XCTAssertEqual(Array(titles.dropFirst()), expected.dropFirst().map { "第\($0)号信息" })

        for entry in entries {
            let id = try XCTUnwrap(entry.elements(forName: "id").first?.stringValue)
            XCTAssertTrue(id.hasPrefix(Self.base), id)
            XCTAssertEqual(attribute(entry.elements(forName: "link").first, "href"), id, "the id is the page's URL")
            XCTAssertNotNil(URL(string: id), "\(id) is a valid URL")
            let path = String(id.dropFirst(Self.base.count - 1)).removingPercentEncoding!
            XCTAssertTrue(site.exists(path), "\(id) is a page of the site")
            XCTAssertNotNil(entry.elements(forName: "updated").first?.stringValue)
            XCTAssertTrue(entry.elements(forName: "summary").first?.stringValue?.hasPrefix("索引号：11370305MB2859012X/2021-") ?? false)
            XCTAssertTrue(entry.elements(forName: "content").first?.stringValue?.contains("的正文") ?? false)
        }
        XCTAssertEqual(entries.first?.elements(forName: "id").first?.stringValue,
                       Self.base + "meetings/2021-03-11-%E5%BE%81%E6%B1%82%E6%84%8F%E8%A7%81/", "a Chinese file name is percent-encoded")
        XCTAssertEqual(attribute(entries.first?.elements(forName: "category").first, "label"), "部门会议")
        // The feed changed when its newest item was published, not when it was built.
        XCTAssertEqual(feed.elements(forName: "updated").first?.stringValue, "2021-03-11T00:00:00+08:00")
    }

    func testTheFeedDependsOnTheContentNotOnTheDayOfTheBuild() throws {
        let site = try makeSite()
        let first = site.root.appendingPathComponent("a"), second = site.root.appendingPathComponent("b")
        XCTAssertEqual(try site.build(now: "2021-06-30", ["--output", first.path]).status, 0)
        XCTAssertEqual(try site.build(now: "2022-01-31", ["--output", second.path]).status, 0)
        for file in ["feed.xml", "robots.txt"] {
            let a = try Data(contentsOf: first.appendingPathComponent(file)), b = try Data(contentsOf: second.appendingPathComponent(file))
            XCTAssertEqual(a, b, "\(file) is byte-identical for the same published content")
        }
    }

    func testTheSitemapListsEveryHTMLPageOnceAndNothingElse() throws {
        for site in [try ReaderSite.defaultSite(), try ReaderSite.smallSite()] {
            let listed = try site.sitemapPaths()
            XCTAssertEqual(listed.count, Set(listed).count, "no page is listed twice")
            let pages = try site.allHTMLPaths().filter { $0 != "/404.html" }
            XCTAssertEqual(listed.sorted(), pages.sorted(), "the sitemap lists every HTML page of \(site.baseURL)")
            XCTAssertTrue(listed.contains("/"))
            for path in listed { XCTAssertTrue(site.exists(path), "\(path) exists") }
            if site.exists("/statistics/") { XCTAssertTrue(listed.contains("/statistics/"), "new page kinds are listed too") }
        }
        let small = try ReaderSite.smallSite()
        XCTAssertTrue(try small.sitemapPaths().contains("/meetings/page/2/"), "further index pages are pages too")
        let sitemap = try String(contentsOf: small.file(for: "/sitemap.xml"), encoding: .utf8)
        XCTAssertTrue(sitemap.contains("<lastmod>2021-01-15</lastmod>"), "an item's date is its lastmod")
    }

    func testRobotsTxtNamesTheSitemap() throws {
        let site = try ReaderSite.defaultSite()
        let robots = try String(contentsOf: site.file(for: "/robots.txt"), encoding: .utf8)
        XCTAssertTrue(robots.contains("User-agent: *"))
        XCTAssertTrue(robots.contains("\nSitemap: https://rsj.linzi.gov.cn/sitemap.xml\n"), robots)
        let home = try site.html("/")
        XCTAssertTrue(home.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.xml\""))
    }
}
