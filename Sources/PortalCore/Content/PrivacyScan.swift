import Foundation

/// Finds personal data that must not be published (保密审查, personal-information protection):
/// resident ID numbers and bank-card numbers are errors, mainland mobile numbers warnings.
///
/// Only whole runs of digits count, so masked forms (`370305********1234`, `138****5678`) and office
/// landlines (`0533-7180000`) pass. A run must also pass its check digit (GB 11643 for ID numbers,
/// Luhn for cards), which keeps 索引号 serials, amounts and dates from being flagged.
public enum PrivacyScan {
    /// The front-matter key with which a reviewer records an approved exception.
    public static let exceptionKey = "privacy_exception"

    /// Text attachments are read too; binary ones (PDF, Word) cannot be, and are the reviewer's job.
    static func scansAttachment(_ file: String) -> Bool {
        ["md", "txt", "csv"].contains((file as NSString).pathExtension.lowercased())
    }

    public enum Finding: Equatable, Sendable {
        case residentID(String)
        case bankCard(String)
        case mobile(String)
    }

    /// Findings in a text with their 1-based lines.
    public static func findings(in text: String) -> [(line: Int, finding: Finding)] {
        var text = text
        return text.withUTF8 { findings(in: $0) }
    }

    /// `findings(in:)` on a text's UTF-8 bytes.
    static func findings(in bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, finding: Finding)] {
        // One pass over the bytes; a run of digits is looked at only where it ends.
        var results: [(line: Int, finding: Finding)] = []
        var runStart = -1
        // Lines are counted only up to a finding's run, and findings are rare: counting them
        // on the way cost more than looking for the runs.
        var line = 1
        var linesCountedTo = 0

        func endRun(at end: Int, next: UInt8) {
            let before: UInt8 = runStart > 0 ? bytes[runStart - 1] : 0
            // A run glued to letters, '/', '_' or '*' is part of a code, a path or a mask.
            guard end - runStart >= 11, !isGlue(before), !isGlue(next),
                  let finding = classify(Array(bytes[runStart..<end])) else { return }
            line += newlines(in: UnsafeBufferPointer(rebasing: bytes[linesCountedTo..<runStart]))
            linesCountedTo = runStart
            results.append((line, finding))
        }

        var index = 0
        let count = bytes.count
        while index < count {
            if runStart < 0 {
                // Outside a run, the scan goes eight bytes at a time to the next digit (most
                // of a Chinese text is three-byte characters, which never hold one).
                var digits: UInt64 = 0
                while index + 8 <= count {
                    digits = Self.digitBytes(UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)))
                    if digits != 0 { break }
                    index += 8
                }
                // The first of them (bytes are loaded little-endian: the first is lowest).
                if digits != 0 { index += digits.trailingZeroBitCount >> 3 }
                if index >= count { break }
            }
            let byte = bytes[index]
            let isDigit = byte >= 48 && byte <= 57
            // An ID number may end in X.
            let isCheckX = (byte == UInt8(ascii: "X") || byte == UInt8(ascii: "x")) && runStart >= 0 && index - runStart == 17
            if isDigit || isCheckX {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                endRun(at: index, next: byte)
                runStart = -1
            }
            index += 1
        }
        if runStart >= 0 { endRun(at: count, next: 0) }
        return results
    }

    /// The high bit of each of the eight bytes of `word` that is an ASCII digit: the exact
    /// "has between" test of the bit-twiddling hacks, for bytes above 0x2F and below 0x3A (no
    /// byte's sums carry into the next, so no other byte is marked).
    @inline(__always)
    private static func digitBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = word & (ones &* 127)
        return ((ones &* (127 + 0x3A)) &- low) & ~word & (low &+ ones &* (127 - 0x2F)) & (ones &* 128)
    }

    private static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte == 10 { count += 1 }
        return count
    }

    /// Diagnostics for one file's text; `file` is the path shown to the editor.
    static func diagnostics(in text: String, file: String) -> [Diagnostic] {
        var text = text
        return text.withUTF8 { diagnostics(in: $0, file: file) }
    }

    /// `diagnostics(in:file:)` on a text's UTF-8 bytes.
    static func diagnostics(in bytes: UnsafeBufferPointer<UInt8>, file: String) -> [Diagnostic] {
        findings(in: bytes).map { line, finding in
            switch finding {
            case .residentID(let number):
                return Diagnostic(
                    file: file, line: line,
                    zh: "发现完整的居民身份证号码 \(masked(number))，不得公开", en: "a full resident ID number \(masked(number)) must not be published",
                    hintZh: "只保留前6位和后4位，中间用 * 代替（如 370305********1234）；确需公开的，经审核后在前置信息中写 \(exceptionKey): 审核说明。",
                    hintEn: "Keep the first 6 and last 4 digits and mask the rest (370305********1234); if a reviewer approved it, record that with \(exceptionKey): <reason>.")
            case .bankCard(let number):
                return Diagnostic(
                    file: file, line: line,
                    zh: "发现完整的银行卡号 \(masked(number))，不得公开", en: "a full bank-card number \(masked(number)) must not be published",
                    hintZh: "删除卡号，或只保留后4位（如 ************1234）；确需公开的，经审核后写 \(exceptionKey): 审核说明。",
                    hintEn: "Remove it or keep only the last 4 digits; if a reviewer approved it, record that with \(exceptionKey): <reason>.")
            case .mobile(let number):
                return Diagnostic(
                    .warning, file: file, line: line,
                    zh: "发现手机号码 \(masked(number))，请确认可以公开", en: "a mobile number \(masked(number)) was found; check that it may be published",
                    hintZh: "个人手机号请写成 138****5678，或改用办公电话（如 0533-7180000）。",
                    hintEn: "Mask personal mobiles as 138****5678, or give an office landline such as 0533-7180000.")
            }
        }
    }

    static func classify(_ digits: [UInt8]) -> Finding? {
        let text = String(decoding: digits, as: UTF8.self)
        if digits.count == 18, isValidResidentID(digits) { return .residentID(text) }
        if (16...19).contains(digits.count), digits.last.map({ $0 >= 48 && $0 <= 57 }) == true, passesLuhn(digits) {
            return .bankCard(text)
        }
        if digits.count == 11, digits[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(digits[1]) {
            return .mobile(text)
        }
        return nil
    }

    /// GB 11643-1999: a plausible birth date and the ISO 7064 MOD 11-2 check character.
    static func isValidResidentID(_ digits: [UInt8]) -> Bool {
        guard digits.count == 18 else { return false }
        let values = digits.prefix(17).map { Int($0) - 48 }
        guard values.allSatisfy({ (0...9).contains($0) }) else { return false }
        let year = values[6] * 1000 + values[7] * 100 + values[8] * 10 + values[9]
        let month = values[10] * 10 + values[11], day = values[12] * 10 + values[13]
        guard PlainDate(year: year, month: month, day: day) != nil else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = Array("10X98765432".utf8)[sum % 11]
        let last = digits[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : digits[17]
        return last == check
    }

    static func passesLuhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (index, byte) in digits.reversed().enumerated() {
            var value = Int(byte) - 48
            guard (0...9).contains(value) else { return false }
            if index % 2 == 1 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return sum % 10 == 0
    }

    static func masked(_ number: String) -> String {
        guard number.count > 7 else { return number }
        return String(number.prefix(3)) + String(repeating: "*", count: number.count - 7) + String(number.suffix(4))
    }

    private static func isGlue(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 47 || byte == 42
    }
}
