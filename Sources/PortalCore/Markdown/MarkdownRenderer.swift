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
    /// `images`: the pictures beside the item that the body shows, by destination as written
    /// (`图.png`), with their sizes (nil when the header could not be read): they get `width`,
    /// `height` and `loading="lazy"`. Other images are rendered by cmark as they are.
    public static func render(_ markdown: String, images: [String: ImageDimensions?] = [:]) -> RenderedMarkdown {
        render(markdown, images: images) { RenderedMarkdown(html: String(cString: $0), links: $1) }
    }

    /// `render(_:)` with the HTML as UTF-8 bytes, for a page that goes on being bytes: the same
    /// bytes as `render(markdown).html.utf8`, without decoding them into a `String` first.
    static func renderUTF8(_ markdown: String, images: [String: ImageDimensions?] = [:]) -> (html: [UInt8], links: [MarkdownLink]) {
        let rendered = renderUTF8(markdown, images: images, plainText: false)
        return (rendered.html, rendered.links)
    }

    /// `renderUTF8(_:images:)`, and with `plainText` also what `plainText(markdown)` returns,
    /// taken from the same parse: an item page hands it to the search index, which would
    /// otherwise parse every body a second time.
    static func renderUTF8(_ markdown: String, images: [String: ImageDimensions?],
                           plainText: Bool) -> (html: [UInt8], links: [MarkdownLink], plainText: String?) {
        var text: PlainTextWalk? = plainText ? PlainTextWalk(capacity: markdown.utf8.count) : nil
        let rendered = render(markdown, images: images, plainText: &text) { html, links in
            (Array(UnsafeBufferPointer(start: UnsafeRawPointer(html).assumingMemoryBound(to: UInt8.self), count: strlen(html))), links)
        }
        return (rendered.0, rendered.1, text?.finish())
    }

    /// Renders `markdown` and hands cmark's NUL-terminated HTML (or an empty one) and the links to
    /// `result`, before the HTML is freed.
    private static func render<R>(_ markdown: String, images: [String: ImageDimensions?],
                                  _ result: (UnsafePointer<CChar>, [MarkdownLink]) -> R) -> R {
        var noText: PlainTextWalk? = nil
        return render(markdown, images: images, plainText: &noText, result)
    }

    /// `render`, also walking the plain text into `plainText` when there is one: before the
    /// headings, pictures and conventions change the tree, so that it is the tree `plainText(_:)`
    /// walks.
    private static func render<R>(_ markdown: String, images: [String: ImageDimensions?], plainText: inout PlainTextWalk?,
                                  _ result: (UnsafePointer<CChar>, [MarkdownLink]) -> R) -> R {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        // Everything cmark allocates for this document comes from the thread's arena and is
        // released at once when the result has been taken (nodes are not freed one by one).
        let arena = MarkdownArena.current
        defer { arena.pointee.reset() }
        let markdown = MaskedNumbers.escaped(markdown)
        guard let document = parseInArena(markdown, options: options) else { return result("", []) }
        let tableLinkLines = mayHoldTable(markdown) ? PipeTables.apply(to: document, source: markdown) : [:]

        var links: [MarkdownLink] = []
        var headings: [OpaquePointer] = []
        var shownImages: [OpaquePointer] = []
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                plainText?.visit(node, type: type, entering: event == CMARK_EVENT_ENTER)
                guard event == CMARK_EVENT_ENTER else { continue }
                if type == CMARK_NODE_HEADING { headings.append(node) }
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                      let url = cmark_node_get_url(node)
                else { continue }
                if type == CMARK_NODE_IMAGE, !images.isEmpty, images.keys.contains(String(cString: url)) {
                    shownImages.append(node)
                }
                links.append(MarkdownLink(destination: String(cString: url),
                                          line: tableLinkLines[node] ?? Int(cmark_node_get_start_line(node)),
                                          isImage: type == CMARK_NODE_IMAGE))
            }
        }

        demoteHeadings(headings)
        for image in shownImages { replaceImage(image, images: images) }
        DocumentConventions.apply(to: document)

        guard let rendered = cmark_render_html(document, options) else { return result("", links) }
        return result(rendered, links)
    }

    /// Puts a custom inline in place of an image beside the item: cmark's own `<img>` has no size.
    private static func replaceImage(_ image: OpaquePointer, images: [String: ImageDimensions?]) {
        guard let url = cmark_node_get_url(image),
              let custom = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, MarkdownArena.allocator) else { return }
        let source = String(cString: url)
        let title = cmark_node_get_title(image).map { String(cString: $0) } ?? ""
        let dimensions = images[source] ?? nil
        cmark_node_set_on_enter(custom, imageTag(source: source, alt: DocumentConventions.text(of: image),
                                                 title: title, dimensions: dimensions))
        cmark_node_set_on_exit(custom, "")
        cmark_node_insert_before(image, custom)
        cmark_node_unlink(image)
    }

    /// The text of a Markdown body without its markup (for the search index): the literal text of
    /// every text, code and code-block node, one block per line; link and image destinations and
    /// raw HTML are left out (the installed cmark has no plain-text renderer).
    public static func plainText(_ markdown: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        // From the thread's arena, as `render` (a search index parses every body once more).
        let arena = MarkdownArena.current
        defer { arena.pointee.reset() }
        let markdown = MaskedNumbers.escaped(markdown)
        guard let document = parseInArena(markdown, options: options) else { return "" }
        if mayHoldTable(markdown) { PipeTables.apply(to: document, source: markdown) }
        guard let iterator = cmark_iter_new(document) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = PlainTextWalk(capacity: markdown.utf8.count)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            text.visit(node, type: cmark_node_get_type(node), entering: event == CMARK_EVENT_ENTER)
        }
        return text.finish()
    }

    /// The plain text of a tree, node by node as cmark's iterator visits them (`plainText(_:)`).
    /// Bytes, not a String grown piece by piece: cmark's literals are valid UTF-8 (it validates
    /// its input), and one String is made at the end.
    struct PlainTextWalk {
        private var text: [UInt8] = []
        private static let newline = UInt8(ascii: "\n")

        init(capacity: Int) { text.reserveCapacity(capacity) }

        /// Whether the text ends in a line feed as a `Character`: "\r\n" (a `&#13;` before a
        /// break) is one character, not a line feed, as it was when this built a String.
        private func endsInLineFeed() -> Bool {
            text.last == Self.newline && !(text.count >= 2 && text[text.count - 2] == UInt8(ascii: "\r"))
        }
        private mutating func endLine() { if !text.isEmpty && !endsInLineFeed() { text.append(Self.newline) } }
        private mutating func append(_ literal: UnsafePointer<CChar>?) {
            guard let literal else { return }
            literal.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
                text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: strlen(literal)))
            }
        }

        mutating func visit(_ node: OpaquePointer, type: cmark_node_type, entering: Bool) {
            if !entering {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_CUSTOM_BLOCK { endLine() }
                // A table cell (see `PipeTables`): cells of a row stay apart.
                if type == CMARK_NODE_CUSTOM_INLINE { text.append(UInt8(ascii: " ")) }
                return
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                append(cmark_node_get_literal(node))
            case CMARK_NODE_CODE_BLOCK:
                endLine()
                append(cmark_node_get_literal(node))
                endLine()
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.append(Self.newline)
            case CMARK_NODE_ITEM, CMARK_NODE_THEMATIC_BREAK:
                endLine()
            default:
                break
            }
        }

        mutating func finish() -> String {
            while endsInLineFeed() { text.removeLast() }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Whether `markdown` holds a `|`, without which there is no pipe table: asked with `memchr`,
    /// since the generic `utf8.contains` `PipeTables` starts with cost a 10,000-item build about
    /// 0.1 s of CPU over bodies that mostly have none.
    static func mayHoldTable(_ markdown: String) -> Bool {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(UInt8(ascii: "|")), bytes.count) != nil
        }
    }

    /// What cmark_parse_document does, with the thread's arena as the parser's allocator: the
    /// document lives until the caller resets the arena.
    static func parseInArena(_ markdown: String, options: Int32) -> OpaquePointer? {
        var markdown = markdown
        // The content loader refuses a body of the shape cmark 0.30.2 takes quadratic time on
        // (`MarkdownShape`); should one reach here by another way, its image openers become text
        // (`!\[` opens nothing, and only open image openers make cmark's walks long), so that no
        // page ever takes minutes.
        if MarkdownShape.quadraticRun(in: markdown) != nil {
            markdown = escapingImageOpeners(markdown)
        }
        return markdown.withUTF8 { buffer in
            guard let parser = cmark_parser_new_with_mem(options, MarkdownArena.allocator) else { return nil }
            defer { cmark_parser_free(parser) }
            buffer.withMemoryRebound(to: CChar.self) { text in
                if let start = text.baseAddress, !text.isEmpty { cmark_parser_feed(parser, start, text.count) }
            }
            return cmark_parser_finish(parser)
        }
    }

    /// `markdown` with a backslash before the `[` of every `![`.
    private static func escapingImageOpeners(_ markdown: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(markdown.utf8.count + markdown.utf8.count / 2)
        var previous: UInt8 = 0
        for byte in markdown.utf8 {
            if byte == UInt8(ascii: "["), previous == UInt8(ascii: "!") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
            previous = byte
        }
        return String(decoding: bytes, as: UTF8.self)
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

/// A bump allocator for cmark, one per thread: a document's nodes, buffers and HTML are carved
/// from blocks kept from one document to the next, instead of a `malloc` and a `free` each, which
/// cost about as much as parsing. `reset` releases a whole document at once.
///
/// Every allocation starts with its size (for `realloc`); the last one grows in place. A struct
/// behind a pointer, not a class: cmark calls it for every node, and a class's reference
/// counting and exclusivity checks showed up in the profile.
struct MarkdownArena {
    private static let blockSize = 256 * 1024
    private static let header = 16
    /// Blocks beyond this much are given back after a document that needed them.
    private static let keptSize = 4 * 1024 * 1024

    /// Blocks in the order they are used; `offset` is the first free byte of `blocks[index]`.
    private var blocks: [(memory: UnsafeMutableRawPointer, size: Int)] = []
    private var index = 0
    private var offset = 0
    /// The last allocation (its size header), which `realloc` may grow in place.
    private var last: UnsafeMutableRawPointer?

    private static func rounded(_ size: Int) -> Int { header + (size + 15) & ~15 }

    mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let needed = Self.rounded(size)
        if blocks.isEmpty || offset + needed > blocks[index].size {
            guard nextBlock(holding: needed) else { return nil }
        }
        let start = blocks[index].memory + offset
        start.storeBytes(of: size, as: Int.self)
        offset += needed
        last = start
        return start + Self.header
    }

    mutating func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(size) }
        let start = pointer - Self.header
        let old = start.load(as: Int.self)
        if start == last {
            let end = blocks[index].memory.distance(to: start) + Self.rounded(size)
            if end <= blocks[index].size {
                start.storeBytes(of: size, as: Int.self)
                offset = end
                return pointer
            }
        }
        guard let moved = allocate(size) else { return nil }
        moved.copyMemory(from: pointer, byteCount: min(old, size))
        return moved
    }

    /// Makes the next block (one big enough for `needed` bytes) the current one.
    private mutating func nextBlock(holding needed: Int) -> Bool {
        let next = blocks.isEmpty ? 0 : index + 1
        if next < blocks.count && blocks[next].size >= needed {
            index = next
        } else {
            let size = max(Self.blockSize, needed)
            guard let memory = malloc(size) else { return false }
            blocks.insert((memory, size), at: next)
            index = next
        }
        offset = 0
        return true
    }

    mutating func reset() {
        index = 0
        offset = 0
        last = nil
        var kept = 0
        blocks.removeAll { block in
            kept += block.size
            if kept <= Self.keptSize { return false }
            free(block.memory)
            return true
        }
    }

    // MARK: One arena per thread

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { stored in
            guard let arena = stored?.assumingMemoryBound(to: MarkdownArena.self) else { return }
            for block in arena.pointee.blocks { free(block.memory) }
            arena.deinitialize(count: 1)
            arena.deallocate()
        }
        return key
    }()

    /// The calling thread's arena.
    static var current: UnsafeMutablePointer<MarkdownArena> {
        if let stored = pthread_getspecific(key) { return stored.assumingMemoryBound(to: MarkdownArena.self) }
        let arena = UnsafeMutablePointer<MarkdownArena>.allocate(capacity: 1)
        arena.initialize(to: MarkdownArena())
        pthread_setspecific(key, arena)
        return arena
    }

    /// cmark's allocator functions, working on the current thread's arena.
    nonisolated(unsafe) static let allocator: UnsafeMutablePointer<cmark_mem> = {
        let allocator = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        allocator.initialize(to: cmark_mem(
            calloc: { count, size in
                let (total, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow, let memory = MarkdownArena.current.pointee.allocate(total) else { return nil }
                memory.initializeMemory(as: UInt8.self, repeating: 0, count: total)
                return memory
            },
            realloc: { pointer, size in MarkdownArena.current.pointee.reallocate(pointer, size) },
            free: { _ in }))
        return allocator
    }()
}
