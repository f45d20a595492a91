import Foundation
import Yams

/// What reading statistics.yaml produced: the numbers (when the file was readable at all), where
/// each was written, and every problem found on the way.
struct StatisticsParseResult: Sendable {
    /// Nil when the file is not YAML, not a mapping, or has no usable `year`.
    var statistics: ReportStatistics?
    var sourceMap: StatisticsSourceMap
    var diagnostics: [Diagnostic]
}

/// Reads `statistics.yaml` (schema in CONTENT.md) into `ReportStatistics`.
///
/// Applies the rules that concern single numbers and the file's shape: every row present (rows
/// are never optional; zeros are fine), the right number of numbers per row, unknown keys, and
/// rules 5 and 8 (counts are whole numbers ≥ 0, fees numbers ≥ 0). The sum rules are
/// `ConsistencyRules`. A number that cannot be read counts as 0 and its row is marked unreadable,
/// so that every problem of the file is reported in one run.
enum StatisticsParser {
    static func parse(_ text: String, file: String, categories: [Category]) -> StatisticsParseResult {
        let root: Node?
        switch YAMLDocument.parse(text, file: file) {
        case .success(let node):
            root = node
        case .failure(let diagnostic):
            // A blank cell is said once, in the table's words: not again as YAML's empty entry.
            let blanks = blankCells(in: text, file: file)
            return StatisticsParseResult(statistics: nil, sourceMap: StatisticsSourceMap(),
                                         diagnostics: blanks + (blanks.contains { $0.line == diagnostic.line } ? [] : [diagnostic]))
        }
        let (fieldsOrNil, rootProblem) = YAMLFields.root(root, file: file, lineOffset: 0,
                                                         what: BilingualText(zh: "statistics.yaml ", en: "statistics.yaml"))
        guard let fields = fieldsOrNil else {
            return StatisticsParseResult(statistics: nil, sourceMap: StatisticsSourceMap(), diagnostics: [rootProblem!])
        }
        let reader = Reader(file: file, root: fields)
        let statistics = reader.read(categories: categories)
        return StatisticsParseResult(statistics: statistics, sourceMap: reader.sourceMap, diagnostics: reader.diagnostics)
    }

    /// A blank number inside brackets (`[0, , 0]`) is a YAML syntax error; say what it means.
    private static func blankCells(in text: String, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let squeezed = code.filter { $0 != " " && $0 != "\t" }
            guard squeezed.contains("[,") || squeezed.contains(",,") || squeezed.contains(",]") else { continue }
            let key = code.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            diagnostics.append(Diagnostic(
                file: file, line: index + 1,
                zh: "`\(key)` 这一行有未填写的数字（两个逗号之间或括号边上是空的）",
                en: "the row `\(key)` has a blank number (nothing between two commas or next to a bracket)",
                hintZh: "件数只能是 0 或正整数：没有就填 0，有就填实际的整数件数。",
                hintEn: "A count is 0 or a whole number: write 0 when there were none, otherwise the whole number."))
        }
        return diagnostics
    }
}

/// Walks the YAML tree of one statistics.yaml, collecting diagnostics and positions.
private final class Reader {
    let file: String
    let root: YAMLFields
    private var fieldSets: [YAMLFields] = []
    private var ownDiagnostics: [Diagnostic] = []
    var sourceMap = StatisticsSourceMap()

    init(file: String, root: YAMLFields) {
        self.file = file
        self.root = root
        fieldSets.append(root)
    }

    var diagnostics: [Diagnostic] { fieldSets.flatMap(\.diagnostics) + ownDiagnostics }

    func read(categories: [Category]) -> ReportStatistics? {
        root.rejectUnknownKeys(allowed: ReportStatistics.keys)
        let year = root.int("year", required: true, range: 1900...2999)
        sourceMap.record("year", line: root.lineOfKey("year") ?? root.mappingLine, column: nil)
        let proactive = readProactive()
        let applications = readApplications()
        let published = readPublishedItems(categories: categories)
        let review = readReviewAndLitigation()
        guard let year else { return nil }
        return ReportStatistics(year: year, proactive: proactive, applications: applications,
                                reviewAndLitigation: review, publishedItems: published)
    }

    // MARK: 二、主动公开政府信息情况

    private static let proactiveKeys = DocumentKind.allCases.map(\.key) + DecisionKind.allCases.map(\.key) + ["fees"]

    private func readProactive() -> ProactiveDisclosure {
        guard let fields = section("proactive", label: "二、主动公开政府信息情况", example: """
            proactive:
              regulations:         { issued: 0, repealed: 0, in_force: 0 }
              normative_documents: { issued: 0, repealed: 0, in_force: 0 }
              licensing: 0
              penalties: 0
              coercive_measures: 0
              fees: 0
            """)
        else {
            DocumentKind.allCases.forEach { sourceMap.markUnreadable(StatisticsSourceMap.path($0)) }
            return ProactiveDisclosure(regulations: .zero, normativeDocuments: .zero, licensing: 0, penalties: 0,
                                       coerciveMeasures: 0, fees: .zero)
        }
        fields.rejectUnknownKeys(allowed: Self.proactiveKeys)

        var documents: [DocumentKind: DocumentCounts] = [:]
        for kind in DocumentKind.allCases {
            documents[kind] = readDocumentCounts(kind, in: fields)
        }
        var decisions: [DecisionKind: Int] = [:]
        for kind in DecisionKind.allCases {
            let cell = CellName(key: kind.key, label: "\(kind.label) 本年处理决定数量")
            decisions[kind] = readCount(fields, key: kind.key, cell: cell, path: "proactive.\(kind.key)",
                                        example: "\(kind.key): 0")
        }
        let fees = readFees(fields)
        return ProactiveDisclosure(regulations: documents[.regulations]!, normativeDocuments: documents[.normativeDocuments]!,
                                   licensing: decisions[.licensing]!, penalties: decisions[.penalties]!,
                                   coerciveMeasures: decisions[.coerciveMeasures]!, fees: fees)
    }

    private func readDocumentCounts(_ kind: DocumentKind, in parent: YAMLFields) -> DocumentCounts {
        let path = StatisticsSourceMap.path(kind)
        let example = "\(kind.key): { issued: 0, repealed: 0, in_force: 0 }"
        sourceMap.record(path, line: parent.lineOfKey(kind.key) ?? parent.mappingLine, column: nil)
        guard let node = parent.node(kind.key), !parent.isNull(node) else {
            sourceMap.markUnreadable(path)
            ownDiagnostics.append(Diagnostic(
                file: file, line: parent.lineOfKey(kind.key) ?? parent.mappingLine,
                zh: "缺少 \(kind.key)（第二十条第（一）项·\(kind.label)）这一行",
                en: "the row \(kind.key) (第二十条第（一）项·\(kind.label)) is missing or blank",
                hintZh: "每一行都要填写，没有就写 0：\(example)", hintEn: "Every row must be written; zeros are fine: \(example)"))
            return .zero
        }
        guard let mapping = node.mapping else {
            sourceMap.markUnreadable(path)
            parent.error(at: node, zh: "\(kind.key)（\(kind.label)）应写成本年制发、本年废止、现行有效三个件数",
                         en: "\(kind.key) (\(kind.label)) must give the three counts issued, repealed and in force",
                         hintZh: "写成 \(example)", hintEn: "Write it as \(example)")
            return .zero
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        fields.rejectUnknownKeys(allowed: DocumentCountColumn.allCases.map(\.key))
        var values: [DocumentCountColumn: Int] = [:]
        for column in DocumentCountColumn.allCases {
            let cell = CellName(key: kind.key, label: kind.label, column: column.label)
            let before = sourceMap.unreadable.count
            values[column] = readCount(fields, key: column.key, cell: cell,
                                       path: StatisticsSourceMap.path(kind, column), example: example)
            if sourceMap.unreadable.count != before { sourceMap.markUnreadable(path) }
        }
        return DocumentCounts(issued: values[.issued]!, repealed: values[.repealed]!, inForce: values[.inForce]!)
    }

    /// A single count under `key`; 0 (and the path marked unreadable) when missing or wrong.
    private func readCount(_ fields: YAMLFields, key: String, cell: CellName, path: String, example: String) -> Int {
        let line = fields.lineOfKey(key) ?? fields.mappingLine
        sourceMap.record(path, line: line, column: fields.node(key)?.mark?.column)
        guard let node = fields.node(key) else {
            sourceMap.markUnreadable(path)
            ownDiagnostics.append(Diagnostic(
                file: file, line: line, zh: "缺少 \(cell.zh)", en: "\(cell.en) is missing",
                hintZh: "每一项都要填写，没有就写 0：\(example)", hintEn: "Every entry must be written; zeros are fine: \(example)"))
            return 0
        }
        switch StatisticsNumber.count(node) {
        case .success(let value):
            return value
        case .failure(let problem):
            sourceMap.markUnreadable(path)
            ownDiagnostics.append(StatisticsNumber.diagnostic(problem, cell: cell, file: file,
                                                              line: fields.line(of: node) ?? line, column: node.mark?.column))
            return 0
        }
    }

    private func readFees(_ fields: YAMLFields) -> FeeAmount {
        let cell = CellName(key: "fees", label: "行政事业性收费 本年收费金额（单位：万元）")
        let line = fields.lineOfKey("fees") ?? fields.mappingLine
        sourceMap.record("proactive.fees", line: line, column: nil)
        guard let node = fields.node("fees") else {
            ownDiagnostics.append(Diagnostic(
                file: file, line: line, zh: "缺少 \(cell.zh)", en: "\(cell.en) is missing",
                hintZh: "没有收费就写 fees: 0", hintEn: "Write fees: 0 when nothing was collected"))
            return .zero
        }
        switch StatisticsNumber.fee(node) {
        case .success(let fee):
            return fee
        case .failure(let problem):
            ownDiagnostics.append(StatisticsNumber.diagnostic(problem, cell: cell, isFee: true, file: file,
                                                              line: fields.line(of: node) ?? line, column: node.mark?.column))
            return .zero
        }
    }

    // MARK: 三、收到和处理政府信息公开申请情况

    private static let applicationKeys: [String] = {
        var keys: [String] = []
        for row in ApplicationRow.allCases {
            let key = row.group?.key ?? row.key
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }()

    private func readApplications() -> ApplicationTable {
        guard let fields = section("applications", label: "三、收到和处理政府信息公开申请情况", example: """
            applications:
              received:            [0, 0, 0, 0, 0, 0]
              carried_over:        [0, 0, 0, 0, 0, 0]
              …（每一行都要写 / every row）
            """)
        else {
            ApplicationRow.allCases.forEach { sourceMap.markUnreadable(StatisticsSourceMap.path($0)) }
            return ApplicationTable(rows: [:])
        }
        fields.rejectUnknownKeys(allowed: Self.applicationKeys)

        var groups: [ApplicationOutcomeGroup: YAMLFields] = [:]
        for group in ApplicationOutcomeGroup.allCases {
            if let groupFields = readGroup(group, in: fields) { groups[group] = groupFields }
        }

        var rows: [ApplicationRow: ApplicantCounts] = [:]
        for row in ApplicationRow.allCases {
            let path = StatisticsSourceMap.path(row)
            let container: YAMLFields
            var missingLine: Int?
            if let group = row.group {
                missingLine = fields.lineOfKey(group.key)
                guard let groupFields = groups[group] else {
                    sourceMap.markUnreadable(path)
                    sourceMap.record(path, line: fields.lineOfKey(group.key) ?? fields.mappingLine, column: nil)
                    continue
                }
                container = groupFields
            } else {
                container = fields
            }
            let columns = ApplicantColumn.allCases.map(\.messageLabel)
            guard let (counted, declaredTotal) = readRow(
                in: container, key: row.yamlKey, named: row.named, path: path, columns: columns,
                optional: row == .total, missingLine: missingLine)
            else { continue }
            rows[row] = ApplicantCounts(applicants: counted, declaredTotal: declaredTotal)
        }
        return ApplicationTable(rows: rows)
    }

    /// The mapping of （三）to（六）; reports a missing or malformed group once, naming its rows.
    private func readGroup(_ group: ApplicationOutcomeGroup, in parent: YAMLFields) -> YAMLFields? {
        let rowList = group.rows.map { "\($0.yamlKey)（\($0.label)）" }.joined(separator: "、")
        let example = "\(group.key):\n" + group.rows.map { "  \($0.yamlKey): [0, 0, 0, 0, 0, 0]" }.joined(separator: "\n")
        guard let node = parent.node(group.key), !parent.isNull(node) else {
            ownDiagnostics.append(Diagnostic(
                file: file, line: parent.lineOfKey(group.key) ?? parent.mappingLine,
                zh: "缺少 \(group.key)（三\(group.label)）及其各行：\(rowList)",
                en: "the block \(group.key) (三\(group.label)) with its rows is missing: \(group.rows.map(\.yamlKey).joined(separator: ", "))",
                hintZh: "每一行都要填写，没有就写 0，例如：\n\(example)",
                hintEn: "Every row must be written; zeros are fine, for example:\n\(example)"))
            return nil
        }
        guard let mapping = node.mapping else {
            parent.error(at: node, zh: "\(group.key)（三\(group.label)）应分行列出：\(rowList)",
                         en: "\(group.key) (三\(group.label)) must list its rows: \(group.rows.map(\.yamlKey).joined(separator: ", "))",
                         hintZh: "例如：\n\(example)", hintEn: "For example:\n\(example)")
            return nil
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        fields.rejectUnknownKeys(allowed: group.rows.map(\.yamlKey))
        return fields
    }

    // MARK: 四、政府信息公开行政复议、行政诉讼情况

    private func readReviewAndLitigation() -> ReviewAndLitigation {
        guard let fields = section("reconsideration_litigation", label: "四、政府信息公开行政复议、行政诉讼情况", example: """
            reconsideration_litigation:
              reconsideration:                  [0, 0, 0, 0]
              litigation_direct:                [0, 0, 0, 0]
              litigation_after_reconsideration: [0, 0, 0, 0]
            """)
        else {
            CaseRow.allCases.forEach { sourceMap.markUnreadable(StatisticsSourceMap.path($0)) }
            return ReviewAndLitigation(rows: [:])
        }
        fields.rejectUnknownKeys(allowed: CaseRow.allCases.map(\.key))
        var rows: [CaseRow: CaseCounts] = [:]
        for row in CaseRow.allCases {
            let columns = CaseOutcomeColumn.allCases.map(\.label)
            guard let (counted, declaredTotal) = readRow(
                in: fields, key: row.key, named: row.named, path: StatisticsSourceMap.path(row), columns: columns,
                optional: false)
            else { continue }
            rows[row] = CaseCounts(outcomes: counted, declaredTotal: declaredTotal)
        }
        return ReviewAndLitigation(rows: rows)
    }

    // MARK: Rows of numbers

    /// Reads `key: [n, n, …]` whose last column (总计) may be left out.
    /// - Returns: the counted columns and the written 总计, or nil when the row is missing or not a
    ///   list (reported). Unreadable numbers come back as 0 with the row marked unreadable.
    /// - Parameter missingLine: the line to name when the row is missing (its group's key line).
    private func readRow(in fields: YAMLFields, key: String, named: String, path: String, columns: [String],
                         optional: Bool, missingLine: Int? = nil) -> ([Int], Int?)? {
        let counted = columns.count - 1
        let zeros = "[" + Array(repeating: "0", count: counted).joined(separator: ", ") + "]"
        let line = fields.lineOfKey(key) ?? missingLine ?? fields.mappingLine
        sourceMap.record(path, line: line, column: nil)
        guard let node = fields.node(key), !fields.isNull(node) else {
            if optional { return nil }
            sourceMap.markUnreadable(path)
            let blank = fields.node(key) != nil
            ownDiagnostics.append(Diagnostic(
                file: file, line: line,
                zh: blank ? "\(named)这一行未填写" : "缺少 \(named)这一行",
                en: blank ? "the row \(named) is blank" : "the row \(named) is missing",
                hintZh: "每一行都要填写，没有就写 0：\(key): \(zeros)",
                hintEn: "Every row must be written; zeros are fine: \(key): \(zeros)"))
            return nil
        }
        guard let sequence = node.sequence else {
            sourceMap.markUnreadable(path)
            fields.error(at: node,
                         zh: "\(named)应写成方括号里的 \(counted) 个或 \(counted + 1) 个数字，依次为：\(columns.joined(separator: "、"))",
                         en: "\(named) must be \(counted) or \(counted + 1) numbers in brackets: \(columns.joined(separator: ", "))",
                         hintZh: "例如 \(key): \(zeros)（总计可省略，由系统计算）",
                         hintEn: "For example \(key): \(zeros) (总计 may be left out; it is computed)")
            return nil
        }
        let elements = Array(sequence)
        guard elements.count == counted || elements.count == counted + 1 else {
            sourceMap.markUnreadable(path)
            fields.error(at: node,
                         zh: "\(named)应有 \(counted) 个或 \(counted + 1) 个数字（\(columns.joined(separator: "、"))，总计可省略），这里有 \(elements.count) 个",
                         en: "\(named) needs \(counted) or \(counted + 1) numbers (\(columns.joined(separator: ", ")); 总计 may be left out), found \(elements.count)",
                         hintZh: "按顺序填写每一列，没有就写 0，例如 \(key): \(zeros)",
                         hintEn: "Write every column in order, 0 where there were none, e.g. \(key): \(zeros)")
            return nil
        }
        var values: [Int] = []
        for (index, element) in elements.enumerated() {
            let elementLine = fields.line(of: element) ?? line
            sourceMap.record("\(path)[\(index)]", line: elementLine, column: element.mark?.column)
            switch StatisticsNumber.count(element) {
            case .success(let value):
                values.append(value)
            case .failure(let problem):
                sourceMap.markUnreadable(path)
                let cell = CellName(row: named, column: columns[index])
                ownDiagnostics.append(StatisticsNumber.diagnostic(
                    problem, cell: cell, file: file, line: elementLine, column: element.mark?.column))
                values.append(0)
            }
        }
        let declaredTotal = values.count > counted ? values[counted] : nil
        return (Array(values.prefix(counted)), declaredTotal)
    }

    // MARK: published_items

    private func readPublishedItems(categories: [Category]) -> PublishedItems? {
        guard let node = root.node("published_items"), !root.isNull(node) else { return nil }
        guard let mapping = node.mapping else {
            root.error(at: node, zh: "published_items 应写成 total 和 by_category 两项",
                       en: "published_items must give total and by_category",
                       hintZh: "例如：\npublished_items:\n  total: 276\n  by_category: { meetings: 10, livelihood: 163 }",
                       hintEn: "For example:\npublished_items:\n  total: 276\n  by_category: { meetings: 10, livelihood: 163 }")
            return nil
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        fields.rejectUnknownKeys(allowed: ["total", "by_category"])
        var total: Int?
        if fields.node("total") != nil {
            let value = readCount(fields, key: "total", cell: CellName(key: "published_items.total", label: "主动公开政府信息总数"),
                                  path: "published_items.total", example: "total: 276")
            total = sourceMap.isReadable("published_items.total") ? value : nil
        }
        var byCategory: [String: Int] = [:]
        if let categoryNode = fields.node("by_category"), !fields.isNull(categoryNode) {
            if let categoryMapping = categoryNode.mapping {
                let categoryFields = YAMLFields(mapping: categoryMapping, file: file, lineOffset: 0)
                fieldSets.append(categoryFields)
                if !categories.isEmpty { categoryFields.rejectUnknownKeys(allowed: categories.map(\.slug)) }
                let names = Dictionary(categories.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
                for slug in categoryFields.keys {
                    let path = "published_items.by_category.\(slug)"
                    let cell = CellName(key: "by_category.\(slug)", label: names[slug] ?? slug)
                    let value = readCount(categoryFields, key: slug, cell: cell, path: path, example: "\(slug): 0")
                    if sourceMap.isReadable(path) { byCategory[slug] = value }
                }
            } else {
                fields.error(at: categoryNode, zh: "by_category 应按栏目列出篇数", en: "by_category must list counts by category slug",
                             hintZh: "例如 by_category: { meetings: 10, livelihood: 163 }",
                             hintEn: "For example by_category: { meetings: 10, livelihood: 163 }")
            }
        }
        if let total, !byCategory.isEmpty {
            let sum = byCategory.values.reduce(0, +)
            let complete = !categories.isEmpty && categories.allSatisfy { byCategory[$0.slug] != nil }
            if sum > total || (complete && sum != total) {
                fields.warning(at: fields.node("total"),
                               zh: "published_items 各栏目篇数之和为 \(sum)，与 total 的 \(total) 不一致",
                               en: "the counts of published_items.by_category add up to \(sum), but total is \(total)",
                               hintZh: "核对年度报告“一、总体情况”中的数字。", hintEn: "Check the figures in 一、总体情况.")
            }
        }
        return PublishedItems(total: total, byCategory: byCategory)
    }

    // MARK: Sections

    /// The mapping of a top-level section, or nil with a diagnostic when missing or malformed.
    private func section(_ key: String, label: String, example: String) -> YAMLFields? {
        guard let node = root.node(key), !root.isNull(node) else {
            ownDiagnostics.append(Diagnostic(
                file: file, line: root.lineOfKey(key) ?? root.mappingLine ?? 1,
                zh: "缺少 \(key)（\(label)）", en: "the section \(key) (\(label)) is missing",
                hintZh: "每一部分都要填写，没有就写 0，例如：\n\(example)",
                hintEn: "Every section must be written; zeros are fine, for example:\n\(example)"))
            return nil
        }
        guard let mapping = node.mapping else {
            root.error(at: node, zh: "\(key)（\(label)）应分行列出各项", en: "\(key) (\(label)) must list its rows",
                       hintZh: "例如：\n\(example)", hintEn: "For example:\n\(example)")
            return nil
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        return fields
    }
}
