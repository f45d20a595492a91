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
/// `file:` and `data:` links lose their destination. cmark is safe to call from several threads as
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
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                      let url = cmark_node_get_url(node)
                else { continue }
                links.append(MarkdownLink(destination: String(cString: url),
                                          line: Int(cmark_node_get_start_line(node)),
                                          isImage: type == CMARK_NODE_IMAGE))
            }
        }

        guard let rendered = cmark_render_html(document, options) else {
            return RenderedMarkdown(html: "", links: links)
        }
        defer { free(rendered) }
        return RenderedMarkdown(html: String(cString: rendered), links: links)
    }
}
