import Foundation

/// The one text form that both the index and the browser search: every Unicode scalar on its own
/// goes through NFKC (full-width `Ａ１，（` become `A1,(`), ASCII letters are lower-cased, every kind
/// of white space becomes one space (runs collapse, ends are trimmed), and control and zero-width
/// characters disappear.
///
/// Scalar by scalar, not string-wide NFKC: `search.js` must produce exactly the same sequence, and
/// it maps each scalar of a result's text back to the text it displays to place the highlight.
/// Chinese text has no combining sequences for the difference to matter.
public struct SearchNormalizer {
    /// Scalars that are dropped outright: controls other than white space, zero-width characters,
    /// the soft hyphen and the byte-order mark. Mirrored in `search.js` (`isDropped`).
    static func isDropped(_ value: UInt32) -> Bool {
        if value < 0x20 { return !isWhitespace(value) }
        if value >= 0x7F && value <= 0x9F { return value != 0x85 }
        return value == 0xAD || (value >= 0x200B && value <= 0x200D) || value == 0x2060 || value == 0xFEFF
    }

    /// White space before NFKC. Mirrored in `search.js` (`isWhitespace`).
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    private var cache: [UInt32: [UInt32]] = [:]

    public init() {}

    /// The normalised scalars of one scalar (empty when dropped; a space stands for white space).
    mutating func map(_ value: UInt32) -> [UInt32] {
        // Fast paths for what NFKC leaves alone or maps one to one: ASCII, the CJK ideographs and
        // the full-width forms that make up nearly all of a Chinese notice.
        if value < 0x80 {
            if Self.isWhitespace(value) { return [0x20] }
            if value < 0x20 || value == 0x7F { return [] }
            return [(value >= 0x41 && value <= 0x5A) ? value + 0x20 : value]
        }
        if (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) { return [value] }
        if value >= 0xFF01 && value <= 0xFF5E {
            let ascii = value - 0xFEE0
            return [(ascii >= 0x41 && ascii <= 0x5A) ? ascii + 0x20 : ascii]
        }
        if Self.isWhitespace(value) { return [0x20] }
        if Self.isDropped(value) { return [] }
        if let known = cache[value] { return known }
        guard let scalar = Unicode.Scalar(value) else { return [] }
        let mapped = String(Character(scalar)).precomposedStringWithCompatibilityMapping
        var result: [UInt32] = []
        for piece in mapped.unicodeScalars {
            let v = piece.value
            if v == 0x20 || Self.isWhitespace(v) { result.append(0x20) }
            else if Self.isDropped(v) { continue }
            else { result.append((v >= 0x41 && v <= 0x5A) ? v + 0x20 : v) }
        }
        cache[value] = result
        return result
    }

    /// `text` in the searchable form, as Unicode scalar values.
    public mutating func normalize(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count / 2)
        append(text, to: &out)
        return out
    }

    /// Appends `text` in the searchable form to `out`: the same scalars as `normalize`, without a
    /// list per scalar for the ones `map` takes its fast paths for (nearly all of a notice).
    mutating func append(_ text: String, to out: inout [UInt32]) {
        let base = out.count
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value < 0x80 {
                if Self.isWhitespace(value) { pendingSpace = out.count > base; continue }
                if value < 0x20 || value == 0x7F { continue }
                if value >= 0x41 && value <= 0x5A { value += 0x20 }
            } else if (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) {
                // As it is.
            } else if value >= 0xFF01 && value <= 0xFF5E {
                value -= 0xFEE0
                if value >= 0x41 && value <= 0x5A { value += 0x20 }
            } else {
                for mapped in map(value) {
                    if mapped == 0x20 {
                        pendingSpace = out.count > base
                    } else {
                        if pendingSpace { out.append(0x20); pendingSpace = false }
                        out.append(mapped)
                    }
                }
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(value)
        }
    }

    /// `text` in the searchable form, as a string.
    public mutating func normalizedString(_ text: String) -> String {
        var string = String.UnicodeScalarView()
        for value in normalize(text) { if let scalar = Unicode.Scalar(value) { string.append(scalar) } }
        return String(string)
    }
}
