import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PortalCore

/// The sitemap files: one urlset up to the protocol's 50,000 URLs, an index of parts beyond.
final class SitemapTests: XCTestCase {
    func pages(_ count: Int) -> [Sitemap.Page] {
        (0..<count).map { Sitemap.Page(path: "/items/\(String(format: "%03d", $0))/", lastModified: nil) }
    }

    func locations(_ xml: String) throws -> [String] {
        let root = try XCTUnwrap(try XMLDocument(data: Data(xml.utf8)).rootElement())
        return (root.elements(forName: "url") + root.elements(forName: "sitemap")).compactMap {
            $0.elements(forName: "loc").first?.stringValue
        }
    }

    func testOneFileListsEveryPageSortedWithItsLastChange() throws {
        let files = Sitemap.files(pages: [Sitemap.Page(path: "/b/", lastModified: PlainDate(iso: "2021-03-15")),
                                          Sitemap.Page(path: "/", lastModified: nil)],
                                  base: "https://a.gov.cn/")
        XCTAssertEqual(files.map(\.path), ["/sitemap.xml"])
        XCTAssertEqual(try locations(files[0].xml), ["https://a.gov.cn/", "https://a.gov.cn/b/"])
        XCTAssertTrue(files[0].xml.contains("<url><loc>https://a.gov.cn/b/</loc><lastmod>2021-03-15</lastmod></url>"))
        XCTAssertTrue(files[0].xml.contains("xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""))
    }

    func testPastTheLimitSitemapXMLBecomesAnIndexOfParts() throws {
        let files = Sitemap.files(pages: pages(7), base: "https://a.gov.cn", limit: 3)
        XCTAssertEqual(files.map(\.path), ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"])
        XCTAssertEqual(Sitemap.filePaths(pageCount: 7, limit: 3), files.map(\.path), "producedPaths agrees with what is written")
        XCTAssertTrue(files[0].xml.contains("<sitemapindex"))
        XCTAssertEqual(try locations(files[0].xml), ["https://a.gov.cn/sitemap-1.xml", "https://a.gov.cn/sitemap-2.xml",
                                                     "https://a.gov.cn/sitemap-3.xml"])
        let listed = try files.dropFirst().flatMap { try locations($0.xml) }
        XCTAssertEqual(listed, pages(7).map { "https://a.gov.cn" + $0.path }, "every page once, in order")
        XCTAssertEqual(try locations(files[3].xml).count, 1)
    }

    func testExactlyAtTheLimitThereIsNoIndex() {
        XCTAssertEqual(Sitemap.files(pages: pages(3), base: "https://a.gov.cn/", limit: 3).map(\.path), ["/sitemap.xml"])
        XCTAssertEqual(Sitemap.filePaths(pageCount: 50_000), ["/sitemap.xml"])
        XCTAssertEqual(Sitemap.filePaths(pageCount: 50_001), ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml"])
    }

    func testOnlyHTMLPagesAreListedAndNotTheNotFoundPage() {
        XCTAssertTrue(Sitemap.isListedPage("/"))
        XCTAssertTrue(Sitemap.isListedPage("/meetings/page/2/"))
        XCTAssertFalse(Sitemap.isListedPage("/404.html"))
        XCTAssertFalse(Sitemap.isListedPage("/meetings/x/list.pdf"))
        XCTAssertFalse(Sitemap.isListedPage("/annual-reports/2021/statistics.json"))
        XCTAssertFalse(Sitemap.isListedPage("/feed.xml"))
    }

    func testRobotsTxtNamesTheSitemapAbsolutely() {
        XCTAssertEqual(Sitemap.robots(base: "https://a.gov.cn/"), "User-agent: *\nAllow: /\n\nSitemap: https://a.gov.cn/sitemap.xml\n")
    }
}
