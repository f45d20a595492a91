import XCTest

/// An annual report's own Markdown (the preface with 一, and 五 with 六) is link-checked like an
/// item's body, from the same rendering as its page: a dead link names the report's file and line.
final class ReportLinkCheckTests: XCTestCase {
    func testDeadLinksInAReportAreNamedWithTheirLines() throws {
        let site = try SiteFixture(fixture: nil)
        try FileManager.default.removeItem(at: site.content)
        try FileManager.default.copyItem(at: SiteFixture.repositoryRoot.appendingPathComponent("content"), to: site.content)
        let path = "content/annual-reports/2021/index.md"
        var lines = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Line 12 is in 一、总体情况 (the opening), line 56 in 六 (the closing).
        XCTAssertTrue(lines[11].contains("严格依法"), lines[11])
        XCTAssertTrue(lines[55].hasPrefix("（二）人大代表建议"), lines[55])
        lines[11] = lines[11].replacingOccurrences(of: "严格依法", with: "[严格依法](/no-such-page/)")
        lines[55] += "详见[办理情况](/also-missing/)。"
        try site.write(lines.joined(separator: "\n"), to: path)

        let build = try site.build(now: "2022-01-25")
        XCTAssertNotEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stderr.contains("\(path):12"), build.stderr)
        XCTAssertTrue(build.stderr.contains("链接“/no-such-page/”指向本站不存在的页面"), build.stderr)
        XCTAssertTrue(build.stderr.contains("\(path):56"), build.stderr)
        XCTAssertTrue(build.stderr.contains("链接“/also-missing/”指向本站不存在的页面"), build.stderr)
    }
}
