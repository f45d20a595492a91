import CCmark
import XCTest
@testable import PortalCore

/// `MarkdownRenderer.plainText` builds its text as bytes from the arena-parsed tree; it must give
/// what the plain String-built walk over the same tree gives (kept here as the reference),
/// `Character` semantics included ("\r\n" from `&#13;` is one character, not a line feed).
final class MarkdownPlainTextTests: XCTestCase {
    static func reference(_ markdown: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        // The same tree as the renderer's (masked numbers kept literal, pipe tables as custom
        // nodes, both allocated from the thread's arena); only the walk is the reference.
        let arena = MarkdownArena.current
        defer { arena.pointee.reset() }
        let markdown = MaskedNumbers.escaped(markdown)
        guard let document = MarkdownRenderer.parseInArena(markdown, options: options) else { return "" }
        PipeTables.apply(to: document, source: markdown)
        guard let iterator = cmark_iter_new(document) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        func endLine() { if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" } }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_CUSTOM_BLOCK { endLine() }
                if type == CMARK_NODE_CUSTOM_INLINE { text += " " }
                continue
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(node) { text += String(cString: literal) }
            case CMARK_NODE_CODE_BLOCK:
                endLine()
                if let literal = cmark_node_get_literal(node) { text += String(cString: literal) }
                endLine()
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += "\n"
            case CMARK_NODE_ITEM, CMARK_NODE_THEMATIC_BREAK:
                endLine()
            default:
                break
            }
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    func testPlainTextIsTheReferenceWalk() throws {
        let bodies = [
            "", "一段话。", "# 标题\n\n正文第一段，含**加粗**与`代码`。\n第二行\n\n- 列表一\n- 列表二\n\n---\n\n> 引用",
            "```\n代码块\n第二行\n```\n\n后文", "[链接](/plans/)和![图](/a.png \"题\")\n\n<div>原始HTML</div>\n\n尾",
            "行尾回车&#13;\n\n下一段&#13;", "&#13;", "a  \nb\\\nc", "1. 一\n2. 二\n\n   续\n\n* * *\n",
            String(repeating: "重复的一段文字，", count: 2000),
        ]
        for body in bodies {
            XCTAssertEqual(MarkdownRenderer.plainText(body), Self.reference(body), body.debugDescription)
        }
        // The repository's own content/, wherever the tests run from.
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("content").path
        let corpus = try XCTUnwrap(FileManager.default.enumerator(atPath: content))
        var compared = 0
        for case let path as String in corpus where path.hasSuffix(".md") {
            let text = try String(contentsOfFile: content + "/" + path, encoding: .utf8)
            XCTAssertEqual(MarkdownRenderer.plainText(text), Self.reference(text), path)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 5, "the default site's content files")
    }
}
