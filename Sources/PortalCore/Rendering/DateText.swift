/// `PlainDate.iso` and `PlainDate.chinese` for page texts, the same characters without
/// `String(format:)`, whose Foundation formatter cost more than the rest of an item's metadata.
enum DateText {
    /// `2021-03-15`
    static func iso(_ date: PlainDate) -> String {
        guard let year = padded(date.year, 4), let month = padded(date.month, 2), let day = padded(date.day, 2) else {
            return date.iso
        }
        return year + "-" + month + "-" + day
    }

    /// `2021年03月15日`
    static func chinese(_ date: PlainDate) -> String {
        guard let year = padded(date.year, 4), let month = padded(date.month, 2), let day = padded(date.day, 2) else {
            return date.chinese
        }
        return year + "年" + month + "月" + day + "日"
    }

    /// `%0<width>d` for a number that is not negative (nil otherwise: the caller formats it).
    private static func padded(_ number: Int, _ width: Int) -> String? {
        guard number >= 0 else { return nil }
        let digits = String(number)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}
