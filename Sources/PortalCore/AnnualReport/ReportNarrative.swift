/// The written part of a report (the body of index.md), cut where the generated tables go.
///
/// The national format orders a report 一 to 六; 二、三、四 come from statistics.yaml. The editor
/// writes the preface, `## 一、总体情况`, `## 五、存在的主要问题及改进情况` and
/// `## 六、其他需要报告的事项`; the tables are placed just before the `## 五` heading.
public struct ReportNarrative: Sendable, Hashable {
    /// The preface and 一、总体情况: everything before the `## 五` heading.
    public let opening: String
    /// From the `## 五` heading on (五 and 六); empty when there is no such heading.
    public let closing: String
    /// 1-based line in index.md on which `opening` starts.
    public let openingLine: Int
    /// 1-based line in index.md on which `closing` starts.
    public let closingLine: Int

    public init(opening: String, closing: String, openingLine: Int, closingLine: Int) {
        self.opening = opening
        self.closing = closing
        self.openingLine = openingLine
        self.closingLine = closingLine
    }

    /// The whole body again, in file order.
    public var markdown: String {
        closing.isEmpty ? opening : opening + "\n" + closing
    }

    /// Splits a body at its first `## 五` heading.
    /// - Parameter bodyLine: the file line the body starts on.
    public static func split(body: String, bodyLine: Int) -> ReportNarrative {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard let cut = headings(lines).first(where: { $0.numeral == "五" })?.index else {
            return ReportNarrative(opening: body, closing: "", openingLine: bodyLine, closingLine: bodyLine + lines.count)
        }
        return ReportNarrative(opening: lines[..<cut].joined(separator: "\n"),
                               closing: lines[cut...].joined(separator: "\n"),
                               openingLine: bodyLine, closingLine: bodyLine + cut)
    }

    /// Warnings about the body's section headings: 一、五、六 expected, 二、三、四 generated.
    static func check(body: String, bodyLine: Int, file: String) -> [Diagnostic] {
        let found = headings(body.split(separator: "\n", omittingEmptySubsequences: false))
        var diagnostics: [Diagnostic] = []
        let expected = [("一", "一、总体情况"), ("五", "五、存在的主要问题及改进情况"), ("六", "六、其他需要报告的事项")]
        for (numeral, title) in expected where !found.contains(where: { $0.numeral == numeral }) {
            diagnostics.append(Diagnostic(
                .warning, file: file, line: bodyLine,
                zh: "正文缺少“## \(title)”一节", en: "the body has no section “## \(title)”",
                hintZh: "年度报告正文按国家格式写一、五、六三节，各以“## ”开头的标题行开始；二、三、四由 statistics.yaml 生成。",
                hintEn: "The body holds sections 一, 五 and 六, each starting with a “## ” heading; 二, 三 and 四 are generated from statistics.yaml."))
        }
        for heading in found where ["二", "三", "四"].contains(heading.numeral) {
            diagnostics.append(Diagnostic(
                .warning, file: file, line: bodyLine + heading.index,
                zh: "正文中的“\(heading.text)”会与根据 statistics.yaml 生成的第\(heading.numeral)部分重复",
                en: "“\(heading.text)” in the body duplicates section \(heading.numeral), which is generated from statistics.yaml",
                hintZh: "删去这一节，把数字填入 statistics.yaml。", hintEn: "Remove this section and put its numbers in statistics.yaml."))
        }
        return diagnostics
    }

    /// Level-2 ATX headings outside fenced code, with the Chinese numeral they start with.
    private static func headings(_ lines: [Substring]) -> [(index: Int, numeral: String, text: String)] {
        var result: [(Int, String, String)] = []
        var fence: Substring?
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard line.count - trimmed.count <= 3 else { continue }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            guard trimmed.hasPrefix("## ") || trimmed == "##" else { continue }
            let text = trimmed.dropFirst(2).drop { $0 == " " || $0 == "\t" }
            guard let first = text.first, "一二三四五六".contains(first) else { continue }
            result.append((index, String(first), String(text)))
        }
        return result
    }
}
