import CCmark
import Foundation

/// Masked identity and phone numbers (`370305********1234`, `138****5678`, `370305********246X`)
/// are text, not emphasis.
///
/// cmark reads a run of `*` between digits as an emphasis delimiter that can both open and
/// close, so `370305********1234` came out as `370305<strong><strong>…` and the reader saw the
/// digits run together in bold. Every `*` of such a run is escaped (`\*`) in the source handed to
/// cmark. Escaping adds bytes to a line, never a line, so the line numbers of links and
/// diagnostics stay those of the file. Code is left alone (a backslash would show there): the
/// lines of code blocks come from a first parse by cmark itself (fenced and indented blocks, in
/// lists and quotes too), and code spans are skipped by matching their backtick runs.
enum MaskedNumbers {
    /// `markdown` with every `*` of a masked number escaped, or `markdown` itself when it has none.
    static func escaped(_ markdown: String) -> String {
        var source = markdown
        return source.withUTF8 { bytes -> String in
            guard hasMaskedRun(bytes) else { return markdown }
            let codeLines = codeBlockLines(markdown)
            return String(decoding: escaping(bytes, skippingLines: codeLines), as: UTF8.self)
        }
    }

    private static let star = UInt8(ascii: "*"), backtick = UInt8(ascii: "`"), newline = UInt8(ascii: "\n")

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The end (exclusive) of the `*` run starting at `start` when it masks digits: a digit right
    /// before it, and right after it a digit, or an `X`/`x` that ends the number (the check
    /// character of an identity number).
    private static func maskedRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start > 0, isDigit(bytes[start - 1]) else { return nil }
        var end = start
        while end < bytes.count, bytes[end] == star { end += 1 }
        guard end < bytes.count else { return nil }
        let next = bytes[end]
        if isDigit(next) { return end }
        if next == UInt8(ascii: "X") || next == UInt8(ascii: "x") {
            let after = end + 1 < bytes.count ? bytes[end + 1] : 0
            let isWordByte = isDigit(after) || (after | 0x20 >= UInt8(ascii: "a") && after | 0x20 <= UInt8(ascii: "z"))
            return isWordByte ? nil : end
        }
        return nil
    }

    /// Whether `bytes` has a masked run. memchr goes from `*` to `*`: most of a body has none,
    /// and a byte loop over every body (twice a build) cost a 10,000-item build 0.05 s.
    private static func hasMaskedRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 1
        while index < bytes.count {
            guard let found = memchr(base + index, Int32(star), bytes.count - index) else { return false }
            index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if bytes[index - 1] != star, maskedRunEnd(bytes, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// The 1-based lines that cmark puts in code blocks.
    private static func codeBlockLines(_ markdown: String) -> Set<Int> {
        guard let document = MarkdownRenderer.parseInArena(markdown, options: CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8),
              let iterator = cmark_iter_new(document)
        else { return [] }
        defer { cmark_iter_free(iterator) }
        var lines: Set<Int> = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { continue }
            let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
            if first >= 1, last >= first { lines.formUnion(first...last) }
        }
        return lines
    }

    private static func escaping(_ bytes: UnsafeBufferPointer<UInt8>, skippingLines codeLines: Set<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 32)
        var line = 1
        var lineIsBlank = true
        // The length of the backtick run that opened a code span still open, or 0.
        var openSpan = 0
        // Lengths of backtick runs that have no closer in the rest of the current paragraph: each
        // length is looked for once per paragraph, so many unmatched runs stay cheap.
        var unclosed: Set<Int> = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == newline {
                // A blank line ends a paragraph, and with it any unclosed backtick run (which
                // cmark then reads as literal backticks).
                if lineIsBlank { openSpan = 0; unclosed = [] }
                line += 1
                lineIsBlank = true
                output.append(byte)
                index += 1
                continue
            }
            if byte != UInt8(ascii: " ") && byte != 9 && byte != UInt8(ascii: "\r") { lineIsBlank = false }
            if codeLines.contains(line) {
                output.append(byte)
                index += 1
                continue
            }
            // A backslash escape outside code (`\``, `\*`) is cmark's: it opens no span and starts
            // no run, so the two bytes go through as they are.
            if byte == UInt8(ascii: "\\"), openSpan == 0, index + 1 < bytes.count, bytes[index + 1] != newline {
                output.append(byte)
                output.append(bytes[index + 1])
                index += 2
                continue
            }
            if byte == backtick {
                var end = index
                while end < bytes.count, bytes[end] == backtick { end += 1 }
                let length = end - index
                if openSpan == 0 {
                    // Opens a span only when a run of the same length closes it later.
                    if !unclosed.contains(length) {
                        if closingRun(bytes, from: end, length: length) { openSpan = length } else { unclosed.insert(length) }
                    }
                } else if length == openSpan {
                    openSpan = 0
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
                continue
            }
            if byte == star, openSpan == 0, index > 0, bytes[index - 1] != star,
               let end = maskedRunEnd(bytes, at: index) {
                for _ in index..<end { output.append(UInt8(ascii: "\\")); output.append(star) }
                index = end
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// Whether a backtick run of exactly `length` follows `start` before the paragraph ends.
    private static func closingRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, length: Int) -> Bool {
        var index = start
        var lineIsBlank = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == newline {
                if lineIsBlank { return false }
                lineIsBlank = true
            } else if byte == backtick {
                var end = index
                while end < bytes.count, bytes[end] == backtick { end += 1 }
                if end - index == length { return true }
                index = end
                lineIsBlank = false
                continue
            } else if byte != UInt8(ascii: " ") && byte != 9 && byte != UInt8(ascii: "\r") {
                lineIsBlank = false
            }
            index += 1
        }
        return false
    }
}
