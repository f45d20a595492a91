import Foundation

/// The plain text of the item bodies the item pages rendered in this build, by item URL, for the
/// search index: cmark parses each body once, for the page, and the index takes the text from
/// that parse (`MarkdownRenderer.renderUTF8(_:images:plainText:)`) instead of parsing it again.
/// An item whose page was linked from the live version, not rendered, has none here; the index
/// then makes its text itself (`MarkdownRenderer.plainText`), which is the same text.
final class PlainTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String: String] = [:]

    func keep(_ text: String, for url: String) {
        lock.withLock { texts[url] = text }
    }

    /// The text kept for `url`, handed over: the index holds it from then on.
    func take(_ url: String) -> String? {
        lock.withLock { texts.removeValue(forKey: url) }
    }
}
