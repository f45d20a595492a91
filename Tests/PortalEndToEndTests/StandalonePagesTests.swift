import XCTest

/// Standalone pages (`content/pages/<slug>.md`): 政府信息公开指南, 制度, …
final class StandalonePagesTests: XCTestCase {
    func testPagesArePublishedAtTheirSlugAndJoinTheNavigationInOrder() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("---\ntitle: 临淄区人力资源和社会保障局政府信息公开指南\nnav_title: 公开指南\nnav: true\norder: 1\nupdated: 2021-12-31\n---\n## 一、主动公开\n\n见[制度](/system/)。\n",
                       to: "content/pages/guide.md")
        try site.write("---\ntitle: 政府信息公开制度\nnav: true\norder: 2\n---\n见[指南](../guide/)。\n", to: "content/pages/system.md")
        try site.write("---\ntitle: 联系我们\n---\n电话：0533-7180000。\n", to: "content/pages/contact.md")
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)

        let guide = try site.page("/guide/")
        XCTAssertTrue(guide.contains("<h1>临淄区人力资源和社会保障局政府信息公开指南</h1>"))
        XCTAssertTrue(guide.contains(">公开指南</a>"), "nav_title names the navigation entry")
        XCTAssertTrue(guide.contains("2021年12月31日"))
        XCTAssertTrue(guide.contains("<h2>一、主动公开</h2>"))
        XCTAssertTrue(site.exists("/contact/"), "pages without nav are published too")

        let home = try site.page("/")
        let guideLink = try XCTUnwrap(home.range(of: "<a href=\"/guide/\""), "nav: true pages are in the navigation")
        let systemLink = try XCTUnwrap(home.range(of: "<a href=\"/system/\""))
        XCTAssertLessThan(guideLink.lowerBound, systemLink.lowerBound, "navigation follows `order`")
        XCTAssertFalse(home.contains("href=\"/contact/\""), "nav is off by default")
        XCTAssertTrue(guide.contains("href=\"/guide/\" aria-current=\"page\""), "the page's own entry is marked current")
    }

    func testASlugThatCollidesWithACategoryOrAReservedPathFailsNamingTheFile() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        try site.write("---\ntitle: 会议\n---\n正文\n", to: "content/pages/meetings.md")
        try site.write("---\ntitle: 统计\n---\n正文\n", to: "content/pages/statistics.md")
        try site.write("---\ntitle: 坏链接\n---\n\n见[无](/nothing/)。\n", to: "content/pages/broken.md")
        let run = try site.build()
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/pages/meetings.md"), run.stderr)
        XCTAssertTrue(run.stderr.contains("collides with the category “meetings”"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/pages/statistics.md"), run.stderr)
        XCTAssertTrue(run.stderr.contains("is a reserved path"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/pages/broken.md:5"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.output), before)
    }

    func testPageFrontMatterIsChecked() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("---\nnav: 是的\ntitel: 指南\n---\n", to: "content/pages/guide.md")
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/pages/guide.md:2"), run.stderr)
        XCTAssertTrue(run.stderr.contains("Did you mean `title`?"), run.stderr)
        XCTAssertTrue(run.stderr.contains("the required key `title` is missing"), run.stderr)
    }

    func testTheDefaultSiteHasTheGuideAndSystemPagesLinkedFromHomeAndCatalogItems() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("portal-guide-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try PortalRun.run(["build", "--source", SiteFixture.repositoryRoot.path, "--output", output.path, "--now", "2026-11-26"])
        XCTAssertEqual(run.status, 0, run.stderr)
        func page(_ path: String) throws -> String {
            try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
        }
        let guide = try page("guide/index.html")
        XCTAssertTrue(guide.contains("政府信息公开指南"))
        XCTAssertTrue(guide.contains("国办函〔2020〕109号"))
        XCTAssertTrue(try page("system/index.html").contains("《2021年政务公开工作实施方案》"))
        let home = try page("index.html")
        XCTAssertTrue(home.contains("class=\"guide-banner\"><a href=\"/guide/\""), "home links the guide prominently")
        XCTAssertTrue(home.contains(">信息公开指南</a>"), "the guide is in the navigation")
        XCTAssertTrue(home.contains("href=\"/system/\""), "the 制度 page is in the navigation")
        let catalog = try page("catalog/2021-09-07-disclosure-catalog-revised/index.html")
        XCTAssertTrue(catalog.contains("class=\"guide-link\""), "catalog items link back to the guide")
        XCTAssertFalse(try page("meetings/2021-01-15-bureau-meeting/index.html").contains("class=\"guide-link\""))
    }
}
