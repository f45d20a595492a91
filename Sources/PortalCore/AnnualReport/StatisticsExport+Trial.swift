import Foundation

/// Table 二 of the 2019 format in statistics.json and statistics.csv: the keys of statistics.yaml,
/// the 2019 table's own labels, blanks kept blank (null, empty field). `other_documents`
/// (其他主动公开文件) appears only when the report has that row.
extension StatisticsExport {
    static func jsonObject(_ proactive: TrialProactiveDisclosure) -> [String: Any] {
        var object: [String: Any] = [:]
        for kind in proactive.documentKinds {
            object[kind.key] = Dictionary(uniqueKeysWithValues: TrialDocumentColumn.allCases.map { ($0.key, jsonNumber(proactive[kind][$0])) })
        }
        for kind in TrialItemKind.allCases {
            object[kind.key] = Dictionary(uniqueKeysWithValues: TrialItemColumn.allCases.map { ($0.key, jsonNumber(proactive[kind][$0])) })
        }
        object["fees"] = ["previous": jsonNumber(proactive.feesPrevious), "change": jsonNumber(proactive.feesChange)]
        object["procurement"] = ["projects": jsonNumber(proactive.procurementProjects),
                                 "amount": proactive.procurementAmount?.jsonValue ?? NSNull(),
                                 "amount_unit": proactive.procurementUnit]
        return object
    }

    static func csvRows(_ proactive: TrialProactiveDisclosure) -> [CSVRow] {
        let section2 = NationalTableLayout.proactiveHeading
        var rows: [CSVRow] = proactive.documentKinds.map { kind in
            CSVRow(section: section2, label: "第二十条第（一）项·\(kind.label)", columns: TrialDocumentColumn.allCases.map(\.label),
                   values: TrialDocumentColumn.allCases.map { csvNumber(proactive[kind][$0]) })
        }
        rows += TrialItemKind.allCases.map { kind in
            CSVRow(section: section2, label: "\(kind.clause)·\(kind.label)", columns: TrialItemColumn.allCases.map(\.label),
                   values: TrialItemColumn.allCases.map { csvNumber(proactive[kind][$0]) })
        }
        rows.append(CSVRow(section: section2, label: "第二十条第（八）项·行政事业性收费", columns: ["上一年项目数量", "本年增/减"],
                           values: [csvNumber(proactive.feesPrevious), csvNumber(proactive.feesChange)]))
        rows.append(CSVRow(section: section2, label: "第二十条第（九）项·政府集中采购",
                           columns: ["采购项目数量", "采购总金额（\(proactive.procurementUnit)）"],
                           values: [csvNumber(proactive.procurementProjects), proactive.procurementAmount?.text ?? ""]))
        return rows
    }
}
