import XCTest
@testable import PortalCore

/// A body never has an h1 (the page title is the one h1) and keeps its outline.
final class MarkdownHeadingTests: XCTestCase {
    func testABodyStartingWithOneHashIsShiftedOneLevelDown() {
        let html = MarkdownRenderer.render("# 一、总体要求\n\n## （一）事项\n\n###### 六级\n").html
        XCTAssertFalse(html.contains("<h1>"))
        XCTAssertTrue(html.contains("<h2>一、总体要求</h2>"))
        XCTAssertTrue(html.contains("<h3>（一）事项</h3>"))
        XCTAssertTrue(html.contains("<h6>六级</h6>"), "HTML has no h7: the deepest level stays h6")
    }

    func testABodyWhoseTopLevelIsTwoHashesIsLeftAlone() {
        let html = MarkdownRenderer.render("## 一、补贴项目\n\n### 1．对象\n").html
        XCTAssertTrue(html.contains("<h2>一、补贴项目</h2>"))
        XCTAssertTrue(html.contains("<h3>1．对象</h3>"))
    }

    func testSetextHeadingsCountToo() {
        let html = MarkdownRenderer.render("通知\n===\n\n正文\n").html
        XCTAssertTrue(html.contains("<h2>通知</h2>"), html)
    }
}
