import Foundation
import XCTest
@testable import PortalCore

/// `as_published: true`: a report kept as its agency published it. Blank cells stay blank (never 0);
/// rule failures are warnings naming file, line, row and column; without it they are errors.
final class AnnualReportAsPublishedTests: XCTestCase {
    /// A real 2019 report whose tables are blank but for one 0 (its index.md cites the page).
    static let blankReal = ReportFixtures.statisticsText("trial-2019-as-published", year: 2019)
    static let busy = AnnualReportTrialFormatTests.busy
    static let file = AnnualReportTrialFormatTests.file

    private func check(_ yaml: String) -> (statistics: ReportStatistics?, diagnostics: [Diagnostic]) {
        AnnualReportTrialFormatTests.check(yaml)
    }

    private func asPublished(_ yaml: String) -> String {
        ReportFixtures.mutate(yaml, "format: 2019\n", "format: 2019\nas_published: true\n")
    }

    func testTheRealBlankReportIsReadWithItsBlanks() throws {
        let (statistics, diagnostics) = check(Self.blankReal)
        XCTAssertEqual(diagnostics, [], "blank cells of a report kept as published are no error, and all-blank adds up")
        let report = try XCTUnwrap(statistics)
        XCTAssertTrue(report.asPublished)
        let proactive = try XCTUnwrap(report.trialProactive)
        XCTAssertEqual(proactive.regulations[.made], 0)
        XCTAssertNil(proactive.regulations[.published])
        XCTAssertNil(proactive.procurementAmount)
        XCTAssertEqual(report.applications[.received].shownColumns, Array(repeating: nil, count: 7))
        XCTAssertEqual(report.applications[.otherHandlingSingle].shownColumns, Array(repeating: nil, count: 7))
        XCTAssertEqual(report.reviewAndLitigation[.reconsideration].shownColumns, Array(repeating: nil, count: 5))
    }

    func testBlankCellsAreShownBlankNeverZero() throws {
        let statistics = try XCTUnwrap(check(Self.blankReal).statistics)
        let tables = NationalTableLayout.proactiveTables(statistics.proactiveTables)
        XCTAssertEqual(tables[0].bodyRows[0].map(\.text), ["规章", "0", "", ""])
        XCTAssertEqual(tables[4].bodyRows[0].map(\.text), ["政府集中采购", "", ""])
        let applications = NationalTableLayout.applicationTable(statistics.applications, format: .trial2019)
        XCTAssertTrue(applications.bodyRows.joined().filter(\.isNumeric).allSatisfy { $0.text.isEmpty })
        let review = NationalTableLayout.reviewTable(statistics.reviewAndLitigation)
        XCTAssertTrue(review.bodyRows.joined().allSatisfy { $0.text.isEmpty })

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: StatisticsExport.json(statistics)) as? [String: Any])
        XCTAssertEqual(object["as_published"] as? Bool, true)
        let received = try XCTUnwrap((object["applications"] as? [String: Any])?["received"] as? [Any])
        XCTAssertEqual(received.count, 7)
        XCTAssertTrue(received.allSatisfy { $0 is NSNull }, "a blank cell is null in the JSON")
        let csv = String(decoding: StatisticsExport.csv(statistics).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(csv.contains("二、主动公开政府信息情况,第二十条第（一）项·规章,本年新制作数量、本年新公开数量、对外公开总数量,0,,,,,,\r\n"))
    }

    func testNothingBetweenCommasIsABlankCell() throws {
        let yaml = ReportFixtures.mutate(asPublished(Self.busy), "disclosed:           [1, 1, 0, 0, 0, 0, 2]",
                                         "disclosed:           [1, 1, , 0,, 0, 2]")
        let (statistics, diagnostics) = check(yaml)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(statistics?.applications[.disclosed].shownColumns, [1, 1, nil, 0, nil, 0, 2])
        XCTAssertEqual(BlankSlots.fill("a: [1, , 3]  # [,]\nb: []\nc: [ ,2,]\nd: \"x,,y\""), "a: [1,~, 3]  # [,]\nb: []\nc: [~,2,~]\nd: \"x,,y\"")
    }

    func testBlankCellsWithoutAsPublishedAreErrorsNamingRowAndColumn() {
        let yaml = ReportFixtures.mutate(Self.busy, "disclosed:           [1, 1, 0, 0, 0, 0, 2]", "disclosed:           [1, , 0, 0, 0, 0, 2]")
        let errors = check(yaml).diagnostics.filter(\.isError)
        XCTAssertEqual(errors.count, 1, errors.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(errors.first?.message.zh, "disclosed（三（一）予以公开）的“商业企业”列未填写")
        XCTAssertEqual(errors.first?.file, Self.file)
        XCTAssertEqual(errors.first?.line, ReportFixtures.line(of: "disclosed:", in: yaml))
        XCTAssertTrue(errors.first?.hint?.zh.contains("没有就填 0") ?? false)
        let blankTrial = ReportFixtures.mutate(Self.busy, "fees:                { previous: 0, change: 0 }", "fees:                { previous: ~, change: 0 }")
        XCTAssertTrue(check(blankTrial).diagnostics.contains { $0.isError && $0.message.zh.contains("fees（第二十条第（八）项·行政事业性收费）的“上一年项目数量”列未填写") })
    }

    /// Each rule broken once: an error naming file, line, row and column; the same message a
    /// warning in a report kept as published.
    func testEachBrokenRuleIsAnErrorOrAsPublishedAWarning() throws {
        let cases: [(rule: String, old: String, new: String, line: String, fragments: [String])] = [
            ("1", "received:            [2, 1, 0, 0, 0, 0, 3]", "received:            [2, 1, 0, 0, 0, 0, 4]", "received:",
             ["received（一、本年新收政府信息公开申请数量）的“总计”列应为 3", "实际填写 4"]),
            ("2", "total:               [2, 1, 0, 0, 0, 0, 3]", "total:               [2, 0, 0, 0, 0, 0, 2]", "  total:    ",
             ["total（三（七）总计）的“商业企业”列应为 1", "实际填写 0"]),
            ("3", "carried_forward:     [0, 0, 0, 0, 0, 0, 0]", "carried_forward:     [1, 0, 0, 0, 0, 0, 1]", "carried_forward:",
             ["“自然人”列不符合勾稽关系", "应为 2", "实际为 3"]),
            ("4", "reconsideration:                  [1, 0, 0, 0, 1]", "reconsideration:                  [1, 0, 0, 0, 2]",
             "reconsideration:", ["reconsideration（行政复议）的“总计”列应为 1", "实际填写 2"]),
        ]
        for item in cases {
            let broken = ReportFixtures.mutate(Self.busy, item.old, item.new)
            let line = ReportFixtures.line(of: item.line, in: broken)
            let errors = check(broken).diagnostics
            XCTAssertTrue(errors.allSatisfy(\.isError), "rule \(item.rule)")
            let error = errors.first { diagnostic in item.fragments.allSatisfy { diagnostic.message.zh.contains($0) } }
            XCTAssertNotNil(error, "rule \(item.rule): \(errors.map(\.description).joined(separator: "\n"))")
            XCTAssertEqual(error?.file, Self.file)
            XCTAssertEqual(error?.line, line, "rule \(item.rule)")

            let kept = check(asPublished(broken)).diagnostics
            XCTAssertFalse(kept.contains(where: \.isError), "rule \(item.rule) as published: \(kept.map(\.description))")
            let warning = kept.first { diagnostic in item.fragments.allSatisfy { diagnostic.message.zh.contains($0) } }
            XCTAssertEqual(warning?.severity, .warning, "rule \(item.rule)")
            XCTAssertEqual(warning?.line, line.map { $0 + 1 }, "rule \(item.rule): one line lower below as_published")
            XCTAssertTrue(warning?.hint?.zh.hasPrefix("本报告按原样公布（as_published: true）") ?? false)
        }
    }

    func testRuleFiveStillRefusesANumberThatIsNotOne() {
        // A negative or fractional count cannot be shown as a number at all; it stays an error.
        let broken = ReportFixtures.mutate(asPublished(Self.busy), "disclosed:           [1, 1, 0, 0, 0, 0, 2]",
                                           "disclosed:           [1, 1.5, 0, 0, 0, 0, 2]")
        XCTAssertTrue(check(broken).diagnostics.contains { $0.isError && $0.message.zh.contains("“1.5”不是整数") })
    }

    func testThe2021FormatKeptAsPublishedMayLeaveCellsOfEveryTableBlank() throws {
        var yaml = ReportFixtures.statisticsText("busy")
        yaml = ReportFixtures.mutate(yaml, "year: 2021\n", "as_published: true\nyear: 2021\n")
        yaml = ReportFixtures.mutate(yaml, "{ issued: 1, repealed: 0, in_force: 5 }", "{ issued: 1, repealed: , in_force: 5 }")
        yaml = ReportFixtures.mutate(yaml, "licensing: 1532", "licensing: ~")
        yaml = ReportFixtures.mutate(yaml, "fees: 1.5", "fees:")
        yaml = ReportFixtures.mutate(yaml, "[120, 18, 2, 3, 6, 4, 153]", "[120, 18, 2, 3, 6, 4, ]")
        let (statistics, diagnostics) = ReportFixtures.check(yaml)
        XCTAssertFalse(diagnostics.contains(where: \.isError), diagnostics.map(\.description).joined(separator: "\n"))
        let report = try XCTUnwrap(statistics)
        let tables = NationalTableLayout.proactiveTables(report.proactiveTables)
        XCTAssertEqual(tables[0].bodyRows[0].map(\.text), ["规章", "1", "", "5"])
        XCTAssertEqual(tables[1].bodyRows[0].map(\.text), ["行政许可", ""])
        XCTAssertEqual(tables[3].bodyRows[0].map(\.text), ["行政事业性收费", ""])
        XCTAssertEqual(report.applications[.received].shownColumns, [120, 18, 2, 3, 6, 4, nil])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: StatisticsExport.json(report)) as? [String: Any])
        let proactive = try XCTUnwrap(object["proactive"] as? [String: Any])
        XCTAssertTrue(proactive["licensing"] is NSNull)
        XCTAssertTrue(proactive["fees"] is NSNull)
        XCTAssertTrue((proactive["regulations"] as? [String: Any])?["repealed"] is NSNull)

        let strict = ReportFixtures.mutate(yaml, "as_published: true\n", "")
        let errors = ReportFixtures.check(strict).diagnostics.filter(\.isError)
        XCTAssertEqual(errors.count, 4, "every blank, the blank 总计 after the last comma too: \(errors)")
        XCTAssertTrue(errors.contains { $0.message.zh == "licensing（行政许可 本年处理决定数量）未填写" })
    }
}
