/// 四、政府信息公开行政复议、行政诉讼情况: 行政复议 and the two kinds of 行政诉讼, each with the
/// same five outcome columns.

/// A column of table 四.
public enum CaseOutcomeColumn: Int, CaseIterable, Sendable {
    case upheld      // 结果维持
    case corrected   // 结果纠正
    case other       // 其他结果
    case pending     // 尚未审结
    case total       // 总计

    /// The four columns an editor counts; 总计 is their sum.
    public static let outcomes: [CaseOutcomeColumn] = Array(allCases.dropLast())

    public var label: String {
        switch self {
        case .upheld: return "结果维持"
        case .corrected: return "结果纠正"
        case .other: return "其他结果"
        case .pending: return "尚未审结"
        case .total: return "总计"
        }
    }
}

/// A row of table 四; the raw value is its key below `reconsideration_litigation:`.
public enum CaseRow: String, CaseIterable, Sendable {
    case reconsideration = "reconsideration"                                    // 行政复议
    case litigationDirect = "litigation_direct"                                 // 行政诉讼 · 未经复议直接起诉
    case litigationAfterReconsideration = "litigation_after_reconsideration"    // 行政诉讼 · 复议后起诉

    public var key: String { rawValue }

    /// The column group head of the national table.
    public var label: String {
        switch self {
        case .reconsideration: return "行政复议"
        case .litigationDirect: return "未经复议直接起诉"
        case .litigationAfterReconsideration: return "复议后起诉"
        }
    }

    /// The row's place in the whole table: `行政诉讼·复议后起诉`.
    public var reference: String {
        self == .reconsideration ? label : "行政诉讼·\(label)"
    }

    /// `litigation_direct（行政诉讼·未经复议直接起诉）`: how messages name a row.
    public var named: String { "\(key)（\(reference)）" }
}

/// One row of table 四: the four outcome counts and the 总计.
public struct CaseCounts: Sendable, Hashable {
    /// 结果维持, 结果纠正, 其他结果, 尚未审结 — in this order.
    public let outcomes: [Int]
    /// 总计 as written; nil when left out.
    public let declaredTotal: Int?
    /// Columns left blank in a report kept as published (`as_published`): shown empty, counted as 0.
    public let blankColumns: Set<CaseOutcomeColumn>

    public init(outcomes: [Int], declaredTotal: Int? = nil, blankColumns: Set<CaseOutcomeColumn> = []) {
        precondition(outcomes.count == CaseOutcomeColumn.outcomes.count, "a row of 四 has four outcome columns")
        self.outcomes = outcomes
        self.declaredTotal = declaredTotal
        self.blankColumns = blankColumns
    }

    /// All five columns as the published table shows them: nil where the report left a blank.
    public var shownColumns: [Int?] {
        CaseOutcomeColumn.allCases.map { blankColumns.contains($0) ? nil : self[$0] }
    }

    public static let zero = CaseCounts(outcomes: [0, 0, 0, 0])

    public var computedTotal: Int { outcomes.reduce(0, +) }

    /// 总计 as printed: the written one, or the computed one when left out.
    public var total: Int { declaredTotal ?? computedTotal }

    public subscript(column: CaseOutcomeColumn) -> Int {
        column == .total ? total : outcomes[column.rawValue]
    }

    /// All five columns, 总计 filled in.
    public var columns: [Int] { outcomes + [total] }
}

/// 四、政府信息公开行政复议、行政诉讼情况 as a whole.
public struct ReviewAndLitigation: Sendable, Hashable {
    public let rows: [CaseRow: CaseCounts]

    public init(rows: [CaseRow: CaseCounts]) {
        self.rows = rows
    }

    public subscript(row: CaseRow) -> CaseCounts { rows[row] ?? .zero }
}
