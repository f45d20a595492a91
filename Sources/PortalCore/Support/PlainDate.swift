import Foundation

/// A calendar day with no time and no time zone: 发布日期, 成文日期, expiry, `--now`.
///
/// Dates in front matter are days, not instants. Keeping them as plain year/month/day avoids the
/// classic trap of YAML parsers that turn `2021-03-15` into UTC midnight and print it a day early
/// in China.
public struct PlainDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The day as one number (20210315), ordered as the dates are.
    var dayNumber: Int { (year * 100 + month) * 100 + day }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
              (1900...2999).contains(year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; rejects impossible days such as 2021-02-30.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day an editor meant by `2021.5.1`, `2021/05/01`, `2021年5月1日` or `2021-5-1`: three
    /// numbers, the first of four digits; nil when they make no real day. Only for the hint of
    /// an invalid date, never to read one: a date is written one way, so every page agrees.
    public init?(guessing text: String) {
        let numbers = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).map(String.init)
        let separators = text.filter { !($0.isASCII && $0.isNumber) }
        guard numbers.count == 3, numbers[0].count == 4, numbers[1].count <= 2, numbers[2].count <= 2,
              separators.allSatisfy({ "-./年月日 ".contains($0) }),
              let y = Int(numbers[0]), let m = Int(numbers[1]), let d = Int(numbers[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Today in China Standard Time, where the portal's readers and editors are.
    public static func today(now: Date = Date()) -> PlainDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return PlainDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2021-03-15`
    public var iso: String {
        formatted(yearMark: "-", monthMark: "-", dayMark: "")
    }

    /// `2021年03月15日`, as Chinese portals print dates.
    public var chinese: String {
        formatted(yearMark: "年", monthMark: "月", dayMark: "日")
    }

    /// The digits written by hand rather than with `String(format:)`, which goes through
    /// Foundation's formatter: every listing line, feed entry and sitemap URL prints a date.
    /// The year is always four digits (see `init`).
    private func formatted(yearMark: String, monthMark: String, dayMark: String) -> String {
        func digits(_ value: Int, _ count: Int) -> String {
            var value = value
            return String(unsafeUninitializedCapacity: count) { buffer in
                for index in stride(from: count - 1, through: 0, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                return count
            }
        }
        return digits(year, 4) + yearMark + digits(month, 2) + monthMark + digits(day, 2) + dayMark
    }

    public var description: String { iso }

    public static func < (a: PlainDate, b: PlainDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
