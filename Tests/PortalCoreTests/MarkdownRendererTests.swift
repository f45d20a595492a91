import XCTest
@testable import PortalCore

final class MarkdownRendererTests: XCTestCase {
    func testRendersCommonMark() {
        let rendered = MarkdownRenderer.render("## 一、补贴项目\n\n1. **一次性创业补贴**\n")
        XCTAssertTrue(rendered.html.contains("<h2>一、补贴项目</h2>"))
        XCTAssertTrue(rendered.html.contains("<strong>一次性创业补贴</strong>"))
    }

    func testDropsRawHtmlAndJavascriptLinks() {
        let rendered = MarkdownRenderer.render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))")
        XCTAssertFalse(rendered.html.contains("<script"))
        XCTAssertFalse(rendered.html.contains("onerror"))
        XCTAssertFalse(rendered.html.contains("javascript:"))
        XCTAssertTrue(rendered.html.contains("点我"))
    }

    func testCollectsLinksWithTheirLines() {
        let rendered = MarkdownRenderer.render("第一段\n\n见[指南](/services/guide/)。\n\n![图](a.png)")
        XCTAssertEqual(rendered.links.map(\.destination), ["/services/guide/", "a.png"])
        XCTAssertEqual(rendered.links.map(\.line), [3, 5])
        XCTAssertEqual(rendered.links.map(\.isImage), [false, true])
    }
}
