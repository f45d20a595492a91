import Yams

/// Splits a content file into its YAML front matter and its Markdown body.
///
/// The file must start with a `---` line and the front matter ends at the next `---` line. Line
/// numbers are kept so that a problem in either part is reported on the line the editor sees.
public struct FrontMatter: Sendable {
    /// The YAML between the two `---` lines.
    public let yaml: String
    /// Number of lines before the YAML text in the file (1: the opening `---`).
    public let yamlLineOffset: Int
    /// The Markdown after the closing `---`.
    public let body: String
    /// 1-based file line on which the body starts.
    public let bodyLine: Int

    /// Splits normalised text (no BOM, `\n` line ends); returns a diagnostic when the markers are
    /// missing, or when the body has the shape cmark takes quadratic time on (`MarkdownShape`):
    /// such a body is refused here, before anything renders it.
    ///
    /// Works on UTF-8 bytes and scans only up to the closing marker: the body (most of the file) is
    /// never split into lines or characters.
    public static func split(_ text: String, file: String) -> Result<FrontMatter, Diagnostic> {
        var text = text
        return text.withUTF8 { bytes in
            switch layout(bytes) {
            case .noOpeningMarker:
                return .failure(Diagnostic(
                    file: file, line: 1,
                    zh: "文件开头缺少前置信息（front matter）的起始行 `---`",
                    en: "the file does not start with the front-matter line `---`",
                    hintZh: "第一行写 ---，然后是 title、date、index_no 等字段，再写一行 --- 结束，最后是正文。",
                    hintEn: "Write --- on the first line, then title, date, index_no …, then a closing --- line, then the body."))
            case .noClosingMarker:
                if let guess = guessedBodyLine(bytes) {
                    return .failure(Diagnostic(
                        file: file, line: guess,
                        zh: "前置信息没有结束行 `---`：第 \(guess) 行看来是正文的开始，它之前（最后一个字段之后）应有单独一行 ---",
                        en: "the front matter has no closing `---` line: line \(guess) looks like the start of the body, and a --- line belongs before it, after the last field",
                        hintZh: "在第 \(guess) 行之前（最后一个字段之后）单独写一行 ---。",
                        hintEn: "Add a line with only --- before line \(guess), after the last field."))
                }
                return .failure(Diagnostic(
                    file: file, line: 1,
                    zh: "前置信息没有结束行 `---`",
                    en: "the front matter has no closing `---` line",
                    hintZh: "在最后一个字段（例如 topics 或 attachments）之后、正文之前单独写一行 ---。",
                    hintEn: "Add a line with only --- after the last field and before the body."))
            case .parts(let yaml, let bodyStart, let bodyLine):
                if let run = MarkdownShape.quadraticRun(in: UnsafeBufferPointer(rebasing: bytes[bodyStart...])) {
                    return .failure(MarkdownShape.diagnostic(runLine: run, bodyLine: bodyLine, file: file))
                }
                // The text is valid UTF-8 and the parts end at line breaks: nothing to repair.
                return .success(FrontMatter(yaml: String(decoding: UnsafeBufferPointer(rebasing: bytes[yaml]), as: UTF8.self),
                                            yamlLineOffset: 1,
                                            body: String(decoding: UnsafeBufferPointer(rebasing: bytes[bodyStart...]), as: UTF8.self),
                                            bodyLine: bodyLine))
            }
        }
    }

    /// `split` straight from a file's bytes, for a file without a BOM or carriage returns (which
    /// `SourceText` would take out first): each part becomes a string of its own, validated as
    /// UTF-8, and the whole file never does. Nil when the markers are missing or a part is not
    /// UTF-8: the caller decodes and splits the text as usual, for the message.
    static func split(bytes: UnsafeBufferPointer<UInt8>) -> FrontMatter? {
        guard case .parts(let yamlRange, let bodyStart, let bodyLine) = layout(bytes),
              // A body cmark would take quadratic time on: `split(_:file:)` says so.
              MarkdownShape.quadraticRun(in: UnsafeBufferPointer(rebasing: bytes[bodyStart...])) == nil,
              let yaml = String(validating: UnsafeBufferPointer(rebasing: bytes[yamlRange]), as: UTF8.self),
              let body = String(validating: UnsafeBufferPointer(rebasing: bytes[bodyStart...]), as: UTF8.self)
        else { return nil }
        // Outside the two parts there are only the marker lines, which are ASCII: the whole file
        // is UTF-8 exactly when both parts are.
        return FrontMatter(yaml: yaml, yamlLineOffset: 1, body: body, bodyLine: bodyLine)
    }

    /// For a file whose closing `---` is missing: the 1-based line where the body seems to start,
    /// the first line after the fields that is no YAML an editor writes (not `key: value`, not
    /// indented, not a list entry), or nil when there is none (the file is all fields).
    static func guessedBodyLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated().dropFirst() {
            var text = line
            while let last = text.last, last == " " || last == "\r" { text = text.dropLast() }
            // Blank lines may sit between fields: what follows them decides.
            if text.isEmpty { continue }
            if text.first == " " || text.first == "\t" || text.hasPrefix("- ") { continue }
            let key = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            let rest = text.dropFirst(key.count).drop { $0 == " " }
            if !key.isEmpty, rest.hasPrefix(":") || rest.hasPrefix("：") { continue }
            return index > 1 ? index + 1 : nil
        }
        return nil
    }

    /// The split of a file whose closing `---` is missing, at `guessedBodyLine`: its fields are
    /// still read and checked (the file fails anyway, for the missing line).
    static func guessedSplit(_ text: String) -> FrontMatter? {
        var bytes = text
        // Only for that mistake: an opening marker and no closing one.
        guard case .noClosingMarker = bytes.withUTF8({ layout($0) }),
              let bodyLine = bytes.withUTF8({ guessedBodyLine($0) }) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The YAML ends before the body (and before the blank lines that may precede it).
        var yamlLines = Array(lines[1..<(bodyLine - 1)])
        while let last = yamlLines.last, last.allSatisfy({ $0 == " " }) { yamlLines.removeLast() }
        return FrontMatter(yaml: yamlLines.joined(separator: "\n"), yamlLineOffset: 1,
                           body: lines[(bodyLine - 1)...].joined(separator: "\n"), bodyLine: bodyLine)
    }

    private enum Layout {
        case noOpeningMarker, noClosingMarker
        /// The YAML's bytes (without the line break before the closing marker), where the body
        /// starts, and its file line.
        case parts(yaml: Range<Int>, bodyStart: Int, bodyLine: Int)
    }

    private static func layout(_ bytes: UnsafeBufferPointer<UInt8>) -> Layout {
        let count = bytes.count
        var lineStart = 0
        var lineNumber = 1
        var yamlStart = 0
        while lineStart < count || lineNumber == 1 {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != 10 { lineEnd += 1 }
            let marker = Self.marker(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
            if lineNumber == 1 {
                guard marker == .dashes else { return .noOpeningMarker }
                yamlStart = lineEnd < count ? lineEnd + 1 : lineEnd
            } else if marker != nil {
                var yamlEnd = max(lineStart, yamlStart)
                if yamlEnd > yamlStart, bytes[yamlEnd - 1] == 10 {
                    // The last character goes, and "\r\n" is one character (in text not normalised).
                    yamlEnd -= 1
                    if yamlEnd > yamlStart, bytes[yamlEnd - 1] == 13 { yamlEnd -= 1 }
                }
                return .parts(yaml: yamlStart..<yamlEnd, bodyStart: lineEnd < count ? lineEnd + 1 : lineEnd, bodyLine: lineNumber + 1)
            }
            if lineEnd == count { break }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return .noClosingMarker
    }

    private enum Marker { case dashes, dots }

    /// `---` (or YAML's `...` as a closing marker), trailing spaces allowed.
    private static func marker(_ line: UnsafeBufferPointer<UInt8>) -> Marker? {
        var end = line.count
        while end > 0, line[end - 1] == 32 || line[end - 1] == 9 || line[end - 1] == 13 { end -= 1 }
        guard end == 3 else { return nil }
        if line[0] == UInt8(ascii: "-"), line[1] == UInt8(ascii: "-"), line[2] == UInt8(ascii: "-") { return .dashes }
        if line[0] == UInt8(ascii: "."), line[1] == UInt8(ascii: "."), line[2] == UInt8(ascii: ".") { return .dots }
        return nil
    }
}

extension FrontMatter {
    /// Splits a content file and parses its front matter into typed fields: everything an item, a
    /// page or a report's index.md needs before reading its own keys. Returns the one diagnostic
    /// that stops the file from being read (missing markers, YAML syntax, not a mapping).
    static func read(_ text: String, file: String) -> Result<(FrontMatter, YAMLFields), Diagnostic> {
        switch FrontMatter.split(text, file: file) {
        case .success(let split): return split.fields(file: file).map { (split, $0) }
        case .failure(let diagnostic): return .failure(diagnostic)
        }
    }

    /// The front matter's YAML parsed with Yams into typed fields, or the one diagnostic that
    /// stops it (YAML syntax, not a mapping). `readFields` gives every problem.
    func fields(file: String) -> Result<YAMLFields, Diagnostic> {
        let (fields, problems) = readFields(file: file)
        if let fields { return .success(fields) }
        return .failure(problems[0])
    }

    /// The front matter's fields, read even when the YAML has mistakes `YAMLMistakes` can repair
    /// (the fields then hold those mistakes' diagnostics, so the file fails but its other fields
    /// are still checked); or nil and every YAML problem when it cannot be read at all.
    func readFields(file: String) -> (YAMLFields?, [Diagnostic]) {
        let reading = YAMLDocument.read(yaml, file: file, lineOffset: yamlLineOffset)
        guard reading.readable else { return (nil, reading.diagnostics) }
        let (fields, problem) = YAMLFields.root(reading.root, file: file, lineOffset: yamlLineOffset,
                                                what: BilingualText(zh: "前置信息", en: "the front matter"))
        guard let fields else { return (nil, reading.diagnostics + [problem!]) }
        fields.explain(reading)
        return (fields, [])
    }
}
