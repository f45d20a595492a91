import CCmark
import XCTest
@testable import PortalCore

/// `MarkdownRenderer` parses with a per-thread arena as cmark's allocator and feeds the body
/// through cmark's parser API: the HTML must be byte for byte what `cmark_parse_document` with
/// cmark's own allocator gives.
final class MarkdownArenaTests: XCTestCase {
    /// cmark's own one-call parse and render, as the renderer did before the arena.
    private func reference(_ markdown: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        var utf8 = markdown.utf8CString
        let document = utf8.withUnsafeMutableBufferPointer { cmark_parse_document($0.baseAddress, $0.count - 1, options) }!
        defer { cmark_node_free(document) }
        let html = cmark_render_html(document, options)!
        defer { free(html) }
        return String(cString: html)
    }

    /// Bodies whose top heading level is 2 or lower, so that no heading is moved down.
    static let bodies: [String] = [
        "",
        "一行，没有换行",
        "## 一、标题\n\n正文第一段。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n",
        "段落一\r\n\r\n段落二\r\n> 引用\r\n",
        "末尾回车\r",
        "\u{FEFF}带 BOM 的正文\n",
        "含\u{0}空字符的行\n再一行\u{0}",
        "<div>raw</div>\n\n[链接](/plans/x/) ![图](a.png) [危险](javascript:alert(1))\n\n    缩进代码\n",
        // Pipes that make no table (a table is `PipeTables`' work, which cmark alone does not do).
        "```\n围栏代码\n```\n\n| 表 | 格 |\n| 1 | 2 |\n",
    ]

    func testTheArenaRendersWhatCmarksOwnAllocatorRenders() {
        // A body much larger than an arena block, with many nodes, then the small ones again on
        // the reused arena.
        let large = (1...6000).map { "### 第\($0)节\n\n段落 **\($0)** 含[链接](/meetings/\($0)/)与`代码`。\n" }.joined(separator: "\n")
        for body in Self.bodies + [large] + Self.bodies {
            XCTAssertEqual(MarkdownRenderer.render(body).html, reference(body), body.prefix(40).description)
            XCTAssertEqual(MarkdownRenderer.renderUTF8(body).html, Array(reference(body).utf8))
        }
    }

    func testThreadsRenderWithTheirOwnArenas() {
        let bodies = Self.bodies
        let expected = bodies.map { reference($0) }
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            let body = bodies[index % bodies.count]
            XCTAssertEqual(MarkdownRenderer.render(body).html, expected[index % bodies.count])
        }
    }
}
