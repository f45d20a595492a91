/// How a gram's entry in a `p/` shard stores its occurrences: ascending coordinates (document ×
/// 2^`positionBits` + stored position), as their number (varint), the first (varint), and, when
/// there are more, a Rice parameter `k` (one byte) and each increase minus one in Rice code: the
/// quotient `>> k` in unary (that many one bits, then a zero), then the `k` low bits. Bits are
/// packed from the lowest bit of each byte up; the last byte is padded with zeros.
///
/// Why Rice rather than a varint per increase: a gram's occurrences are spread over the whole
/// corpus, so their increases are near geometric, which Rice code fits within a bit or two
/// for the right `k`; byte-aligned varints waste 3 to 5 bits each. On 10,000 items that is a
/// sixth of the postings. `k` follows from the number and the span, so writer and patch agree.
/// `search.js` (`decodePositions`) reads it.
enum PositionCoding {
    /// The Rice parameter for `count` coordinates spanning `span` (last − first): about
    /// log2(0.7 × mean increase), the best `k` for geometric increases.
    @inline(__always)
    static func parameter(count: Int, span: Int) -> Int {
        guard count > 1 else { return 0 }
        let scaled = span * 45 / (64 * (count - 1))
        return scaled > 1 ? min(32, Int.bitWidth - 1 - scaled.leadingZeroBitCount) : 0
    }

    /// The most bytes `put` writes for `count` coordinates spanning `span`.
    static func bound(count: Int, span: Int) -> Int {
        let k = parameter(count: count, span: span)
        return 21 + (count * (k + 1) + (span >> k) + 64) / 8
    }

    /// Writes `count` ascending coordinates, the `i`-th being `coordinate(i)`, from `first` to
    /// `last`, at `cursor` (room for `bound` bytes) and moves `cursor` past them.
    @inline(__always)
    static func put(count: Int, first: Int, last: Int, _ cursor: inout UnsafeMutablePointer<UInt8>,
                    coordinate: (Int) -> Int) {
        IndexEncoding.putVarint(count, &cursor)
        IndexEncoding.putVarint(first, &cursor)
        guard count > 1 else { return }
        let k = parameter(count: count, span: last - first)
        cursor.pointee = UInt8(k)
        cursor += 1
        var bits = BitWriter(cursor: cursor)
        var previous = first
        for index in 1..<count {
            let value = coordinate(index)
            let gap = value &- previous &- 1
            previous = value
            var quotient = gap >> k
            let low = UInt64(gap) & ((1 << UInt64(k)) - 1)
            // Nearly always one write: the quotient's ones, its closing zero, the low bits.
            if quotient + 1 + k <= 32 {
                bits.write(low << UInt64(quotient + 1) | ((1 << UInt64(quotient)) - 1), count: quotient + 1 + k)
                continue
            }
            // Else in pieces that fit the bit buffer.
            while quotient >= 32 {
                bits.write(0xFFFF_FFFF, count: 32)
                quotient -= 32
            }
            bits.write((1 << UInt64(quotient)) - 1, count: quotient + 1)
            bits.write(low, count: k)
        }
        cursor = bits.finish()
    }

    /// The bytes of `coordinates` (ascending, at least one).
    static func encoded(_ coordinates: [Int]) -> [UInt8] {
        let span = coordinates.last! - coordinates[0]
        let capacity = bound(count: coordinates.count, span: span)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var cursor = buffer.baseAddress!
            put(count: coordinates.count, first: coordinates[0], last: coordinates.last!, &cursor) { coordinates[$0] }
            initialized = cursor - buffer.baseAddress!
        }
    }

    /// The coordinates of an entry's payload, or nil when it is malformed. Reads 64 bits at a
    /// time: a patch decodes every entry its documents touch, millions of coordinates.
    static func decoded(_ payload: [UInt8]) -> [Int]? {
        var reader = IndexReader(payload)
        guard let coordinates = read(&reader), reader.atEnd else { return nil }
        return coordinates
    }

    /// `decoded`, from where `reader` stands: leaves it after the coordinates' last byte.
    static func read(_ reader: inout IndexReader) -> [Int]? {
        let payload = reader.bytes
        guard let count = reader.varint(), count >= 1, count <= payload.count * 8, let first = reader.varint()
        else { return nil }
        guard count > 1 else { return [first] }
        guard let parameter = reader.byte(), parameter <= 32 else { return nil }
        let k = Int(parameter), mask = (1 << k) - 1
        var coordinates = [Int]()
        coordinates.reserveCapacity(count)
        coordinates.append(first)
        let end = payload.count * 8
        var bit = reader.offset * 8, previous = first
        let complete = payload.withUnsafeBufferPointer { bytes -> Bool in
            /// The bits from `bit` on (zeros past the end).
            @inline(__always) func bits(at bit: Int) -> UInt64 {
                let index = bit >> 3
                var word: UInt64 = 0
                if index + 8 <= bytes.count {
                    word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                } else {
                    for offset in 0..<max(0, bytes.count - index) { word |= UInt64(bytes[index + offset]) << UInt64(offset * 8) }
                }
                return word >> UInt64(bit & 7)
            }
            for _ in 1..<count {
                var quotient = 0
                while true {
                    let available = min(57, end - bit)
                    guard available > 0 else { return false }
                    let ones = (~bits(at: bit)).trailingZeroBitCount
                    if ones < available {
                        quotient += ones
                        bit += ones + 1
                        break
                    }
                    quotient += available
                    bit += available
                }
                guard bit + k <= end else { return false }
                let low = Int(truncatingIfNeeded: bits(at: bit)) & mask
                bit += k
                previous += (quotient << k | low) + 1
                coordinates.append(previous)
            }
            return true
        }
        guard complete else { return nil }
        reader.offset = (bit + 7) / 8
        return coordinates
    }

    /// Bits into bytes through a cursor, lowest bit first.
    struct BitWriter {
        var cursor: UnsafeMutablePointer<UInt8>
        private var buffer: UInt64 = 0
        private var filled = 0

        init(cursor: UnsafeMutablePointer<UInt8>) { self.cursor = cursor }

        /// Appends the `count` (≤ 33) low bits of `value` (no higher bit set). Fewer than 32 bits
        /// wait in the buffer between writes; whole 32-bit words go out at once.
        @inline(__always)
        mutating func write(_ value: UInt64, count: Int) {
            buffer |= value << UInt64(filled)
            filled += count
            while filled >= 32 {
                UnsafeMutableRawPointer(cursor).storeBytes(of: UInt32(truncatingIfNeeded: buffer).littleEndian, as: UInt32.self)
                cursor += 4
                // No bit was lost to the shift above: at most 31 wait, plus 33.
                buffer >>= 32
                filled -= 32
            }
        }

        /// Writes the bits waiting, the last byte padded with zeros; returns the cursor past them.
        mutating func finish() -> UnsafeMutablePointer<UInt8> {
            while filled > 0 {
                cursor.pointee = UInt8(truncatingIfNeeded: buffer)
                cursor += 1
                buffer >>= 8
                filled -= 8
            }
            return cursor
        }
    }
}
