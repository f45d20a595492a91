import Foundation

/// The numbers of a report as files for re-use: `statistics.json` and `statistics.csv`.
///
/// Both are deterministic (same numbers, same bytes) so that builds are byte-identical.
public enum StatisticsExport {
    /// The keys of statistics.yaml, every row with its 总计 filled in; sorted keys, pretty printed.
    public static func json(_ statistics: ReportStatistics) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: jsonObject(statistics),
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    /// The JSON's object tree (dictionaries, arrays, numbers; null for a cell a report kept as
    /// published left blank). `format` names the national format, whether or not the file wrote it.
    static func jsonObject(_ statistics: ReportStatistics) -> [String: Any] {
        let proactiveObject: [String: Any]
        switch statistics.proactiveTables {
        case .national2021(let proactive): proactiveObject = jsonObject(proactive)
        case .trial2019(let proactive): proactiveObject = jsonObject(proactive)
        }

        var applications: [String: Any] = [:]
        for row in ApplicationRow.rows(statistics.format) {
            let columns = statistics.applications[row].shownColumns.map(jsonNumber)
            if let group = row.group {
                var block = applications[group.key] as? [String: Any] ?? [:]
                block[row.yamlKey] = columns
                applications[group.key] = block
            } else {
                applications[row.key] = columns
            }
        }

        var review: [String: Any] = [:]
        for row in CaseRow.allCases { review[row.key] = statistics.reviewAndLitigation[row].shownColumns.map(jsonNumber) }

        var object: [String: Any] = [
            "format": statistics.format.key,
            "year": statistics.year,
            "proactive": proactiveObject,
            "applications": applications,
            "reconsideration_litigation": review,
        ]
        if statistics.asPublished { object["as_published"] = true }
        if let published = statistics.publishedItems {
            var block: [String: Any] = ["by_category": published.byCategory]
            if let total = published.total { block["total"] = total }
            object["published_items"] = block
        }
        return object
    }

    private static func jsonObject(_ proactive: ProactiveDisclosure) -> [String: Any] {
        var object: [String: Any] = ["fees": proactive.shownFees?.jsonValue ?? NSNull()]
        for kind in DocumentKind.allCases {
            object[kind.key] = Dictionary(uniqueKeysWithValues: DocumentCountColumn.allCases.map { ($0.key, jsonNumber(proactive.shown(kind, $0))) })
        }
        for kind in DecisionKind.allCases { object[kind.key] = jsonNumber(proactive.shown(kind)) }
        return object
    }

    /// A number, or JSON null where the published table left the cell blank.
    static func jsonNumber(_ value: Int?) -> Any { value ?? NSNull() }

    /// UTF-8 with a BOM (so that Excel reads the Chinese), CRLF line ends and RFC 4180 quoting.
    /// A header line, then one line per table row: 部分 (section), 项目 (the row's Chinese label),
    /// 列名 (the row's column labels, joined by 、), then its numbers; shorter rows are padded.
    public static func csv(_ statistics: ReportStatistics) -> Data {
        let rows = csvRows(statistics)
        let width = rows.map(\.values.count).max() ?? 0
        var lines: [[String]] = [["部分", "项目", "列名"] + (1...max(width, 1)).map { "数值\($0)" }]
        for row in rows {
            lines.append([row.section, row.label, row.columns.joined(separator: "、")]
                         + row.values + Array(repeating: "", count: width - row.values.count))
        }
        let text = lines.map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }

    struct CSVRow {
        var section: String
        var label: String
        var columns: [String]
        var values: [String]
    }

    /// The rows of tables 二、三、四 in table order.
    static func csvRows(_ statistics: ReportStatistics) -> [CSVRow] {
        var rows: [CSVRow] = []
        switch statistics.proactiveTables {
        case .national2021(let proactive): rows += csvRows(proactive)
        case .trial2019(let proactive): rows += csvRows(proactive)
        }

        let applicantColumns = ApplicantColumn.allCases.map(\.label)
        for row in ApplicationRow.rows(statistics.format) {
            rows.append(CSVRow(section: NationalTableLayout.applicationsHeading, label: row.reference, columns: applicantColumns,
                               values: statistics.applications[row].shownColumns.map(csvNumber)))
        }

        let caseColumns = CaseOutcomeColumn.allCases.map(\.label)
        for row in CaseRow.allCases {
            rows.append(CSVRow(section: NationalTableLayout.reviewHeading, label: row.reference, columns: caseColumns,
                               values: statistics.reviewAndLitigation[row].shownColumns.map(csvNumber)))
        }
        return rows
    }

    /// A number, or an empty field where the published table left the cell blank.
    static func csvNumber(_ value: Int?) -> String { value.map(String.init) ?? "" }

    private static func csvRows(_ proactive: ProactiveDisclosure) -> [CSVRow] {
        var rows: [CSVRow] = []
        let section2 = NationalTableLayout.proactiveHeading
        for kind in DocumentKind.allCases {
            rows.append(CSVRow(section: section2, label: kind.label, columns: DocumentCountColumn.allCases.map(\.label),
                               values: DocumentCountColumn.allCases.map { csvNumber(proactive.shown(kind, $0)) }))
        }
        for kind in DecisionKind.allCases {
            rows.append(CSVRow(section: section2, label: kind.label, columns: ["本年处理决定数量"], values: [csvNumber(proactive.shown(kind))]))
        }
        rows.append(CSVRow(section: section2, label: "行政事业性收费", columns: ["本年收费金额（单位：万元）"], values: [proactive.shownFees?.text ?? ""]))
        return rows
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
