import Foundation

/// The text a reader sees, for the privacy scan: a number disguised in the source (full-width
/// digits, HTML entities, zero-width characters, emphasis between the digits) still reads as that
/// number on the page, so it is scanned in this form as well as in the source.
///
/// The normalised text is kept as ASCII-only bytes (a character that normalises to no ASCII is one
/// neutral byte, 0: it only has to end a run of digits), each with the byte offset in the source it
/// came from, so that a finding still names the source line and column.
struct PrivacyText {
    /// Normalised bytes; only digits, letters, separators and markup matter to the scan.
    var bytes: [UInt8] = []
    /// For each normalised byte, the offset in the source's UTF-8 bytes of what it came from.
    var sources: [Int32] = []

    init() {}

    /// A byte that stands for any character with no ASCII form (a Chinese character, say): it
    /// ends a run of digits and glues to nothing, as such characters did in the source scan.
    static let neutral: UInt8 = 0

    /// Whether normalising can change what the scan finds in `source`: the scan of the source
    /// alone is complete for a text with no entity, no non-ASCII form of a digit or separator,
    /// and no markup or separator right after a digit. Most item texts have none of these
    /// (dates aside), so most are scanned once, quickly.
    static func mayHideNumbers(_ source: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = source.count
        while index < count {
            let byte = source[index]
            if byte == UInt8(ascii: "&") { return true }
            if byte >= 0x80 {
                // Lead bytes of the blocks that hold full-width forms, spaces, dashes, zero-width
                // and other format characters, circled and mathematical digits: cheaper to send
                // such a text through normalising than to decode every Chinese character here.
                switch byte {
                case 0xC2, 0xEF, 0xF0: return true
                case 0xE2 where index + 1 < count && (source[index + 1] == 0x80 || source[index + 1] == 0x81 || source[index + 1] == 0x91 || source[index + 1] == 0x92 || source[index + 1] == 0x93):
                    // U+2000–U+206F (spaces, dashes, zero-width, bidi marks) and U+2460–U+24FF
                    // (circled digits); Chinese quotes U+201C/D are in the first block too, a
                    // false alarm that only costs time.
                    return true
                case 0xE3 where index + 2 < count && source[index + 1] == 0x80 && source[index + 2] == 0x80:
                    return true  // U+3000, the ideographic space
                default: break
                }
            } else if isDigit(byte), index + 2 < count {
                let next = source[index + 1]
                if isMarkup(next) || isSeparator(next) {
                    var after = index + 1
                    while after < count, isMarkup(source[after]) { after += 1 }
                    if after < count, isSeparator(source[after]) { after += 1 }
                    if after < count, isDigit(source[after]) || source[after] == UInt8(ascii: "+") { return true }
                    if after < count, isMarkup(next) { return true }
                }
            } else if isMarkup(byte) || byte == UInt8(ascii: ">"), index + 1 < count, isDigit(source[index + 1]) {
                return true  // markup or a tag's end before a digit
            } else if isDigit(byte), index + 1 < count, source[index + 1] == UInt8(ascii: "<") {
                return true
            }
            index += 1
        }
        return false
    }

    /// Normalises `source` (UTF-8): NFKC per character, HTML numeric and common named entities
    /// decoded, format characters (Unicode category Cf: U+200B, U+200D, U+2060, U+FEFF, U+00AD …)
    /// dropped, dashes as `-`, spaces as ` `, and Markdown markup (`*`, `_`, `` ` ``, `~`) next to a
    /// digit removed (emphasis splitting `370305198**503171**23X` or wrapping `**13812345678**`;
    /// a masked `370305********1234` loses its stars and keeps too few digits to be a number).
    init(normalising source: UnsafeBufferPointer<UInt8>) {
        var raw = PrivacyText()
        raw.bytes.reserveCapacity(source.count)
        raw.sources.reserveCapacity(source.count)
        var index = 0
        let count = source.count
        while index < count {
            // A line with no digit in any form holds no number: it becomes one neutral byte.
            if index == 0 || source[index - 1] == 10 {
                let lineEnd = memchr(source.baseAddress! + index, 10, count - index)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - source.baseAddress! } ?? count
                if !Self.mayHoldDigits(UnsafeBufferPointer(rebasing: source[index..<lineEnd])) {
                    raw.bytes.append(Self.neutral); raw.sources.append(Int32(index))
                    if lineEnd < count { raw.bytes.append(10); raw.sources.append(Int32(lineEnd)) }
                    index = lineEnd + 1
                    continue
                }
            }
            let byte = source[index]
            let start = Int32(index)
            if byte < 0x80 {
                if byte == UInt8(ascii: "&"), let (scalar, length) = Self.entity(at: index, in: source) {
                    if let scalar { raw.append(scalar, from: start) }
                    index += length
                    continue
                }
                raw.bytes.append(byte)
                raw.sources.append(start)
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            // Most of a Chinese text: CJK ideographs (U+4000–U+9FFF, lead bytes E4–E9) and CJK
            // punctuation (U+3001–U+303F) have no compatibility form and are no format
            // characters; they are one neutral byte without being decoded.
            if (0xE4...0xE9).contains(byte) || (byte == 0xE3 && index + 2 < count && source[index + 1] == 0x80 && source[index + 2] != 0x80) {
                raw.bytes.append(Self.neutral); raw.sources.append(start); index += length; continue
            }
            guard index + length <= count, let scalar = Self.decodeScalar(source, at: index, length: length) else {
                raw.bytes.append(Self.neutral); raw.sources.append(start); index += 1; continue
            }
            raw.append(scalar, from: start)
            index += length
        }
        self = raw.withoutMarkupNextToDigits()
    }

    /// Whether a line holds a digit in some form: ASCII, an entity, full-width (U+FF10–FF19),
    /// superscript, circled or enclosed (U+2460–U+24FF), mathematical (U+1D7CE–U+1D7FF).
    static func mayHoldDigits(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = line.count
        while index < count {
            let byte = line[index]
            if isDigit(byte) || byte == UInt8(ascii: "&") { return true }
            if byte >= 0xC2, index + 1 < count {
                let next = line[index + 1]
                switch byte {
                case 0xC2 where next == 0xB2 || next == 0xB3 || next == 0xB9: return true
                case 0xE2 where next >= 0x81 && next <= 0x93: return true  // superscripts, subscripts, enclosed digits
                case 0xEF where next == 0xBC && index + 2 < count && (0x90...0x99).contains(line[index + 2]): return true
                case 0xF0 where next == 0x9D: return true
                default: break
                }
            }
            index += 1
        }
        return false
    }

    /// The scalar of a well-formed UTF-8 sequence (the text was validated when it was read).
    private static func decodeScalar(_ source: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Unicode.Scalar? {
        guard length > 1 else { return nil }
        var value = UInt32(source[index]) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let next = source[index + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return Unicode.Scalar(value)
    }

    /// Appends one source character in its normalised form.
    private mutating func append(_ scalar: Unicode.Scalar, from source: Int32) {
        if scalar.isASCII {
            bytes.append(UInt8(scalar.value)); sources.append(source); return
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format: return  // invisible on the page: zero-width space, joiners, BOM, soft hyphen
        case .dashPunctuation: bytes.append(UInt8(ascii: "-")); sources.append(source); return
        case .spaceSeparator: bytes.append(UInt8(ascii: " ")); sources.append(source); return
        default: break
        }
        if scalar == "\u{2212}" { bytes.append(UInt8(ascii: "-")); sources.append(source); return }  // minus sign
        // NFKC changes only characters with a compatibility form; Chinese characters have none,
        // and are not turned into strings one by one.
        if properties.changesWhenNFKCCaseFolded,
           let mapped = Optional(String(scalar).precomposedStringWithCompatibilityMapping),
           !mapped.isEmpty, mapped.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in mapped.utf8 { bytes.append(byte); sources.append(source) }
            return
        }
        bytes.append(Self.neutral); sources.append(source)
    }

    /// Drops runs of Markdown markup and HTML tags (`370305<b>19850112</b>123X`: the reader sees
    /// one number) that touch a digit on either side.
    private func withoutMarkupNextToDigits() -> PrivacyText {
        guard bytes.contains(where: { Self.isMarkup($0) || $0 == UInt8(ascii: "<") }) else { return self }
        var result = PrivacyText()
        result.bytes.reserveCapacity(bytes.count)
        result.sources.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var end = index
            while let next = markupEnd(at: end) { end = next }
            if end > index {
                let before = index > 0 && Self.isDigitOrX(bytes[index - 1])
                let after = end < bytes.count && Self.isDigit(bytes[end])
                if before || after { index = end; continue }
                while index < end { result.bytes.append(bytes[index]); result.sources.append(sources[index]); index += 1 }
                continue
            }
            result.bytes.append(bytes[index]); result.sources.append(sources[index])
            index += 1
        }
        return result
    }

    /// The end of the markup character or HTML tag (`<b>`, `</span>`, `<br/>`) at `index`, if one is there.
    private func markupEnd(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        if Self.isMarkup(bytes[index]) { return index + 1 }
        guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else { return nil }
        let first = bytes[index + 1] | 0x20
        guard (first >= 97 && first <= 122) || bytes[index + 1] == UInt8(ascii: "/") else { return nil }
        var end = index + 2
        let limit = min(bytes.count, index + 200)
        while end < limit, bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "<"), bytes[end] != 10 { end += 1 }
        guard end < limit, bytes[end] == UInt8(ascii: ">") else { return nil }
        // Only inline tags join what they touch: a table cell or a paragraph ends a number, and
        // joining the figures of an HTML table would make Luhn-passing “cards” of one run in ten.
        let nameStart = bytes[index + 1] == UInt8(ascii: "/") ? index + 2 : index + 1
        var nameEnd = nameStart
        while nameEnd < end, bytes[nameEnd] > 32, bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
        let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
        return Self.inlineTags.contains(name) ? end + 1 : nil
    }

    static let inlineTags: Set<String> = [
        "b", "i", "u", "s", "em", "strong", "span", "a", "font", "mark", "code", "small", "big", "del", "ins",
        "sup", "sub", "w:r", "w:t", "wbr",
    ]

    /// Named entities that can stand in a number: spaces, dashes, invisible characters.
    private static let namedEntities: [String: Unicode.Scalar?] = [
        "nbsp": " ", "ensp": " ", "emsp": " ", "thinsp": " ", "numsp": " ", "puncsp": " ",
        "hyphen": "-", "dash": "-", "minus": "-", "ndash": "-", "mdash": "-",
        "zwsp": nil, "ZeroWidthSpace": nil, "zwj": nil, "zwnj": nil, "shy": nil, "NoBreak": nil,
        "InvisibleTimes": nil, "InvisibleComma": nil, "it": nil, "ic": nil,
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "plus": "+", "period": ".",
        "lowbar": "_", "ast": "*", "midast": "*", "grave": "`", "tilde": "~",
    ]

    /// The entity at `index` (`&#51;`, `&#x33;`, `&nbsp;`): its character (nil: invisible) and length.
    private static func entity(at index: Int, in source: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar?, Int)? {
        var end = index + 1
        let limit = min(source.count, index + 34)
        while end < limit, source[end] != UInt8(ascii: ";"), source[end] != UInt8(ascii: "&"), source[end] > 32 { end += 1 }
        guard end < limit, source[end] == UInt8(ascii: ";"), end > index + 1 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: source[(index + 1)..<end]), as: UTF8.self)
        let length = end + 1 - index
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, length)
        }
        guard let scalar = namedEntities[name] else { return nil }
        return (scalar, length)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    @inline(__always) static func isDigitOrX(_ byte: UInt8) -> Bool { isDigit(byte) || byte == 88 || byte == 120 }
    @inline(__always) static func isMarkup(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~")
    }
    /// What may stand between the groups of a number written in groups.
    @inline(__always) static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
