import Foundation
import Yams

/// Reads the keys of one YAML mapping with the types the content contract expects, collecting a
/// diagnostic (with the line) for every missing key, wrong type or unknown key instead of stopping
/// at the first.
final class YAMLFields {
    let file: String
    let lineOffset: Int
    let mapping: Node.Mapping
    let mappingLine: Int?
    private(set) var diagnostics: [Diagnostic] = []
    /// The values by key text, made once: `Node.Mapping`'s own subscript builds a node for the
    /// key and compares it with every pair, which was a tenth of loading a big site.
    private let values: [String: Node]

    init(mapping: Node.Mapping, file: String, lineOffset: Int) {
        self.mapping = mapping
        var values: [String: Node] = [:]
        // Like `Node.Mapping`'s subscript: the last of repeated keys wins.
        for (key, value) in mapping { if let text = key.string { values[text] = value } }
        self.values = values
        self.file = file
        self.lineOffset = lineOffset
        self.mappingLine = mapping.mark.map { $0.line + lineOffset }
    }

    /// Wraps a document root; reports a diagnostic when the root is not a mapping.
    static func root(_ node: Node?, file: String, lineOffset: Int, what: BilingualText) -> (YAMLFields?, Diagnostic?) {
        guard let node else {
            return (YAMLFields(mapping: Node.Mapping([]), file: file, lineOffset: lineOffset), nil)
        }
        guard let mapping = node.mapping else {
            return (nil, Diagnostic(
                file: file, line: node.mark.map { $0.line + lineOffset },
                zh: "\(what.zh)应为“键: 值”形式的列表", en: "\(what.en) must be a list of `key: value` lines",
                hintZh: "每行写一个字段，例如 `title: 关于……的通知`。",
                hintEn: "Write one field per line, for example `title: 关于……的通知`."))
        }
        return (YAMLFields(mapping: mapping, file: file, lineOffset: lineOffset), nil)
    }

    var keys: [String] { mapping.keys.compactMap(\.string) }

    func node(_ key: String) -> Node? { values[key] }

    func line(of node: Node?) -> Int? {
        node?.mark.map { $0.line + lineOffset }
    }

    func lineOfKey(_ key: String) -> Int? {
        for (k, _) in mapping where k.string == key { return line(of: k) }
        return nil
    }

    /// File lines whose YAML mistake is reported already (`explain`): a key on such a line is
    /// read from the repaired text, and what is wrong with it is that mistake, said once.
    private var explainedLines: Set<Int> = []

    func report(_ diagnostic: Diagnostic) {
        if let line = diagnostic.line, explainedLines.contains(line) { return }
        diagnostics.append(diagnostic)
    }

    /// The YAML mistakes of the text these fields were read from (repaired, see `YAMLDocument.read`).
    func explain(_ reading: YAMLDocument.Reading) {
        diagnostics += reading.diagnostics
        explainedLines.formUnion(reading.explainedLines)
    }

    func error(at node: Node?, zh: String, en: String, hintZh: String? = nil, hintEn: String? = nil) {
        report(Diagnostic(file: file, line: line(of: node) ?? mappingLine, column: node?.mark?.column,
                          zh: zh, en: en, hintZh: hintZh, hintEn: hintEn))
    }

    func warning(at node: Node?, zh: String, en: String, hintZh: String? = nil, hintEn: String? = nil) {
        report(Diagnostic(.warning, file: file, line: line(of: node) ?? mappingLine, column: node?.mark?.column,
                          zh: zh, en: en, hintZh: hintZh, hintEn: hintEn))
    }

    private func missing(_ key: String, _ example: String) {
        report(Diagnostic(file: file, line: mappingLine,
                          zh: "缺少必填字段 `\(key)`", en: "the required key `\(key)` is missing",
                          hintZh: "请添加一行：\(example)", hintEn: "Add a line: \(example)"))
    }

    /// A non-empty text value. Numbers are accepted as text (`site_code: 3703050013`).
    func string(_ key: String, required: Bool = false, example: String = "") -> String? {
        guard let node = values[key], !isNull(node) else {
            if required { missing(key, example.isEmpty ? "\(key): …" : example) }
            return nil
        }
        guard let scalar = node.scalar else {
            error(at: node, zh: "`\(key)` 应为一段文字", en: "`\(key)` must be a single text value",
                  hintZh: "写成一行，例如 \(example.isEmpty ? "\(key): 文字" : example)",
                  hintEn: "Write it on one line, for example \(example.isEmpty ? "\(key): text" : example)")
            return nil
        }
        let text = Self.trimmingSpaces(scalar.string)
        if text.isEmpty {
            if required { missing(key, example.isEmpty ? "\(key): …" : example) }
            return nil
        }
        return text
    }

    func date(_ key: String, required: Bool = false) -> PlainDate? {
        guard let text = string(key, required: required, example: "\(key): 2021-03-15") else { return nil }
        if let date = PlainDate(iso: text) { return date }
        if let meant = PlainDate(guessing: text) {
            error(at: values[key],
                  zh: "`\(key)` 的日期“\(text)”写法不对，日期要写成“年-月-日”：\(meant.iso)",
                  en: "`\(key)`: “\(text)” is not written as YYYY-MM-DD: \(meant.iso)",
                  hintZh: "改成 \(key): \(meant.iso)（用短横线“-”分隔，月、日用两位数字）",
                  hintEn: "Write \(key): \(meant.iso) (hyphens, two-digit month and day)")
            return nil
        }
        error(at: values[key],
              zh: "`\(key)` 的日期“\(text)”无效，应为“年-月-日”格式的真实日期",
              en: "`\(key)`: “\(text)” is not a valid date in the form YYYY-MM-DD",
              hintZh: "例如 \(key): 2021-03-15（月、日用两位数字，日期须真实存在）",
              hintEn: "For example \(key): 2021-03-15 (two-digit month and day, and a day that exists)")
        return nil
    }

    func bool(_ key: String) -> Bool? {
        guard let node = values[key], !isNull(node) else { return nil }
        if let value = node.scalar.flatMap({ Self.boolean($0.string) }) { return value }
        error(at: node,
              zh: "`\(key)` 应为 true 或 false，这里是“\(node.scalar?.string ?? "…")”",
              en: "`\(key)` must be true or false, found “\(node.scalar?.string ?? "…")”",
              hintZh: "写 \(key): true 或 \(key): false", hintEn: "Write \(key): true or \(key): false")
        return nil
    }

    func int(_ key: String, required: Bool = false, range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = string(key, required: required, example: "\(key): 20") else { return nil }
        if let value = Int(text), range.map({ $0.contains(value) }) ?? true { return value }
        let rangeText = range.map { "\($0.lowerBound)–\($0.upperBound)" } ?? ""
        error(at: values[key],
              zh: "`\(key)` 应为整数\(rangeText.isEmpty ? "" : "（\(rangeText)）")，这里是“\(text)”",
              en: "`\(key)` must be a whole number\(rangeText.isEmpty ? "" : " (\(rangeText))"), found “\(text)”")
        return nil
    }

    /// A list of texts; a single text is accepted as a one-element list (`topics: 就业创业`).
    func stringList(_ key: String) -> [String] {
        guard let node = values[key], !isNull(node) else { return [] }
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else {
            error(at: node, zh: "`\(key)` 应为列表", en: "`\(key)` must be a list",
                  hintZh: "例如 \(key): [就业创业, 社会保险]", hintEn: "For example \(key): [就业创业, 社会保险]")
            return []
        }
        // Every entry is shown on a page (topics on the item, contact lines on every page): a
        // list far longer than any real one is a mistake, and its size would multiply the site's.
        if sequence.count > YAMLBounds.maxListCount {
            let entry = sequence[YAMLBounds.maxListCount]
            error(at: entry,
                  zh: "`\(key)` 有 \(sequence.count) 项，超过了上限 \(YAMLBounds.maxListCount) 项（第 \(YAMLBounds.maxListCount + 1) 项在这一行）",
                  en: "`\(key)` has \(sequence.count) entries, more than the limit of \(YAMLBounds.maxListCount) (entry \(YAMLBounds.maxListCount + 1) is on this line)",
                  hintZh: "只保留必要的项，删去重复或多余的项。", hintEn: "Keep the entries that matter; remove repeated or extra ones.")
            return []
        }
        var values: [String] = []
        for element in sequence {
            if let scalar = element.scalar {
                values.append(scalar.string)
            } else {
                error(at: element, zh: "`\(key)` 的每一项应为一段文字", en: "each entry of `\(key)` must be a text")
            }
        }
        return values
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    func rejectUnknownKeys(allowed: [String], severity: Diagnostic.Severity = .error) {
        for (keyNode, _) in mapping {
            guard let key = keyNode.string, !allowed.contains(key) else { continue }
            let suggestion = Spelling.keyForChineseLabel(key, among: allowed) ?? Spelling.closest(to: key, among: allowed)
            report(Diagnostic(
                severity, file: file, line: line(of: keyNode), column: keyNode.mark?.column,
                zh: "未知字段 `\(key)`", en: "unknown key `\(key)`",
                hintZh: suggestion.map { "是否想写 `\($0)`？" } ?? "可用的字段：\(allowed.joined(separator: ", "))",
                hintEn: suggestion.map { "Did you mean `\($0)`?" } ?? "Known keys: \(allowed.joined(separator: ", "))"))
        }
    }

    func isNull(_ node: Node) -> Bool {
        if let scalar = node.scalar {
            return scalar.style == .plain && Self.isNullText(scalar.string)
        }
        return false
    }

    /// The plain scalars YAML reads as null.
    static func isNullText(_ text: String) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(text)
    }

    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "是": return true
        case "false", "False", "FALSE", "no", "No", "否": return false
        default: return nil
        }
    }

    /// `text` without the spaces and tabs (and other Unicode spaces, as
    /// `trimmingCharacters(in: .whitespaces)`) at either end; most values have none, and
    /// Foundation's version costs a bridge to NSString for each.
    static func trimmingSpaces(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        // Plain ASCII at both ends that is not a space or a tab: nothing to trim.
        if first < 0x80, first != 0x20, first != 0x09, last < 0x80, last != 0x20, last != 0x09 { return text }
        let scalars = text.unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        // Nothing to trim (a title ending in a Chinese character): the text itself, not a copy.
        if start == scalars.startIndex, scalars.index(after: end) == scalars.endIndex { return text }
        return String(scalars[start...end])
    }
}
