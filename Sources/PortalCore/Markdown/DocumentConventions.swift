import CCmark
import Foundation

/// How agencies lay out a 公文 in plain Markdown, given its look by a pass over cmark's tree.
///
/// - A heading that is a chapter title (`## 第一章　总则`, `## 第三节 附则`: 第 + Chinese numeral +
///   章/节/编) is centred, as in the printed document.
/// - The 落款 (issuing body and date) at the end is right-aligned: the body's last paragraph, when
///   each of its lines is short and the last one is a date (`2021年3月15日`, `二〇二一年三月十五日`);
///   its lines stay lines. A date alone as the last paragraph takes a one-line paragraph just
///   before it (the agency's name) along.
/// - A 附件 list (`附件：1. 某某办法` with `2. 某某表` on the next lines, or `附件：` followed by a
///   numbered list) becomes a real list.
///
/// Every mark is a class on a wrapper (a custom block, which cmark renders as given in its safe
/// mode); the look is in style.css: the pages' CSP forbids inline styles.
enum DocumentConventions {
    static func apply(to document: OpaquePointer) {
        var headings: [OpaquePointer] = []
        var node = cmark_node_first_child(document)
        while let current = node {
            node = cmark_node_next(current)
            if cmark_node_get_type(current) == CMARK_NODE_HEADING, startsWithDi(current), isChapterTitle(text(of: current)) {
                headings.append(current)
            }
        }
        for heading in headings { wrap([heading], enter: "<div class=\"doc-chapter\">", exit: "</div>") }
        markSignature(in: document)
        markAttachmentLists(in: document)
    }

    // MARK: Chapter titles

    /// Whether the heading's first text starts with 第 (after spaces), read from cmark's bytes:
    /// most headings are not chapter titles, and making each one's text a trimmed `String` cost
    /// a 10,000-item build a tenth of a second.
    private static func startsWithDi(_ heading: OpaquePointer) -> Bool {
        guard let first = cmark_node_first_child(heading), cmark_node_get_type(first) == CMARK_NODE_TEXT,
              var literal = cmark_node_get_literal(first) else { return false }
        while literal.pointee == 0x20 || literal.pointee == 0x09 { literal += 1 }
        // 第 is E7 AC AC in UTF-8.
        return UInt8(bitPattern: literal[0]) == 0xE7 && UInt8(bitPattern: literal[1]) == 0xAC && UInt8(bitPattern: literal[2]) == 0xAC
    }

    private static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                                          "百", "零", "〇", "两"]

    static func isChapterTitle(_ text: String) -> Bool {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard rest.first == "第" else { return false }
        rest = rest.dropFirst()
        let numeral = rest.prefix { chineseNumerals.contains($0) }
        guard !numeral.isEmpty else { return false }
        rest = rest.dropFirst(numeral.count)
        guard let unit = rest.first, unit == "章" || unit == "节" || unit == "编" else { return false }
        rest = rest.dropFirst()
        // `第一章` alone, or followed by a space (ASCII or full-width) and the chapter's name: not
        // `第一章规定了…`, a sentence that happens to start so.
        return rest.isEmpty || rest.first == " " || rest.first == "\u{3000}"
    }

    // MARK: 落款

    /// `2021年3月15日`, `2021 年 3 月 15 日`, `二〇二一年三月十五日`.
    static func isDate(_ line: String) -> Bool {
        if let answer = isPlainDate(line) { return answer }
        let text = line.filter { $0 != " " && $0 != "\u{3000}" }
        guard text.hasSuffix("日"), let year = text.firstIndex(of: "年"),
              let month = text.firstIndex(of: "月"), year < month else { return false }
        let yearPart = text[..<year], monthPart = text[text.index(after: year)..<month]
        let dayPart = text[text.index(after: month)..<text.index(before: text.endIndex)]
        func isNumber(_ part: Substring, digits: ClosedRange<Int>) -> Bool {
            digits.contains(part.count) && part.allSatisfy { $0.isASCII && $0.isNumber || chineseNumerals.contains($0) }
        }
        return isNumber(yearPart, digits: 4...4) && isNumber(monthPart, digits: 1...3) && isNumber(dayPart, digits: 1...3)
    }

    /// `isDate` for a line of ASCII digits, spaces and the date's own characters only (as a 落款's
    /// date nearly always is), read scalar by scalar: none of these combines with another, so
    /// each scalar is one `Character` and the answer is `isDate`'s. nil for any other line.
    private static func isPlainDate(_ line: String) -> Bool? {
        var parts: [Int] = [0]  // digits before 年, before 月, before 日
        var mark = 0  // how many of 年, 月, 日 were read
        var valid = true
        for scalar in line.unicodeScalars {
            switch scalar {
            case " ", "\u{3000}": continue
            case "0"..."9": parts[parts.count - 1] += 1
            case "年", "月", "日":
                let expected: Unicode.Scalar = mark == 0 ? "年" : mark == 1 ? "月" : "日"
                if scalar != expected { valid = false }
                mark += 1
                parts.append(0)
            default:
                guard chineseNumerals.contains(Character(scalar)) else { return nil }
                parts[parts.count - 1] += 1
            }
        }
        // Exactly 年 … 月 … 日 with 日 last; any other order is left to `isDate`'s own reading.
        guard valid, mark == 3, parts[3] == 0 else { return mark == 3 && valid ? false : nil }
        return parts[0] == 4 && (1...3).contains(parts[1]) && (1...3).contains(parts[2])
    }

    /// A 落款 line is short: an agency's name or a date, not a sentence.
    private static let maxSignatureLine = 40

    private static func markSignature(in document: OpaquePointer) {
        guard let last = cmark_node_last_child(document), cmark_node_get_type(last) == CMARK_NODE_PARAGRAPH,
              let lines = plainLines(of: last), (1...4).contains(lines.count),
              lines.allSatisfy({ $0.count <= maxSignatureLine }), isDate(lines[lines.count - 1])
        else { return }
        var paragraphs = [last]
        if lines.count == 1, let previous = cmark_node_previous(last),
           cmark_node_get_type(previous) == CMARK_NODE_PARAGRAPH,
           let name = plainLines(of: previous), name.count == 1, name[0].count <= maxSignatureLine,
           let end = name[0].last, !"。，；：:;,.！？!?".contains(end) {
            paragraphs.insert(previous, at: 0)
        }
        for paragraph in paragraphs { keepLineBreaks(paragraph) }
        wrap(paragraphs, enter: "<div class=\"doc-signature\">", exit: "</div>")
    }

    /// The lines of a paragraph of plain text only (nil when it holds links, emphasis …: a 落款 is
    /// plain text).
    private static func plainLines(of paragraph: OpaquePointer) -> [String]? {
        var lines = [""]
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: lines[lines.count - 1] += literal(node)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: lines.append("")
            default: return nil
            }
            child = cmark_node_next(node)
        }
        return lines.map(trimmed)
    }

    /// `line` without leading and trailing whitespace. Foundation's trimming bridges the line to
    /// an NSString; a line that neither starts nor ends with whitespace (nearly every one) is
    /// returned as it is, which is what the trimming would return.
    private static func trimmed(_ line: String) -> String {
        guard let first = line.unicodeScalars.first, let last = line.unicodeScalars.last,
              !CharacterSet.whitespaces.contains(first), !CharacterSet.whitespaces.contains(last) else {
            return line.trimmingCharacters(in: .whitespaces)
        }
        return line
    }

    /// The soft line breaks of `paragraph` as `<br />`: a 落款's lines are lines.
    private static func keepLineBreaks(_ paragraph: OpaquePointer) {
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            child = cmark_node_next(node)
            guard cmark_node_get_type(node) == CMARK_NODE_SOFTBREAK,
                  let lineBreak = cmark_node_new_with_mem(CMARK_NODE_LINEBREAK, MarkdownArena.allocator) else { continue }
            cmark_node_insert_before(node, lineBreak)
            cmark_node_unlink(node)
        }
    }

    // MARK: 附件 lists

    private static let labels = ["附件：", "附件:"]

    private static func markAttachmentLists(in document: OpaquePointer) {
        var candidates: [OpaquePointer] = []
        var node = cmark_node_first_child(document)
        while let current = node {
            node = cmark_node_next(current)
            if cmark_node_get_type(current) == CMARK_NODE_PARAGRAPH, let first = cmark_node_first_child(current),
               cmark_node_get_type(first) == CMARK_NODE_TEXT, startsWithAttachmentLabelBytes(first),
               labels.contains(where: { literal(first).hasPrefix($0) }) {
                candidates.append(current)
            }
        }
        for paragraph in candidates {
            if let lines = plainLines(of: paragraph), lines.count == 1, labels.contains(lines[0]),
               let list = cmark_node_next(paragraph), cmark_node_get_type(list) == CMARK_NODE_LIST,
               cmark_node_get_list_type(list) == CMARK_ORDERED_LIST {
                // `附件：` on its own line, then a numbered list: cmark made the list already.
                wrap([paragraph, list], enter: "<div class=\"doc-attachments\">", exit: "</div>")
            } else {
                numberedLines(paragraph)
            }
        }
    }

    /// Whether a text node's bytes start with `附件：` or `附件:`: most paragraphs do not, and
    /// making each one's first text a `String` to ask cost a 10,000-item build a tenth of a
    /// second. No other characters are canonically equivalent to these, so a paragraph that fails
    /// here would fail `hasPrefix` too; one that passes is still asked (a combining mark after the
    /// colon makes another character).
    private static func startsWithAttachmentLabelBytes(_ node: OpaquePointer) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        // 附件 is E9 99 84 E4 BB B6; then ： (EF BC 9A) or :. A NUL ends the comparison early.
        let bytes = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
        guard bytes[0] == 0xE9, bytes[1] == 0x99, bytes[2] == 0x84, bytes[3] == 0xE4, bytes[4] == 0xBB, bytes[5] == 0xB6
        else { return false }
        return bytes[6] == UInt8(ascii: ":") || bytes[6] == 0xEF && bytes[7] == 0xBC && bytes[8] == 0x9A
    }

    /// `附件：1. 甲\n2. 乙` (one paragraph: `2.` cannot interrupt one) as the label and a list.
    private static func numberedLines(_ paragraph: OpaquePointer) {
        // The paragraph's inlines, line by line; each line must start with its number.
        var lines: [[OpaquePointer]] = [[]]
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            child = cmark_node_next(node)
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { lines.append([]) } else { lines[lines.count - 1].append(node) }
        }
        guard lines.count >= 2 else { return }
        var starts: [(node: OpaquePointer, rest: String)] = []
        var firstNumber = 1
        for (index, line) in lines.enumerated() {
            guard let first = line.first, cmark_node_get_type(first) == CMARK_NODE_TEXT else { return }
            var text = Substring(literal(first))
            if index == 0 { text = text.dropFirst(3) }
            text = text.drop { $0 == " " || $0 == "\u{3000}" }
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 3 else { return }
            text = text.dropFirst(digits.count)
            guard let mark = text.first, mark == "." || mark == "．" || mark == "、" else { return }
            if index == 0 { firstNumber = Int(digits) ?? 1 }
            starts.append((first, String(text.dropFirst().drop { $0 == " " || $0 == "\u{3000}" })))
        }
        let mem = MarkdownArena.allocator
        guard let list = cmark_node_new_with_mem(CMARK_NODE_LIST, mem),
              let label = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem) else { return }
        cmark_node_set_on_enter(label, "<p class=\"doc-attachments-label\">附件：</p>")
        cmark_node_set_on_exit(label, "")
        cmark_node_set_list_type(list, CMARK_ORDERED_LIST)
        cmark_node_set_list_delim(list, CMARK_PERIOD_DELIM)
        cmark_node_set_list_start(list, Int32(firstNumber))
        cmark_node_set_list_tight(list, 1)
        for (index, line) in lines.enumerated() {
            guard let item = cmark_node_new_with_mem(CMARK_NODE_ITEM, mem),
                  let itemParagraph = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, mem) else { return }
            if starts[index].rest.isEmpty { cmark_node_unlink(starts[index].node) } else { cmark_node_set_literal(starts[index].node, starts[index].rest) }
            for node in line where node != starts[index].node || !starts[index].rest.isEmpty {
                cmark_node_unlink(node)
                cmark_node_append_child(itemParagraph, node)
            }
            cmark_node_append_child(item, itemParagraph)
            cmark_node_append_child(list, item)
        }
        cmark_node_insert_before(paragraph, label)
        cmark_node_insert_before(paragraph, list)
        cmark_node_unlink(paragraph)
        wrap([label, list], enter: "<div class=\"doc-attachments\">", exit: "</div>")
    }

    // MARK: Helpers

    /// Puts `nodes` (consecutive siblings) into one custom block rendered as `enter` … `exit`.
    private static func wrap(_ nodes: [OpaquePointer], enter: String, exit: String) {
        guard let first = nodes.first, let box = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, MarkdownArena.allocator)
        else { return }
        cmark_node_set_on_enter(box, enter)
        cmark_node_set_on_exit(box, exit)
        cmark_node_insert_before(first, box)
        for node in nodes {
            cmark_node_unlink(node)
            cmark_node_append_child(box, node)
        }
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// The text of an inline container (a heading's title).
    static func text(of node: OpaquePointer) -> String {
        var result = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: result += literal(current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: result += " "
            default: result += text(of: current)
            }
            child = cmark_node_next(current)
        }
        return result
    }
}
