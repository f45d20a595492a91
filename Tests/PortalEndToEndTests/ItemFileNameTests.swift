import Foundation
import XCTest

/// Item file names that are no safe address are refused by the real binary, named, and publish
/// nothing: `..md` used to publish under `/meetings/../` (the sitemap listed it), `index.html.md`
/// failed as "File exists", and `#`, `?`, `%`, `\`, a tab or a line break gave dead links.
final class ItemFileNameTests: XCTestCase {
    func testUnsafeItemFileNamesAreRefusedAndTheLiveSiteKept() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        let names = [".md", "..md", "...md", ".hidden.md", "index.html.md", "page.md", "a#b.md", "a?b.md",
                     "a%20b.md", "a\\b.md", "tab\there.md", "line\nbreak.md", "cr\rhere.md", "old.html.md"]
        for (offset, name) in names.enumerated() {
            let serial = String(format: "%05d", 700 + offset)
            try site.write("---\ntitle: 名称\(offset)\ndate: 2021-05-01\nindex_no: 11370305MB2859012X/2021-\(serial)\n---\n正文。\n",
                           to: "content/meetings/\(name)")
        }
        for command in ["build", "check"] {
            let run = try PortalRun.run([command, "--source", site.root.path, "--now", "2021-12-31"], timeout: 60)
            XCTAssertEqual(run.status, 1, run.stderr)
            for name in names {
                let shown = name.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
                    .replacingOccurrences(of: "\r", with: "\\r")
                XCTAssertTrue(run.stderr.contains("== content/meetings/\(shown)"), "\(command): \(shown) not named:\n\(run.stderr)")
            }
            XCTAssertTrue(run.stderr.contains("共 \(names.count) 个错误"), run.stderr)
        }
        XCTAssertEqual(try TreeSnapshot.take(site.output), before)

        // Renamed to plain names, the same items publish.
        for name in names { try site.remove("content/meetings/\(name)") }
        try site.write("---\ntitle: 名称\ndate: 2021-05-01\nindex_no: 11370305MB2859012X/2021-00799\n---\n正文。\n",
                       to: "content/meetings/2021-05-01-renamed.md")
        let fixed = try site.build()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(site.exists("/meetings/2021-05-01-renamed/"))
        XCTAssertFalse(try site.page("/sitemap.xml").contains("/../"))
    }
}
