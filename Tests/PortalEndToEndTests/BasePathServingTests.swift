import Foundation
@testable import PortalCore
import XCTest

/// Issue 18: a site whose `base_url` has a path (`http://127.0.0.1:<port>/fgj/`), built by the
/// real binary and served by a real nginx through the shipped `deploy/nginx-location.conf`,
/// pasted into the server of another site on the same host.
final class BasePathServingTests: XCTestCase {
    static let basePath = "/fgj/"

    /// The repository's default site, to be built by `build(_:port:)`.
    static func makeColumnSite() throws -> SiteFixture {
        let site = try SiteFixture(fixture: nil)
        try FileManager.default.removeItem(at: site.content)
        try FileManager.default.copyItem(at: SiteFixture.repositoryRoot.appendingPathComponent("content"), to: site.content)
        return site
    }

    /// Builds `site` with `base_url` under `/fgj/` on `port` (written without its trailing slash,
    /// which the build must add).
    static func build(_ site: SiteFixture, port: UInt16) throws {
        let yaml = site.content.appendingPathComponent("site.yaml")
        let text = try String(contentsOf: yaml, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #"(?m)^base_url: \S+"#, with: "base_url: http://127.0.0.1:\(port)/fgj",
                                               options: .regularExpression)
        XCTAssertNotEqual(edited, text, "the default site has no base_url line; update this test")
        try edited.write(to: yaml, atomically: true, encoding: .utf8)
        let run = try site.build(now: "2022-06-30")
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    /// A built column site served through the location block.
    private func serve() throws -> (SiteFixture, NginxTestServer) {
        let site = try Self.makeColumnSite()
        let server = try NginxTestServer(root: site.output, layout: .location) { port in try Self.build(site, port: port) }
        return (site, server)
    }

    func testEveryLinkOfEveryPageStaysUnderTheBasePathAndAnswers200() throws {
        let (site, server) = try serve()
        // The fixture's folder lives as long as the fixture: keep it for the whole crawl.
        defer { withExtendedLifetime(site) {} }
        let crawl = try server.crawl(from: Self.basePath)
        let (failures, seen, pages) = (crawl.failures, crawl.seen, crawl.pages.count)
        // Links, forms and the search page's index folder, which the crawl does not follow.
        let leaving = Self.linksLeaving(Self.basePath, crawl)
        XCTAssertEqual(failures, [], server.log)
        XCTAssertEqual(leaving, [], "no link may leave the column")
        XCTAssertGreaterThan(pages, 20, "the crawl must reach the item, category and report pages")
        XCTAssertTrue(seen.contains { $0.hasPrefix("/fgj/assets/style.") && $0.hasSuffix(".css") }, "the stylesheet loads")
        XCTAssertTrue(seen.contains { $0.hasPrefix("/fgj/assets/search.") && $0.hasSuffix(".js") }, "the search script loads")
        XCTAssertTrue(seen.contains("/fgj/annual-reports/2021/"))
    }

    func testTheLocationBlockKeepsTheServerBlocksRules() throws {
        let (site, server) = try serve()
        let home = try server.get("/fgj/", headers: ["Accept-Encoding": "gzip"])
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.header("content-encoding"), "gzip", "gzip_static works through alias")
        XCTAssertEqual(home.body, try Data(contentsOf: site.output.appendingPathComponent("index.html.gz")))
        XCTAssertEqual(home.header("cache-control"), "no-cache")
        XCTAssertEqual(home.header("x-frame-options"), "DENY")
        XCTAssertNotNil(home.header("content-security-policy"))

        let stylesheet = try XCTUnwrap(Self.rootRelativeURLs(in: try site.page("/")).first { $0.hasPrefix("/fgj/assets/style.") })
        let css = try server.get(stylesheet)
        XCTAssertEqual(css.status, 200, server.log)
        XCTAssertEqual(css.header("cache-control"), "public, max-age=31536000, immutable")
        XCTAssertEqual(css.header("x-content-type-options"), "nosniff")

        XCTAssertEqual(try server.get("/fgj").header("location"), "/fgj/")
        let folder = try server.get("/fgj/meetings")
        XCTAssertEqual(folder.status, 301)
        XCTAssertEqual(folder.header("location"), "/fgj/meetings/")

        let notFoundPage = try site.page("/404.html")
        for path in ["/fgj/no-such-page/", "/fgj/nothing.pdf", "/fgj/assets/style.0000000000000000.css", "/fgj/meetings/page/", "/fgj/.git/config"] {
            let response = try server.get(path)
            XCTAssertEqual(response.status, 404, path)
            XCTAssertEqual(response.text, notFoundPage, "\(path) must answer with the column's 404 page")
        }
        XCTAssertTrue(Self.rootRelativeURLs(in: notFoundPage).allSatisfy { $0.hasPrefix("/fgj/") }, "the 404 page links into the column")
        XCTAssertEqual(try server.get("/meetings/").text, "county site", "the rest of the server is not the column's")

        let sitemap = try server.get("/fgj/sitemap.xml").text
        XCTAssertTrue(sitemap.contains("<loc>http://127.0.0.1:\(server.port)/fgj/meetings/</loc>"), sitemap)
        XCTAssertTrue(try server.get("/fgj/robots.txt").text.contains("http://127.0.0.1:\(server.port)/fgj/sitemap.xml"))
        XCTAssertTrue(try server.get("/fgj/feed.xml").text.contains("http://127.0.0.1:\(server.port)/fgj/"))
    }

    func testTheSearchPageFindsItemsUnderTheBasePathInABrowser() throws {
        guard let executable = ReaderBrowser.locate() else {
            throw XCTSkip("找不到 Chromium / Chromium is missing: install the Debian package chromium")
        }
        let site = try Self.makeColumnSite()
        try Self.build(site, port: 8080)
        let browser = try ReaderBrowser(executable: executable, siteRoot: site.output)
        defer { browser.shutDown() }
        browser.basePath = Self.basePath
        let load = try browser.load("/fgj/search/?q=%E4%BC%9A%E8%AE%AE", width: 1280)  // 会议
        XCTAssertEqual(load.missing, [], "every file the search page asks for is under /fgj/")
        XCTAssertEqual(load.errors, [])
        let links = try XCTUnwrap(browser.evaluate(
            "Array.from(document.querySelectorAll('#search-results a')).map(function (a) { return a.getAttribute('href'); })") as? [String])
        XCTAssertFalse(links.isEmpty, "会议 finds the meetings")
        XCTAssertTrue(links.allSatisfy { $0.hasPrefix("/fgj/") }, "\(links)")
    }

    func testThePreviewServesTheSiteUnderTheBasePath() throws {
        let site = try Self.makeColumnSite()
        try Self.build(site, port: 8080)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("portal-preview-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let preview = PreviewSite(siteRoot: site.root, workFolder: work, today: { PlainDate(year: 2022, month: 6, day: 30)! })
        if case .failed(let problems) = preview.rebuild() { XCTFail("\(problems)") }
        let responder = PreviewResponder(site: preview)

        let root = responder.respond(method: "GET", rawPath: "/")
        XCTAssertEqual(root.status, 302)
        // The server writes it with its reason phrase (it once went out as "302 Status").
        XCTAssertEqual(PreviewServer.phrase(root.status), "Found")
        XCTAssertEqual(root.headers.first { $0.name == "Location" }?.value, "/fgj/", "the printed address leads to the home page")
        XCTAssertEqual(responder.respond(method: "GET", rawPath: "/fgj").headers.first { $0.name == "Location" }?.value, "/fgj/")

        let home = responder.respond(method: "GET", rawPath: "/fgj/")
        XCTAssertEqual(home.status, 200)
        let html = String(decoding: home.body, as: UTF8.self)
        let stylesheet = try XCTUnwrap(Self.rootRelativeURLs(in: html).first { $0.hasPrefix("/fgj/assets/style.") })
        XCTAssertEqual(responder.respond(method: "GET", rawPath: stylesheet).status, 200)
        XCTAssertEqual(responder.respond(method: "GET", rawPath: "/fgj/meetings/").status, 200)
        XCTAssertEqual(responder.respond(method: "GET", rawPath: "/fgj/meetings").headers.first { $0.name == "Location" }?.value,
                       "/fgj/meetings/")
        XCTAssertEqual(responder.respond(method: "GET", rawPath: "/meetings/").status, 404, "outside the path is not the site")
    }

    /// Every link or root-relative URL of the crawled pages that is not under `basePath`.
    static func linksLeaving(_ basePath: String, _ crawl: NginxTestServer.Crawl) -> [String] {
        var leaving: [String] = []
        for (path, html) in crawl.pages.sorted(by: { $0.key < $1.key }) {
            let urls = NginxServingTests.sameSiteLinks(in: html, on: path) + rootRelativeURLs(in: html)
            for url in urls where !url.hasPrefix(basePath) { leaving.append("\(path) → \(url)") }
        }
        return leaving
    }

    /// Every root-relative value of href, src, action and data-index.
    static func rootRelativeURLs(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\b(?:href|src|action|data-index)="(/[^/"][^"]*|/)""#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 1), in: html)!])
        }
    }
}
