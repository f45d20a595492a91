/// The mistakes of `YAMLMistakes` that are in a value: quotes and brackets left open, an empty
/// entry of a list, a character YAML reserves at the start, text after a bracket, a list entry on
/// the key's line, a colon missing after the key or one too many in the value.
extension YAMLMistakes {
    /// `title: "关于……的通知` (no closing quote), or `title: "关于"某某"的通知"` (the quote closes in
    /// the middle): said at the line where the quote opens, not where YAML gave up.
    static func unclosedQuote(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), let quote = value.first, quote == "\"" || quote == "'" else { return nil }
        let name = quote == "\"" ? "双引号" : "单引号"
        let nameEn = quote == "\"" ? "double quote" : "single quote"
        let body = value.dropFirst()
        guard let close = closingQuote(quote, in: body) else {
            return finding(index, column: column(of: start, in: line),
                           zh: "第 \(index + 1 + offset) 行的值以英文\(name) \(quote) 开头，但这一行没有与之配对的结束引号",
                           en: "line \(index + 1 + offset): the value opens a \(nameEn) \(quote) that is not closed on the line",
                           hintZh: "在值的末尾补上 \(quote)；或者去掉开头的 \(quote)（没有英文冒号和 # 的值不需要引号）。",
                           hintEn: "Add the closing \(quote) at the end of the value, or drop the opening one (a value without a colon or # needs no quotes).",
                           repairs: [index: line + String(quote)])
        }
        let after = body[body.index(after: close)...].drop { $0 == " " }
        guard !after.isEmpty, !after.hasPrefix("#") else { return nil }
        let inner = value.dropFirst().replacingOccurrences(of: "'", with: "''")
        return finding(index, column: column(of: close, in: line),
                       zh: "第 \(index + 1 + offset) 行的值以英文\(name)开头，但值中间又出现了\(name)，引号在这里就结束了，后面的文字无法读取",
                       en: "line \(index + 1 + offset): the value starts with a \(nameEn), and another \(nameEn) inside the value ends it early",
                       hintZh: "值中的引号请用中文引号“”或‘’，例如 title: 关于“某某”的通知；或者把整个值放进另一种引号中。",
                       hintEn: "Use Chinese quotes “” inside the value, e.g. title: 关于“某某”的通知, or wrap the value in the other kind of quote.",
                       repairs: [index: String(line[..<start]) + "'" + inner + "'"])
    }

    /// Where `quote` closes in `text` (after the opening one): `""`-style escapes are skipped.
    private static func closingQuote(_ quote: Character, in text: Substring) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if quote == "\"", text[index] == "\\" {
                index = next < text.endIndex ? text.index(after: next) : next
                continue
            }
            if text[index] == quote {
                // '' inside single quotes is one quote.
                if quote == "'", next < text.endIndex, text[next] == "'" { index = text.index(after: next); continue }
                return index
            }
            index = next
        }
        return nil
    }

    /// `topics: [就业创业, 社会保险` or `- { file: a.pdf, title: 名单`: the bracket is never closed.
    static func unclosedBracket(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), value.first == "[" || value.first == "{" else { return nil }
        var open: [Character] = []
        var quote: Character?
        for c in value {
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "[", "{": open.append(c)
            case "]", "}": if !open.isEmpty { open.removeLast() }
            case "#" where open.isEmpty: break
            default: break
            }
        }
        guard let last = open.last else { return nil }
        let closer: Character = last == "[" ? "]" : "}"
        let closers = String(open.reversed().map { $0 == "[" ? "]" : "}" })
        let name = last == "[" ? "方括号" : "花括号"
        // `date: [2021-05-01` closed is a list where a date belongs: not a second mistake.
        return finding(index, column: column(of: start, in: line),
                       zh: "第 \(index + 1 + offset) 行的\(name)“\(last)”没有闭合：这一行末尾缺少“\(closer)”",
                       en: "line \(index + 1 + offset): the bracket “\(last)” is not closed; the line needs a “\(closer)” at its end",
                       hintZh: "在这一行末尾补上“\(closer)”，整个列表写在同一行，例如 topics: [就业创业, 社会保险]。",
                       hintEn: "Add “\(closer)” at the end of the line and keep the whole list on one line, e.g. topics: [就业创业, 社会保险].",
                       repairs: [index: line + closers], guessesShape: last == "[")
    }

    /// `[0, , 0]`: an entry left empty between two commas or next to a bracket.
    static func blankListItem(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), value.first == "[" else { return nil }
        let code = value.prefix { $0 != "#" }
        let squeezed = code.filter { $0 != " " && $0 != "\t" }
        guard squeezed.contains("[,") || squeezed.contains(",,") || squeezed.contains(",]") else { return nil }
        var repaired = String(squeezed)
        while repaired.contains(",,") { repaired = repaired.replacingOccurrences(of: ",,", with: ",~,") }
        repaired = repaired.replacingOccurrences(of: "[,", with: "[~,").replacingOccurrences(of: ",]", with: ",~]")
        return finding(index, column: column(of: start, in: line),
                       zh: "第 \(index + 1 + offset) 行的列表 [ … ] 中有一项是空的（两个逗号之间或括号边上没有内容）",
                       en: "line \(index + 1 + offset): the list [ … ] has an empty entry (nothing between two commas or next to a bracket)",
                       hintZh: "填上这一项，或删去多余的逗号；统计数字没有就填 0。",
                       hintEn: "Fill in the entry or remove the extra comma; a count of nothing is 0.",
                       repairs: [index: String(line[..<start]) + repaired], guessesShape: true)
    }

    /// `{ previous: 4, change: 4, decisions: - }` or `[3, -, 0]`: a cell copied as the “-” a
    /// published table prints for nothing. In brackets YAML takes a lone `-` for a list marker
    /// and gives up ("did not find expected node content").
    static func dashCell(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), value.first == "[" || value.first == "{" else { return nil }
        let code = value.prefix { $0 != "#" }
        var entryStart = code.index(after: code.startIndex)
        var dash: String.Index?
        for position in code.indices where position > code.startIndex {
            let c = code[position]
            guard c == "," || c == "]" || c == "}" || c == ":" || code.index(after: position) == code.endIndex else { continue }
            let end = ",]}:".contains(c) ? position : code.endIndex
            let entry = code[entryStart..<end]
            if entry.trimmingCharacters(in: .whitespaces) == "-", c != ":" {
                dash = entry.firstIndex(of: "-")
                break
            }
            entryStart = end < code.endIndex ? code.index(after: end) : end
        }
        guard let dash else { return nil }
        var repaired = line
        repaired.replaceSubrange(dash...dash, with: "~")
        return finding(index, column: column(of: dash, in: line),
                            zh: "第 \(index + 1 + offset) 行括号中有一格只写了“-”，YAML 把单独的“-”当作列表符号，读不了这一行",
                            en: "line \(index + 1 + offset): a cell in the brackets is a lone “-”, which YAML takes for a list marker, so the line cannot be read",
                            hintZh: "没有就填 0；转录已公布的报告、原表这一格是空白或“-”时写 ~，并在文件开头加 as_published: true。",
                            hintEn: "Write 0 for none; when transcribing a published report whose cell is blank or “-”, write ~ and add as_published: true at the top of the file.",
                            repairs: [index: repaired], guessesShape: true)
    }

    /// `line` with its value from `start` on in single quotes (a quote inside doubled): what
    /// makes a value that YAML would read as something else plain text.
    private static func quotingValue(_ line: String, from start: String.Index) -> String {
        String(line[..<start]) + "'" + line[start...].replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `title: @某某` or `` title: `通知` ``: a value may not start with a character YAML reserves.
    static func reservedStart(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), let first = value.first, "@`%!&*|>".contains(first) else { return nil }
        // `|` and `>` on their own start a block of text, which is YAML, not a mistake.
        if first == "|" || first == ">", value.dropFirst().allSatisfy({ "+-0123456789 ".contains($0) }) { return nil }
        return finding(index, column: column(of: start, in: line),
                       zh: "第 \(index + 1 + offset) 行的值以“\(first)”开头，这个字符在 YAML 中有特殊用途，不能直接放在值的开头",
                       en: "line \(index + 1 + offset): the value starts with “\(first)”, a character YAML reserves, so it cannot begin a plain value",
                       hintZh: "给整个值加上英文引号，例如 '\(value)'；或者去掉开头的“\(first)”。",
                       hintEn: "Put the whole value in quotes, e.g. '\(value)', or drop the leading “\(first)”.",
                       repairs: [index: quotingValue(line, from: start)])
    }

    /// `title: [重要]关于……的通知`: a value that starts with a bracket is a list (or a mapping) to
    /// YAML, and the text after the closing bracket cannot be read.
    static func textAfterBracket(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), let open = value.first, open == "[" || open == "{" else { return nil }
        var depth = 0
        var quote: Character?
        var end: String.Index?
        for position in value.indices {
            let c = value[position]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c } else if c == "[" || c == "{" { depth += 1 } else if c == "]" || c == "}" {
                depth -= 1
                if depth == 0 { end = position; break }
            }
        }
        guard let end else { return nil }
        let after = value[value.index(after: end)...].drop { $0 == " " }
        guard !after.isEmpty, !after.hasPrefix("#") else { return nil }
        return finding(index, column: column(of: start, in: line),
                       zh: "第 \(index + 1 + offset) 行的值以“\(open)”开头，YAML 把括号里的内容读成了列表，括号后面的文字无法读取",
                       en: "line \(index + 1 + offset): the value starts with “\(open)”, which YAML reads as a list, so the text after the bracket cannot be read",
                       hintZh: "给整个值加上英文引号，例如 '\(value)'；或改用中文括号【】。",
                       hintEn: "Put the whole value in quotes, e.g. '\(value)', or use the Chinese brackets 【】.",
                       repairs: [index: quotingValue(line, from: start)])
    }

    /// `attachments: - { file: 名单.pdf }`: a list entry on the key's own line.
    static func entryOnKeyLine(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let key = keyLine(line), key.rest.hasPrefix(":"), !key.lead.contains("-"),
              let (start, value) = value(of: line), value.hasPrefix("- ") else { return nil }
        let entry = value.dropFirst(2).drop { $0 == " " }
        return finding(index, column: column(of: start, in: line),
                       zh: "第 \(index + 1 + offset) 行 `\(key.key):` 后面直接写了列表项“- ”：列表项要另起一行",
                       en: "line \(index + 1 + offset): a list entry “- ” follows `\(key.key):` on the same line; each entry goes on a line of its own",
                       hintZh: "`\(key.key):` 后面换行，下一行先空两格再写“- \(entry)”。",
                       hintEn: "End the line after `\(key.key):` and write “  - \(entry)” on the next line.",
                       repairs: [index: "\(key.lead)\(key.key): [\(entry)]"])
    }

    /// `doc_no 临人社字〔2021〕9号`: a key and its value with no colon between them.
    static func missingColon(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let first = line.first, first.isASCII, first.isLetter, !line.contains(":"), !line.contains("："),
              let space = line.firstIndex(of: " "),
              line[..<space].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        let key = line[..<space]
        let value = line[space...].drop { $0 == " " }
        guard !value.isEmpty else { return nil }
        return finding(index, column: column(of: space, in: line),
                       zh: "第 \(index + 1 + offset) 行的字段名 `\(key)` 后面缺少冒号",
                       en: "line \(index + 1 + offset): there is no colon after the key `\(key)`",
                       hintZh: "在字段名后面加英文冒号和空格：\(key): \(value)",
                       hintEn: "Put an ASCII colon and a space after the key: \(key): \(value)",
                       repairs: [index: "\(key): \(value)"])
    }

    /// `title: 通知: 第1次局务会议`: a colon and a space inside a plain value start a second key.
    static func colonInValue(_ line: String, _ index: Int, _ offset: Int) -> Finding? {
        guard let (start, value) = value(of: line), let first = value.first, !"\"'[{|>".contains(first),
              let colon = value.range(of: ": ")?.lowerBound ?? (value.hasSuffix(":") ? value.index(before: value.endIndex) : nil)
        else { return nil }
        // A comment after the value is not part of it.
        if let hash = value.range(of: " #")?.lowerBound, hash < colon { return nil }
        return finding(index, column: column(of: colon, in: line),
                       zh: "第 \(index + 1 + offset) 行的值中有英文冒号加空格“: ”，YAML 会把它当成又一个字段名的开始",
                       en: "line \(index + 1 + offset): the value holds an ASCII colon and a space “: ”, which YAML takes for the start of another key",
                       hintZh: "给整个值加上英文引号，例如 '\(value)'；或把值中的冒号改成中文全角冒号“：”。",
                       hintEn: "Put the whole value in quotes, e.g. '\(value)', or use a full-width colon “：” inside the value.",
                       repairs: [index: quotingValue(line, from: start)])
    }
}
