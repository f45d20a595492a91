/// The 勾稽关系 of the national tables (CONTENT.md, rules 1–8), in both formats: tables 三 and 四
/// are the same in 2019 and 2021 but for 三（六）, one row in 2019; rule 7 concerns the 2021 table 二.
/// In a report kept as published (`as_published`) the loader turns these errors into warnings.
///
/// Rules 5 and 8 (every count a whole number ≥ 0, fees a number ≥ 0, no blanks) concern single
/// numbers and are applied while reading, by `StatisticsParser`/`StatisticsNumber`. This file holds
/// the sum rules within one report (1–4) and across two consecutive years (6 as an error, 7 as a
/// warning). A rule is skipped for rows that could not be read, whose problem is already reported.
///
/// Rules 2, 3 and 6 compare the six applicant columns. Their 总计 column needs no check of its
/// own: once rule 1 holds for every row, the 总计 column is the sum of the six others, so any
/// mismatch there already shows in an applicant column or in rule 1.
enum ConsistencyRules {
    /// Rules 1–4 for one report.
    static func check(_ statistics: ReportStatistics, sourceMap: StatisticsSourceMap, file: String) -> [Diagnostic] {
        rowTotals(statistics.applications, sourceMap, file)
            + grandTotal(statistics.applications, sourceMap, file)
            + balance(statistics.applications, sourceMap, file)
            + caseTotals(statistics.reviewAndLitigation, sourceMap, file)
    }

    /// Rules 6 and 7 between last year's report and this year's.
    static func checkAcrossYears(previous: ReportStatistics, previousFile: String, previousMap: StatisticsSourceMap,
                                 current: ReportStatistics, currentMap: StatisticsSourceMap, file: String) -> [Diagnostic] {
        carriedOver(previous: previous, previousFile: previousFile, previousMap: previousMap,
                    current: current, currentMap: currentMap, file: file)
            + documentsInForce(previous: previous, previousFile: previousFile, previousMap: previousMap,
                               current: current, currentMap: currentMap, file: file)
    }

    // MARK: Rule 1 — in every row of 三, 总计 = the six applicant columns

    static func rowTotals(_ table: ApplicationTable, _ map: StatisticsSourceMap, _ file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for row in ApplicationRow.allCases {
            let path = StatisticsSourceMap.path(row)
            guard map.isReadable(path), let counts = table.rows[row], let declared = counts.declaredTotal,
                  declared != counts.computedTotal
            else { continue }
            let location = map.location(path, element: ApplicantColumn.total.rawValue)
            diagnostics.append(Diagnostic(
                file: file, line: location.line, column: location.column,
                zh: "\(row.named)的“总计”列应为 \(counts.computedTotal)（自然人与法人或其他组织共六列之和），实际填写 \(declared)",
                en: "\(row.named), column 总计: expected \(counts.computedTotal) (the sum of the six applicant columns), found \(declared)",
                hintZh: "核对本行各列；也可以删去最后一个数字（总计），由系统计算。",
                hintEn: "Check the numbers of this row, or leave out the last number (总计) and let the portal compute it."))
        }
        return diagnostics
    }

    // MARK: Rule 2 — 三（七）总计 = （一）+（二）+ every sub-row of （三）to（六）

    static func grandTotal(_ table: ApplicationTable, _ map: StatisticsSourceMap, _ file: String) -> [Diagnostic] {
        let totalPath = StatisticsSourceMap.path(ApplicationRow.total)
        guard let declared = table.declaredTotal, map.isReadable(totalPath),
              ApplicationRow.everyOutcome.allSatisfy({ map.isReadable(StatisticsSourceMap.path($0)) })
        else { return [] }
        let expected = table.computedTotal
        var diagnostics: [Diagnostic] = []
        for column in ApplicantColumn.applicants where declared[column] != expected[column] {
            let location = map.location(totalPath, element: column.rawValue)
            diagnostics.append(Diagnostic(
                file: file, line: location.line, column: location.column,
                zh: "\(ApplicationRow.total.named)的“\(column.messageLabel)”列应为 \(expected[column])（三（一）至（六）各行之和），实际填写 \(declared[column])",
                en: "\(ApplicationRow.total.named), column \(column.messageLabel): expected \(expected[column]) (the sum of the rows 三（一） to（六）), found \(declared[column])",
                hintZh: "核对“三、本年度办理结果”各行的这一列；也可以删去 total 这一行，由系统计算。",
                hintEn: "Check this column in the rows of 三、本年度办理结果, or delete the row total and let the portal compute it."))
        }
        return diagnostics
    }

    // MARK: Rule 3 — 一 + 二 = 三（七）总计 + 四

    static func balance(_ table: ApplicationTable, _ map: StatisticsSourceMap, _ file: String) -> [Diagnostic] {
        var involved: [ApplicationRow] = [.received, .carriedOver, .carriedForward]
        involved += table.declaredTotal == nil ? ApplicationRow.everyOutcome : [.total]
        guard involved.allSatisfy({ map.isReadable(StatisticsSourceMap.path($0)) }) else { return [] }
        let forwardPath = StatisticsSourceMap.path(ApplicationRow.carriedForward)
        var diagnostics: [Diagnostic] = []
        for column in ApplicantColumn.applicants {
            let incoming = table[.received][column] + table[.carriedOver][column]
            let outgoing = table[.total][column] + table[.carriedForward][column]
            guard incoming != outgoing else { continue }
            let location = map.location(forwardPath, element: column.rawValue)
            diagnostics.append(Diagnostic(
                file: file, line: location.line, column: location.column,
                zh: "“\(column.messageLabel)”列不符合勾稽关系（第一项加第二项之和，等于第三项加第四项之和）："
                    + "total（三（七）总计）\(table[.total][column]) 加 \(ApplicationRow.carriedForward.named) \(table[.carriedForward][column]) 应为 \(incoming)"
                    + "（\(ApplicationRow.received.named) \(table[.received][column]) 加 \(ApplicationRow.carriedOver.named) \(table[.carriedOver][column])），实际为 \(outgoing)",
                en: "column \(column.messageLabel) does not balance (一 + 二 must equal 三（七） + 四): "
                    + "total (三（七）总计) \(table[.total][column]) + carried_forward (四、结转下年度继续办理) \(table[.carriedForward][column]) should be \(incoming) "
                    + "(received \(table[.received][column]) + carried_over \(table[.carriedOver][column])), found \(outgoing)",
                hintZh: "本年新收与上年结转的申请，应当全部出现在本年度办理结果或结转下年度中；核对这一列。",
                hintEn: "Every application received or carried over must appear in a result of 三 or be carried forward; check this column."))
        }
        return diagnostics
    }

    // MARK: Rule 4 — in 四, 总计 = 维持 + 纠正 + 其他 + 尚未审结

    static func caseTotals(_ table: ReviewAndLitigation, _ map: StatisticsSourceMap, _ file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for row in CaseRow.allCases {
            let path = StatisticsSourceMap.path(row)
            guard map.isReadable(path), let counts = table.rows[row], let declared = counts.declaredTotal,
                  declared != counts.computedTotal
            else { continue }
            let location = map.location(path, element: CaseOutcomeColumn.total.rawValue)
            diagnostics.append(Diagnostic(
                file: file, line: location.line, column: location.column,
                zh: "\(row.named)的“总计”列应为 \(counts.computedTotal)（结果维持、结果纠正、其他结果、尚未审结之和），实际填写 \(declared)",
                en: "\(row.named), column 总计: expected \(counts.computedTotal) (结果维持 + 结果纠正 + 其他结果 + 尚未审结), found \(declared)",
                hintZh: "核对本行各列；也可以删去最后一个数字（总计），由系统计算。",
                hintEn: "Check the numbers of this row, or leave out the last number (总计) and let the portal compute it."))
        }
        return diagnostics
    }

    // MARK: Rule 6 — this year's 二、上年结转 = last year's 四、结转下年度继续办理

    static func carriedOver(previous: ReportStatistics, previousFile: String, previousMap: StatisticsSourceMap,
                            current: ReportStatistics, currentMap: StatisticsSourceMap, file: String) -> [Diagnostic] {
        let overPath = StatisticsSourceMap.path(ApplicationRow.carriedOver)
        let forwardPath = StatisticsSourceMap.path(ApplicationRow.carriedForward)
        guard currentMap.isReadable(overPath), previousMap.isReadable(forwardPath) else { return [] }
        let expected = previous.applications[.carriedForward]
        let found = current.applications[.carriedOver]
        let previousLine = previousMap.location(forwardPath).line.map { ":\($0)" } ?? ""
        var diagnostics: [Diagnostic] = []
        for column in ApplicantColumn.applicants where expected[column] != found[column] {
            let location = currentMap.location(overPath, element: column.rawValue)
            diagnostics.append(Diagnostic(
                file: file, line: location.line, column: location.column,
                zh: "\(ApplicationRow.carriedOver.named)的“\(column.messageLabel)”列应为 \(expected[column])"
                    + "（\(previous.year)年报告的 carried_forward（四、结转下年度继续办理）），实际填写 \(found[column])",
                en: "\(ApplicationRow.carriedOver.named), column \(column.messageLabel): expected \(expected[column]) "
                    + "(carried_forward (四、结转下年度继续办理) of the \(previous.year) report), found \(found[column])",
                hintZh: "上年结转到本年的申请数，必须与上年报告“四、结转下年度继续办理”一致；核对本文件和 \(previousFile)\(previousLine)。",
                hintEn: "Applications carried over must equal last year's 四、结转下年度继续办理; check this file and \(previousFile)\(previousLine)."))
        }
        return diagnostics
    }

    // MARK: Rule 7 — 现行有效件数 = last year's + 本年制发 − 本年废止 (warning)

    static func documentsInForce(previous: ReportStatistics, previousFile: String, previousMap: StatisticsSourceMap,
                                 current: ReportStatistics, currentMap: StatisticsSourceMap, file: String) -> [Diagnostic] {
        // The 2019 format counts 本年新制作/本年新公开/对外公开总数量, not 现行有效件数: nothing to carry.
        guard let previousTables = previous.proactive, let currentTables = current.proactive else { return [] }
        var diagnostics: [Diagnostic] = []
        for kind in DocumentKind.allCases {
            guard currentMap.isReadable(StatisticsSourceMap.path(kind)), previousMap.isReadable(StatisticsSourceMap.path(kind))
            else { continue }
            let before = previousTables[kind].inForce
            let now = currentTables[kind]
            let expected = before + now.issued - now.repealed
            guard expected != now.inForce else { continue }
            let location = currentMap.location(StatisticsSourceMap.path(kind, .inForce))
            diagnostics.append(Diagnostic(
                .warning, file: file, line: location.line, column: location.column,
                zh: "\(kind.key)（\(kind.label)）的“现行有效件数”按上年推算应为 \(expected)"
                    + "（\(previous.year)年现行有效 \(before) ＋ 本年制发 \(now.issued) − 本年废止 \(now.repealed)），实际填写 \(now.inForce)",
                en: "\(kind.key) (\(kind.label)), column 现行有效件数: expected \(expected) from last year "
                    + "(\(before) in force in \(previous.year) + \(now.issued) issued − \(now.repealed) repealed), found \(now.inForce)",
                hintZh: "如有文件因清理等原因在本年制发、废止之外失效，可忽略此提示；否则请核对本文件和 \(previousFile)。",
                hintEn: "If documents lapsed outside the issued/repealed counts (e.g. a clean-up), this warning may stand; otherwise check this file and \(previousFile)."))
        }
        return diagnostics
    }
}
