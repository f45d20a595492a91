import Foundation
import XCTest

/// The sitemap of an unchanged site is linked from the live version, not written again; any
/// change of its pages or their dates gives the sitemap a full build gives.
final class SitemapReuseTests: XCTestCase {
    private func linkCount(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        return (attributes[.referenceCount] as? NSNumber)?.intValue ?? 0
    }

    /// The sitemap of the same content built from scratch elsewhere.
    private func fullBuildSitemap(_ site: SiteFixture) throws -> String {
        let output = site.root.appendingPathComponent("full-\(UUID().uuidString)")
        let run = try site.build(now: "2021-12-31", ["--output", output.path, "--full"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return try String(contentsOf: output.appendingPathComponent("sitemap.xml"), encoding: .utf8)
    }

    func testAnUnchangedSitemapIsLinkedAndAChangedOneIsWrittenAsAFullBuildWritesIt() throws {
        let site = try SiteFixture(fixture: "small")
        let sitemap = site.output.appendingPathComponent("sitemap.xml")
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try linkCount(sitemap), 1)

        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try linkCount(sitemap), 2, "unchanged: the live version's file, linked")
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent("sitemap.xml.gz")), 2)
        XCTAssertEqual(try site.page("/sitemap.xml"), try fullBuildSitemap(site))

        // A changed date is a changed <lastmod>.
        let path = "content/meetings/2021-03-01-second-meeting.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.write(text.replacingOccurrences(of: "date: 2021-03-01", with: "date: 2021-03-02"), to: path)
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try linkCount(sitemap), 1, "changed: written again")
        XCTAssertTrue(try site.page("/sitemap.xml").contains("2021-03-01-second-meeting/</loc><lastmod>2021-03-02</lastmod>"))
        XCTAssertEqual(try site.page("/sitemap.xml"), try fullBuildSitemap(site))

        // A new page is a new URL.
        try site.write(text.replacingOccurrences(of: "index_no: 11370305MB2859012X/2021-00003", with: "index_no: 11370305MB2859012X/2021-00009"),
                       to: "content/meetings/2021-03-05-new-meeting.md")
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try site.page("/sitemap.xml").contains("/meetings/2021-03-05-new-meeting/</loc>"))
        XCTAssertEqual(try site.page("/sitemap.xml"), try fullBuildSitemap(site))
    }
}
