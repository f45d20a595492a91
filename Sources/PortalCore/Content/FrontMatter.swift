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

    /// Splits normalised text (no BOM, `\n` line ends); returns a diagnostic when the markers are missing.
    ///
    /// Works on UTF-8 bytes and scans only up to the closing marker: the body (most of the file) is
    /// never split into lines or characters.
    public static func split(_ text: String, file: String) -> Result<FrontMatter, Diagnostic> {
        let utf8 = text.utf8
        // Line boundaries as byte offsets, found lazily.
        var lineStart = utf8.startIndex
        var lineNumber = 1
        var yamlStart: String.Index?
        var yamlEnd: String.Index?
        var bodyStart: String.Index?
        while lineStart < utf8.endIndex || lineNumber == 1 {
            let lineEnd = utf8[lineStart...].firstIndex(of: 10) ?? utf8.endIndex
            let marker = Self.marker(utf8[lineStart..<lineEnd])
            if lineNumber == 1 {
                guard marker == .dashes else {
                    return .failure(Diagnostic(
                        file: file, line: 1,
                        zh: "文件开头缺少前置信息（front matter）的起始行 `---`",
                        en: "the file does not start with the front-matter line `---`",
                        hintZh: "第一行写 ---，然后是 title、date、index_no 等字段，再写一行 --- 结束，最后是正文。",
                        hintEn: "Write --- on the first line, then title, date, index_no …, then a closing --- line, then the body."))
                }
                yamlStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
            } else if marker != nil {
                yamlEnd = lineStart
                bodyStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
                break
            }
            if lineEnd == utf8.endIndex { break }
            lineStart = utf8.index(after: lineEnd)
            lineNumber += 1
        }
        guard let yamlStart, let yamlEnd, let bodyStart else {
            return .failure(Diagnostic(
                file: file, line: 1,
                zh: "前置信息没有结束行 `---`",
                en: "the front matter has no closing `---` line",
                hintZh: "在最后一个字段（例如 topics 或 attachments）之后、正文之前单独写一行 ---。",
                hintEn: "Add a line with only --- after the last field and before the body."))
        }
        var yaml = String(text[yamlStart..<yamlEnd])
        if yaml.utf8.last == 10 { yaml.removeLast() }
        return .success(FrontMatter(yaml: yaml, yamlLineOffset: 1, body: String(text[bodyStart...]), bodyLine: lineNumber + 1))
    }

    private enum Marker { case dashes, dots }

    /// `---` (or YAML's `...` as a closing marker), trailing spaces allowed.
    private static func marker(_ line: Substring.UTF8View) -> Marker? {
        var bytes = line[...]
        while let last = bytes.last, last == 32 || last == 9 || last == 13 { bytes = bytes.dropLast() }
        if bytes.elementsEqual("---".utf8) { return .dashes }
        if bytes.elementsEqual("...".utf8) { return .dots }
        return nil
    }
}

extension FrontMatter {
    /// Splits a content file and parses its front matter into typed fields: everything an item, a
    /// page or a report's index.md needs before reading its own keys. Returns the one diagnostic
    /// that stops the file from being read (missing markers, YAML syntax, not a mapping).
    static func read(_ text: String, file: String) -> Result<(FrontMatter, YAMLFields), Diagnostic> {
        let split: FrontMatter
        switch FrontMatter.split(text, file: file) {
        case .success(let value): split = value
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        let root: Node?
        switch YAMLDocument.parse(split.yaml, file: file, lineOffset: split.yamlLineOffset) {
        case .success(let node): root = node
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        let (fields, problem) = YAMLFields.root(root, file: file, lineOffset: split.yamlLineOffset,
                                                what: BilingualText(zh: "前置信息", en: "the front matter"))
        guard let fields else { return .failure(problem!) }
        return .success((split, fields))
    }
}
