/// A short content hash for asset file names (`style.<hash>.css`), so that nginx can let browsers
/// cache assets for a year and a changed stylesheet still reaches them at once.
///
/// FNV-1a, 64 bit: fast, dependency-free and stable across runs; not a security hash, and it does
/// not need to be one.
public enum Fingerprint {
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
