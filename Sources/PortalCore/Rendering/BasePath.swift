import Foundation

/// Puts the site's base path (`/fgj/`, from `base_url`) in front of every root-relative URL of a
/// rendered page, so that a site served under a path of another site links inside that path.
///
/// Templates, the build and editors all write site paths (`/meetings/x/`, `/assets/style.css`):
/// the link checker, the sitemap and the incremental build speak them, and an editor's link means
/// the same whatever the site is served under. Only the finished HTML changes, in one place, so a
/// new template or a link in a Markdown body cannot be forgotten. With base path `/` nothing is
/// touched and pages stay byte-for-byte what they were.
///
/// Rewritten: the value of `href`, `src`, `action`, `poster` and `data-index` attributes written
/// with double quotes, when it starts with one `/` (not `//host`, a protocol-relative URL). The
/// renderer always quotes with `"` and escapes `"` in text as `&quot;`, so text that merely looks
/// like an attribute (a code sample in a body) is never taken for one.
public enum BasePath {
    static let attributes = ["href", "src", "action", "poster", "data-index"]

    /// `html` with `basePath` put before every root-relative URL; `html` itself when `basePath` is `/`.
    public static func apply(_ basePath: String, to html: Data) -> Data {
        guard basePath != "/", basePath.hasPrefix("/") else { return html }
        let prefix = Array(basePath.utf8.dropLast())  // `/fgj`: the URL's own `/` follows
        let bytes = [UInt8](html)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 512)
        var copied = 0
        var index = 0
        let count = bytes.count
        // Looks for `="/` then checks the attribute name before it.
        while index + 2 < count {
            guard let found = findEqualsQuoteSlash(bytes, from: index) else { break }
            index = found + 3
            let afterSlash = found + 3
            if afterSlash < count && bytes[afterSlash] == UInt8(ascii: "/") { continue }
            guard endsWithAttributeName(bytes, before: found) else { continue }
            out.append(contentsOf: bytes[copied..<(found + 2)])
            out.append(contentsOf: prefix)
            copied = found + 2
        }
        if copied == 0 { return html }
        out.append(contentsOf: bytes[copied...])
        return Data(out)
    }

    public static func apply(_ basePath: String, to html: String) -> String {
        guard basePath != "/" else { return html }
        return String(decoding: apply(basePath, to: Data(html.utf8)), as: UTF8.self)
    }

    /// The index of the next `=` followed by `"/`, at or after `start`.
    private static func findEqualsQuoteSlash(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        let last = bytes.count - 3
        while index <= last {
            if bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\""), bytes[index + 2] == UInt8(ascii: "/") {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Whether one of `attributes` ends just before `equals`, preceded by white space.
    private static func endsWithAttributeName(_ bytes: [UInt8], before equals: Int) -> Bool {
        for name in attributes {
            let utf8 = Array(name.utf8)
            let start = equals - utf8.count
            guard start >= 1 else { continue }
            var matches = true
            for (offset, byte) in utf8.enumerated() where lowercased(bytes[start + offset]) != byte {
                matches = false
                break
            }
            guard matches else { continue }
            let before = bytes[start - 1]
            if before == 32 || before == 9 || before == 10 || before == 13 { return true }
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
