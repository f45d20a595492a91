import Foundation

/// The next free 索引号 of a year, so that an editor never types a serial by hand.
///
/// A serial is free when no item of the whole site uses it that year: drafts, expired items and
/// future-dated ones included (they all hold their 索引号, CONTENT.md), annual reports with an
/// `index_no`, and item files that currently fail to parse — a broken file is usually being
/// edited, and `portal new` must not hand its number to someone else.
public enum IndexNumberAllocator {
    /// One more than the highest serial used in `year`; 1 in a year without items.
    /// - Parameter used: the (year, serial) pairs in use, whatever their prefix.
    public static func nextSerial(year: Int, used: [(year: Int, serial: Int)]) -> Int {
        (used.filter { $0.year == year }.map(\.serial).max() ?? 0) + 1
    }

    /// The (year, serial) pairs written on `index_no:` lines of a file's raw text, for item files
    /// that do not parse. Only the `YYYY-NNNNN` tail is read, so a wrong prefix, quotes or a comment
    /// do not hide the serial.
    public static func serialsInRawText(_ text: String) -> [(year: Int, serial: Int)] {
        var found: [(Int, Int)] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("index_no") else { continue }
            let bytes = Array(trimmed.utf8)
            // The first `DDDD-DDDDD` run on the line, not followed by another digit.
            var index = 0
            while index + 10 <= bytes.count {
                let window = bytes[index..<index + 10]
                let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
                let matches = window.enumerated().allSatisfy { offset, byte in offset == 4 ? byte == UInt8(ascii: "-") : isDigit(byte) }
                let bounded = (index == 0 || !isDigit(bytes[index - 1])) && (index + 10 == bytes.count || !isDigit(bytes[index + 10]))
                if matches && bounded {
                    let digits = String(decoding: window, as: UTF8.self)
                    if let year = Int(digits.prefix(4)), let serial = Int(digits.suffix(5)) { found.append((year, serial)) }
                    break
                }
                index += 1
            }
        }
        return found
    }

    /// The next free 索引号 of `year` on a loaded site (see the type's comment for what counts).
    /// Item files that failed to parse are read again from disk, raw, for their `index_no:` lines.
    public static func next(year: Int, content: SiteContent) throws(DiagnosticsError) -> IndexNumber {
        var used = content.items.map { (year: $0.indexNo.year, serial: $0.indexNo.serial) }
        // Annual reports may hold a number of the same space (`index_no` in their index.md).
        used += content.reports.compactMap { $0.indexNo.map { (year: $0.year, serial: $0.serial) } }
        for url in content.failedItemURLs {
            // `/meetings/2021-03-15-x/` is the page of content/meetings/2021-03-15-x.md.
            if case .bytes(let bytes) = content.files.read("content" + String(url.dropLast()) + ".md") {
                used += serialsInRawText(String(decoding: bytes, as: UTF8.self))
            }
        }
        let serial = nextSerial(year: year, used: used)
        guard serial <= 99_999 else {
            throw DiagnosticsError([Diagnostic(
                file: nil, zh: "\(year) 年的五位流水号已用完（已到 99999）", en: "the five-digit serials of \(year) are used up (99999 reached)",
                hintZh: "检查是否有信息的索引号写错（流水号过大）。", hintEn: "Check for an item whose index number has a mistyped, too large serial.")])
        }
        return IndexNumber(prefix: content.config.indexPrefix, year: year, serial: serial)
    }
}
