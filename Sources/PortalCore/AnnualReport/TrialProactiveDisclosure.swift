import Foundation

/// 二、主动公开政府信息情况 in the 2019 format (国办公开办函〔2019〕60号): five small tables of
/// 条例第二十条第（一）（五）（六）（八）（九）项. Any cell may be blank (nil) in a report kept as
/// published (`as_published: true`); elsewhere every cell is written.
public struct TrialProactiveDisclosure: Sendable, Hashable {
    /// 第二十条第（一）项 · 规章
    public var regulations: TrialDocumentCounts
    /// 第二十条第（一）项 · 规范性文件
    public var normativeDocuments: TrialDocumentCounts
    /// 第二十条第（一）项 · 其他主动公开文件: the optional third row many reports printed; nil
    /// when the report has no such row (`other_documents` not written), so nothing is shown or exported.
    public var otherDocuments: TrialDocumentCounts?
    /// 第二十条第（五）项 · 行政许可, 其他对外管理服务事项; 第（六）项 · 行政处罚, 行政强制
    public var items: [TrialItemKind: TrialItemCounts]
    /// 第二十条第（八）项 · 行政事业性收费: 上一年项目数量, 本年增/减
    public var feesPrevious: Int?
    public var feesChange: Int?
    /// 第二十条第（九）项 · 政府集中采购: 采购项目数量
    public var procurementProjects: Int?
    /// 第二十条第（九）项 · 政府集中采购: 采购总金额, as written
    public var procurementAmount: FeeAmount?
    /// The unit the report printed the amount in: 元 (the default) or 万元 (`amount: 7.9万元`).
    public var procurementUnit: String = "元"

    /// The amount as the published table shows it: `79000.1元`, `7.9万元`; empty when blank.
    public var procurementAmountText: String {
        procurementAmount.map { $0.text + procurementUnit } ?? ""
    }

    /// The units a report may print 采购总金额 in.
    static let procurementUnits = ["万元", "元"]

    public init(regulations: TrialDocumentCounts, normativeDocuments: TrialDocumentCounts,
                items: [TrialItemKind: TrialItemCounts], feesPrevious: Int?, feesChange: Int?,
                procurementProjects: Int?, procurementAmount: FeeAmount?) {
        self.regulations = regulations
        self.normativeDocuments = normativeDocuments
        self.items = items
        self.feesPrevious = feesPrevious
        self.feesChange = feesChange
        self.procurementProjects = procurementProjects
        self.procurementAmount = procurementAmount
    }

    public static let empty = TrialProactiveDisclosure(
        regulations: .init(), normativeDocuments: .init(), items: [:], feesPrevious: nil, feesChange: nil,
        procurementProjects: nil, procurementAmount: nil)

    /// The counts of one row of 第（一）项; all blank for 其他主动公开文件 when the report has no such row.
    public subscript(kind: TrialDocumentKind) -> TrialDocumentCounts {
        get {
            switch kind {
            case .regulations: return regulations
            case .normativeDocuments: return normativeDocuments
            case .otherDocuments: return otherDocuments ?? TrialDocumentCounts()
            }
        }
        set {
            switch kind {
            case .regulations: regulations = newValue
            case .normativeDocuments: normativeDocuments = newValue
            case .otherDocuments: otherDocuments = newValue
            }
        }
    }

    /// The rows of 第（一）项 this report has, in table order: 规章, 规范性文件, and 其他主动公开文件
    /// only when written.
    public var documentKinds: [TrialDocumentKind] {
        TrialDocumentKind.allCases.filter { !$0.isOptional || otherDocuments != nil }
    }

    public subscript(kind: TrialItemKind) -> TrialItemCounts { items[kind] ?? TrialItemCounts() }
}

/// The documents of 第二十条第（一）项 in the 2019 format.
public enum TrialDocumentKind: String, CaseIterable, Sendable {
    case regulations = "regulations"                  // 规章
    case normativeDocuments = "normative_documents"   // 规范性文件 (2021: 行政规范性文件)
    case otherDocuments = "other_documents"           // 其他主动公开文件 (optional row)

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .regulations: return "规章"
        case .normativeDocuments: return "规范性文件"
        case .otherDocuments: return "其他主动公开文件"
        }
    }

    /// 其他主动公开文件 is not in every report: written only where the published table has the row.
    public var isOptional: Bool { self == .otherDocuments }
}

/// A column of the 2019 第二十条第（一）项 table.
public enum TrialDocumentColumn: String, CaseIterable, Sendable {
    case made = "made"            // 本年新制作数量
    case published = "published"  // 本年新公开数量
    case total = "total"          // 对外公开总数量

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .made: return "本年新制作数量"
        case .published: return "本年新公开数量"
        case .total: return "对外公开总数量"
        }
    }
}

/// 本年新制作数量 / 本年新公开数量 / 对外公开总数量; nil where the published report left it blank.
public struct TrialDocumentCounts: Sendable, Hashable {
    public var values: [TrialDocumentColumn: Int] = [:]

    public init(values: [TrialDocumentColumn: Int] = [:]) {
        self.values = values
    }

    public subscript(column: TrialDocumentColumn) -> Int? { values[column] }
}

/// The matters of 第二十条第（五）（六）项 in the 2019 format, each counted by 上一年项目数量,
/// 本年增/减 and 处理决定数量.
public enum TrialItemKind: String, CaseIterable, Sendable {
    case licensing = "licensing"                  // 第（五）项 行政许可
    case otherServices = "other_services"         // 第（五）项 其他对外管理服务事项
    case penalties = "penalties"                  // 第（六）项 行政处罚
    case coerciveMeasures = "coercive_measures"   // 第（六）项 行政强制

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .licensing: return "行政许可"
        case .otherServices: return "其他对外管理服务事项"
        case .penalties: return "行政处罚"
        case .coerciveMeasures: return "行政强制"
        }
    }

    /// 第二十条第（五）项 or 第（六）项.
    public var clause: String {
        switch self {
        case .licensing, .otherServices: return "第二十条第（五）项"
        case .penalties, .coerciveMeasures: return "第二十条第（六）项"
        }
    }
}

/// A column of the 2019 第（五）（六）项 tables (and, without 处理决定数量, of 第（八）项).
public enum TrialItemColumn: String, CaseIterable, Sendable {
    case previous = "previous"    // 上一年项目数量
    case change = "change"        // 本年增/减 (may be negative)
    case decisions = "decisions"  // 处理决定数量

    public var key: String { rawValue }

    public var label: String {
        switch self {
        case .previous: return "上一年项目数量"
        case .change: return "本年增/减"
        case .decisions: return "处理决定数量"
        }
    }
}

/// 上一年项目数量 / 本年增/减 / 处理决定数量; nil where left blank.
public struct TrialItemCounts: Sendable, Hashable {
    public var values: [TrialItemColumn: Int] = [:]

    public init(values: [TrialItemColumn: Int] = [:]) {
        self.values = values
    }

    public subscript(column: TrialItemColumn) -> Int? { values[column] }
}
