/// The YAML of nearly every front matter: one `key: value` line per key, each value a plain text
/// or a one-line list (`topics: [就业创业, 社会保险]`), read without Yams.
///
/// Yams builds a tree of nodes, tags and marks for each file, a fifth of loading a site of ten
/// thousand items. `parse` accepts only text it is sure Yams (libyaml) reads to the same keys and
/// values, and says nil to anything else — quotes, block lists, comments, tabs, repeated keys,
/// continued lines, characters that YAML treats specially — so that the caller reads it with
/// Yams as before, with Yams' messages.
struct LineMapping {
    enum Value: Equatable {
        /// A plain scalar on the key's line; empty for `key:` with nothing after it (YAML's null).
        case text(String)
        /// A flow sequence of plain scalars on the key's line.
        case list([String])
    }

    struct Entry {
        let key: String
        /// 1-based line in the YAML text, as Yams' marks count.
        let line: Int
        let value: Value
    }

    /// In the order of the text; no key twice.
    let entries: [Entry]

    func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    /// The mapping, or nil when the text is not of the simple form (or is not YAML at all).
    static func parse(_ yaml: String) -> LineMapping? {
        var yaml = yaml
        return yaml.withUTF8 { bytes -> LineMapping? in
            var entries: [Entry] = []
            var lineNumber = 0
            var lineStart = 0
            let count = bytes.count
            while lineStart <= count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < count, bytes[lineEnd] != 10 { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart { continue }
                guard let entry = parseLine(bytes, from: lineStart, to: lineEnd, number: lineNumber),
                      !entries.contains(where: { $0.key == entry.key }) else { return nil }
                entries.append(entry)
            }
            return LineMapping(entries: entries)
        }
    }

    /// `key: value` at the start of the line: a key of lower-case ASCII letters and `_`, a colon,
    /// then nothing, or spaces and a value.
    private static func parseLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, number: Int) -> Entry? {
        var index = start
        while index < end, isKeyByte(bytes[index]) { index += 1 }
        guard index > start, index < end, bytes[index] == colon else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        guard index == end || bytes[index] == space else { return nil }
        while index < end, bytes[index] == space { index += 1 }
        var valueEnd = end
        // Trailing spaces end a plain scalar or follow a flow sequence: not part of the value.
        while valueEnd > index, bytes[valueEnd - 1] == space { valueEnd -= 1 }
        if index == valueEnd { return Entry(key: key, line: number, value: .text("")) }
        if bytes[index] == UInt8(ascii: "[") {
            guard let items = flowList(bytes, from: index + 1, to: valueEnd) else { return nil }
            return Entry(key: key, line: number, value: .list(items))
        }
        guard isPlain(bytes, from: index, to: valueEnd, inFlow: false) else { return nil }
        return Entry(key: key, line: number, value: .text(text(bytes, index, valueEnd)))
    }

    /// The items of `[a, b c, d]` (from after the `[`): plain scalars between commas, trimmed.
    /// An empty item (`[a, , b]`, or the trailing comma YAML allows) is left to Yams.
    private static func flowList(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [String]? {
        guard end > start, bytes[end - 1] == UInt8(ascii: "]") else { return nil }
        let close = end - 1
        var items: [String] = []
        var itemStart = start
        while true {
            var itemEnd = itemStart
            while itemEnd < close, bytes[itemEnd] != comma { itemEnd += 1 }
            var first = itemStart, last = itemEnd
            while first < last, bytes[first] == space { first += 1 }
            while last > first, bytes[last - 1] == space { last -= 1 }
            if first == last {
                // `[]` or `[ ]`: the empty list; any other empty item goes to Yams.
                return itemEnd == close && items.isEmpty ? [] : nil
            }
            guard isPlain(bytes, from: first, to: last, inFlow: true) else { return nil }
            items.append(text(bytes, first, last))
            if itemEnd == close { return items }
            itemStart = itemEnd + 1
        }
    }

    /// Whether `bytes[start..<end]` (not empty, no spaces at either end) is one plain scalar that
    /// libyaml reads as exactly these characters. Stricter than YAML where that is simpler.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, inFlow: Bool) -> Bool {
        // A value that may be over `YAMLBounds.maxValueLength` characters (it has more bytes) is
        // left to Yams' path, which counts and reports it.
        if end - start > YAMLBounds.maxValueLength { return false }
        // Characters that start something else (a list, a quote, an anchor, a comment, …).
        if Self.indicators.contains(bytes[start]) { return false }
        var index = start
        while index < end {
            let byte = bytes[index]
            switch byte {
            case 0..<0x20, 0x7F:
                // Control characters, tabs included (YAML rejects most; tabs have rules of their own).
                return false
            case colon:
                // `: ` starts a value (and a colon before the end is one too); in a list, any
                // colon is left to Yams.
                if inFlow || index + 1 == end || bytes[index + 1] == space { return false }
            case UInt8(ascii: "#"):
                // ` #` starts a comment; in a list, any `#` is left to Yams.
                if inFlow || bytes[index - 1] == space { return false }
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), comma:
                if inFlow { return false }
            case 0xC2:
                // U+0080–U+009F: C1 controls and NEL, which YAML takes for a line break.
                if bytes[index + 1] < 0xA0 { return false }
            case 0xE2:
                // U+2028 and U+2029, line and paragraph separators: line breaks to YAML.
                if bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return false }
            case 0xEF:
                // U+FEFF (a byte-order mark) and the non-characters U+FFFE and U+FFFF.
                if bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return false }
                if bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return false }
                // U+FF0C, a full-width comma in a list: `YAMLMistakes` warns of it.
                if inFlow, bytes[index + 1] == 0xBC, bytes[index + 2] == 0x8C { return false }
            default:
                break
            }
            index += 1
        }
        return true
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    private static let space = UInt8(ascii: " ")
    private static let colon = UInt8(ascii: ":")
    private static let comma = UInt8(ascii: ",")
    /// YAML's indicator characters: a plain scalar starting with one is something else or is
    /// read by rules this reader leaves to Yams (`-5`, `?x`, `:x`). Among them `&` and `*`, an
    /// anchor and an alias: Yams' path refuses those (`YAMLBounds`).
    private static let indicators: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
}
