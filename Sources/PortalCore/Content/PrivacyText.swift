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
            // Most bytes of a Chinese text (ideographs, their continuation bytes, letters and
            // punctuation) cannot start anything below: they are passed over in a tight loop.
            index = nextMattering(source, from: index)
            guard index < count else { break }
            let byte = source[index]
            if byte == UInt8(ascii: "&") { return true }
            if byte >= 0x80 {
                if mayHideDigits(source, at: index) { return true }
            } else if isDigit(byte) {
                // A chain of digit groups, each after one separator, as `PrivacyScan` reads
                // chains in the normalised text; only a chain shaped like a number's can be
                // joined there (`PrivacyScan.idShapes` …). Dates (4-2-2), times (9:00—12:00),
                // decimals and landlines (4-7) are not, so a text full of them is scanned once.
                var nothing: [Int]? = nil
                guard let chain = walkChain(source, from: index, collecting: &nothing) else { return true }
                // Only a chain of as many digits as a shape's can have one: its groups are
                // listed (an array) for those alone, not for every date and figure.
                if chain.groups >= 2, chain.digits < 64, Self.chainDigitCounts >> chain.digits & 1 != 0 {
                    var collected: [Int]? = []
                    _ = walkChain(source, from: index, collecting: &collected)
                    let groups = collected!
                    if PrivacyScan.idShapes.contains(groups) || PrivacyScan.cardShapes.contains(groups)
                        || PrivacyScan.mobileShapes.contains(groups) { return true }
                    // A country code before a mobile written in groups: `86 138 …`, `0086 13812345678`.
                    let code = UnsafeBufferPointer(rebasing: source[chain.firstGroup])
                    let rest = Array(groups.dropFirst())
                    if code.elementsEqual("86".utf8) || code.elementsEqual("0086".utf8),
                       PrivacyScan.mobileShapes.contains(rest) || rest == [11] { return true }
                }
                index = chain.lastGroupEnd
                continue
            } else if isMarkup(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "+"), index + 1 < count, isDigit(source[index + 1]) {
                return true  // markup or a tag's end before a digit; a `+86` country code
            }
            index += 1
        }
        return false
    }

    /// A chain of digit groups as `mayHideNumbers` reads it: how many groups, how many digits
    /// (an ID's X included) in all, where the first group lies and where the last one ends.
    private struct Chain {
        var groups = 0
        var digits = 0
        var firstGroup = 0..<0
        var lastGroupEnd = 0
    }

    /// The chain of digit groups at `start` (each group after one separator), its group lengths
    /// appended to `lengths` when that is not nil; nil when markup or a tag touches one of its
    /// digits (then normalising may change what the scan finds).
    private static func walkChain(_ source: UnsafeBufferPointer<UInt8>, from start: Int, collecting lengths: inout [Int]?) -> Chain? {
        let count = source.count
        var chain = Chain()
        var position = start
        while true {
            let end = runEnd(source, from: position)
            if chain.groups == 0 { chain.firstGroup = position..<end }
            chain.groups += 1
            chain.digits += end - position
            chain.lastGroupEnd = end
            lengths?.append(end - position)
            guard end < count else { break }
            let next = source[end]
            if isMarkup(next) || next == UInt8(ascii: "<") { return nil }  // markup or a tag after a digit
            guard let gap = separatorLength(source, at: end), end + gap < count else { break }
            let after = source[end + gap]
            if isMarkup(after) || after == UInt8(ascii: "+") { return nil }
            guard isDigit(after) else { break }
            position = end + gap
        }
        return chain
    }

    /// The digit counts (as bits) of the chains that can match a shape: the shapes' own, and a
    /// mobile's shapes or 11 digits after a country code of 2 or 4 digits (`86`, `0086`).
    private static let chainDigitCounts: UInt64 = {
        var bits: UInt64 = 0
        let mobileTotals = PrivacyScan.mobileShapes.map { $0.reduce(0, +) } + [11]
        for total in (PrivacyScan.idShapes.union(PrivacyScan.cardShapes).union(PrivacyScan.mobileShapes)).map({ $0.reduce(0, +) })
            + mobileTotals.map({ $0 + 2 }) + mobileTotals.map({ $0 + 4 }) where total < 64 {
            bits |= 1 << UInt64(total)
        }
        return bits
    }()

    /// The first byte from `start` on that `mayHideNumbers` must look at (or the end): `&`, a
    /// digit, markup, `>` or `+` (ASCII), or the lead byte of a character `mayHideDigits` may
    /// answer yes for (C2, E2, EF, F0). Continuation bytes and the lead bytes of ideographs and
    /// CJK punctuation never are: a byte-at-a-time loop over them cost half of loading.
    private static func nextMattering(_ source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        matters.withUnsafeBufferPointer { table in
            var index = start
            while index < source.count, !table[Int(source[index])] { index += 1 }
            return index
        }
    }

    private static let matters: [Bool] = (0...255).map { byte in
        "&*+0123456789>_`~".utf8.contains(UInt8(byte)) || [0xC2, 0xE2, 0xEF, 0xF0].contains(byte)
    }

    /// Whether the non-ASCII character at `index` may be (or hide) part of a number once
    /// normalised: a full-width digit, X, plus, hyphen or dot, a space, dash, zero-width or other
    /// format character, a superscript, circled or mathematical digit. Decided on its bytes, so
    /// that the Chinese text around (ideographs, “”, ，、：（）…) sends no notice through normalising.
    private static func mayHideDigits(_ source: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let count = source.count
        let second: UInt8 = index + 1 < count ? source[index + 1] : 0
        let third: UInt8 = index + 2 < count ? source[index + 2] : 0
        switch source[index] {
        case 0xC2: return second != 0xA0 && second != 0xB7  // soft hyphen, ²³¹ … (not NBSP, a separator, nor ·)
        case 0xF0: return true  // 4-byte forms: mathematical digits
        case 0xE2:
            switch second {
            // Zero-width and bidi characters, leaders; spaces and dashes only count between
            // digit groups (see `separatorLength`).
            case 0x80: return (0x8B...0x8F).contains(third) || third == 0xA4 || (0xA7...0xAE).contains(third)
            case 0x81: return true  // word joiner, invisible operators, superscripts
            case 0x82: return (0x80...0x9F).contains(third)  // subscripts
            case 0x88: return false  // the minus sign is a separator
            case 0x91, 0x92, 0x93: return true  // circled and enclosed digits
            default: return false
            }
        case 0xE3: return false  // the ideographic space is a separator
        case 0xEF:
            switch second {
            case 0xB8, 0xBA, 0xBB: return true  // variation selectors, U+FEFF
            case 0xB9: return third != 0xA3 && third != 0x92  // small forms (﹣﹒ are separators)
            // ＋ － ． ０–９ Ｘ (not ，：（）！？；, the punctuation of every Chinese sentence)
            case 0xBC: return third == 0x8B || (0x90...0x99).contains(third) || third == 0xB8
            case 0xBD: return third == 0x98  // ｘ
            default: return false
            }
        default: return false
        }
    }

    /// The end of the run of digits at `start`, an ID's final X included.
    private static func runEnd(_ source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < source.count, isDigit(source[end]) { end += 1 }
        if end < source.count, source[end] == UInt8(ascii: "X") || source[end] == UInt8(ascii: "x") { end += 1 }
        return end
    }

    /// The byte length of a separator between digit groups at `index`, as normalising reads it
    /// (ASCII space, hyphen or dot; a no-break, wide or ideographic space; a dash or minus; a
    /// full-width or small hyphen or dot), or nil.
    static func separatorLength(_ source: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let count = source.count
        let byte = source[index]
        if isSeparator(byte) { return 1 }
        let second: UInt8 = index + 1 < count ? source[index + 1] : 0
        let third: UInt8 = index + 2 < count ? source[index + 2] : 0
        switch (byte, second) {
        case (0xC2, 0xA0): return 2
        case (0xE2, 0x80) where (0x80...0x8A).contains(third) || (0x90...0x95).contains(third) || third == 0xAF: return 3
        case (0xE2, 0x88) where third == 0x92: return 3
        case (0xE3, 0x80) where third == 0x80: return 3
        case (0xEF, 0xB9) where third == 0xA3 || third == 0x92: return 3
        case (0xEF, 0xBC) where third == 0x8D || third == 0x8E: return 3
        default: return nil
        }
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
