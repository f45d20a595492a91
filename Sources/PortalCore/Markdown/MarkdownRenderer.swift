import CCmark
import Foundation

/// A link found in a Markdown body, with the body line it is on (for link checking).
public struct MarkdownLink: Sendable, Hashable {
    public let destination: String
    /// 1-based line within the Markdown text.
    public let line: Int
    public let isImage: Bool
}

/// The HTML of a Markdown body and the links it contains.
public struct RenderedMarkdown: Sendable {
    public let html: String
    public let links: [MarkdownLink]
}

/// The one place that talks to cmark.
///
/// cmark runs in its safe mode: raw HTML is replaced by a comment and `javascript:`, `vbscript:`,
/// `file:` and `data:` links lose their destination. Headings are shifted down so that the body's
/// top level is `<h2>`: the page's title is its one `<h1>` (GB/T 37668 / WCAG 1.3.1), and an editor
/// who starts a body with `# 一、…` still gets a sensible outline. A body whose top level is already
/// `##` or deeper is left alone. cmark is safe to call from several threads as
/// long as each document stays on its own thread, so everything happens inside this one call
/// (`cmark_node` pointers are not Sendable).
public enum MarkdownRenderer {
    public static func render(_ markdown: String) -> RenderedMarkdown {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        var utf8 = markdown.utf8CString
        let document: OpaquePointer? = utf8.withUnsafeMutableBufferPointer { buffer in
            cmark_parse_document(buffer.baseAddress, buffer.count - 1, options)
        }
        guard let document else { return RenderedMarkdown(html: "", links: []) }
        defer { cmark_node_free(document) }

        var links: [MarkdownLink] = []
        var headings: [OpaquePointer] = []
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HEADING { headings.append(node) }
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                      let url = cmark_node_get_url(node)
                else { continue }
                links.append(MarkdownLink(destination: String(cString: url),
                                          line: Int(cmark_node_get_start_line(node)),
                                          isImage: type == CMARK_NODE_IMAGE))
            }
        }

        demoteHeadings(headings)

        guard let rendered = cmark_render_html(document, options) else {
            return RenderedMarkdown(html: "", links: links)
        }
        defer { free(rendered) }
        return RenderedMarkdown(html: String(cString: rendered), links: links)
    }

    /// The text of a Markdown body without its markup (for the search index): the literal text of
    /// every text, code and code-block node, one block per line; link and image destinations and
    /// raw HTML are left out (the installed cmark has no plain-text renderer).
    public static func plainText(_ markdown: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        var utf8 = markdown.utf8CString
        let document: OpaquePointer? = utf8.withUnsafeMutableBufferPointer { buffer in
            cmark_parse_document(buffer.baseAddress, buffer.count - 1, options)
        }
        guard let document, let iterator = cmark_iter_new(document) else { return "" }
        defer {
            cmark_iter_free(iterator)
            cmark_node_free(document)
        }
        var text = ""
        func endLine() { if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" } }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING { endLine() }
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

    /// Moves every heading down by the same number of levels so that the highest one is level 2
    /// (never below level 6, HTML's last).
    private static func demoteHeadings(_ headings: [OpaquePointer]) {
        let top = headings.map { Int(cmark_node_get_heading_level($0)) }.min() ?? 2
        let shift = max(0, 2 - top)
        guard shift > 0 else { return }
        for heading in headings {
            let level = Int(cmark_node_get_heading_level(heading))
            cmark_node_set_heading_level(heading, Int32(min(6, level + shift)))
        }
    }
}
