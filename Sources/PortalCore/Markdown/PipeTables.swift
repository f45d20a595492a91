import CCmark
import Foundation

/// GitHub-flavoured pipe tables, added to cmark's tree after parsing.
///
/// The system cmark implements CommonMark, which has no tables: a table comes out as one paragraph
/// of `|` characters (a table cannot start inside another block, and every one of its lines
/// continues the paragraph, so it is always one paragraph, or its end). This pass finds such
/// paragraphs by their source lines — a row, then a delimiter row (`| --- | :-: |`) with as many
/// cells — and replaces the table's lines by custom nodes, which cmark renders as given even in
/// its safe mode. Cells are parsed by cmark as inline Markdown; nothing raw passes through, so the
/// safe mode still holds. The rules are those of the GFM specification's "Tables (extension)".
enum PipeTables {
    /// Replaces every pipe table in `document` (parsed from `markdown`, in the thread's arena).
    /// Returns the source line of each link, image and raw HTML inside a cell: a cell is parsed on its own,
    /// so cmark's own line of such a node is 1.
    @discardableResult
    static func apply(to document: OpaquePointer, source markdown: String) -> [OpaquePointer: Int] {
        // Cheap refusal: no table without a pipe.
        guard markdown.utf8.contains(UInt8(ascii: "|")) else { return [:] }
        var paragraphs: [OpaquePointer] = []
        var node = cmark_node_first_child(document)
        // Paragraphs at any depth (a table in a list item or a block quote is a table too).
        var stack: [OpaquePointer] = []
        while let current = node {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_PARAGRAPH {
                paragraphs.append(current)
            } else if type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM,
                      let child = cmark_node_first_child(current) {
                if let next = cmark_node_next(current) { stack.append(next) }
                node = child
                continue
            }
            node = cmark_node_next(current) ?? stack.popLast()
        }
        guard !paragraphs.isEmpty else { return [:] }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var linkLines: [OpaquePointer: Int] = [:]
        for paragraph in paragraphs {
            replaceTables(in: paragraph, lines: lines, linkLines: &linkLines)
        }
        return linkLines
    }

    /// The paragraph's own text, line by line: the source lines it spans, less the container
    /// prefix (indentation of a list item, `>` of a block quote) before its start column.
    private static func paragraphLines(_ paragraph: OpaquePointer, lines: [Substring]) -> [Substring]? {
        let first = Int(cmark_node_get_start_line(paragraph)), last = Int(cmark_node_get_end_line(paragraph))
        let column = Int(cmark_node_get_start_column(paragraph))
        guard first >= 1, last >= first, last <= lines.count else { return nil }
        var result: [Substring] = []
        for index in (first - 1)...(last - 1) {
            let line = lines[index]
            guard column > 1 else { result.append(line); continue }
            // Only a prefix of spaces and `>` is a container's; anything else (a lazy line of a
            // block quote) keeps its text.
            let utf8 = line.utf8
            var cut = utf8.startIndex
            var taken = 0
            while cut < utf8.endIndex, taken < column - 1, utf8[cut] == UInt8(ascii: " ") || utf8[cut] == UInt8(ascii: ">") || utf8[cut] == 9 {
                cut = utf8.index(after: cut)
                taken += 1
            }
            result.append(line[cut...])
        }
        return result
    }

    private static func replaceTables(in paragraph: OpaquePointer, lines allLines: [Substring],
                                      linkLines: inout [OpaquePointer: Int]) {
        guard let lines = paragraphLines(paragraph, lines: allLines), lines.count >= 2 else { return }
        // The first delimiter row whose line before it is a row of as many cells.
        var header: Int?
        var alignments: [Alignment] = []
        for index in 1..<lines.count {
            guard let found = delimiterRow(lines[index]) else { continue }
            if cells(of: lines[index - 1]).count == found.count {
                header = index - 1
                alignments = found
                break
            }
        }
        guard let header else { return }
        let firstLine = Int(cmark_node_get_start_line(paragraph))

        let mem = MarkdownArena.allocator
        // The lines before the table stay a paragraph, parsed again on their own.
        if header > 0, let before = parsedParagraph(lines[0..<header].joined(separator: "\n")) {
            cmark_node_insert_before(paragraph, before)
        }
        guard let table = customBlock("<table>", "</table>", mem) else { return }
        let head = customBlock("<thead>", "</thead>", mem)!
        cmark_node_append_child(head, row(cells(of: lines[header]), alignments: alignments, tag: "th", mem))
        recordLinks(in: head, line: firstLine + header, into: &linkLines)
        cmark_node_append_child(table, head)
        if header + 2 < lines.count {
            let body = customBlock("<tbody>", "</tbody>", mem)!
            for index in (header + 2)..<lines.count {
                let tableRow = row(cells(of: lines[index]), alignments: alignments, tag: "td", mem)
                recordLinks(in: tableRow, line: firstLine + index, into: &linkLines)
                cmark_node_append_child(body, tableRow)
            }
            cmark_node_append_child(table, body)
        }
        // Wide tables scroll inside their own box on a phone instead of widening the page.
        // Focusable, so that a keyboard can scroll it too (WCAG 2.1.1), as the report's tables.
        let box = customBlock("<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\">", "</div>", mem)!
        cmark_node_append_child(box, table)
        cmark_node_insert_before(paragraph, box)
        cmark_node_unlink(paragraph)
    }

    /// Every link and image below `node` is on source line `line`.
    private static func recordLinks(in node: OpaquePointer, line: Int, into linkLines: inout [OpaquePointer: Int]) {
        guard let iterator = cmark_iter_new(node) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_HTML_INLINE { linkLines[child] = line }
        }
    }

    enum Alignment: Equatable {
        case none, left, center, right

        var attribute: String {
            switch self {
            case .none: return ""
            case .left: return " align=\"left\""
            case .center: return " align=\"center\""
            case .right: return " align=\"right\""
            }
        }
    }

    /// One `<tr>` of `tag` cells, as many as the header has: missing cells are empty, extra ones
    /// are dropped (GFM).
    private static func row(_ texts: [String], alignments: [Alignment], tag: String, _ mem: UnsafeMutablePointer<cmark_mem>) -> OpaquePointer {
        let row = customBlock("<tr>", "</tr>", mem)!
        for (index, alignment) in alignments.enumerated() {
            let cell = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem)!
            // A header cell names its column to screen readers (GB/T 37668, WCAG 1.3.1).
            cmark_node_set_on_enter(cell, "<\(tag)\(tag == "th" ? " scope=\"col\"" : "")\(alignment.attribute)>")
            cmark_node_set_on_exit(cell, "</\(tag)>\n")
            if index < texts.count, !texts[index].isEmpty {
                appendInlines(of: texts[index], to: cell)
            }
            cmark_node_append_child(row, cell)
        }
        return row
    }

    private static func customBlock(_ enter: String, _ exit: String, _ mem: UnsafeMutablePointer<cmark_mem>) -> OpaquePointer? {
        guard let node = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }

    /// Moves the inline nodes of `text`, parsed as one paragraph, into `parent`.
    ///
    /// A cell is inline content only: `# 标题`, `- 项`, `1. 项` or `[a]: /b` in a cell are text, not
    /// a heading, list or definition. So the cell is parsed behind `&#8203;` (a zero-width space as
    /// an entity: no block can start with `&`, and the `;` before the cell's first character
    /// lets `_强调_` open as it would at the start of a line), and that one character is removed.
    private static func appendInlines(of text: String, to parent: OpaquePointer) {
        guard let paragraph = parsedParagraph("&#8203;" + text) else { return }
        if let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
           let literal = cmark_node_get_literal(first) {
            let value = String(cString: literal)
            let rest = value.hasPrefix("\u{200B}") ? String(value.unicodeScalars.dropFirst()) : value
            if rest.isEmpty {
                cmark_node_unlink(first)
            } else {
                cmark_node_set_literal(first, rest)
            }
        }
        while let child = cmark_node_first_child(paragraph) {
            cmark_node_unlink(child)
            cmark_node_append_child(parent, child)
        }
    }

    /// The single paragraph `text` parses to (nil when it is not one, e.g. empty).
    private static func parsedParagraph(_ text: String) -> OpaquePointer? {
        guard let document = MarkdownRenderer.parseInArena(text, options: CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8),
              let paragraph = cmark_node_first_child(document), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH
        else { return nil }
        cmark_node_unlink(paragraph)
        return paragraph
    }

    // MARK: - Reading rows

    /// The cells of a row: split at pipes that are not escaped (`\|` is a literal pipe, also inside
    /// code spans, as GFM says), one leading and one trailing pipe dropped, each cell trimmed.
    static func cells(of line: Substring) -> [String] {
        var text = line.trimmingCharacters(in: .whitespaces)[...]
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|"), !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                // `\|` becomes `|`; every other escape is kept for cmark to read.
                if character != "|" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    /// The alignments of a delimiter row (`| :-- | :-: | --: |`), or nil when the line is not one.
    static func delimiterRow(_ line: Substring) -> [Alignment]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        // A pipe, or a colon, must be there: `---` alone is a thematic break or setext underline.
        guard trimmed.contains("|") || trimmed.contains(":") else { return nil }
        var alignments: [Alignment] = []
        for cell in cells(of: trimmed[...]) {
            let utf8 = Array(cell.utf8)
            guard !utf8.isEmpty else { return nil }
            let left = utf8.first == UInt8(ascii: ":"), right = utf8.last == UInt8(ascii: ":")
            let dashes = utf8.dropFirst(left ? 1 : 0).dropLast(right && utf8.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            switch (left, right) {
            case (true, true): alignments.append(.center)
            case (true, false): alignments.append(.left)
            case (false, true): alignments.append(.right)
            case (false, false): alignments.append(.none)
            }
        }
        return alignments.isEmpty ? nil : alignments
    }
}
