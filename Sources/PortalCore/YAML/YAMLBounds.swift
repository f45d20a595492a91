// libyaml's own scanner, the one Yams parses with: anchors and aliases are found as tokens, so a
// `*` or `&` inside a quoted title, a plain text or a comment is never mistaken for one.
import CYaml
import Yams

/// The limits every YAML file of the content (front matter, site.yaml, statistics.yaml) is held
/// to before anything is built from it, so that a small file can never make a big site.
///
/// - Aliases are refused: `- &a "…"` then `- *a` three thousand times is 22 KB of YAML that a
///   page shows as megabytes (each alias repeats the whole anchored value), and no editor needs
///   them: writing the value again is always possible.
/// - A text value is at most `maxValueLength` characters: every value of the content contract is
///   one line of a page (a title, a 文号, a topic, a contact line, a number).
/// - A text value holds no control characters but tab and line feed, however written (raw, or as
///   the escapes `\0`, `\a`, `\e`, `\x1b`, `\u0007` of a double-quoted value): what is checked
///   is the value after YAML has decoded it, which is what would reach the HTML.
enum YAMLBounds {
    /// Characters (Unicode scalars) in one text value. A title of a real notice is under 200; a
    /// contact line under 100; 2,000 leaves room for any real value.
    static let maxValueLength = 2_000
    /// Entries of a list shown on every page or every item (`topics`, `contact`).
    static let maxListCount = 50

    /// An anchor or alias of a YAML text: 1-based line and column of the text, and its name.
    struct Mark: Equatable {
        let line: Int
        let column: Int
        let name: String
    }

    /// The first alias of `text` with the anchor it names (when that is written before it), or,
    /// in a text without aliases, its first anchor alone; nil when there is neither.
    static func firstAlias(in text: String) -> (alias: Mark?, anchor: Mark?)? {
        // Nearly every file has neither character: no scan at all.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") }) else { return nil }
        var text = text
        return text.withUTF8 { bytes -> (Mark?, Mark?)? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var anchors: [String: Mark] = [:]
            var firstAnchor: Mark?
            var token = yaml_token_t()
            // A scanning error ends the search: Yams then reports it with its own message.
            while yaml_parser_scan(&parser, &token) == 1 {
                defer { yaml_token_delete(&token) }
                switch token.type {
                case YAML_STREAM_END_TOKEN, YAML_NO_TOKEN:
                    return firstAnchor.map { (nil, $0) }
                case YAML_ANCHOR_TOKEN:
                    let mark = Mark(line: Int(token.start_mark.line) + 1, column: Int(token.start_mark.column) + 1,
                                    name: name(token.data.anchor.value))
                    if anchors[mark.name] == nil { anchors[mark.name] = mark }
                    if firstAnchor == nil { firstAnchor = mark }
                case YAML_ALIAS_TOKEN:
                    let mark = Mark(line: Int(token.start_mark.line) + 1, column: Int(token.start_mark.column) + 1,
                                    name: name(token.data.alias.value))
                    return (mark, anchors[mark.name])
                default:
                    continue
                }
            }
            return firstAnchor.map { (nil, $0) }
        }
    }

    private static func name(_ value: UnsafeMutablePointer<yaml_char_t>?) -> String {
        value.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
    }

    /// The message for `firstAlias`'s answer: at the alias, naming the anchor's line; or at the
    /// anchor when there is no alias (an anchor is only ever written to be aliased).
    static func aliasDiagnostic(alias: Mark?, anchor: Mark?, file: String, lineOffset: Int) -> Diagnostic? {
        guard let at = alias ?? anchor else { return nil }
        let written = alias != nil ? "*\(at.name)" : "&\(at.name)"
        let anchorNote = alias != nil ? anchor.map { ($0.line + lineOffset) } : nil
        return Diagnostic(
            file: file, line: at.line + lineOffset, column: at.column,
            zh: "不支持 YAML 锚点/别名（&名称 / *名称）：这里写了 `\(written)`"
                + (anchorNote.map { "（锚点 `&\(at.name)` 在第 \($0) 行）" } ?? ""),
            en: "YAML anchors and aliases (&name / *name) are not supported: `\(written)` is written here"
                + (anchorNote.map { " (the anchor `&\(at.name)` is on line \($0))" } ?? ""),
            hintZh: "请把内容直接写出来（需要重复的值就再写一遍）；如果 & 或 * 是文字的一部分，请给整个值加上英文引号，例如 title: \"*重要*通知\"。",
            hintEn: "Write the value out in full (again where it repeats); if the & or * is part of the text, put the whole value in quotes, e.g. title: \"*重要*通知\".")
    }

    /// The first value of the tree that is too long or holds a control character, as a diagnostic.
    /// Keys are values too (a key is shown in messages).
    static func check(_ node: Node, file: String, lineOffset: Int) -> Diagnostic? {
        switch node {
        case .scalar(let scalar):
            return check(scalar.string, line: scalar.mark.map { $0.line + lineOffset },
                         column: scalar.mark?.column, file: file)
        case .sequence(let sequence):
            for element in sequence { if let problem = check(element, file: file, lineOffset: lineOffset) { return problem } }
            return nil
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let problem = check(key, file: file, lineOffset: lineOffset) ?? check(value, file: file, lineOffset: lineOffset) {
                    return problem
                }
            }
            return nil
        case .alias:
            // Yams composes aliases into the aliased node; an alias never gets this far anyway.
            return nil
        }
    }

    /// One decoded value: its length and its characters.
    static func check(_ value: String, line: Int?, column: Int?, file: String) -> Diagnostic? {
        var count = 0
        for scalar in value.unicodeScalars {
            count += 1
            if isForbiddenControl(scalar) {
                return Diagnostic(
                    file: file, line: line, column: column,
                    zh: "这个值里有一个看不见的特殊字符（控制字符 \(DiagnosticPrinter.codePoint(scalar))），常见于从网页或 Word 复制来的文字，也可能是写成了 \\0、\\e 之类的转义",
                    en: "this value holds an invisible character (control character \(DiagnosticPrinter.codePoint(scalar))), usually pasted from a web page or Word, or written as an escape such as \\0 or \\e",
                    hintZh: "删掉这个值，用键盘重新输入；值中只能有普通文字。",
                    hintEn: "Delete the value and type it again; a value may hold only plain text.")
            }
        }
        if count > maxValueLength {
            return Diagnostic(
                file: file, line: line, column: column,
                zh: "这个值有 \(count) 个字符，超过了上限 \(maxValueLength) 个字符",
                en: "this value is \(count) characters long, more than the limit of \(maxValueLength) characters",
                hintZh: "标题、文号、主题词、联系方式等都应是一行简短的文字；较长的内容请写在正文中。",
                hintEn: "Titles, document numbers, topics and contact lines are one short line each; write longer text in the body.")
        }
        return nil
    }

    /// C0 controls but tab and line feed, DEL, and the C1 controls.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        DiagnosticPrinter.isControl(scalar) && scalar != "\t" && scalar != "\n"
    }
}
