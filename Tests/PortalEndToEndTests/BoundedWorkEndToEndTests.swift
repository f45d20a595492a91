import Foundation
import XCTest

/// Issue 16 through the real binary: a small file that would make huge or endless work fails the
/// build at once, naming the file and line, and leaves the published output as it was.
final class BoundedWorkEndToEndTests: XCTestCase {
    func testAnAliasBombSiteYAMLFailsFastAndLeavesTheOutputUnchanged() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        XCTAssertFalse(before.isEmpty)

        let original = try String(contentsOf: site.content.appendingPathComponent("site.yaml"), encoding: .utf8)
        let contact = "contact:\n  - 电话：0533-7180000\n"
        XCTAssertTrue(original.contains(contact))
        // 22 KB: one 3,000-character anchor, then 3,000 aliases of it (line 10 is the anchor).
        let bomb = original.replacingOccurrences(
            of: contact,
            with: "contact:\n  - &a \"" + String(repeating: "x", count: 3_000) + "\"\n" + String(repeating: "  - *a\n", count: 3_000))
        try site.write(bomb, to: "content/site.yaml")

        let start = Date()
        let run = try site.build()
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/site.yaml:11"), run.stderr)
        XCTAssertTrue(run.stderr.contains("不支持 YAML 锚点/别名"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.output), before, "a failed build must not touch the output")
    }

    func testABodyCmarkIsQuadraticOnFailsFastWithItsLine() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        // 600 KB of `![[]()` (CVE-2023-22486): a minute in cmark 0.30.2.
        try site.write("---\ntitle: 图片很多的通知\ndate: 2021-04-01\nindex_no: 11370305MB2859012X/2021-00031\n---\n\n第一段。\n\n"
                       + String(repeating: "![[]()", count: 100_000) + "\n",
                       to: "content/meetings/2021-04-01-many-images.md")
        let start = Date()
        let run = try site.build()
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/meetings/2021-04-01-many-images.md:9"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.output), before)
    }
}
