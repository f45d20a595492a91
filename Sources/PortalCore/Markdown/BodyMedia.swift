import CCmark
import Foundation

/// An image of a body (`![替代文本](图.png)`), as the build checks it.
public struct MarkdownImage: Sendable, Hashable {
    public let destination: String
    /// The text alternative, as plain text (empty when the editor wrote none).
    public let alt: String
    /// 1-based line within the Markdown text.
    public let line: Int
}

/// Raw HTML pasted into a body (cmark's safe mode leaves it out of the page).
public struct RawHTMLUse: Sendable, Hashable {
    /// 1-based line within the Markdown text.
    public let line: Int
    /// The tag's name in lower case (`table`, `br` …), or empty for a comment or something else.
    public let tag: String
}

/// What the build must know of a body before writing its page: its images (to check, copy and
/// measure them) and its raw HTML (to warn about). Read on every build, cached page or not, so
/// that a problem is never reported on one build only.
public struct MarkdownSurvey: Sendable {
    public var images: [MarkdownImage] = []
    public var rawHTML: [RawHTMLUse] = []
}

/// The size of a picture, drawn by the browser before the picture arrives (no jumping page).
public struct ImageDimensions: Sendable, Hashable {
    public let width: Int
    public let height: Int
}

extension MarkdownRenderer {
    /// The images and raw HTML of `markdown`. A body without `![`, `]` or `<` has neither (most
    /// bodies: then nothing is parsed).
    public static func survey(_ markdown: String) -> MarkdownSurvey {
        var source = markdown
        let worthParsing = source.withUTF8 { bytes in
            bytes.contains(UInt8(ascii: "<")) || bytes.contains(UInt8(ascii: "!"))
        }
        guard worthParsing else { return MarkdownSurvey() }
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        let arena = MarkdownArena.current
        defer { arena.pointee.reset() }
        let escaped = MaskedNumbers.escaped(markdown)
        guard let document = parseInArena(escaped, options: options) else { return MarkdownSurvey() }
        let cellLines = PipeTables.apply(to: document, source: escaped)
        var survey = MarkdownSurvey()
        var seenHTML: Set<RawHTMLUse> = []
        guard let iterator = cmark_iter_new(document) else { return survey }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let line = cellLines[node] ?? Int(cmark_node_get_start_line(node))
            switch cmark_node_get_type(node) {
            case CMARK_NODE_IMAGE:
                survey.images.append(MarkdownImage(destination: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                                                   alt: DocumentConventions.text(of: node), line: line))
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let use = RawHTMLUse(line: line, tag: tagName(cmark_node_get_literal(node).map { String(cString: $0) } ?? ""))
                // One warning per kind of tag and line: `<td>…</td><td>…</td>` is one mistake.
                if seenHTML.insert(use).inserted { survey.rawHTML.append(use) }
            default:
                break
            }
        }
        return survey
    }

    /// `table` for `<table border=1>` and for `</table>`; empty for a comment or a declaration.
    static func tagName(_ html: String) -> String {
        var rest = Substring(html.drop { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard rest.first == "<" else { return "" }
        rest = rest.dropFirst()
        if rest.first == "/" { rest = rest.dropFirst() }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = name.first, first.isLetter else { return "" }
        return name.lowercased()
    }

    /// The `<img>` of an image beside the item: its size, so that the page does not move when it
    /// arrives, loaded only when near the screen. Every value escaped (a custom node is written as
    /// given).
    static func imageTag(source: String, alt: String, title: String, dimensions: ImageDimensions?) -> String {
        var tag = "<img src=\"\(HTMLText.escape(source))\" alt=\"\(HTMLText.escape(alt))\""
        if !title.isEmpty { tag += " title=\"\(HTMLText.escape(title))\"" }
        if let dimensions { tag += " width=\"\(dimensions.width)\" height=\"\(dimensions.height)\"" }
        return tag + " loading=\"lazy\" decoding=\"async\" />"
    }
}

/// The pixel size of a PNG, JPEG, GIF or WebP picture from its first bytes, without decoding it.
enum ImageHeader {
    /// The types a body may show. Not SVG: an SVG file can carry script.
    static let extensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp"]

    /// How much of a file is read: a JPEG's size comes after its EXIF and colour profile, which
    /// rarely pass 128 KB; the others say it in their first 30 bytes.
    static let readLimit = 256 * 1024

    static func dimensions(_ bytes: [UInt8]) -> ImageDimensions? {
        func be16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func be32(_ at: Int) -> Int { be16(at) << 16 | be16(at + 2) }
        func le24(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 }
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        func valid(_ width: Int, _ height: Int) -> ImageDimensions? {
            width > 0 && height > 0 && width <= 100_000 && height <= 100_000 ? ImageDimensions(width: width, height: height) : nil
        }
        // PNG: signature, then the IHDR chunk: width and height, big-endian.
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard bytes.count >= 24, starts(Array("IHDR".utf8), at: 12) else { return nil }
            return valid(be32(16), be32(20))
        }
        // GIF: the logical screen, little-endian.
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            guard bytes.count >= 10 else { return nil }
            return valid(le16(6), le16(8))
        }
        // WebP: RIFF container, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk.
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8), bytes.count >= 30 {
            if starts(Array("VP8 ".utf8), at: 12) {
                guard bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A else { return nil }
                return valid(le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            }
            if starts(Array("VP8L".utf8), at: 12) {
                guard bytes[20] == 0x2F else { return nil }
                let bits = Int(bytes[21]) | Int(bytes[22]) << 8 | Int(bytes[23]) << 16 | Int(bytes[24]) << 24
                return valid((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            }
            if starts(Array("VP8X".utf8), at: 12) {
                return valid(le24(24) + 1, le24(27) + 1)
            }
            return nil
        }
        // JPEG: segments after SOI until a start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
        if starts([0xFF, 0xD8]) {
            var offset = 2
            while offset + 4 <= bytes.count {
                guard bytes[offset] == 0xFF else { return nil }
                let marker = bytes[offset + 1]
                // Fill bytes, and markers without a length.
                if marker == 0xFF { offset += 1; continue }
                if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
                let length = be16(offset + 2)
                guard length >= 2 else { return nil }
                if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                    guard offset + 9 <= bytes.count else { return nil }
                    return valid(be16(offset + 7), be16(offset + 5))
                }
                if marker == 0xDA || marker == 0xD9 { return nil }
                offset += 2 + length
            }
        }
        return nil
    }
}

extension SiteFiles {
    /// At most the first `limit` bytes of the regular file at `path` (never following a link):
    /// the header of a picture, without reading the whole picture.
    func readPrefix(_ path: String, limit: Int) -> [UInt8]? {
        guard kind(of: path) == .file else { return nil }
        let folder = openFolder((path as NSString).deletingLastPathComponent)
        guard folder >= 0 else { return nil }
        defer { close(folder) }
        guard case .success(let descriptor) = Self.openFile(named: (path as NSString).lastPathComponent, in: folder)
        else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, limit - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return Array(bytes[..<filled])
    }
}
