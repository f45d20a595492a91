import Yams

/// Parses a YAML text into a node tree, turning syntax errors into diagnostics with the line of the
/// file they are on (front matter starts below the opening `---`, hence `lineOffset`).
enum YAMLDocument {
    /// What reading a YAML text gave: its tree, when the text (or the text with the recognised
    /// mistakes repaired, see `YAMLMistakes`) could be read, and one diagnostic per mistake.
    /// A tree with errors is for finding the file's other mistakes, never for publishing; a
    /// warning (a list read as written) repairs nothing, and its tree is the text's own.
    struct Reading {
        var root: Node?
        var readable: Bool
        var diagnostics: [Diagnostic]
        /// File lines a mistake was found or repaired on: nothing more is said about them.
        var explainedLines: Set<Int> = []
    }

    /// The tree, or the first problem; `read` for every problem and the tree despite them.
    static func parse(_ text: String, file: String, lineOffset: Int = 0) -> Result<Node?, Diagnostic> {
        let reading = read(text, file: file, lineOffset: lineOffset)
        // Warnings (a list read as written) do not stop a file read this way; they are `read`'s.
        if let first = reading.diagnostics.first(where: \.isError) { return .failure(first) }
        return .success(reading.root)
    }

    /// Reads `text`, naming every recognised mistake at its line in the editor's words and
    /// repairing it, then reading again, so that one run names them all and the rest of the file
    /// is still read. The parser's own message is kept only for what no recogniser knows, and
    /// never after a message that already explained its line.
    static func read(_ text: String, file: String, lineOffset: Int = 0) -> Reading {
        // Nearly every text reads, and has nothing that a silent mistake needs: one parse, no
        // split into lines.
        let first = compose(text, file: file, lineOffset: lineOffset)
        if case .success(let root) = first, !YAMLMistakes.mayHoldSilentMistake(text) {
            return Reading(root: root, readable: true, diagnostics: [])
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var diagnostics: [Diagnostic] = []
        // Lines a message was given for (the parser's own words are not added after one), and
        // what was said on each (a line may hold two mistakes: a tab and a full-width colon).
        var explained: Set<Int> = []
        var said: Set<String> = []
        var repaired: Set<Int> = []
        var indentationNamed: Set<Int> = []
        func isNew(_ finding: YAMLMistakes.Finding) -> Bool { !said.contains("\(finding.line)\u{1F}\(finding.message.en)") }
        func take(_ findings: [YAMLMistakes.Finding]) {
            for finding in findings where isNew(finding) {
                said.insert("\(finding.line)\u{1F}\(finding.message.en)")
                if finding.concernsIndentation {
                    // The tab's message asked to align the line already: repair, say nothing.
                    if indentationNamed.contains(finding.line) {
                        for (line, repaired) in finding.repairs { lines[line] = repaired }
                        continue
                    }
                    indentationNamed.insert(finding.line)
                }
                explained.insert(finding.line)
                if finding.guessesShape { repaired.formUnion(finding.repairs.keys) }
                diagnostics.append(finding.diagnostic(file: file, lineOffset: lineOffset))
                for (line, repaired) in finding.repairs { lines[line] = repaired }
            }
        }
        // Each round repairs at least one new line; a few rounds cover any real file.
        for round in 0..<8 {
            let result = round == 0 ? first : compose(lines.joined(separator: "\n"), file: file, lineOffset: lineOffset)
            switch result {
            case .success(let root):
                let silent = YAMLMistakes.silent(lines, offset: lineOffset).filter(isNew)
                if silent.isEmpty {
                    let lines = repaired.map { $0 + 1 + lineOffset }
                    return Reading(root: root, readable: true, diagnostics: diagnostics, explainedLines: Set(lines))
                }
                take(silent)
            case .failure(let failure):
                if failure.isBounds {
                    diagnostics.append(failure.diagnostic)
                    return Reading(root: nil, readable: false, diagnostics: diagnostics)
                }
                if let duplicate = failure.duplicateLine, !explained.contains(duplicate) {
                    explained.insert(duplicate)
                    diagnostics.append(failure.diagnostic)
                    blankEntry(at: duplicate, column: failure.diagnostic.column, in: &lines)
                    continue
                }
                let findings = YAMLMistakes.scan(lines, offset: lineOffset).filter(isNew)
                if findings.isEmpty {
                    // Nothing recognised: the parser's words, unless its line (or the one before,
                    // where libyaml often points after a mistake) is explained already.
                    let line = (failure.diagnostic.line ?? 0) - lineOffset - 1
                    if !(explained.contains(line) || explained.contains(line - 1)) {
                        diagnostics.append(failure.diagnostic)
                    }
                    return Reading(root: nil, readable: false, diagnostics: diagnostics)
                }
                take(findings)
            }
        }
        return Reading(root: nil, readable: false, diagnostics: diagnostics)
    }

    /// Empties the line of a repeated key and the lines indented below it (its list or mapping),
    /// so the first of the two is read and nothing of the second is left to confuse the parser.
    /// In braces (`{ slug: a, name: 甲, slug: b }`) only the repeated `key: value` goes.
    private static func blankEntry(at line: Int, column: Int?, in lines: inout [String]) {
        let text = Array(lines[line])
        if let column, column >= 2, column - 1 <= text.count, text[..<(column - 1)].contains("{") {
            var start = column - 1
            while start > 0, text[start - 1] == " " { start -= 1 }
            if start > 0, text[start - 1] == "," { start -= 1 }
            var end = column - 1
            while end < text.count, text[end] != ",", text[end] != "}" { end += 1 }
            lines[line] = String(text[..<start]) + String(text[end...])
            return
        }
        let indent = lines[line].prefix { $0 == " " || $0 == "-" }.count
        lines[line] = ""
        var next = line + 1
        while next < lines.count, !lines[next].isEmpty, lines[next].prefix(while: { $0 == " " }).count > indent {
            lines[next] = ""
            next += 1
        }
    }

    /// A refusal of `compose`: its diagnostic, and for a repeated key the 0-based line to blank.
    private struct Failure: Error {
        var diagnostic: Diagnostic
        var duplicateLine: Int? = nil
        /// Aliases, over-long values and control characters: their own message, always kept.
        var isBounds = false
    }

    private static func compose(_ text: String, file: String, lineOffset: Int) -> Result<Node?, Failure> {
        // Before composing: Yams expands every alias into a copy of what it names.
        if let (alias, anchor) = YAMLBounds.firstAlias(in: text),
           let diagnostic = YAMLBounds.aliasDiagnostic(alias: alias, anchor: anchor, file: file, lineOffset: lineOffset) {
            return .failure(Failure(diagnostic: diagnostic, isBounds: true))
        }
        do {
            // Every value is read as text and typed by `YAMLFields`, so the scalars' tags are not
            // resolved (the default resolver runs a regular expression per scalar). The encoding
            // is named: Yams' default reads an environment variable on every call.
            let root = try Yams.compose(yaml: text, .basic, .default, .utf8)
            if let root, let problem = YAMLBounds.check(root, file: file, lineOffset: lineOffset) {
                return .failure(Failure(diagnostic: problem, isBounds: true))
            }
            return .success(root)
        } catch let error as YamlError {
            let diagnostic = diagnostic(error, text: text, file: file, lineOffset: lineOffset)
            if case .duplicatedKeysInMapping = error, let line = diagnostic.line {
                return .failure(Failure(diagnostic: diagnostic, duplicateLine: line - lineOffset - 1))
            }
            return .failure(Failure(diagnostic: diagnostic))
        } catch {
            return .failure(Failure(diagnostic: Diagnostic(file: file, zh: "无法读取 YAML 内容（\(error)）", en: "cannot read YAML: \(error)",
                                       hintZh: "检查文件是否为 UTF-8 编码的文本。", hintEn: "Check that the file is UTF-8 text.")))
        }
    }

    private static func diagnostic(_ error: YamlError, text: String, file: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKeys(duplicates, first: context.mark, text: text, file: file, lineOffset: lineOffset)
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // "could not find expected ':'" is found on the line after the key that lacks it:
            // the key's line (the context's) is the one to look at.
            if problem.contains("could not find expected ':'"), let context {
                return syntax(problem, line: context.mark.line + lineOffset, column: context.mark.column, file: file)
            }
            return syntax(problem, line: mark.line + lineOffset, column: mark.column, file: file)
        case .reader(let problem, let offset, _, _):
            // The offset counts characters of the text.
            let line = offset.map { offset in text.prefix(offset).reduce(1) { $1 == "\n" ? $0 + 1 : $0 } + lineOffset }
            return syntax(problem, line: line, column: nil, file: file)
        default:
            return syntax("\(error)", line: nil, column: nil, file: file)
        }
    }

    /// A libyaml problem (English, terse) with a Chinese explanation first and the parser's own
    /// words after it in parentheses, for whoever looks it up.
    private static func syntax(_ problem: String, line: Int?, column: Int?, file: String) -> Diagnostic {
        Diagnostic(
            file: file, line: line, column: column,
            zh: "YAML 格式错误：\(chinese(problem))",
            en: "YAML syntax error: \(problem)",
            hintZh: "检查这一行及上一行：冒号后要有空格；含冒号、#、引号的值请用英文引号括起来；缩进只用空格，不用 Tab。",
            hintEn: "Check this line and the one above: a space after each colon; quote values that contain a colon, # or quotes; indent with spaces, never tabs."
        )
    }

    /// What libyaml's problems mean, in the words of an editor. The ones an editor meets (a
    /// missing space, an unquoted colon, a tab, an unclosed bracket or quote) are said precisely;
    /// the rest generally.
    static func chinese(_ problem: String) -> String {
        let meanings: [(String, String)] = [
            ("mapping values are not allowed", "这里不能再出现“键: 值”——通常是值中含有“冒号加空格”却没有加引号，或缩进不对"),
            ("could not find expected ':'", "找不到应有的冒号“:”——可能是缺少冒号、引号没有闭合，或上一行的值跨行了"),
            ("did not find expected key", "找不到应有的字段名——通常是缩进不一致，或一行开头多了空格"),
            ("did not find expected '-' indicator", "列表项应以“- ”开头，这里的缩进或写法不对"),
            ("did not find expected ',' or ']'", "方括号列表 [ … ] 没有正确结束：缺少“]”，或两项之间缺少逗号"),
            ("did not find expected ',' or '}'", "花括号 { … } 没有正确结束：缺少“}”，或两项之间缺少逗号"),
            ("did not find expected node content", "这里缺少值，例如括号中有多余的逗号"),
            ("found a tab character", "缩进中用了 Tab 字符，YAML 只允许用空格缩进"),
            ("found character that cannot start any token", "值不能以这个字符开头（如 @、`、Tab），请给值加上英文引号"),
            ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了，检查引号、括号是否成对"),
            ("found unknown escape character", "双引号中的“\\”后跟了无效的字符；要写“\\”本身请用单引号或写成“\\\\”"),
            ("found unexpected ':'", "这里出现了多余的冒号，请给值加上英文引号"),
            ("block sequence entries are not allowed", "这里不能出现“- ”开头的列表项，检查缩进"),
            ("mapping keys are not allowed", "这里不能出现字段名，检查缩进"),
            ("found undefined alias", "使用了未定义的别名（*名称）；如果是文字，请给值加上英文引号"),
            ("found undefined tag handle", "使用了未定义的标签（!名称）；如果是文字，请给值加上英文引号"),
            ("control characters are not allowed", "文件中有不可见的控制字符，请删除后重新输入这一行"),
            ("UTF-8", "文件不是有效的 UTF-8 编码文本，请用 UTF-8 编码另存"),
            ("but found another document", "一个文件中只能有一段 YAML 内容（多了“---”）"),
            ("document", "一个文件中只能有一段 YAML 内容（多了“---”或“...”）"),
        ]
        for (english, chinese) in meanings where problem.contains(english) { return chinese }
        return "无法按 YAML 格式读取这一行"
    }

    /// A repeated key of one mapping, reported at the repetition: Yams gives the first occurrence
    /// only, and the repetition is what an editor has just added and should look at. Each
    /// repeated key has a message of its own, at its own line (`read` takes them one by one).
    private static func duplicateKeys(_ keys: [String], first: Mark, text: String, file: String, lineOffset: Int) -> Diagnostic {
        let key = keys.first ?? ""
        let second = secondOccurrence(of: key, after: first, in: text)
        return Diagnostic(
            file: file, line: (second?.line ?? first.line) + lineOffset, column: second?.column ?? first.column,
            zh: "字段 `\(key)` 重复（第 \(first.line + lineOffset) 行已有）",
            en: "the key `\(key)` is written twice (first on line \(first.line + lineOffset))",
            hintZh: "每个字段只能写一次：删去其中一行，或把两行的内容合并成一行。",
            hintEn: "Write each key once: delete one of the lines, or merge them into one.")
    }

    /// Where `key` is written again in the mapping whose first `key` is at `first` (1-based).
    ///
    /// In a block mapping the keys share a column and nothing between two keys of the mapping
    /// starts at that column, so the first later line with `key:` at that column is the
    /// repetition. Otherwise (a flow mapping, `{ a: 1, a: 2 }`) it is the next `key:` after
    /// the first one. Nil when neither is found (the caller then uses the first).
    static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard first.line >= 1, first.line <= lines.count, !key.isEmpty else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        // `key`, maybe quoted, then spaces and a colon, at `column` (0-based) of `line`.
        func isKey(_ line: [Unicode.Scalar], at column: Int) -> Bool {
            for spelling in spellings where column + spelling.count <= line.count
                && Array(line[column..<column + spelling.count]) == spelling {
                var end = column + spelling.count
                while end < line.count, line[end] == " " { end += 1 }
                if end < line.count, line[end] == ":" { return true }
            }
            return false
        }
        let column = first.column - 1
        if column >= 0 {
            for index in first.line..<lines.count {
                let line = lines[index]
                guard column < line.count, line[..<column].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
                if isKey(line, at: column) { return (index + 1, first.column) }
            }
        }
        // Flow style: the next `key:` after the first, at the start of an entry.
        var start = max(column + 1, 0)
        for index in (first.line - 1)..<lines.count {
            let line = lines[index]
            for position in start..<max(start, line.count) {
                let before: Unicode.Scalar = position == 0 ? " " : line[position - 1]
                if [" ", ",", "{", "\t"].contains(before), isKey(line, at: position) {
                    return (index + 1, position + 1)
                }
            }
            start = 0
        }
        return nil
    }
}
