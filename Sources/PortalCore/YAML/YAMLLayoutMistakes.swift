/// The mistakes of `YAMLMistakes` that need the lines around them: a list written under a key
/// that has a value, a key indented by mistake, and a list separated with full-width commas.
extension YAMLMistakes {
    /// `topics: 就业创业` followed by `  - 社会保险`: a list written under a key that already has a
    /// value on its line. YAML joins an indented `- 社会保险` into the value ("就业创业 - 社会保险")
    /// without a word, and refuses one that is not indented, so this one is looked for always.
    static func listsUnderValues(_ lines: [String], offset: Int) -> [Finding] {
        var findings: [Finding] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard let keyLine = keyLine(lines[index]), keyLine.rest.hasPrefix(": "),
                  !keyLine.lead.contains("-"), !keyLine.lead.contains("\t"),
                  let (_, value) = value(of: lines[index]), !"[{|>\"'&*!#".contains(value.first!) else { continue }
            let keyColumn = keyLine.lead.count
            var items: [Int] = []
            var next = index + 1
            while next < lines.count {
                let line = lines[next]
                let indent = line.prefix { $0 == " " }.count
                guard indent >= keyColumn, line.dropFirst(indent).hasPrefix("- ") else { break }
                items.append(next)
                next += 1
            }
            guard let first = items.first else { continue }
            let entries = [String(value)] + items.map { String(lines[$0].drop { $0 == " " }.dropFirst(2)) }
            let quoted = entries.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
            var repairs = [index: "\(keyLine.lead)\(keyLine.key): [\(quoted)]"]
            for item in items { repairs[item] = "" }
            let found = finding(first, column: lines[first].prefix { $0 == " " }.count + 1,
                                    zh: "第 \(first + 1 + offset) 行的列表项“- …”写在了 `\(keyLine.key)` 下面，但第 \(index + 1 + offset) 行的 `\(keyLine.key):` 后面已经写了值“\(value)”",
                                    en: "line \(first + 1 + offset): a list entry “- …” is written under `\(keyLine.key)`, whose line \(index + 1 + offset) already has the value “\(value)”",
                                    hintZh: "要写成列表，把同一行的值也移下来作为一项：\(keyLine.key): 后面留空，下面每行“  - 一项”；或写成一行 \(keyLine.key): [\(entries.joined(separator: ", "))]。",
                                    hintEn: "For a list, leave `\(keyLine.key):` empty and write each entry below as “  - entry”, or on one line: \(keyLine.key): [\(entries.joined(separator: ", "))].",
                                    repairs: repairs, guessesShape: true)
            findings.append(found)
            index = next - 1
        }
        return findings
    }

    /// `title: 通知` then `  date: 2021-05-01`: the key is indented as if it belonged to `title`,
    /// which has a value. libyaml says "mapping values are not allowed in this context".
    static func indentedKeys(_ lines: [String], offset: Int) -> [Finding] {
        var findings: [Finding] = firstKeyIndented(lines, offset: offset).map { [$0] } ?? []
        var previous: (index: Int, key: KeyLine)?
        for index in lines.indices {
            let line = lines[index]
            if line.allSatisfy({ $0 == " " }) || isCommentLine(line) { continue }
            defer {
                previous = keyLine(line).flatMap { $0.lead.contains("-") || $0.lead.contains("\t") ? nil : (index, $0) }
            }
            guard let (above, aboveKey) = previous, let key = keyLine(line), key.rest.hasPrefix(":"),
                  !key.lead.contains("-"), !key.lead.contains("\t"), key.lead.count > aboveKey.lead.count,
                  let (_, value) = value(of: lines[above]), !"|>".contains(value.first!) else { continue }
            let repaired = String(repeating: " ", count: aboveKey.lead.count) + key.key + key.rest
            let found = finding(index, column: 1,
                                    zh: "第 \(index + 1 + offset) 行开头多了 \(key.lead.count - aboveKey.lead.count) 个空格：字段 `\(key.key)` 应与上一行的 `\(aboveKey.key)` 左对齐",
                                    en: "line \(index + 1 + offset) starts with \(key.lead.count - aboveKey.lead.count) extra space(s): the key `\(key.key)` must line up with `\(aboveKey.key)` above",
                                    hintZh: "删掉 `\(key.key)` 前面多出的空格，让每个字段都从同一列开始。",
                                    hintEn: "Remove the extra spaces before `\(key.key)` so that every key starts in the same column.",
                                    repairs: [index: repaired], concernsIndentation: true)
            findings.append(found)
        }
        return findings
    }

    /// ` title: 通知` then `date: 2021-05-01`: the first key has spaces before it, the others not.
    private static func firstKeyIndented(_ lines: [String], offset: Int) -> Finding? {
        let keyed = lines.indices.compactMap { index in keyLine(lines[index]).map { (index, $0) } }
        guard let (index, first) = keyed.first, !first.lead.isEmpty, !first.lead.contains("-"), !first.lead.contains("\t"),
              keyed.dropFirst().contains(where: { $0.1.lead.count < first.lead.count }) else { return nil }
        return finding(index, column: 1,
                       zh: "第 \(index + 1 + offset) 行开头多了 \(first.lead.count) 个空格：第一个字段 `\(first.key)` 应从行首写起",
                       en: "line \(index + 1 + offset) starts with \(first.lead.count) extra space(s): the first key `\(first.key)` must start the line",
                       hintZh: "删掉 `\(first.key)` 前面的空格，让每个字段都从行首开始。",
                       hintEn: "Remove the spaces before `\(first.key)` so that every key starts the line.",
                       repairs: [index: String(first.key) + first.rest], concernsIndentation: true)
    }

    /// `topics: [就业创业，社会保险]`: a full-width comma does not separate entries, so YAML reads
    /// one entry “就业创业，社会保险” without a word. A warning: the page is still right to build,
    /// only not as meant.
    static func fullWidthCommas(_ lines: [String], offset: Int) -> [Finding] {
        lines.indices.compactMap { index -> Finding? in
            let line = lines[index]
            // Only between the brackets: a comment after them (`[0, 0]  # 自然人，商业企业…`) is prose.
            guard !isCommentLine(line), let (_, value) = value(of: line), value.first == "[" else { return nil }
            let list = value.prefix { $0 != "]" && $0 != "#" }
            guard let comma = list.firstIndex(of: "，") else { return nil }
            var found = finding(index, column: column(of: comma, in: line),
                                zh: "第 \(index + 1 + offset) 行的列表 [ … ] 用了全角逗号“，”分隔，YAML 会把“，”两边读成同一项",
                                en: "line \(index + 1 + offset): the list [ … ] is separated with a full-width comma “，”, so YAML reads the parts around it as one entry",
                                hintZh: "列表各项之间用英文逗号加空格“, ”分隔，例如 [就业创业, 社会保险]。",
                                hintEn: "Separate the entries with an ASCII comma and a space, e.g. [就业创业, 社会保险].",
                                // Valid YAML, published as written: nothing to repair.
                                repairs: [:])
            found.severity = .warning
            return found
        }
    }

    static func isCommentLine(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("#")
    }
}
