import XCTest

/// Attachment names the build could not publish safely are refused with the file, the line and
/// the name, and nothing is published.
final class AttachmentNameTests: XCTestCase {
    private let itemPath = "content/plans/2021-04-01-list.md"

    private func item(attachments: String) -> String {
        """
        ---
        title: 名单公示
        date: 2021-04-01
        index_no: 11370305MB2859012X/2021-00009
        attachments:
        \(attachments)
        ---
        见附件。
        """
    }

    func testPageAndScriptAttachmentsFailTheBuildAndLeaveThePublishedSite() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)

        try site.write("<script>alert(1)</script>", to: "content/plans/index.html")
        try site.write("alert(1)", to: "content/plans/evil.js")
        try site.write(item(attachments: "  - { file: index.html, title: 名单 }\n  - { file: evil.js, title: 脚本 }"), to: itemPath)
        let run = try site.build()
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("\(itemPath):6"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(itemPath):7"), run.stderr)
        XCTAssertTrue(run.stderr.contains("附件“index.html”"), run.stderr)
        XCTAssertTrue(run.stderr.contains("attachment “evil.js”"), run.stderr)
        XCTAssertTrue(run.stderr.contains("PDF"), "the hint says what to attach instead: \(run.stderr)")
        XCTAssertEqual(try TreeSnapshot.take(site.output), before, "the previous site is unchanged")
        XCTAssertFalse(site.exists("/plans/2021-04-01-list/"))
    }

    func testAMisspeltAttachmentKeyIsNamedWithASuggestion() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("%PDF-1.4\n", to: "content/plans/x.pdf")
        try site.write(item(attachments: "  - { file: x.pdf, titel: 名单 }"), to: itemPath)
        let run = try site.build()
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("\(itemPath):6"), run.stderr)
        XCTAssertTrue(run.stderr.contains("`titel`"), run.stderr)
        XCTAssertTrue(run.stderr.contains("`title`"), run.stderr)

        // Spelt right, the same item publishes with its attachment.
        try site.write(item(attachments: "  - { file: x.pdf, title: 名单 }"), to: itemPath)
        let fixed = try site.build()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(site.exists("/plans/2021-04-01-list/x.pdf"))
    }
}
