import Foundation

/// 二、主动公开政府信息情况: the four small tables of 条例第二十条第（一）（五）（六）（八）项.
public struct ProactiveDisclosure: Sendable, Hashable {
    /// 第二十条第（一）项 · 规章
    public let regulations: DocumentCounts
    /// 第二十条第（一）项 · 行政规范性文件
    public let normativeDocuments: DocumentCounts
    /// 第二十条第（五）项 · 行政许可 本年处理决定数量
    public let licensing: Int
    /// 第二十条第（六）项 · 行政处罚 本年处理决定数量
    public let penalties: Int
    /// 第二十条第（六）项 · 行政强制 本年处理决定数量
    public let coerciveMeasures: Int
    /// 第二十条第（八）项 · 行政事业性收费 本年收费金额（单位：万元）
    public let fees: FeeAmount
    /// Cells left blank in a report kept as published, by path (`proactive.regulations.issued`,
    /// `proactive.licensing`, `proactive.fees`): shown empty, counted as 0.
    public internal(set) var blanks: Set<String> = []

    public init(regulations: DocumentCounts, normativeDocuments: DocumentCounts, licensing: Int,
                penalties: Int, coerciveMeasures: Int, fees: FeeAmount) {
        self.regulations = regulations
        self.normativeDocuments = normativeDocuments
        self.licensing = licensing
        self.penalties = penalties
        self.coerciveMeasures = coerciveMeasures
        self.fees = fees
    }

    public subscript(kind: DocumentKind) -> DocumentCounts {
        switch kind {
        case .regulations: return regulations
        case .normativeDocuments: return normativeDocuments
        }
    }

    /// The cell as the published table shows it: nil where it was left blank.
    public func shown(_ kind: DocumentKind, _ column: DocumentCountColumn) -> Int? {
        blanks.contains(StatisticsSourceMap.path(kind, column)) ? nil : self[kind][column]
    }

    public func shown(_ kind: DecisionKind) -> Int? {
        blanks.contains("proactive.\(kind.key)") ? nil : self[kind]
    }

    public var shownFees: FeeAmount? { blanks.contains("proactive.fees") ? nil : fees }

    public subscript(kind: DecisionKind) -> Int {
        switch kind {
        case .licensing: return licensing
        case .penalties: return penalties
        case .coerciveMeasures: return coerciveMeasures
        }
    }
}

/// The documents counted under 第二十条第（一）项.
public enum DocumentKind: String, CaseIterable, Sendable {
    case regulations = "regulations"                  // 规章
    case normativeDocuments = "normative_documents"   // 行政规范性文件

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .regulations: return "规章"
        case .normativeDocuments: return "行政规范性文件"
        }
    }
}

/// A column of the 第二十条第（一）项 table.
public enum DocumentCountColumn: String, CaseIterable, Sendable {
    case issued = "issued"        // 本年制发件数
    case repealed = "repealed"    // 本年废止件数
    case inForce = "in_force"     // 现行有效件数

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .issued: return "本年制发件数"
        case .repealed: return "本年废止件数"
        case .inForce: return "现行有效件数"
        }
    }
}

/// 本年制发件数 / 本年废止件数 / 现行有效件数 of 规章 or 行政规范性文件.
public struct DocumentCounts: Sendable, Hashable {
    public let issued: Int
    public let repealed: Int
    public let inForce: Int

    public init(issued: Int, repealed: Int, inForce: Int) {
        self.issued = issued
        self.repealed = repealed
        self.inForce = inForce
    }

    public static let zero = DocumentCounts(issued: 0, repealed: 0, inForce: 0)

    public subscript(column: DocumentCountColumn) -> Int {
        switch column {
        case .issued: return issued
        case .repealed: return repealed
        case .inForce: return inForce
        }
    }
}

/// The decisions counted under 第二十条第（五）（六）项 (本年处理决定数量).
public enum DecisionKind: String, CaseIterable, Sendable {
    case licensing = "licensing"                  // 第（五）项 行政许可
    case penalties = "penalties"                  // 第（六）项 行政处罚
    case coerciveMeasures = "coercive_measures"   // 第（六）项 行政强制

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .licensing: return "行政许可"
        case .penalties: return "行政处罚"
        case .coerciveMeasures: return "行政强制"
        }
    }
}

/// 本年收费金额（单位：万元）: a decimal amount ≥ 0, printed exactly as the editor wrote it.
public struct FeeAmount: Sendable, Hashable, CustomStringConvertible {
    /// The amount as written (`0`, `1.5`, `12.30`).
    public let text: String
    public let value: Decimal

    /// Accepts plain decimal notation only: digits, optionally a point and more digits.
    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self.text = text
        self.value = value
    }

    public static let zero = FeeAmount("0")!

    public var description: String { text }

    /// The amount for JSON: a whole number when it is one, otherwise a double.
    var jsonValue: Any {
        if !text.contains("."), let whole = Int(text) { return whole }
        return NSDecimalNumber(decimal: value).doubleValue
    }
}
