/// Table 二 of the 2019 format (国办公开办函〔2019〕60号) as page context: five small tables, one
/// per clause of 条例第二十条, with the trial format's own column heads. 第（一）项 has a third row,
/// 其他主动公开文件, only when the report wrote `other_documents`.
enum TrialTableLayout {
    static func proactiveTables(_ proactive: TrialProactiveDisclosure) -> [ReportTable] {
        typealias Cell = ReportTable.Cell
        let head: (([String]) -> [[Cell]]) = { columns in [[.header("信息内容", .col)] + columns.map { .header($0, .col) }] }
        func table(_ id: String, _ caption: String, _ columns: [String], _ rows: [[Cell]]) -> ReportTable {
            ReportTable(id: id, caption: caption, cssClass: "report-table--proactive report-table--trial", scrolls: false,
                        headRows: head(columns), bodyRows: rows)
        }
        let itemColumns = TrialItemColumn.allCases
        func itemRow(_ kind: TrialItemKind) -> [Cell] {
            [.header(kind.label, .row)] + itemColumns.map { .number(proactive[kind][$0]) }
        }
        return [
            table("table-2-1", "第二十条第（一）项", TrialDocumentColumn.allCases.map(\.label),
                  proactive.documentKinds.map { kind in
                      [.header(kind.label, .row)] + TrialDocumentColumn.allCases.map { .number(proactive[kind][$0]) }
                  }),
            table("table-2-5", "第二十条第（五）项", itemColumns.map(\.label), [itemRow(.licensing), itemRow(.otherServices)]),
            table("table-2-6", "第二十条第（六）项", itemColumns.map(\.label), [itemRow(.penalties), itemRow(.coerciveMeasures)]),
            table("table-2-8", "第二十条第（八）项", [TrialItemColumn.previous.label, TrialItemColumn.change.label],
                  [[.header("行政事业性收费", .row), .number(proactive.feesPrevious), .number(proactive.feesChange)]]),
            table("table-2-9", "第二十条第（九）项", ["采购项目数量", "采购总金额"],
                  [[.header("政府集中采购", .row), .number(proactive.procurementProjects),
                    .number(proactive.procurementAmountText)]]),
        ]
    }
}
