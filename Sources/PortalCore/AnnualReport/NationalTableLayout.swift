/// Sections 二、三、四 of a report in the layout of its national format (国办公开办函〔2021〕30号, or
/// the 2019 trial format of 国办公开办函〔2019〕60号), as tables (`AnnualReportPage` makes them the
/// page's context): every label is the national table's own text, character for character. A cell a report kept as published left blank is blank.
enum NationalTableLayout {
    static let proactiveHeading = "二、主动公开政府信息情况"
    static let applicationsHeading = "三、收到和处理政府信息公开申请情况"
    static let reviewHeading = "四、政府信息公开行政复议、行政诉讼情况"

    /// The note printed in the corner of table 三.
    static let balanceNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    /// The three generated sections, in order.
    static func sections(_ statistics: ReportStatistics) -> [ReportSection] {
        [
            ReportSection(id: "section-2", heading: proactiveHeading, tables: proactiveTables(statistics.proactiveTables)),
            ReportSection(id: "section-3", heading: applicationsHeading,
                          tables: [applicationTable(statistics.applications, format: statistics.format)]),
            ReportSection(id: "section-4", heading: reviewHeading, tables: [reviewTable(statistics.reviewAndLitigation)]),
        ]
    }

    // MARK: 二

    static func proactiveTables(_ tables: ProactiveTables) -> [ReportTable] {
        switch tables {
        case .national2021(let proactive): return proactiveTables(proactive)
        case .trial2019(let proactive): return TrialTableLayout.proactiveTables(proactive)
        }
    }

    /// The four small tables of 第二十条第（一）（五）（六）（八）项.
    static func proactiveTables(_ proactive: ProactiveDisclosure) -> [ReportTable] {
        typealias Cell = ReportTable.Cell
        let documents = ReportTable(
            id: "table-2-1", caption: "第二十条第（一）项", cssClass: "report-table--proactive", scrolls: false,
            headRows: [[.header("信息内容", .col)] + DocumentCountColumn.allCases.map { .header($0.label, .col) }],
            bodyRows: DocumentKind.allCases.map { kind in
                [.header(kind.label, .row)] + DocumentCountColumn.allCases.map { .number(proactive.shown(kind, $0)) }
            })
        let decisionHead: [[Cell]] = [[.header("信息内容", .col), .header("本年处理决定数量", .col)]]
        let licensing = ReportTable(
            id: "table-2-5", caption: "第二十条第（五）项", cssClass: "report-table--proactive", scrolls: false,
            headRows: decisionHead,
            bodyRows: [[.header(DecisionKind.licensing.label, .row), .number(proactive.shown(.licensing))]])
        let enforcement = ReportTable(
            id: "table-2-6", caption: "第二十条第（六）项", cssClass: "report-table--proactive", scrolls: false,
            headRows: decisionHead,
            bodyRows: [DecisionKind.penalties, .coerciveMeasures].map { [.header($0.label, .row), .number(proactive.shown($0))] })
        let fees = ReportTable(
            id: "table-2-8", caption: "第二十条第（八）项", cssClass: "report-table--proactive", scrolls: false,
            headRows: [[.header("信息内容", .col), .header("本年收费金额（单位：万元）", .col)]],
            bodyRows: [[.header("行政事业性收费", .row), .number(proactive.shownFees?.text ?? "")]])
        return [documents, licensing, enforcement, fees]
    }

    // MARK: 三

    static func applicationTable(_ table: ApplicationTable, format: ReportFormat = .current) -> ReportTable {
        typealias Cell = ReportTable.Cell
        let organisations = ApplicantColumn.applicants.dropFirst()
        let head: [[Cell]] = [
            [.note(balanceNote, rows: 3, columns: 3, cssClass: "report-table__note"),
             .header("申请人情况", .colgroup, columns: ApplicantColumn.allCases.count)],
            [.header(ApplicantColumn.naturalPerson.label, .col, rows: 2),
             .header("法人或其他组织", .colgroup, columns: organisations.count),
             .header(ApplicantColumn.total.label, .col, rows: 2)],
            organisations.map { .header($0.label, .col) },
        ]

        func numbers(_ row: ApplicationRow) -> [Cell] {
            table[row].shownColumns.map { .number($0) }
        }

        var body: [[Cell]] = []
        body.append([.header(ApplicationRow.received.label, .row, columns: 3)] + numbers(.received))
        body.append([.header(ApplicationRow.carriedOver.label, .row, columns: 3)] + numbers(.carriedOver))

        // 三、本年度办理结果 spans （一）to（七）.
        let resultRows: [ApplicationRow] = ApplicationRow.outcomes(format) + [.total]
        var first = true
        var index = 0
        while index < resultRows.count {
            let row = resultRows[index]
            var cells: [Cell] = []
            if first {
                cells.append(.header("三、本年度办理结果", .rowgroup, rows: resultRows.count))
                first = false
            }
            if let group = row.group {
                let members = group.rows
                for (offset, member) in members.enumerated() {
                    var memberCells = offset == 0 ? cells + [.header(group.label, .rowgroup, rows: members.count)] : []
                    memberCells.append(.header(member.label, .row))
                    body.append(memberCells + numbers(member))
                }
                index += members.count
            } else {
                body.append(cells + [.header(row.label, .row, columns: 2)] + numbers(row))
                index += 1
            }
        }
        body.append([.header(ApplicationRow.carriedForward.label, .row, columns: 3)] + numbers(.carriedForward))

        return ReportTable(id: "table-3", caption: "收到和处理政府信息公开申请情况", cssClass: "report-table--applications",
                           scrolls: true, headRows: head, bodyRows: body)
    }

    // MARK: 四

    static func reviewTable(_ table: ReviewAndLitigation) -> ReportTable {
        typealias Cell = ReportTable.Cell
        let columns = CaseOutcomeColumn.allCases
        let litigation: [CaseRow] = [.litigationDirect, .litigationAfterReconsideration]
        let head: [[Cell]] = [
            [.header(CaseRow.reconsideration.label, .colgroup, columns: columns.count),
             .header("行政诉讼", .colgroup, columns: columns.count * litigation.count)],
            columns.map { .header($0.label, .col, rows: 2) }
                + litigation.map { .header($0.label, .colgroup, columns: columns.count) },
            litigation.flatMap { _ in columns.map { .header($0.label, .col) } },
        ]
        let body: [[Cell]] = [CaseRow.allCases.flatMap { table[$0].shownColumns.map { .number($0) } }]
        return ReportTable(id: "table-4", caption: "政府信息公开行政复议、行政诉讼情况", cssClass: "report-table--review",
                           scrolls: true, headRows: head, bodyRows: body)
    }
}
