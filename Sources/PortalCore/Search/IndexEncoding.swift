import Foundation

/// The byte-level vocabulary of the search index files, shared with `search.js` (which reads them
/// with a `DataView`): LEB128 variable-length integers, strings as length + UTF-8, document sets
/// as delta lists or bitmaps, and the FNV-1a hash that names a key's shard.
enum IndexEncoding {
    /// Unsigned LEB128: seven bits a byte, low bits first.
    static func appendVarint(_ value: Int, to data: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            data.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        data.append(UInt8(v))
    }

    static func appendString(_ utf8: [UInt8], to data: inout [UInt8]) {
        appendVarint(utf8.count, to: &data)
        data.append(contentsOf: utf8)
    }

    /// UTF-8 bytes of Unicode scalar values.
    static func utf8<C: Collection>(_ scalars: C) -> [UInt8] where C.Element == UInt32 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        for v in scalars { appendUTF8(v, to: &bytes) }
        return bytes
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, to bytes: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// FNV-1a, 32 bit, over the UTF-8 bytes of `scalars`; `search.js` (`fnv1a`) computes the same to
    /// find the shard of a key without any directory.
    @inline(__always)
    static func fnv1a<C: Collection>(_ scalars: C) -> UInt32 where C.Element == UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        @inline(__always) func mix(_ byte: UInt32) { hash = (hash ^ byte) &* 0x0100_0193 }
        for v in scalars {
            switch v {
            case 0..<0x80:
                mix(v)
            case 0x80..<0x800:
                mix(0xC0 | (v >> 6)); mix(0x80 | (v & 0x3F))
            case 0x800..<0x10000:
                mix(0xE0 | (v >> 12)); mix(0x80 | ((v >> 6) & 0x3F)); mix(0x80 | (v & 0x3F))
            default:
                mix(0xF0 | (v >> 18)); mix(0x80 | ((v >> 12) & 0x3F)); mix(0x80 | ((v >> 6) & 0x3F)); mix(0x80 | (v & 0x3F))
            }
        }
        return hash
    }

    /// A set of document numbers (ascending, distinct): `0` empty; `1` count then deltas; `2` a
    /// bitmap of `documentCount` bits, whichever is smaller.
    static func appendDocumentSet(_ documents: [Int32], documentCount: Int, to data: inout [UInt8]) {
        if documents.isEmpty {
            data.append(0)
            return
        }
        var list: [UInt8] = []
        appendVarint(documents.count, to: &list)
        var previous: Int32 = 0
        for (index, document) in documents.enumerated() {
            appendVarint(Int(index == 0 ? document : document - previous), to: &list)
            previous = document
        }
        let bitmapSize = (documentCount + 7) / 8
        if list.count <= bitmapSize {
            data.append(1)
            data.append(contentsOf: list)
        } else {
            var bitmap = [UInt8](repeating: 0, count: bitmapSize)
            for document in documents { bitmap[Int(document) >> 3] |= UInt8(1 << (Int(document) & 7)) }
            data.append(2)
            data.append(contentsOf: bitmap)
        }
    }

    /// Smallest power of two ≥ `total / target` (at least 1): the number of shards that keeps each
    /// near `target` bytes.
    static func shardCount(totalBytes: Int, target: Int) -> Int {
        var count = 1
        while count * target < totalBytes { count *= 2 }
        return count
    }

    /// A JSON string literal (RFC 8259), written by hand so the bytes never depend on a library's
    /// choices.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
