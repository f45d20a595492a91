/// 索引号: `<index_prefix>/<year>-<5-digit serial>`, e.g. `11370305MB2859012X/2021-00012`.
public struct IndexNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let prefix: String
    public let year: Int
    public let serial: Int

    public init(prefix: String, year: Int, serial: Int) {
        self.prefix = prefix
        self.year = year
        self.serial = serial
    }

    /// Parses the text form; nil when it is not `<prefix>/<YYYY>-<NNNNN>`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let tail = Array(parts[1].utf8)
        guard tail.count == 10, tail[4] == UInt8(ascii: "-"),
              tail.enumerated().allSatisfy({ $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }),
              let year = Int(parts[1].prefix(4)), let serial = Int(parts[1].suffix(5))
        else { return nil }
        self.init(prefix: String(parts[0]), year: year, serial: serial)
    }

    public var description: String {
        let digits = String(serial)
        return "\(prefix)/\(year)-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits)"
    }

    public static func < (a: IndexNumber, b: IndexNumber) -> Bool {
        (a.prefix, a.year, a.serial) < (b.prefix, b.year, b.serial)
    }
}
