import Foundation
import Yams

/// Table 二 of the 2019 format (国办公开办函〔2019〕60号): 第二十条第（一）（五）（六）（八）（九）项.
/// Rules 5 and 8 apply to every cell but 本年增/减, which may be negative; a report kept as
/// published may leave any cell blank.
extension StatisticsReader {
    static let trialProactiveExample = """
        format: 2019
        proactive:
          regulations:         { made: 0, published: 0, total: 0 }
          normative_documents: { made: 0, published: 0, total: 0 }
          # other_documents:   { made: 0, published: 0, total: 0 }   （可选：原表有“其他主动公开文件”一行时才写）
          licensing:           { previous: 0, change: 0, decisions: 0 }
          other_services:      { previous: 0, change: 0, decisions: 0 }
          penalties:           { previous: 0, change: 0, decisions: 0 }
          coercive_measures:   { previous: 0, change: 0, decisions: 0 }
          fees:                { previous: 0, change: 0 }
          procurement:         { projects: 0, amount: 0 }
        """

    func readTrialProactive() -> TrialProactiveDisclosure {
        guard let fields = section("proactive", label: "二、主动公开政府信息情况（2019年格式）",
                                   example: Self.trialProactiveExample)
        else { return .empty }
        fields.rejectUnknownKeys(allowed: TrialDocumentKind.allCases.map(\.key) + TrialItemKind.allCases.map(\.key)
                                 + ["fees", "procurement"])
        var result = TrialProactiveDisclosure.empty
        for kind in TrialDocumentKind.allCases {
            let label = "第二十条第（一）项·\(kind.label)"
            if kind.isOptional {
                guard let node = fields.node(kind.key) else { continue }   // the report has no such row
                if fields.isNull(node) {
                    reportBlankOptionalRow(kind, label: label, line: fields.lineOfKey(kind.key) ?? fields.mappingLine)
                    continue
                }
            }
            guard let row = trialRow(kind.key, label: label, in: fields,
                                     columns: TrialDocumentColumn.allCases.map(\.key)) else { continue }
            var counts = TrialDocumentCounts()
            for column in TrialDocumentColumn.allCases {
                counts.values[column] = trialCount(row, key: column.key, cell: CellName(key: kind.key, label: label, column: column.label),
                                                   path: "proactive.\(kind.key).\(column.key)", signed: false)
            }
            result[kind] = counts
        }
        for kind in TrialItemKind.allCases {
            let label = "\(kind.clause)·\(kind.label)"
            guard let row = trialRow(kind.key, label: label, in: fields,
                                     columns: TrialItemColumn.allCases.map(\.key)) else { continue }
            var counts = TrialItemCounts()
            for column in TrialItemColumn.allCases {
                counts.values[column] = trialCount(row, key: column.key, cell: CellName(key: kind.key, label: label, column: column.label),
                                                   path: "proactive.\(kind.key).\(column.key)", signed: column == .change)
            }
            result.items[kind] = counts
        }
        let feesLabel = "第二十条第（八）项·行政事业性收费"
        if let row = trialRow("fees", label: feesLabel, in: fields, columns: ["previous", "change"]) {
            result.feesPrevious = trialCount(row, key: "previous", cell: CellName(key: "fees", label: feesLabel, column: "上一年项目数量"),
                                             path: "proactive.fees.previous", signed: false)
            result.feesChange = trialCount(row, key: "change", cell: CellName(key: "fees", label: feesLabel, column: "本年增/减"),
                                           path: "proactive.fees.change", signed: true)
        }
        let procurementLabel = "第二十条第（九）项·政府集中采购"
        if let row = trialRow("procurement", label: procurementLabel, in: fields, columns: ["projects", "amount"]) {
            result.procurementProjects = trialCount(row, key: "projects",
                                                    cell: CellName(key: "procurement", label: procurementLabel, column: "采购项目数量"),
                                                    path: "proactive.procurement.projects", signed: false)
            if let (amount, unit) = trialAmount(row, cell: CellName(key: "procurement", label: procurementLabel, column: "采购总金额")) {
                result.procurementAmount = amount
                result.procurementUnit = unit
            }
        }
        return result
    }

    /// `other_documents:` written with nothing after it: the row is optional, so say how to drop or fill it.
    private func reportBlankOptionalRow(_ kind: TrialDocumentKind, label: String, line: Int?) {
        ownDiagnostics.append(Diagnostic(
            file: file, line: line,
            zh: "\(kind.key)（\(label)）这一行是空的",
            en: "the row \(kind.key) (\(label)) is blank",
            hintZh: "这一行可以不写：原表没有“\(kind.label)”一行就删去；有就写 \(kind.key): { made: 0, published: 0, total: 0 }（按原样公布的报告中空白的格子写 ~）",
            hintEn: "The row is optional: delete it where the published table has no “\(kind.label)” row, otherwise write \(kind.key): { made: 0, published: 0, total: 0 } (~ for a blank cell of a report kept as published)"))
    }

    /// The `{ … }` mapping of one row of the 2019 table 二, or nil (reported) when missing or not a mapping.
    private func trialRow(_ key: String, label: String, in parent: YAMLFields, columns: [String]) -> YAMLFields? {
        let example = "\(key): { " + columns.map { "\($0): 0" }.joined(separator: ", ") + " }"
        let line = parent.lineOfKey(key) ?? parent.mappingLine
        sourceMap.record("proactive.\(key)", line: line, column: nil)
        guard let node = parent.node(key), let mapping = node.mapping else {
            let blank = parent.node(key) == nil || parent.isNull(parent.node(key)!)
            ownDiagnostics.append(Diagnostic(
                file: file, line: line,
                zh: blank ? "缺少 \(key)（\(label)）这一行" : "\(key)（\(label)）应写成 \(columns.joined(separator: "、")) 几项",
                en: blank ? "the row \(key) (\(label)) is missing or blank" : "\(key) (\(label)) must give \(columns.joined(separator: ", "))",
                hintZh: "每一行都要写：\(example)（按原样公布的报告中空白的格子写 ~）",
                hintEn: "Every row must be written: \(example) (in a report kept as published, write ~ for a blank cell)"))
            return nil
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        fields.rejectUnknownKeys(allowed: columns)
        return fields
    }

    /// One count of the 2019 table 二: nil when left blank in a report kept as published.
    /// - Parameter signed: 本年增/减 may be negative.
    private func trialCount(_ fields: YAMLFields, key: String, cell: CellName, path: String, signed: Bool) -> Int? {
        let line = fields.lineOfKey(key) ?? fields.mappingLine
        sourceMap.record(path, line: line, column: fields.node(key)?.mark?.column)
        guard let node = fields.node(key) else {
            ownDiagnostics.append(Diagnostic(
                file: file, line: line, zh: "缺少 \(cell.zh)", en: "\(cell.en) is missing",
                hintZh: "每一项都要写，没有就写 0（按原样公布的报告中空白的格子写 ~）",
                hintEn: "Every entry must be written, 0 where there were none (~ for a blank cell of a report kept as published)"))
            return nil
        }
        switch StatisticsNumber.count(node) {
        case .success(let value):
            return value
        case .failure(.blank) where asPublished:
            return nil
        case .failure(.negative(let text)) where signed && Int(text) != nil:
            return Int(text)
        case .failure(.notANumber(let text)) where signed && text.hasPrefix("+") && Int(text.dropFirst()).map({ $0 >= 0 }) == true:
            return Int(text.dropFirst())   // 本年增 written +5
        case .failure(let problem):
            ownDiagnostics.append(StatisticsNumber.diagnostic(problem, cell: cell, file: file,
                                                              line: fields.line(of: node) ?? line, column: node.mark?.column))
            return nil
        }
    }

    /// 采购总金额: a decimal number ≥ 0, as written, in 元 unless it ends in 万元 (`7.9万元`; a
    /// trailing 元 may be written too). Nil when blank (as published) or wrong (reported).
    private func trialAmount(_ fields: YAMLFields, cell: CellName) -> (FeeAmount, String)? {
        let line = fields.lineOfKey("amount") ?? fields.mappingLine
        sourceMap.record("proactive.procurement.amount", line: line, column: nil)
        guard let node = fields.node("amount") else {
            ownDiagnostics.append(Diagnostic(file: file, line: line, zh: "缺少 \(cell.zh)", en: "\(cell.en) is missing",
                                             hintZh: "没有采购就写 amount: 0（单位：元）", hintEn: "Write amount: 0 when nothing was bought (in yuan)"))
            return nil
        }
        let written = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        if let unit = TrialProactiveDisclosure.procurementUnits.first(where: { written.hasSuffix($0) }),
           let amount = FeeAmount(String(written.dropLast(unit.count))) {
            return (amount, unit)
        }
        switch StatisticsNumber.fee(node) {
        case .success(let amount): return (amount, "元")
        case .failure(.blank) where asPublished: return nil
        case .failure(let problem):
            var diagnostic = StatisticsNumber.diagnostic(problem, cell: cell, isFee: true, file: file,
                                                         line: fields.line(of: node) ?? line, column: node.mark?.column)
            diagnostic.hint = BilingualText(zh: "填写采购总金额（单位：元；原文以万元计的写 7.9万元），没有就填 0，例如 79000.1。",
                                            en: "Write the total amount in yuan (or as 7.9万元 where the report counts in 万元), 0 when there was none, e.g. 79000.1.")
            ownDiagnostics.append(diagnostic)
            return nil
        }
    }
}
