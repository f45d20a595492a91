import Foundation

/// A short content hash for asset file names (`style.<hash>.css`), so that nginx can let browsers
/// cache assets for a year and a changed stylesheet still reaches them at once.
///
/// FNV-1a, 64 bit (`ContentHash`): fast, dependency-free and stable across runs; not a security
/// hash, and it does not need to be one.
public enum Fingerprint {
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var hash = ContentHash()
        if bytes.withContiguousStorageIfAvailable({ hash.add(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { hash.add($0) }
        }
        let text = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// A 64-bit FNV-1a hash of the inputs of a page: fast, stable across runs and machines.
/// Strings and byte blocks are followed by their length, so that ("ab", "c") ≠ ("a", "bc").
struct ContentHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}
    init(_ seed: UInt64) { combine(seed) }

    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        add(bytes)
        combine(bytes.count)
    }

    /// The bytes alone, without their length: plain FNV-1a, as `Fingerprint` names files.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        value = hash
    }

    mutating func combine(_ data: Data) { data.withUnsafeBytes { combine($0) } }

    mutating func combine(_ string: String) {
        var string = string
        string.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
    }

    mutating func combine(_ number: Int) { combine(UInt64(bitPattern: Int64(number))) }

    mutating func combine(_ number: UInt64) {
        var hash = value
        var rest = number
        for _ in 0..<8 {
            hash = (hash ^ (rest & 0xff)) &* 0x0000_0100_0000_01B3
            rest >>= 8
        }
        value = hash
    }
}
