/// 三、收到和处理政府信息公开申请情况: the table of applications received and handled, one row
/// per line of the national table and one column per kind of applicant (申请人情况).

/// A column of table 三: who applied. The first six are counted; 总计 is their sum.
public enum ApplicantColumn: Int, CaseIterable, Sendable {
    case naturalPerson          // 自然人
    case commercialEnterprise   // 法人或其他组织 · 商业企业
    case researchInstitution    // 法人或其他组织 · 科研机构
    case publicInterestGroup    // 法人或其他组织 · 社会公益组织
    case legalServiceProvider   // 法人或其他组织 · 法律服务机构
    case otherOrganisation      // 法人或其他组织 · 其他
    case total                  // 总计

    /// The six columns an editor counts; 总计 is derived from them.
    public static let applicants: [ApplicantColumn] = Array(allCases.dropLast())

    /// The column head as the national table prints it.
    public var label: String {
        switch self {
        case .naturalPerson: return "自然人"
        case .commercialEnterprise: return "商业企业"
        case .researchInstitution: return "科研机构"
        case .publicInterestGroup: return "社会公益组织"
        case .legalServiceProvider: return "法律服务机构"
        case .otherOrganisation: return "其他"
        case .total: return "总计"
        }
    }

    /// The label used in messages: “其他” alone would be ambiguous next to the row 3.其他.
    var messageLabel: String {
        self == .otherOrganisation ? "其他（法人或其他组织）" : label
    }
}

/// A block of sub-rows under 三、本年度办理结果.
public enum ApplicationOutcomeGroup: String, CaseIterable, Sendable {
    case withheld = "withheld"                   // （三）不予公开
    case unableToProvide = "unable_to_provide"   // （四）无法提供
    case notProcessed = "not_processed"          // （五）不予处理
    case otherHandling = "other_handling"        // （六）其他处理

    /// The YAML key of the block in `applications:`.
    public var key: String { rawValue }

    /// The group's label as the national table prints it.
    public var label: String {
        switch self {
        case .withheld: return "（三）不予公开"
        case .unableToProvide: return "（四）无法提供"
        case .notProcessed: return "（五）不予处理"
        case .otherHandling: return "（六）其他处理"
        }
    }

    /// The rows of the group, in table order.
    public var rows: [ApplicationRow] {
        ApplicationRow.allCases.filter { $0.group == self }
    }
}

/// A row of table 三. The raw value is the row's path below `applications:` in statistics.yaml.
public enum ApplicationRow: String, CaseIterable, Sendable {
    case received = "received"                                  // 一、本年新收政府信息公开申请数量
    case carriedOver = "carried_over"                           // 二、上年结转政府信息公开申请数量
    case disclosed = "disclosed"                                // 三（一）予以公开
    case partiallyDisclosed = "partially_disclosed"             // 三（二）部分公开
    case stateSecret = "withheld.state_secret"                  // 三（三）1．属于国家秘密
    case lawProhibited = "withheld.law_prohibited"              // 三（三）2．其他法律行政法规禁止公开
    case threeSafeties = "withheld.three_safeties"              // 三（三）3．危及“三安全一稳定”
    case thirdParty = "withheld.third_party"                    // 三（三）4．保护第三方合法权益
    case internalAffairs = "withheld.internal_affairs"          // 三（三）5．属于三类内部事务信息
    case processInformation = "withheld.process_info"           // 三（三）6．属于四类过程性信息
    case enforcementFiles = "withheld.enforcement_files"        // 三（三）7．属于行政执法案卷
    case queryMatters = "withheld.query_matters"                // 三（三）8．属于行政查询事项
    case notHeld = "unable_to_provide.not_held"                 // 三（四）1．本机关不掌握相关政府信息
    case needsCreation = "unable_to_provide.needs_creation"     // 三（四）2．没有现成信息需要另行制作
    case stillUnclear = "unable_to_provide.still_unclear"       // 三（四）3．补正后申请内容仍不明确
    case complaints = "not_processed.complaints"                // 三（五）1．信访举报投诉类申请
    case repeated = "not_processed.repeated"                    // 三（五）2．重复申请
    case publications = "not_processed.publications"            // 三（五）3．要求提供公开出版物
    case excessive = "not_processed.excessive"                  // 三（五）4．无正当理由大量反复申请
    case confirmation = "not_processed.confirmation"            // 三（五）5．要求行政机关确认或重新出具已获取信息
    case noCorrection = "other_handling.no_correction"          // 三（六）1.申请人无正当理由逾期不补正……
    case feesUnpaid = "other_handling.fees_unpaid"              // 三（六）2.申请人逾期未按收费通知要求缴纳费用……
    case otherHandling = "other_handling.other"                 // 三（六）3.其他
    case otherHandlingSingle = "other_handling"                 // 三（六）其他处理 — one row in the 2019 format
    case total = "total"                                        // 三（七）总计
    case carriedForward = "carried_forward"                     // 四、结转下年度继续办理

    /// The path below `applications:`, e.g. `withheld.third_party`.
    public var key: String { rawValue }

    /// The last component of the key: the YAML key inside its group.
    public var yamlKey: String {
        String(rawValue.split(separator: ".").last!)
    }

    /// The block the row sits in, for the rows of （三）to（六）.
    public var group: ApplicationOutcomeGroup? {
        let parts = rawValue.split(separator: ".")
        return parts.count == 2 ? ApplicationOutcomeGroup(rawValue: String(parts[0])) : nil
    }

    /// The row's label exactly as the national table (国办公开办函〔2021〕30号) prints it.
    public var label: String {
        switch self {
        case .received: return "一、本年新收政府信息公开申请数量"
        case .carriedOver: return "二、上年结转政府信息公开申请数量"
        case .disclosed: return "（一）予以公开"
        case .partiallyDisclosed: return "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        case .stateSecret: return "1．属于国家秘密"
        case .lawProhibited: return "2．其他法律行政法规禁止公开"
        case .threeSafeties: return "3．危及“三安全一稳定”"
        case .thirdParty: return "4．保护第三方合法权益"
        case .internalAffairs: return "5．属于三类内部事务信息"
        case .processInformation: return "6．属于四类过程性信息"
        case .enforcementFiles: return "7．属于行政执法案卷"
        case .queryMatters: return "8．属于行政查询事项"
        case .notHeld: return "1．本机关不掌握相关政府信息"
        case .needsCreation: return "2．没有现成信息需要另行制作"
        case .stillUnclear: return "3．补正后申请内容仍不明确"
        case .complaints: return "1．信访举报投诉类申请"
        case .repeated: return "2．重复申请"
        case .publications: return "3．要求提供公开出版物"
        case .excessive: return "4．无正当理由大量反复申请"
        case .confirmation: return "5．要求行政机关确认或重新出具已获取信息"
        // The national form numbers the rows of （六） with ASCII full stops; kept as printed.
        case .noCorrection: return "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        case .feesUnpaid: return "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        case .otherHandling: return "3.其他"
        case .otherHandlingSingle: return "（六）其他处理"
        case .total: return "（七）总计"
        case .carriedForward: return "四、结转下年度继续办理"
        }
    }

    /// The row's place in the whole table, for messages and the CSV:
    /// `三（三）4．保护第三方合法权益`, `一、本年新收政府信息公开申请数量`.
    public var reference: String {
        switch self {
        case .received, .carriedOver, .carriedForward:
            return label
        case .disclosed, .partiallyDisclosed, .total, .otherHandlingSingle:
            return "三" + label
        default:
            let group = group!.label
            return "三" + group.prefix(3) + label
        }
    }

    /// `withheld.third_party（三（三）4．保护第三方合法权益）`: how messages name a row.
    public var named: String { "\(key)（\(reference)）" }

    /// The rows of the table in `format`, in table order: （六）has three sub-rows from 2021 on and
    /// is one row in the 2019 format.
    public static func rows(_ format: ReportFormat) -> [ApplicationRow] {
        switch format {
        case .national2021: return allCases.filter { $0 != .otherHandlingSingle }
        case .trial2019: return allCases.filter { $0.group != .otherHandling }
        }
    }

    /// The rows summed into 三（七）总计 in `format`: （一）（二）and every row of （三）to（六）.
    public static func outcomes(_ format: ReportFormat) -> [ApplicationRow] {
        rows(format).filter { $0 != .received && $0 != .carriedOver && $0 != .total && $0 != .carriedForward }
    }

    /// The outcome rows of the 2021 format.
    public static let outcomes: [ApplicationRow] = outcomes(.national2021)

    /// The outcome rows of both formats: a table holds the rows of its own format only.
    static let everyOutcome: [ApplicationRow] = allCases.filter {
        outcomes(.national2021).contains($0) || outcomes(.trial2019).contains($0)
    }
}

/// One row of table 三: the six applicant counts and the 总计.
public struct ApplicantCounts: Sendable, Hashable {
    /// 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 — in this order.
    public let applicants: [Int]
    /// 总计 as written in statistics.yaml; nil when the editor left it out.
    public let declaredTotal: Int?
    /// Columns left blank in a report kept as published (`as_published`): shown empty, counted as 0.
    public let blankColumns: Set<ApplicantColumn>

    public init(applicants: [Int], declaredTotal: Int? = nil, blankColumns: Set<ApplicantColumn> = []) {
        precondition(applicants.count == ApplicantColumn.applicants.count, "a row of 三 has six applicant columns")
        self.applicants = applicants
        self.declaredTotal = declaredTotal
        self.blankColumns = blankColumns
    }

    /// All seven columns as the published table shows them: nil where the report left a blank.
    public var shownColumns: [Int?] {
        ApplicantColumn.allCases.map { blankColumns.contains($0) ? nil : self[$0] }
    }

    public static let zero = ApplicantCounts(applicants: Array(repeating: 0, count: 6))

    /// The sum of the six applicant columns.
    public var computedTotal: Int { applicants.reduce(0, +) }

    /// 总计 as the table prints it: the written one, or the computed one when it was left out.
    public var total: Int { declaredTotal ?? computedTotal }

    public subscript(column: ApplicantColumn) -> Int {
        column == .total ? total : applicants[column.rawValue]
    }

    /// All seven columns, 总计 filled in.
    public var columns: [Int] { applicants + [total] }

    /// Column-by-column sum of rows (the 总计 of the result is computed).
    public static func sum(_ rows: [ApplicantCounts]) -> ApplicantCounts {
        var sums = Array(repeating: 0, count: 6)
        for row in rows {
            for index in sums.indices { sums[index] += row.applicants[index] }
        }
        return ApplicantCounts(applicants: sums)
    }
}

/// 三、收到和处理政府信息公开申请情况 as a whole.
public struct ApplicationTable: Sendable, Hashable {
    /// Every row as written; 三（七）总计 only when the editor wrote it.
    public let rows: [ApplicationRow: ApplicantCounts]

    public init(rows: [ApplicationRow: ApplicantCounts]) {
        self.rows = rows
    }

    /// The row as the table prints it. 三（七）总计 is computed from the outcome rows when left out.
    public subscript(row: ApplicationRow) -> ApplicantCounts {
        if row == .total { return rows[.total] ?? computedTotal }
        return rows[row] ?? .zero
    }

    /// 三（七）总计 written by the editor, if any.
    public var declaredTotal: ApplicantCounts? { rows[.total] }

    /// （一）+（二）+ every row of （三）to（六）, column by column. A table holds the rows of one
    /// format only, so summing the rows of both formats sums the rows of its own.
    public var computedTotal: ApplicantCounts {
        ApplicantCounts.sum(ApplicationRow.everyOutcome.map { rows[$0] ?? .zero })
    }
}
