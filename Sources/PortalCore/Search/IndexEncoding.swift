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

    /// Writes a block by `body` preceded by its length (varint): room for the longest length (5
    /// bytes) is left before it, then the block moves up to its length's end.
    @inline(__always)
    static func putSized(_ cursor: inout UnsafeMutablePointer<UInt8>, _ body: (inout UnsafeMutablePointer<UInt8>) -> Void) {
        let sizeAt = cursor
        cursor += 5
        let start = cursor
        body(&cursor)
        let size = cursor - start
        var end = sizeAt
        putVarint(size, &end)
        if end != start {
            end.update(from: start, count: size)
            cursor = end + size
        }
    }

    /// Writes `value` as a varint at `cursor` (room for 10 bytes) and moves `cursor` past it.
    @inline(__always)
    static func putVarint(_ value: Int, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        var v = UInt64(value)
        while v >= 0x80 {
            cursor.pointee = UInt8(truncatingIfNeeded: v) | 0x80
            cursor += 1
            v >>= 7
        }
        cursor.pointee = UInt8(truncatingIfNeeded: v)
        cursor += 1
    }

    /// Writes the UTF-8 bytes of scalar `v` at `cursor` (room for 4 bytes) and moves it past them.
    @inline(__always)
    static func putUTF8(_ v: UInt32, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        switch v {
        case 0..<0x80:
            cursor[0] = UInt8(v)
            cursor += 1
        case 0x80..<0x800:
            cursor[0] = UInt8(0xC0 | (v >> 6)); cursor[1] = UInt8(0x80 | (v & 0x3F))
            cursor += 2
        case 0x800..<0x10000:
            cursor[0] = UInt8(0xE0 | (v >> 12)); cursor[1] = UInt8(0x80 | ((v >> 6) & 0x3F)); cursor[2] = UInt8(0x80 | (v & 0x3F))
            cursor += 3
        default:
            cursor[0] = UInt8(0xF0 | (v >> 18)); cursor[1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            cursor[2] = UInt8(0x80 | ((v >> 6) & 0x3F)); cursor[3] = UInt8(0x80 | (v & 0x3F))
            cursor += 4
        }
    }

    static func appendString(_ utf8: [UInt8], to data: inout [UInt8]) {
        appendVarint(utf8.count, to: &data)
        data.append(contentsOf: utf8)
    }

    /// Appends the UTF-8 bytes of scalar `v`.
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

    /// Bytes of the UTF-8 form of scalar `v`.
    @inline(__always)
    static func utf8Length(_ v: UInt32) -> Int {
        v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
    }

    static let fnv1aBasis: UInt32 = 0x811C_9DC5

    /// FNV-1a, 32 bit, over the UTF-8 bytes of `scalars`; `search.js` (`fnv1a`) computes the same to
    /// find the shard of a key without any directory.
    static func fnv1a<C: Collection>(_ scalars: C) -> UInt32 where C.Element == UInt32 {
        var hash = fnv1aBasis
        for v in scalars { hash = fnv1a(hash, v) }
        return hash
    }

    /// `hash` (of the scalars before) continued over the UTF-8 bytes of scalar `v`: the hash of a
    /// string from the hash of its prefix.
    @inline(__always)
    static func fnv1a(_ hash: UInt32, _ v: UInt32) -> UInt32 {
        var hash = hash
        @inline(__always) func mix(_ byte: UInt32) { hash = (hash ^ byte) &* 0x0100_0193 }
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
        return hash
    }

    static let hash64Basis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a, 64 bit, over scalar values (not bytes), continued by one scalar: orders the grams
    /// of a `p/` shard.
    @inline(__always)
    static func hash64(_ hash: UInt64, _ v: UInt32) -> UInt64 {
        (hash ^ UInt64(v)) &* 0x0000_0100_0000_01B3
    }

    /// The order of grams in a `p/` shard: by `hash64` of their scalars, then length, then
    /// scalars (`scalars` is asked only when hash and length tie). `IndexWriter` writes it and
    /// `IndexPatch` keeps it.
    @inline(__always)
    static func gramPrecedes(hash a: UInt64, length aLength: Int, hash b: UInt64, length bLength: Int,
                             scalars: () -> (a: [UInt32], b: [UInt32])) -> Bool {
        if a != b { return a < b }
        if aLength != bLength { return aLength < bLength }
        let (aScalars, bScalars) = scalars()
        return aScalars.lexicographicallyPrecedes(bScalars)
    }

    /// One entry of a `p/` shard: the key (length + UTF-8), its kind (1 a gram, 2 a frequent
    /// string), the payload's length and the payload.
    static func appendEntry(key: [UInt8], kind: UInt8, payload: [UInt8], to bytes: inout [UInt8]) {
        appendString(key, to: &bytes)
        bytes.append(kind)
        appendVarint(payload.count, to: &bytes)
        bytes += payload
    }

    /// A set of document numbers, given as a bitmap of `documentCount` bits (`words` 64-bit words,
    /// document `d` at bit `d % 64` of word `d / 64`): `0` empty; `1` count then deltas (the first
    /// document as it is); `2` the bitmap's bytes, whichever is smaller.
    static func appendDocumentSet(_ bits: UnsafePointer<UInt64>, words: Int, documentCount: Int, to data: inout [UInt8]) {
        var count = 0
        for word in 0..<words { count += bits[word].nonzeroBitCount }
        if count == 0 {
            data.append(0)
            return
        }
        let bitmapSize = (documentCount + 7) / 8
        // A list takes at least a byte a document: past the bitmap's size it cannot win.
        if count < bitmapSize {
            let marker = data.count
            data.append(1)
            appendVarint(count, to: &data)
            var previous = 0
            for word in 0..<words {
                var rest = bits[word]
                while rest != 0 {
                    let document = word << 6 | rest.trailingZeroBitCount
                    appendVarint(document - previous, to: &data)
                    previous = document
                    rest &= rest &- 1
                }
            }
            if data.count - marker - 1 <= bitmapSize { return }
            data.removeLast(data.count - marker)
        }
        data.append(2)
        // Little-endian words are the bitmap's bytes in order.
        for byte in 0..<bitmapSize { data.append(UInt8(truncatingIfNeeded: bits[byte >> 3] >> UInt64((byte & 7) * 8))) }
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
        var bytes: [UInt8] = []
        appendJSONString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal: `"` and `\` escaped, `\n`, `\r`, `\t`, the other
    /// controls as `\u00xx`, and U+2028 and U+2029 (line ends to JavaScript) as `\u2028` and
    /// `\u2029`; everything else as it is. Byte by byte: runs that need no escape are copied whole.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var run = 0, index = 0
            func escape(_ replacement: String, skipping count: Int) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                out.append(contentsOf: replacement.utf8)
                index += count
                run = index
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2 {
                    index += 1
                    continue
                }
                switch byte {
                case 0x22: escape("\\\"", skipping: 1)
                case 0x5C: escape("\\\\", skipping: 1)
                case 0x0A: escape("\\n", skipping: 1)
                case 0x0D: escape("\\r", skipping: 1)
                case 0x09: escape("\\t", skipping: 1)
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                    if index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                        escape(bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029", skipping: 3)
                    } else {
                        index += 1
                    }
                default:
                    let hex = String(byte, radix: 16)
                    escape("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, skipping: 1)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The bytes of one file, written by one thread into memory it keeps from file to file: the
/// writer reserves room, then writes through a cursor (`IndexEncoding.putVarint`) without a
/// check a byte.
final class ByteWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Where the next byte goes.
    var end: UnsafeMutablePointer<UInt8>

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        end = base
    }

    deinit { base.deallocate() }

    var count: Int { end - base }

    /// Makes room for `extra` more bytes after `end`.
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let used = count
        capacity = max(capacity * 2, used + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: base, count: used)
        base.deallocate()
        base = grown
        end = base + used
    }

    func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { end.update(from: $0.baseAddress!, count: $0.count) }
        end += bytes.count
    }

    func removeAll() { end = base }

    /// The bytes written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
