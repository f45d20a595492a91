/// The hash of a content file's bytes that an incremental build compares (`Item.sourceHash`).
///
/// wyhash (final version 4, by Wang Yi, public domain): eight bytes at a time with 128-bit
/// multiplies, where FNV-1a (`ContentHash`) takes one byte and one dependent multiply per step —
/// a tenth of loading a site of ten thousand items went to hashing them. Keys need only be
/// stable within one portal binary (every build-cache key includes the binary), and they are:
/// no random seed.
enum SourceHash {
    private static let secret: (UInt64, UInt64, UInt64, UInt64) =
        (0xa076_1d64_78bd_642f, 0xe703_7ed1_a0b4_28db, 0x8ebc_6af0_9c88_c6e3, 0x5899_65cc_7537_4cc3)

    static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let length = bytes.count
        var seed = seed ^ mix(seed ^ secret.0, secret.1)
        var a: UInt64 = 0, b: UInt64 = 0
        guard let base = bytes.baseAddress else { return finish(a, b, seed: seed, length: 0) }
        func read8(_ offset: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        func read4(_ offset: Int) -> UInt64 { UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        if length <= 16 {
            if length >= 4 {
                let shift = (length >> 3) << 2
                a = (read4(0) << 32) | read4(shift)
                b = (read4(length - 4) << 32) | read4(length - 4 - shift)
            } else if length > 0 {
                a = (UInt64(bytes[0]) << 16) | (UInt64(bytes[length >> 1]) << 8) | UInt64(bytes[length - 1])
            }
        } else {
            var offset = 0
            var remaining = length
            if remaining > 48 {
                var lane1 = seed, lane2 = seed
                repeat {
                    seed = mix(read8(offset) ^ secret.1, read8(offset + 8) ^ seed)
                    lane1 = mix(read8(offset + 16) ^ secret.2, read8(offset + 24) ^ lane1)
                    lane2 = mix(read8(offset + 32) ^ secret.3, read8(offset + 40) ^ lane2)
                    offset += 48
                    remaining -= 48
                } while remaining > 48
                seed ^= lane1 ^ lane2
            }
            while remaining > 16 {
                seed = mix(read8(offset) ^ secret.1, read8(offset + 8) ^ seed)
                offset += 16
                remaining -= 16
            }
            a = read8(offset + remaining - 16)
            b = read8(offset + remaining - 8)
        }
        return finish(a, b, seed: seed, length: length)
    }

    private static func finish(_ a: UInt64, _ b: UInt64, seed: UInt64, length: Int) -> UInt64 {
        let (high, low) = (a ^ secret.1).multipliedFullWidth(by: b ^ seed)
        return mix(low ^ secret.0 ^ UInt64(length), high ^ secret.1)
    }

    /// The 128-bit product of `a` and `b`, folded to 64 bits.
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }
}
