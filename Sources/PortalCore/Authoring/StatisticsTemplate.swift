/// The `statistics.yaml` that `portal new report` writes: every row of the schema present (CONTENT.md),
/// each with the national table's own label as a comment, and the numbers the portal already
/// knows filled in. The rows and labels come from the report model (`ApplicationRow`, `CaseRow`,
/// `DocumentKind`, …), so the template cannot drift from what the parser reads.
///
/// The file it writes passes `portal check`: all zeros satisfy rules 1–5, and the figures taken
/// from last year are placed so that rules 3, 6 and 7 hold too.
public struct StatisticsTemplate: Sendable {
    public var year: Int
    /// 二、上年结转: last year's 四、结转下年度继续办理, all seven columns; zeros without last year's report.
    public var carriedOver: [Int]
    /// The year the carry-over comes from, for the comment; nil when there was none.
    public var carriedOverFrom: Int?
    /// 现行有效件数 of last year, per kind: with nothing issued or repealed this year they stay.
    public var inForce: [DocumentKind: Int]
    /// The counted items of the year (`published_items`).
    public var published: YearCounts
    /// Configured categories, in navigation order (the order of `by_category`).
    public var categories: [Category]
    /// The day the items were counted, for the comment.
    public var countedOn: PlainDate
    /// The national format of the tables: `format: 2019` writes the 2019 table 二 and one row for 三（六）.
    public var format: ReportFormat = .current

    public init(year: Int, carriedOver: [Int], carriedOverFrom: Int?, inForce: [DocumentKind: Int],
                published: YearCounts, categories: [Category], countedOn: PlainDate) {
        precondition(carriedOver.count == ApplicantColumn.allCases.count, "a row of 三 has seven columns")
        self.year = year
        self.carriedOver = carriedOver
        self.carriedOverFrom = carriedOverFrom
        self.inForce = inForce
        self.published = published
        self.categories = categories
        self.countedOn = countedOn
    }

    /// Where the comments start, so that the numbers and the labels read as two columns.
    private static let commentColumn = 48

    public var text: String {
        var out: [String] = []
        func line(_ code: String, _ comment: String? = nil) {
            guard let comment else { return out.append(code) }
            let padding = max(1, Self.commentColumn - code.count)
            out.append(code + String(repeating: " ", count: padding) + "# " + comment)
        }
        func row(_ numbers: [Int]) -> String { "[" + numbers.map(String.init).joined(separator: ", ") + "]" }
        func keyed(_ indent: Int, _ key: String, _ value: String, width: Int) -> String {
            let label = key + ":"
            return String(repeating: " ", count: indent) + label
                + String(repeating: " ", count: max(1, width + 1 - label.count)) + value
        }

        line("# \(year)年政府信息公开工作年度报告的统计表（第二、三、四部分），由 portal new report 生成。")
        line("# 每一行都要填写，没有就写 0，不能留空。第三、四部分每行最后一个数是总计：可以不写（少写一个数），")
        line("# 由程序计算；写了就会核对。改完后运行 portal check 检查勾稽关系。")
        if format != .current {
            line("format: \(format.key)", "\(format.document)的表格格式")
            line("# 按原样转录已公布的报告时，可加 as_published: true：允许空白格子（写 ~），不合勾稽关系只提示不报错。")
        }
        line("year: \(year)")
        line("")

        // 二、主动公开政府信息情况
        if format == .trial2019 {
            trialProactive(line)
        } else {
            proactive2021(line, keyed)
        }
        line("")

        // 三、收到和处理政府信息公开申请情况
        line("applications:", NationalTableLayout.applicationsHeading)
        line("  # 每行依次为：" + ApplicantColumn.allCases.map(\.label).joined(separator: "、"))
        let zeros = Array(repeating: 0, count: ApplicantColumn.allCases.count)
        let hasCarryOver = carriedOver.contains { $0 != 0 }
        var openGroup: ApplicationOutcomeGroup?
        for applicationRow in ApplicationRow.rows(format) {
            var numbers = zeros
            var comment = applicationRow.reference
            switch applicationRow {
            case .carriedOver:
                numbers = carriedOver
                if let carriedOverFrom { comment += "（= \(carriedOverFrom)年报告的“四、结转下年度继续办理”）" }
            case .carriedForward where hasCarryOver:
                // 一 + 二 = 三（七）+ 四 must hold in the file as written: until the editor fills in
                // this year's figures, the carried-over applications count as still pending.
                numbers = carriedOver
                comment += "（暂按上年结转填写，使表格平衡；请按实际填写）"
            default:
                break
            }
            if let group = applicationRow.group {
                if openGroup != group {
                    line("  \(group.key):", "三" + group.label)
                    openGroup = group
                }
                line(keyed(4, applicationRow.yamlKey, row(numbers), width: 18), applicationRow.label)
            } else {
                openGroup = nil
                line(keyed(2, applicationRow.key, row(numbers), width: 20), comment)
            }
        }
        line("")

        // published_items
        line("published_items:", "一、总体情况中的主动公开篇数，按 \(countedOn.iso) 的内容统计")
        line("  # 按发布日期统计，含已下线的信息，不含草稿和尚未到发布日期的信息。年内又发布了信息时请更新，")
        line("  # 运行 portal stats --year \(year) 可查看最新数字。")
        line(keyed(2, "total", String(published.total), width: 11), "主动公开政府信息总篇数")
        line("  by_category:")
        let slugWidth = categories.map(\.slug.count).max() ?? 0
        for category in categories {
            line(keyed(4, category.slug, String(published[category: category.slug]), width: slugWidth + 1), category.name)
        }
        line("")

        // 四、政府信息公开行政复议、行政诉讼情况
        line("reconsideration_litigation:", NationalTableLayout.reviewHeading)
        line("  # 每行依次为：" + CaseOutcomeColumn.allCases.map(\.label).joined(separator: "、"))
        let caseZeros = Array(repeating: 0, count: CaseOutcomeColumn.allCases.count)
        let caseWidth = CaseRow.allCases.map(\.key.count).max() ?? 0
        for caseRow in CaseRow.allCases {
            line(keyed(2, caseRow.key, row(caseZeros), width: caseWidth + 1), caseRow.reference)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Table 二 of the 2021 format, 现行有效件数 carried from last year.
    private func proactive2021(_ line: (String, String?) -> Void, _ keyed: (Int, String, String, Int) -> String) {
        line("proactive:", NationalTableLayout.proactiveHeading)
        let documentColumns = DocumentCountColumn.allCases.map(\.label).joined(separator: "、")
        for kind in DocumentKind.allCases {
            let inForce = inForce[kind] ?? 0
            let values = DocumentCountColumn.allCases.map { column in
                "\(column.key): \(column == .inForce ? inForce : 0)"
            }.joined(separator: ", ")
            var comment = "第二十条第（一）项 \(kind.label)：\(documentColumns)"
            if inForce > 0 { comment += "（现行有效件数暂按上年填写）" }
            line(keyed(2, kind.key, "{ \(values) }", 20), comment)
        }
        // The national form's clause of each decision count (第二十条第（五）（六）项).
        let clauses: [DecisionKind: String] = [.licensing: "第二十条第（五）项", .penalties: "第二十条第（六）项",
                                               .coerciveMeasures: "第二十条第（六）项"]
        for kind in DecisionKind.allCases {
            line(keyed(2, kind.key, "0", 20), "\(clauses[kind] ?? "") \(kind.label) 本年处理决定数量")
        }
        line(keyed(2, "fees", "0", 20), "第二十条第（八）项 行政事业性收费 本年收费金额（单位：万元），可以有小数")
    }

    /// Table 二 of the 2019 format, every cell 0.
    private func trialProactive(_ line: (String, String?) -> Void) {
        line("proactive:", NationalTableLayout.proactiveHeading + "（2019年格式）")
        for kind in TrialDocumentKind.allCases {
            // 其他主动公开文件 is optional: a commented line, for reports whose table has the row.
            let code = (kind.isOptional ? "  # " : "  ") + pad(kind.key + ":", kind.isOptional ? 19 : 21) + "{ made: 0, published: 0, total: 0 }"
            let columns = TrialDocumentColumn.allCases.map(\.label).joined(separator: "、")
            line(code, kind.isOptional ? "第二十条第（一）项 \(kind.label)（可选）：原表有这一行时去掉行首的 # 并填写"
                                       : "第二十条第（一）项 \(kind.label)：" + columns)
        }
        for kind in TrialItemKind.allCases {
            line("  " + pad(kind.key + ":", 21) + "{ previous: 0, change: 0, decisions: 0 }",
                 "\(kind.clause) \(kind.label)：上一年项目数量、本年增/减（减写负数）、处理决定数量")
        }
        line("  " + pad("fees:", 21) + "{ previous: 0, change: 0 }", "第二十条第（八）项 行政事业性收费：上一年项目数量、本年增/减")
        line("  " + pad("procurement:", 21) + "{ projects: 0, amount: 0 }", "第二十条第（九）项 政府集中采购：采购项目数量、采购总金额（元）")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
