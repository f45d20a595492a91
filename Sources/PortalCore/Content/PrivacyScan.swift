import Foundation

/// Finds personal data that must not be published (保密审查, personal-information protection):
/// resident ID numbers and bank-card numbers are errors, mainland mobile numbers warnings.
///
/// Only whole runs of digits count, so masked forms (`370305********1234`, `138****5678`) and office
/// landlines (`0533-7180000`) pass. A run must also pass its check digit (GB 11643 for ID numbers,
/// Luhn for cards), which keeps 索引号 serials, amounts and dates from being flagged.
///
/// The source is scanned as written and as the reader sees it (`PrivacyText`: full-width digits,
/// entities, invisible characters, emphasis between digits), where numbers written in groups
/// (`370305 19850112 123X`) are joined when their shape and check say so (`groupedFindings`).
/// Every finding names the source line and column.
public enum PrivacyScan {
    /// The front-matter key with which a reviewer records an approved exception.
    public static let exceptionKey = "privacy_exception"

    /// Personal data in an item's attachments (`folder/name`): text files in any encoding
    /// `AttachmentText.decode` reads, .docx and .xlsx. The others (PDF, images, .doc/.xls,
    /// archives) cannot be read: one warning for the item (`itemPath`) names them all, for the
    /// reviewer to check by eye.
    static func attachmentDiagnostics(_ names: [String], folder: String, itemPath: String, files: SiteFiles,
                                      limit: Int = AttachmentText.decompressedLimit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var unscannable: [String] = []
        // Only attachments that are there: a missing one is the item parser's error already.
        // (Asked one by one: a set of the folder's names, made for each item, cost the square of
        // a big category's size.)
        for name in names where files.kind(of: "\(folder)/\(name)") == .file {
            guard AttachmentText.isScannable(name) else { unscannable.append(name); continue }
            let path = "\(folder)/\(name)"
            let bytes: [UInt8]
            switch files.read(path) {
            case .bytes(let read): bytes = read
            case .missing: continue  // the item's parser said so
            case .failed(let problem): diagnostics.append(problem); continue
            }
            switch AttachmentText.extract(bytes, file: name, limit: limit) {
            case .unscannable:
                unscannable.append(name)
            case .text(let text, let place, let complete):
                var text = text
                diagnostics += text.withUTF8 { PrivacyScan.diagnostics(in: $0, file: path, place: place) }
                if !complete {
                    diagnostics.append(Diagnostic(
                        .warning, file: path,
                        zh: "附件太大（内容超过 \(limit / 1_000_000) MB）或已损坏，只审查了其中一部分，请人工核对其中有无个人信息",
                        en: "the attachment is over \(limit / 1_000_000) MB unpacked or damaged; only part of it was checked for personal data",
                        hintZh: "请审核人员打开文件逐页核对；过大的表格可拆分为几个文件。",
                        hintEn: "Have the reviewer check the file by eye; split a very large workbook into several files."))
                }
            }
        }
        if !unscannable.isEmpty {
            diagnostics.append(Diagnostic(
                .warning, file: itemPath,
                zh: "附件无法自动审查个人信息（身份证号、银行卡号、手机号），请人工核对：\(unscannable.joined(separator: "、"))",
                en: "attachments that cannot be checked for personal data automatically; check them by eye: \(unscannable.joined(separator: ", "))",
                hintZh: "PDF、图片、.doc/.xls 和压缩包不能自动审查；核对后可在前置信息中写 \(exceptionKey): 审核说明。",
                hintEn: "PDFs, images, .doc/.xls files and archives cannot be read by the check; once checked, record \(exceptionKey): <reason>."))
        }
        return diagnostics
    }

    public enum Finding: Equatable, Sendable {
        case residentID(String)
        case bankCard(String)
        case mobile(String)
    }

    /// Findings in a text with their 1-based lines and columns.
    public static func findings(in text: String) -> [(line: Int, column: Int, finding: Finding)] {
        var text = text
        return text.withUTF8 { findings(in: $0) }
    }

    /// `findings(in:)` on a text's UTF-8 bytes: the source as written, and, where it may hide a
    /// number, the text a reader sees (`PrivacyText`), each finding once.
    static func findings(in bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, column: Int, finding: Finding)] {
        var found = sourceFindings(in: bytes)
        if PrivacyText.mayHideNumbers(bytes) {
            let text = PrivacyText(normalising: bytes)
            for (offset, finding) in groupedFindings(in: text) where !found.contains(where: { $0.finding == finding && sameLine(bytes, $0.offset, offset) }) {
                found.append((offset, finding))
            }
            found.sort { $0.offset < $1.offset }
        }
        return positions(of: found, in: bytes)
    }

    /// Whether no line break lies between two offsets.
    private static func sameLine(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int) -> Bool {
        let (low, high) = (min(first, second), max(first, second))
        return !bytes[low..<high].contains(10)
    }

    /// 1-based lines and columns (in characters) of findings at byte offsets, in one pass.
    private static func positions(of found: [(offset: Int, finding: Finding)], in bytes: UnsafeBufferPointer<UInt8>)
        -> [(line: Int, column: Int, finding: Finding)] {
        var results: [(line: Int, column: Int, finding: Finding)] = []
        var line = 1, lineStart = 0, counted = 0
        for (offset, finding) in found {
            line += newlines(in: UnsafeBufferPointer(rebasing: bytes[counted..<offset]))
            counted = offset
            if let last = bytes[..<offset].lastIndex(of: 10) { lineStart = last + 1 } else { lineStart = 0 }
            // Characters, not bytes: continuation bytes are not counted.
            let column = bytes[lineStart..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            results.append((line, column, finding))
        }
        return results
    }

    /// Whole runs of ASCII digits in the source, with the byte offsets where they start.
    static func sourceFindings(in bytes: UnsafeBufferPointer<UInt8>) -> [(offset: Int, finding: Finding)] {
        // One pass over the bytes; a run of digits is looked at only where it ends.
        var results: [(offset: Int, finding: Finding)] = []
        var runStart = -1

        func endRun(at end: Int, next: UInt8) {
            let before: UInt8 = runStart > 0 ? bytes[runStart - 1] : 0
            // A run glued to letters, '/', '_' or '*' is part of a code, a path or a mask.
            guard end - runStart >= 11, !isGlue(before), !isGlue(next),
                  let finding = classify(Array(bytes[runStart..<end])) else { return }
            results.append((runStart, finding))
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

    /// How numbers are written in groups (`370305 19850317 123X`, `6217 0012 3456 7890 123`,
    /// `138 1234 5678`): the group lengths joined into one number.
    ///
    /// Groups are joined only when the whole chain of groups (digits separated by one space,
    /// hyphen or dot) has one of these shapes, and then only if the joined number also passes
    /// its check (GB 11643 check digit and birth date, Luhn and a card's first digit, a mobile's
    /// prefix). Shapes alone would flag a table row `3456 4567 5678 6789`; checks alone would
    /// flag one run of table figures in ten (Luhn) as a card. Both together keep statistics
    /// (`2021 276 10 163`), dates (4-2-2), landlines (`0533-718 0000`: 4-3-4) and 文号 out.
    static let idShapes: Set<[Int]> = [[6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1], [6, 6, 6]]
    static let cardShapes: Set<[Int]> = [[4, 4, 4, 4], [4, 4, 4, 4, 1], [4, 4, 4, 4, 2], [4, 4, 4, 4, 3], [6, 13], [6, 10]]
    static let mobileShapes: Set<[Int]> = [[3, 4, 4], [3, 8], [7, 4]]

    /// Findings in the normalised text, at source byte offsets: every run of digits as in the
    /// source scan, numbers written in groups, and mobiles after +86.
    static func groupedFindings(in text: PrivacyText) -> [(offset: Int, finding: Finding)] {
        let bytes = text.bytes
        var results: [(offset: Int, finding: Finding)] = []
        var index = 0
        let count = bytes.count
        while index < count {
            guard PrivacyText.isDigit(bytes[index]) else { index += 1; continue }
            // A chain: groups of digits, each but the first after exactly one separator.
            var groups: [Range<Int>] = []
            var position = index
            while true {
                var end = position
                while end < count, PrivacyText.isDigit(bytes[end]) { end += 1 }
                // An ID number ends in X.
                if end < count, bytes[end] == UInt8(ascii: "X") || bytes[end] == UInt8(ascii: "x"),
                   end + 1 >= count || !isGlue(bytes[end + 1]) && !PrivacyText.isDigit(bytes[end + 1]) {
                    end += 1
                }
                groups.append(position..<end)
                if end + 1 < count, PrivacyText.isSeparator(bytes[end]), PrivacyText.isDigit(bytes[end + 1]) {
                    position = end + 1
                } else {
                    break
                }
            }
            let chainEnd = groups.last!.upperBound
            let after: UInt8 = chainEnd < count ? bytes[chainEnd] : 0
            let before: UInt8 = index > 0 ? bytes[index - 1] : 0
            // Each group as a run of its own (the source scan's rule, on the normalised text).
            for (number, group) in groups.enumerated() {
                let groupBefore = number == 0 ? before : bytes[group.lowerBound - 1]
                let groupAfter = group.upperBound < count ? bytes[group.upperBound] : 0
                guard group.count >= 11, !isGlue(groupBefore), !isGlue(groupAfter) else { continue }
                let digits = Array(bytes[group])
                if let finding = classify(digits) {
                    results.append((Int(text.sources[group.lowerBound]), finding))
                } else if groupBefore == UInt8(ascii: "+"), digits.count == 13, digits.starts(with: Array("86".utf8)),
                          let finding = classify(Array(digits.dropFirst(2))), case .mobile = finding {
                    results.append((Int(text.sources[group.lowerBound]), finding))
                }
            }
            // The whole chain as one number written in groups.
            if groups.count >= 2, !isGlue(before), !isGlue(after) {
                var parts = groups
                // A country code before a mobile: +86, 86 or 0086.
                let first = String(decoding: bytes[parts[0]], as: UTF8.self)
                let countryCode = first == "86" || first == "0086"
                if countryCode { parts.removeFirst() }
                let shape = parts.map(\.count)
                let digits = parts.flatMap { Array(bytes[$0]) }
                var finding: Finding?
                if !countryCode, idShapes.contains(shape), isValidResidentID(digits) {
                    finding = .residentID(String(decoding: digits, as: UTF8.self))
                } else if !countryCode, cardShapes.contains(shape), (UInt8(ascii: "3")...UInt8(ascii: "6")).contains(digits[0]),
                          digits.last.map(PrivacyText.isDigit) == true, passesLuhn(digits) {
                    finding = .bankCard(String(decoding: digits, as: UTF8.self))
                } else if mobileShapes.contains(shape) || (countryCode && shape == [11]),
                          let candidate = classify(digits), case .mobile = candidate {
                    finding = candidate
                }
                if let finding { results.append((Int(text.sources[index]), finding)) }
            }
            index = chainEnd
        }
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

    /// `diagnostics(in:file:)` on a text's UTF-8 bytes. `place` names where a line of a text
    /// extracted from an office file came from (a sheet's row, a paragraph), for files whose
    /// lines mean nothing to the editor; then the diagnostic has no line.
    static func diagnostics(in bytes: UnsafeBufferPointer<UInt8>, file: String,
                            place: ((Int) -> (zh: String, en: String))? = nil) -> [Diagnostic] {
        findings(in: bytes).map { line, column, finding in
            let at = place?(line)
            let whereZh = at.map { "（\($0.zh)）" } ?? "", whereEn = at.map { " (\($0.en))" } ?? ""
            let (line, column): (Int?, Int?) = at == nil ? (line, column) : (nil, nil)
            switch finding {
            case .residentID(let number):
                return Diagnostic(
                    file: file, line: line, column: column,
                    zh: "发现完整的居民身份证号码 \(masked(number))\(whereZh)，不得公开", en: "a full resident ID number \(masked(number))\(whereEn) must not be published",
                    hintZh: "只保留前6位和后4位，中间用 * 代替（如 370305********1234）；确需公开的，经审核后在前置信息中写 \(exceptionKey): 审核说明。",
                    hintEn: "Keep the first 6 and last 4 digits and mask the rest (370305********1234); if a reviewer approved it, record that with \(exceptionKey): <reason>.")
            case .bankCard(let number):
                return Diagnostic(
                    file: file, line: line, column: column,
                    zh: "发现完整的银行卡号 \(masked(number))\(whereZh)，不得公开", en: "a full bank-card number \(masked(number))\(whereEn) must not be published",
                    hintZh: "删除卡号，或只保留后4位（如 ************1234）；确需公开的，经审核后写 \(exceptionKey): 审核说明。",
                    hintEn: "Remove it or keep only the last 4 digits; if a reviewer approved it, record that with \(exceptionKey): <reason>.")
            case .mobile(let number):
                return Diagnostic(
                    .warning, file: file, line: line, column: column,
                    zh: "发现手机号码 \(masked(number))\(whereZh)，请确认可以公开", en: "a mobile number \(masked(number))\(whereEn) was found; check that it may be published",
                    hintZh: "个人手机号请写成 138****5678，或改用办公电话（如 0000-1234567）。",
                    hintEn: "Mask personal mobiles as 138****5678, or give an office landline such as 0000-1234567.")
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
