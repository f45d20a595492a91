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
        let utf8 = text.utf8
        // Every item has one: plain ASCII (nearly all) is read on its bytes, where a character is
        // a byte and splitting the text into parts cost more than the rest of the check.
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            self.init(characters: text)
            return
        }
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex else { return nil }
        let tail = utf8[utf8.index(after: slash)...]
        guard tail.count == 10 else { return nil }
        var year = 0, serial = 0
        for (offset, byte) in tail.enumerated() {
            if offset == 4 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            if offset < 4 { year = year * 10 + Int(byte - 48) } else { serial = serial * 10 + Int(byte - 48) }
        }
        self.init(prefix: String(text[..<slash]), year: year, serial: serial)
    }

    /// The same on characters, for a text with other than ASCII in it.
    private init?(characters text: String) {
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
