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
        // Every YAML mistake named at its line and repaired in memory, so that the numbers of the
        // other lines are still checked in the same run; a line with such a mistake gets no
        // second message from the cell checks.
        let reading = YAMLDocument.read(BlankSlots.fill(text), file: file)
        guard reading.readable else {
            return StatisticsParseResult(statistics: nil, sourceMap: StatisticsSourceMap(), diagnostics: reading.diagnostics)
        }
        let (fieldsOrNil, rootProblem) = YAMLFields.root(reading.root, file: file, lineOffset: 0,
                                                         what: BilingualText(zh: "statistics.yaml ", en: "statistics.yaml"))
        guard let fields = fieldsOrNil else {
            return StatisticsParseResult(statistics: nil, sourceMap: StatisticsSourceMap(), diagnostics: [rootProblem!])
        }
        let reader = StatisticsReader(file: file, root: fields)
        let statistics = reader.read(categories: categories)
        let cells = reader.diagnostics.filter { diagnostic in
            diagnostic.line.map { !reading.explainedLines.contains($0) } ?? true
        }
        return StatisticsParseResult(statistics: statistics, sourceMap: reader.sourceMap,
                                     diagnostics: reading.diagnostics + cells)
    }
}

/// Walks the YAML tree of one statistics.yaml, collecting diagnostics and positions.
final class StatisticsReader {
    let file: String
    let root: YAMLFields
    var fieldSets: [YAMLFields] = []
    var ownDiagnostics: [Diagnostic] = []
    var sourceMap = StatisticsSourceMap()
    /// `format` (2021 unless written).
    var format = ReportFormat.current
    /// `as_published: true`: a blank cell is kept blank instead of being an error.
    var asPublished = false
    /// Paths of the single numbers of the 2021 table 二 left blank in a report kept as published.
    var blankPaths: Set<String> = []

    init(file: String, root: YAMLFields) {
        self.file = file
        self.root = root
        fieldSets.append(root)
    }

    var diagnostics: [Diagnostic] { fieldSets.flatMap(\.diagnostics) + ownDiagnostics }

    func read(categories: [Category]) -> ReportStatistics? {
        root.rejectUnknownKeys(allowed: ReportStatistics.keys)
        format = readFormat()
        asPublished = root.bool("as_published") ?? false
        let year = root.int("year", required: true, range: 1900...2999)
        sourceMap.record("year", line: root.lineOfKey("year") ?? root.mappingLine, column: nil)
        let proactive: ProactiveTables
        switch format {
        case .national2021: proactive = .national2021(readProactive())
        case .trial2019: proactive = .trial2019(readTrialProactive())
        }
        let applications = readApplications()
        let published = readPublishedItems(categories: categories)
        let review = readReviewAndLitigation()
        guard let year else { return nil }
        return ReportStatistics(year: year, proactiveTables: proactive, asPublished: asPublished, applications: applications,
                                reviewAndLitigation: review, publishedItems: published)
    }

    /// `format: 2019` or `format: 2021`; anything else is an error, and the file is read as 2021.
    func readFormat() -> ReportFormat {
        guard let node = root.node("format"), !root.isNull(node) else { return .current }
        if let text = node.scalar?.string, let value = Int(text), let format = ReportFormat(rawValue: value) {
            return format
        }
        root.error(at: node, zh: "format 只能是 2019（国办公开办函〔2019〕60号格式）或 2021（国办公开办函〔2021〕30号格式）",
                   en: "format must be 2019 (the format of 国办公开办函〔2019〕60号) or 2021 (国办公开办函〔2021〕30号)",
                   hintZh: "2019、2020 年度的报告写 format: 2019；2021 年度起不写 format。",
                   hintEn: "Reports for 2019 and 2020 take format: 2019; from 2021 on, leave format out.")
        return .current
    }

    // MARK: Single numbers

    /// A single count under `key`; 0 (and the path marked unreadable) when missing or wrong.
    /// - Parameter blankAllowed: a cell of a published table, which a report kept as published may
    ///   leave blank (0, and the path in `blankPaths`).
    func readCount(_ fields: YAMLFields, key: String, cell: CellName, path: String, example: String,
                   blankAllowed: Bool = false) -> Int {
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
        case .failure(.blank) where blankAllowed && asPublished:
            blankPaths.insert(path)
            return 0
        case .failure(let problem):
            sourceMap.markUnreadable(path)
            ownDiagnostics.append(StatisticsNumber.diagnostic(problem, cell: cell, file: file,
                                                              line: fields.line(of: node) ?? line, column: node.mark?.column))
            return 0
        }
    }

    func readFees(_ fields: YAMLFields) -> FeeAmount {
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
        case .failure(.blank) where asPublished:
            blankPaths.insert("proactive.fees")
            return .zero
        case .failure(let problem):
            ownDiagnostics.append(StatisticsNumber.diagnostic(problem, cell: cell, isFee: true, file: file,
                                                              line: fields.line(of: node) ?? line, column: node.mark?.column))
            return .zero
        }
    }

    // MARK: Sections

    /// The mapping of a top-level section, or nil with a diagnostic when missing or malformed.
    func section(_ key: String, label: String, example: String) -> YAMLFields? {
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
