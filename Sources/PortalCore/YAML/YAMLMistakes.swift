/// The YAML mistakes editors make, recognised on the lines they type and said in their words at
/// the line where they are, each with the smallest change that makes the line readable.
///
/// libyaml reports where it gave up, in its own English, often on the line after the mistake (a
/// full-width colon on line 5 is "could not find expected ':'" on line 6). These recognisers look
/// at the text instead. They run only on text the parser refused (but for a list written under a
/// value, which the parser silently joins into the value), so a heuristic can never turn valid
/// YAML into an error. The repair lets the rest of the file be read, so that the other fields'
/// mistakes are found in the same run; the file is never published from a repaired text.
enum YAMLMistakes {
    struct Finding {
        /// 0-based line of the YAML text, and 1-based column where known.
        let line: Int
        let column: Int?
        let message: BilingualText
        let hint: BilingualText
        /// Replacement lines (0-based index → new text) that make the mistake readable; the
        /// line count never changes, so every later line keeps its number.
        let repairs: [Int: String]
        /// The repair guesses the shape of the value (a list closed, an entry filled): whatever
        /// the fields then find wrong on these lines is this mistake again, not said twice.
        var guessesShape = false
        /// A tab in the indentation or a key indented by mistake: after a tab was named on a
        /// line, the indentation its repair guessed is not a second mistake to name.
        var concernsIndentation = false
        var severity: Diagnostic.Severity = .error

        func diagnostic(file: String, lineOffset: Int) -> Diagnostic {
            Diagnostic(severity, file: file, line: line + 1 + lineOffset, column: column,
                       zh: message.zh, en: message.en, hintZh: hint.zh, hintEn: hint.en)
        }
    }

    /// Every recognised mistake of text the parser refused, one per line at most, in line order.
    static func scan(_ lines: [String], offset: Int) -> [Finding] {
        // In order of precedence: on a line with two mistakes, the first is said (and repaired);
        // the next round finds the other.
        let recognisers: [(String, Int, Int) -> Finding?] = [
            tabIndentation, fullWidthColon, fullWidthSpace, missingSpace, unclosedQuote, unclosedBracket,
            dashCell, blankListItem, entryOnKeyLine, textAfterBracket, reservedStart, colonInValue, missingColon,
        ]
        var findings: [Finding] = []
        for index in lines.indices {
            if isCommentLine(lines[index]) { continue }
            if let finding = recognisers.lazy.compactMap({ $0(lines[index], index, offset) }).first { findings.append(finding) }
        }
        let layout = listsUnderValues(lines, offset: offset) + indentedKeys(lines, offset: offset)
        return findings + layout.filter { later in !findings.contains { $0.line == later.line } }
    }

    /// The mistakes YAML reads without a word, looked for in every text: a list under a value
    /// (joined into the value), a key with a full-width colon that YAML takes for text (the only
    /// line of a front matter, or a key inside braces, `{ file：名单.pdf }`), and a list separated
    /// with full-width commas (a warning, read as written).
    static func silent(_ lines: [String], offset: Int) -> [Finding] {
        let colons = lines.indices.compactMap { isCommentLine(lines[$0]) ? nil : fullWidthColon(lines[$0], $0, offset) }
        let others = listsUnderValues(lines, offset: offset) + fullWidthCommas(lines, offset: offset)
        return colons + others.filter { later in !colons.contains { $0.line == later.line } }
    }

    /// Whether `text` may hold one of the `silent` mistakes: a full-width colon or comma, or a
    /// list entry `- ` on a line after one that does not end with a colon. A byte scan, so that
    /// the texts without any (nearly all) are never split into lines.
    static func mayHoldSilentMistake(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previousEndsWithColon = true
            var lineStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // U+FF1A “：” and U+FF0C “，” are EF BC 9A and EF BC 8C.
                if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBC,
                   bytes[index + 2] == 0x9A || bytes[index + 2] == 0x8C { return true }
                if byte == 10 {
                    var last = index
                    while last > lineStart, bytes[last - 1] == 32 { last -= 1 }
                    let lineIsEmpty = last == lineStart
                    if !lineIsEmpty { previousEndsWithColon = bytes[last - 1] == UInt8(ascii: ":") }
                    lineStart = index + 1
                    var first = lineStart
                    while first < bytes.count, bytes[first] == 32 { first += 1 }
                    if first + 1 < bytes.count, bytes[first] == UInt8(ascii: "-"), bytes[first + 1] == 32,
                       !previousEndsWithColon, !isListEntry(bytes, from: lineStart, to: first) { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Whether the line before a `- ` line was itself a list entry (a list goes on): looked up by
    /// the caller's bookkeeping; here a line whose first non-space is `- ` continues a list.
    private static func isListEntry(_ bytes: UnsafeBufferPointer<UInt8>, from lineStart: Int, to first: Int) -> Bool {
        // Find the previous line's first non-space character.
        var end = lineStart - 1
        guard end > 0 else { return false }
        var start = end
        while start > 0, bytes[start - 1] != 10 { start -= 1 }
        while start < end, bytes[start] == 32 { start += 1 }
        end = start
        return end + 1 < bytes.count && bytes[end] == UInt8(ascii: "-") && bytes[end + 1] == 32
    }

    // MARK: - The line's parts

    /// A line's key: what comes before it (indentation and list dashes), the key, and the rest
    /// after the key (from the separator on).
    struct KeyLine {
        let lead: Substring
        let key: Substring
        let rest: Substring
    }

    static func keyLine(_ line: String) -> KeyLine? {
        var index = line.startIndex
        while index < line.endIndex, line[index] == " " || line[index] == "\t" || line[index] == "-" {
            // A dash is a list item only when a space follows it.
            if line[index] == "-", line.index(after: index) < line.endIndex,
               line[line.index(after: index)] != " " { break }
            index = line.index(after: index)
        }
        let keyStart = index
        while index < line.endIndex, isKeyCharacter(line[index], first: index == keyStart) { index = line.index(after: index) }
        guard index > keyStart, index < line.endIndex else { return nil }
        var separator = index
        while separator < line.endIndex, line[separator] == " " { separator = line.index(after: separator) }
        guard separator < line.endIndex, line[separator] == ":" || line[separator] == "：" else { return nil }
        return KeyLine(lead: line[..<keyStart], key: line[keyStart..<index], rest: line[separator...])
    }

    /// The value written on a line, after `key: ` or a list dash `- `, and where it starts.
    static func value(of line: String) -> (start: String.Index, text: Substring)? {
        if let keyLine = keyLine(line), keyLine.rest.hasPrefix(":") {
            var start = keyLine.rest.index(after: keyLine.rest.startIndex)
            guard start < line.endIndex, line[start] == " " else { return nil }
            while start < line.endIndex, line[start] == " " { start = line.index(after: start) }
            // `proactive:   # 二、…`: after a space, `#` starts a comment, not a value.
            return start < line.endIndex && line[start] != "#" ? (start, line[start...]) : nil
        }
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("- ") else { return nil }
        let text = trimmed.dropFirst(2).drop { $0 == " " }
        return text.isEmpty || text.first == "#" ? nil : (text.startIndex, text)
    }

    private static func isKeyCharacter(_ c: Character, first: Bool) -> Bool {
        guard c.isASCII else { return false }
        if c.isLetter || c == "_" { return true }
        return !first && (c.isNumber || c == "-")
    }

    static func column(of index: String.Index, in line: String) -> Int {
        line[..<index].count + 1
    }

    static func finding(_ line: Int, column: Int?, zh: String, en: String, hintZh: String, hintEn: String,
                        repairs: [Int: String], guessesShape: Bool = false, concernsIndentation: Bool = false) -> Finding {
        Finding(line: line, column: column, message: BilingualText(zh: zh, en: en),
                hint: BilingualText(zh: hintZh, en: hintEn), repairs: repairs,
                guessesShape: guessesShape, concernsIndentation: concernsIndentation)
    }

    // MARK: - The recognisers

    /// `\t- { file: … }`: YAML indents with spaces only.
    static func tabIndentation(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        let lead = line.prefix { $0 == " " || $0 == "\t" }
        guard lead.contains("\t") else { return nil }
        let tab = line.firstIndex(of: "\t")!
        let repaired = lead.replacingOccurrences(of: "\t", with: "  ") + line[lead.endIndex...]
        return finding(index, column: column(of: tab, in: line),
                       zh: "第 \(index + 1 + offset) 行的缩进用了 Tab 键（制表符），YAML 只能用空格缩进",
                       en: "line \(index + 1 + offset) is indented with a tab character; YAML indents with spaces only",
                       hintZh: "删掉这一行开头的 Tab，改用空格，与上下文对齐（附件的 - { file: … } 前用两个空格）。",
                       hintEn: "Replace the tab at the start of the line with spaces, aligned with the lines around it (two spaces before - { file: … }).",
                       repairs: [index: String(repaired)], concernsIndentation: true)
    }

    /// `doc_no：临人社字〔2021〕9号`, or `{ file：a.pdf }`: a Chinese input method's colon.
    static func fullWidthColon(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        var colon: String.Index?
        var key: Substring = ""
        if let keyLine = keyLine(line), keyLine.rest.hasPrefix("：") {
            colon = keyLine.rest.startIndex
            key = keyLine.key
        } else if let (_, value) = value(of: line), value.hasPrefix("{"), let flow = flowKeyWithFullWidthColon(line) {
            // Only in braces: in a plain value, “,PPT：” is text.
            (colon, key) = (flow.colon, flow.key)
        }
        guard let colon else { return nil }
        var after = line.index(after: colon)
        while after < line.endIndex, line[after] == " " || line[after] == "\u{3000}" { after = line.index(after: after) }
        let repaired = String(line[..<colon]) + ": " + line[after...]
        return finding(index, column: column(of: colon, in: line),
                       zh: "第 \(index + 1 + offset) 行在字段名 `\(key)` 后面用了全角冒号“：”，字段名和值之间要用半角冒号加空格“: ”",
                       en: "line \(index + 1 + offset): the key `\(key)` is followed by a full-width colon “：”; a key and its value are separated by an ASCII colon and a space “: ”",
                       hintZh: "把“：”改成英文冒号“:”，后面加一个空格，例如 \(key): …（值里面的全角冒号不受影响）。",
                       hintEn: "Change “：” to an ASCII colon followed by a space, e.g. \(key): … (full-width colons inside a value are fine).",
                       repairs: [index: repaired])
    }

    /// `{ file：a.pdf, title: 名单 }`: a key inside braces followed by a full-width colon.
    private static func flowKeyWithFullWidthColon(_ line: String) -> (colon: String.Index, key: Substring)? {
        var index = line.startIndex
        while let open = line[index...].firstIndex(where: { $0 == "{" || $0 == "," }) {
            var start = line.index(after: open)
            while start < line.endIndex, line[start] == " " { start = line.index(after: start) }
            var end = start
            while end < line.endIndex, isKeyCharacter(line[end], first: end == start) { end = line.index(after: end) }
            var colon = end
            while colon < line.endIndex, line[colon] == " " { colon = line.index(after: colon) }
            if end > start, colon < line.endIndex, line[colon] == "：" { return (colon, line[start..<end]) }
            index = line.index(after: open)
        }
        return nil
    }

    /// `title:　关于……` with a full-width (or no-break) space after the colon.
    static func fullWidthSpace(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let keyLine = keyLine(line), keyLine.rest.hasPrefix(":") else { return nil }
        let after = keyLine.rest.index(after: keyLine.rest.startIndex)
        guard after < line.endIndex, line[after] == "\u{3000}" || line[after] == "\u{A0}" else { return nil }
        let value = line[after...].drop { $0 == "\u{3000}" || $0 == "\u{A0}" || $0 == " " }
        return finding(index, column: column(of: after, in: line),
                       zh: "第 \(index + 1 + offset) 行 `\(keyLine.key):` 后面是全角空格，冒号后面要用半角空格",
                       en: "line \(index + 1 + offset): the colon after `\(keyLine.key)` is followed by a full-width space; YAML needs an ASCII space",
                       hintZh: "删掉冒号后的全角空格，换成一个半角空格（关闭中文输入法的全角模式再输入）。",
                       hintEn: "Replace the full-width space after the colon with an ordinary space.",
                       repairs: [index: "\(keyLine.lead)\(keyLine.key): \(value)"])
    }

    /// `date:2021-03-15`: no space after the colon, so YAML reads one word, not a key and a value.
    static func missingSpace(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let keyLine = keyLine(line), keyLine.rest.hasPrefix(":") else { return nil }
        let after = keyLine.rest.index(after: keyLine.rest.startIndex)
        // `https://…` as a list entry has a key-like word before `:/`: not a key.
        guard after < line.endIndex, ![" ", "\t", "/", ":", "\u{3000}", "\u{A0}"].contains(line[after]) else { return nil }
        let value = line[after...]
        return finding(index, column: column(of: after, in: line),
                       zh: "第 \(index + 1 + offset) 行 `\(keyLine.key):` 的冒号后面缺少空格",
                       en: "line \(index + 1 + offset): there is no space after the colon of `\(keyLine.key):`",
                       hintZh: "在冒号后面加一个空格：\(keyLine.key): \(value)",
                       hintEn: "Put a space after the colon: \(keyLine.key): \(value)",
                       repairs: [index: "\(keyLine.lead)\(keyLine.key): \(value)"])
    }
}
