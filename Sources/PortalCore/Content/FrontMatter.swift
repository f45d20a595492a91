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
    public static func split(_ text: String, file: String) -> Result<FrontMatter, Diagnostic> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpaces() == "---" else {
            return .failure(Diagnostic(
                file: file, line: 1,
                zh: "文件开头缺少前置信息（front matter）的起始行 `---`",
                en: "the file does not start with the front-matter line `---`",
                hintZh: "第一行写 ---，然后是 title、date、index_no 等字段，再写一行 --- 结束，最后是正文。",
                hintEn: "Write --- on the first line, then title, date, index_no …, then a closing --- line, then the body."))
        }
        lines.removeFirst()
        guard let closing = lines.firstIndex(where: { $0.trimmingTrailingSpaces() == "---" || $0.trimmingTrailingSpaces() == "..." }) else {
            return .failure(Diagnostic(
                file: file, line: 1,
                zh: "前置信息没有结束行 `---`",
                en: "the front matter has no closing `---` line",
                hintZh: "在最后一个字段（例如 topics 或 attachments）之后、正文之前单独写一行 ---。",
                hintEn: "Add a line with only --- after the last field and before the body."))
        }
        let yaml = lines[..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return .success(FrontMatter(yaml: yaml, yamlLineOffset: 1, body: body, bodyLine: closing + 3))
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, let previous = Optional(index(before: end)), self[previous] == " " || self[previous] == "\t" || self[previous] == "\r" {
            end = previous
        }
        return self[startIndex..<end]
    }
}
