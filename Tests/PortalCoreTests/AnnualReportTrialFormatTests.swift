import Foundation
import XCTest
@testable import PortalCore

/// `format: 2019` (国办公开办函〔2019〕60号): a real 2020 report read number for number, laid out
/// with the trial format's own labels, exported, and checked by rules 1–6 and 8.
final class AnnualReportTrialFormatTests: XCTestCase {
    /// The real report of 化隆县群科新区综合服务中心 for 2020 (its index.md cites the page).
    static let real = ReportFixtures.statisticsText("trial-2020", year: 2020)
    static let file = "content/annual-reports/2020/statistics.yaml"

    /// The real report with some applications, so that every sum rule has something to add up:
    /// 3 received, 2 disclosed, 1 其他处理.
    static let busy: String = {
        var text = real
        text = ReportFixtures.mutate(text, "received:            [0, 0, 0, 0, 0, 0, 0]", "received:            [2, 1, 0, 0, 0, 0, 3]")
        text = ReportFixtures.mutate(text, "disclosed:           [0, 0, 0, 0, 0, 0, 0]", "disclosed:           [1, 1, 0, 0, 0, 0, 2]")
        text = ReportFixtures.mutate(text, "other_handling:      [0, 0, 0, 0, 0, 0, 0]", "other_handling:      [1, 0, 0, 0, 0, 0, 1]")
        text = ReportFixtures.mutate(text, "total:               [0, 0, 0, 0, 0, 0, 0]", "total:               [2, 1, 0, 0, 0, 0, 3]")
        return ReportFixtures.mutate(text, "reconsideration:                  [0, 0, 0, 0, 0]",
                                     "reconsideration:                  [1, 0, 0, 0, 1]")
    }()

    static func check(_ yaml: String) -> (statistics: ReportStatistics?, diagnostics: [Diagnostic]) {
        let parsed = StatisticsParser.parse(yaml, file: file, categories: ReportFixtures.config.categories)
        var diagnostics = parsed.diagnostics
        if let statistics = parsed.statistics {
            let found = ConsistencyRules.check(statistics, sourceMap: parsed.sourceMap, file: file)
            diagnostics += statistics.asPublished ? AsPublished.warnings(found) : found
        }
        return (parsed.statistics, diagnostics)
    }

    func testTheReal2020ReportIsReadNumberForNumber() throws {
        let (statistics, diagnostics) = Self.check(Self.real)
        XCTAssertEqual(diagnostics, [])
        let report = try XCTUnwrap(statistics)
        XCTAssertEqual(report.format, .trial2019)
        XCTAssertFalse(report.asPublished)
        let proactive = try XCTUnwrap(report.trialProactive)
        XCTAssertNil(report.proactive, "a 2019-format report has no 2021 table 二")
        XCTAssertEqual(proactive.procurementProjects, 23)
        XCTAssertEqual(proactive.procurementAmount?.text, "79000.1")
        XCTAssertEqual(proactive[.licensing][.decisions], 0)
        XCTAssertEqual(proactive.regulations[.total], 0)
        XCTAssertEqual(report.applications[.received].columns, [0, 0, 0, 0, 0, 0, 0])
        XCTAssertNotNil(report.applications.rows[.otherHandlingSingle], "（六）其他处理 is one row in 2019")
        XCTAssertNil(report.applications.rows[.noCorrection])
    }

    func testLayoutHasTheTrialTablesWithTheirOwnLabels() throws {
        let statistics = try XCTUnwrap(Self.check(Self.real).statistics)
        let tables = NationalTableLayout.proactiveTables(statistics.proactiveTables)
        XCTAssertEqual(tables.map(\.caption), ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"])
        XCTAssertEqual(tables[0].headRows[0].map(\.text), ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])
        XCTAssertEqual(tables[0].bodyRows.map { $0[0].text }, ["规章", "规范性文件"])
        XCTAssertEqual(tables[1].headRows[0].map(\.text), ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"])
        XCTAssertEqual(tables[1].bodyRows.map { $0[0].text }, ["行政许可", "其他对外管理服务事项"])
        XCTAssertEqual(tables[2].bodyRows.map { $0[0].text }, ["行政处罚", "行政强制"])
        XCTAssertEqual(tables[3].headRows[0].map(\.text), ["信息内容", "上一年项目数量", "本年增/减"])
        XCTAssertEqual(tables[4].headRows[0].map(\.text), ["信息内容", "采购项目数量", "采购总金额"])
        XCTAssertEqual(tables[4].bodyRows[0].map(\.text), ["政府集中采购", "23", "79000.1元"])

        let applications = NationalTableLayout.applicationTable(statistics.applications, format: .trial2019)
        let other = try XCTUnwrap(applications.bodyRows.first { $0.contains { $0.text == "（六）其他处理" } })
        let label = try XCTUnwrap(other.first { $0.text == "（六）其他处理" })
        XCTAssertEqual(label.colSpan, 2, "（六）其他处理 spans the label columns, like （一）（二）")
        XCTAssertEqual(other.filter(\.isNumeric).count, 7)
        XCTAssertEqual(applications.bodyRows.count, ApplicationRow.rows(.trial2019).count)
        XCTAssertFalse(applications.bodyRows.joined().contains { $0.text.hasPrefix("1.申请人无正当理由") })
    }

    func testJSONAndCSVNameTheFormatAndUseTheKeysOfTheFile() throws {
        let statistics = try XCTUnwrap(Self.check(Self.busy).statistics)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: StatisticsExport.json(statistics)) as? [String: Any])
        XCTAssertEqual(object["format"] as? Int, 2019)
        let proactive = try XCTUnwrap(object["proactive"] as? [String: Any])
        XCTAssertEqual(Set(proactive.keys), ["regulations", "normative_documents", "licensing", "other_services", "penalties",
                                             "coercive_measures", "fees", "procurement"])
        XCTAssertEqual((proactive["procurement"] as? [String: Any])?["projects"] as? Int, 23)
        XCTAssertEqual((proactive["procurement"] as? [String: Any])?["amount"] as? Double, 79000.1)
        XCTAssertEqual((proactive["procurement"] as? [String: Any])?["amount_unit"] as? String, "元")
        XCTAssertEqual((proactive["licensing"] as? [String: Any]).map { Set($0.keys) }, ["previous", "change", "decisions"])
        let applications = try XCTUnwrap(object["applications"] as? [String: Any])
        XCTAssertEqual(applications["other_handling"] as? [Int], [1, 0, 0, 0, 0, 0, 1], "（六） is one row, as in the file")
        XCTAssertEqual(applications["received"] as? [Int], [2, 1, 0, 0, 0, 0, 3])

        let csv = String(decoding: StatisticsExport.csv(statistics).dropFirst(3), as: UTF8.self)
        let lines = csv.components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(lines.count, 1 + 8 + ApplicationRow.rows(.trial2019).count + CaseRow.allCases.count)
        XCTAssertTrue(lines.contains("二、主动公开政府信息情况,第二十条第（九）项·政府集中采购,采购项目数量、采购总金额（元）,23,79000.1,,,,,"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("三、收到和处理政府信息公开申请情况,三（六）其他处理,") && $0.hasSuffix(",1,0,0,0,0,0,1") })
    }

    func testTheBusyCopyPassesEveryRule() {
        XCTAssertEqual(Self.check(Self.busy).diagnostics, [])
    }

    func testChangeMayBeNegativeButNoOtherCount() {
        let negative = ReportFixtures.mutate(Self.busy, "licensing:           { previous: 0, change: 0, decisions: 0 }",
                                             "licensing:           { previous: 9, change: -2, decisions: 0 }")
        let (statistics, diagnostics) = Self.check(negative)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(statistics?.trialProactive?[.licensing][.change], -2)
        let wrong = ReportFixtures.mutate(Self.busy, "licensing:           { previous: 0, change: 0, decisions: 0 }",
                                          "licensing:           { previous: -9, change: 0, decisions: 0 }")
        let errors = Self.check(wrong).diagnostics.filter(\.isError)
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors[0].message.zh.contains("上一年项目数量") && errors[0].message.zh.contains("负数"), errors[0].message.zh)
        XCTAssertEqual(errors[0].line, ReportFixtures.line(of: "licensing:", in: wrong))
    }

    func testA2021RowIn2019FormatIsNamed() {
        let mixed = ReportFixtures.mutate(Self.busy, "regulations:         { made: 0, published: 0, total: 0 }",
                                          "regulations:         { issued: 0, repealed: 0, in_force: 0 }")
        let errors = Self.check(mixed).diagnostics.filter(\.isError)
        XCTAssertTrue(errors.contains { $0.message.zh.contains("issued") }, errors.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(errors.contains { $0.message.zh.contains("缺少") && $0.message.zh.contains("本年新制作数量") })
    }

    func testUnknownFormatIsAnError() {
        let errors = Self.check(ReportFixtures.mutate(Self.busy, "format: 2019", "format: 2020")).diagnostics.filter(\.isError)
        XCTAssertTrue(errors.contains { $0.message.zh.hasPrefix("format 只能是 2019") && $0.line == 2 })
    }

    func testTheAmountKeepsTheUnitItWasPublishedIn() throws {
        for (written, shown, unit) in [("7.9万元", "7.9万元", "万元"), ("152790元", "152790元", "元"), ("152790", "152790元", "元")] {
            let yaml = ReportFixtures.mutate(Self.busy, "{ projects: 23, amount: 79000.1 }", "{ projects: 6, amount: \(written) }")
            let (statistics, diagnostics) = Self.check(yaml)
            XCTAssertEqual(diagnostics, [], written)
            let proactive = try XCTUnwrap(statistics?.trialProactive)
            XCTAssertEqual(proactive.procurementAmountText, shown)
            XCTAssertEqual(proactive.procurementUnit, unit)
        }
        let wrong = ReportFixtures.mutate(Self.busy, "{ projects: 23, amount: 79000.1 }", "{ projects: 23, amount: 7.9万 }")
        XCTAssertTrue(Self.check(wrong).diagnostics.contains { $0.isError && $0.message.zh.contains("采购总金额") })
    }

    func testAnIncreaseMayBeWrittenWithAPlusSign() throws {
        let yaml = ReportFixtures.mutate(Self.busy, "penalties:           { previous: 0, change: 0, decisions: 0 }",
                                         "penalties:           { previous: 90, change: +5, decisions: 22 }")
        let (statistics, diagnostics) = Self.check(yaml)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(statistics?.trialProactive?[.penalties][.change], 5)
    }
}
