import Foundation
import XCTest
@testable import PortalCore

/// What `portal serve` adds to the pages it serves, and which paths it refuses.
final class PreviewPageTests: XCTestCase {
    private let page = "<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body class=\"x\">\n<main id=\"main\"><article><h1>标题</h1></article></main>\n</body></html>\n"

    func testEveryPageGetsTheStylesheetAndTheReloadScriptWithItsVersion() {
        let html = PreviewPage.inject(into: page, version: "abc-3", errors: [], isDraft: false)
        XCTAssertTrue(html.contains("<link rel=\"stylesheet\" href=\"/__portal/preview.css\">\n</head>"), html)
        XCTAssertTrue(html.contains("<script src=\"/__portal/reload.js\" data-version=\"abc-3\" defer></script>\n</body>"), html)
        XCTAssertFalse(html.contains("portal-preview-errors"))
        XCTAssertFalse(html.contains("portal-preview-draft"))
    }

    func testADraftIsMarkedAboveItsTitle() {
        let html = PreviewPage.inject(into: page, version: "1", errors: [], isDraft: true)
        let badge = html.range(of: "class=\"portal-preview-draft\"")
        let title = html.range(of: "<h1>标题</h1>")
        XCTAssertNotNil(badge)
        XCTAssertLessThan(badge!.lowerBound, title!.lowerBound)
    }

    func testErrorsAreShownEscapedRightAfterTheBodyTag() {
        let error = Diagnostic(file: "content/meetings/<x>.md", line: 3, zh: "标题含 <script>", en: "a & b")
        let html = PreviewPage.inject(into: page, version: "1", errors: [error], isDraft: false)
        XCTAssertTrue(html.contains("<body class=\"x\">\n<div class=\"portal-preview-errors\" role=\"alert\">"), html)
        XCTAssertTrue(html.contains("content/meetings/&lt;x&gt;.md:3"))
        XCTAssertTrue(html.contains("标题含 &lt;script&gt;"))
        XCTAssertTrue(html.contains("a &amp; b"))
        XCTAssertFalse(html.contains("<script>"))
    }

    func testPathsThatCouldLeaveTheWebRootAreRefused() {
        XCTAssertEqual(PreviewResponder.decodedPath("/meetings/%E4%BC%9A/"), "/meetings/会/")
        XCTAssertNil(PreviewResponder.decodedPath("/../etc/passwd"))
        XCTAssertNil(PreviewResponder.decodedPath("/a/%2e%2e/%2e%2e/etc/passwd"))
        XCTAssertNil(PreviewResponder.decodedPath("/a%00b"))
        XCTAssertNil(PreviewResponder.decodedPath("relative"))
    }
}
