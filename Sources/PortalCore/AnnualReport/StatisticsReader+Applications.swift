import Foundation
import Yams

/// Tables 三 and 四, and their rows of numbers.
extension StatisticsReader {
    // MARK: 三、收到和处理政府信息公开申请情况

    static let applicationKeys: [String] = {
        var keys: [String] = []
        for row in ApplicationRow.allCases {
            let key = row.group?.key ?? row.key
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }()

    func readApplications() -> ApplicationTable {
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
        // In the 2019 format （六）其他处理 is one row, read below with the others.
        for group in ApplicationOutcomeGroup.allCases where !(format == .trial2019 && group == .otherHandling) {
            if let groupFields = readGroup(group, in: fields) { groups[group] = groupFields }
        }

        var rows: [ApplicationRow: ApplicantCounts] = [:]
        for row in ApplicationRow.rows(format) {
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
            guard let (counted, declaredTotal, blanks) = readRow(
                in: container, key: row.yamlKey, named: row.named, path: path, columns: columns,
                optional: row == .total, missingLine: missingLine)
            else { continue }
            rows[row] = ApplicantCounts(applicants: counted, declaredTotal: declaredTotal,
                                        blankColumns: Set(blanks.compactMap { ApplicantColumn(rawValue: $0) }))
        }
        return ApplicationTable(rows: rows)
    }

    /// The mapping of （三）to（六）; reports a missing or malformed group once, naming its rows.
    func readGroup(_ group: ApplicationOutcomeGroup, in parent: YAMLFields) -> YAMLFields? {
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

    func readReviewAndLitigation() -> ReviewAndLitigation {
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
            guard let (counted, declaredTotal, blanks) = readRow(
                in: fields, key: row.key, named: row.named, path: StatisticsSourceMap.path(row), columns: columns,
                optional: false)
            else { continue }
            rows[row] = CaseCounts(outcomes: counted, declaredTotal: declaredTotal,
                                   blankColumns: Set(blanks.compactMap { CaseOutcomeColumn(rawValue: $0) }))
        }
        return ReviewAndLitigation(rows: rows)
    }

    // MARK: Rows of numbers

    /// Reads `key: [n, n, …]` whose last column (总计) may be left out.
    /// - Returns: the counted columns, the written 总计 and the columns left blank (as published),
    ///   or nil when the row is missing or not a list (reported). Unreadable numbers come back as 0
    ///   with the row marked unreadable; blank ones, in a report kept as published, as 0 and blank.
    /// - Parameter missingLine: the line to name when the row is missing (its group's key line).
    func readRow(in fields: YAMLFields, key: String, named: String, path: String, columns: [String],
                         optional: Bool, missingLine: Int? = nil) -> ([Int], Int?, Set<Int>)? {
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
        var blanks: Set<Int> = []
        for (index, element) in elements.enumerated() {
            let elementLine = fields.line(of: element) ?? line
            sourceMap.record("\(path)[\(index)]", line: elementLine, column: element.mark?.column)
            switch StatisticsNumber.count(element) {
            case .success(let value):
                values.append(value)
            case .failure(.blank) where asPublished:
                // Left empty in the published table: shown empty; the sums count it as 0.
                blanks.insert(index)
                values.append(0)
            case .failure(let problem):
                sourceMap.markUnreadable(path)
                let cell = CellName(row: named, column: columns[index])
                ownDiagnostics.append(StatisticsNumber.diagnostic(
                    problem, cell: cell, file: file, line: elementLine, column: element.mark?.column))
                values.append(0)
            }
        }
        // A blank 总计 declares nothing: the table shows it blank and rule 1 has nothing to check.
        let declaredTotal = values.count > counted && !blanks.contains(counted) ? values[counted] : nil
        return (Array(values.prefix(counted)), declaredTotal, blanks)
    }
}
