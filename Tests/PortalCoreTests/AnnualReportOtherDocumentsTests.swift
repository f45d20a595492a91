import Foundation
import XCTest
@testable import PortalCore

/// The optional third row of the 2019 第二十条第（一）项 table, 其他主动公开文件 (`other_documents`):
/// read with the same cell rules as the other two, shown, exported and offered in the template only
/// where a report has it. The real report is 武汉市生态环境局's for 2020 (its index.md cites the page).
final class AnnualReportOtherDocumentsTests: XCTestCase {
    static let wuhan = ReportFixtures.statisticsText("wuhan-eeb-2020", year: 2020)
    static let busy = AnnualReportTrialFormatTests.busy
    static let row = "  other_documents:     { made: 186, published: 86, total: 255 }\n"

    private func check(_ yaml: String) -> (statistics: ReportStatistics?, diagnostics: [Diagnostic]) {
        AnnualReportTrialFormatTests.check(yaml)
    }

    /// The busy 2019-format copy with an `other_documents` row written after 规范性文件.
    private func busy(withRow row: String = AnnualReportOtherDocumentsTests.row) -> String {
        let anchor = "  normative_documents: { made: 0, published: 0, total: 0 }\n"
        return ReportFixtures.mutate(Self.busy, anchor, anchor + row)
    }

    func testTheWuhanReportIsReadCellForCell() throws {
        let (statistics, diagnostics) = check(Self.wuhan)
        XCTAssertFalse(diagnostics.contains(where: \.isError), diagnostics.map(\.description).joined(separator: "\n"))
        let proactive = try XCTUnwrap(statistics?.trialProactive)
        XCTAssertEqual(proactive.documentKinds, [.regulations, .normativeDocuments, .otherDocuments])
        XCTAssertEqual(proactive.otherDocuments?.values, [.made: 186, .published: 86, .total: 255])
        XCTAssertEqual(proactive.normativeDocuments.values, [.made: 2, .published: 2, .total: 19])
        XCTAssertEqual(proactive[.otherServices].values, [.previous: 117, .change: 0, .decisions: 165])
        XCTAssertEqual(proactive[.coerciveMeasures][.change], 4)
        XCTAssertNil(proactive[.coerciveMeasures][.decisions], "the original's “-” is a blank cell, never 0")
        XCTAssertNil(proactive.feesPrevious)
        XCTAssertNil(proactive.feesChange)
    }

    func testTheThirdRowIsShownOnlyWhenWritten() throws {
        let wuhan = try XCTUnwrap(check(Self.wuhan).statistics)
        let tables = NationalTableLayout.proactiveTables(wuhan.proactiveTables)
        XCTAssertEqual(tables[0].bodyRows.map { $0.map(\.text) }, [
            ["规章", "0", "0", "0"], ["规范性文件", "2", "2", "19"], ["其他主动公开文件", "186", "86", "255"],
        ])
        XCTAssertEqual(tables[2].bodyRows[1].map(\.text), ["行政强制", "4", "4", ""])
        XCTAssertEqual(tables[3].bodyRows[0].map(\.text), ["行政事业性收费", "", ""])

        let without = try XCTUnwrap(check(Self.busy).statistics)
        XCTAssertNil(without.trialProactive?.otherDocuments)
        XCTAssertEqual(NationalTableLayout.proactiveTables(without.proactiveTables)[0].bodyRows.map { $0[0].text }, ["规章", "规范性文件"])
    }

    func testJSONAndCSVHaveTheRowOnlyWhenWritten() throws {
        let wuhan = try XCTUnwrap(check(Self.wuhan).statistics)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: StatisticsExport.json(wuhan)) as? [String: Any])
        let proactive = try XCTUnwrap(object["proactive"] as? [String: Any])
        XCTAssertEqual(proactive["other_documents"] as? [String: Int], ["made": 186, "published": 86, "total": 255])
        XCTAssertTrue((proactive["coercive_measures"] as? [String: Any])?["decisions"] is NSNull, "blank is null, never 0")
        XCTAssertEqual((proactive["coercive_measures"] as? [String: Any])?["change"] as? Int, 4)
        let csv = String(decoding: StatisticsExport.csv(wuhan).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(csv.contains("二、主动公开政府信息情况,第二十条第（一）项·其他主动公开文件,本年新制作数量、本年新公开数量、对外公开总数量,186,86,255,,,,\r\n"), csv)
        XCTAssertTrue(csv.contains("二、主动公开政府信息情况,第二十条第（六）项·行政强制,上一年项目数量、本年增/减、处理决定数量,4,4,,,,,\r\n"), csv)

        let without = try XCTUnwrap(check(Self.busy).statistics)
        let plain = try XCTUnwrap(JSONSerialization.jsonObject(with: StatisticsExport.json(without)) as? [String: Any])
        XCTAssertNil((plain["proactive"] as? [String: Any])?["other_documents"])
        XCTAssertFalse(String(decoding: StatisticsExport.csv(without), as: UTF8.self).contains("其他主动公开文件"))
    }

    func testTheRowFollowsTheSameCellRules() throws {
        let (statistics, diagnostics) = check(busy())
        XCTAssertEqual(diagnostics, [], "a written row passes every rule")
        XCTAssertEqual(statistics?.trialProactive?[.otherDocuments][.total], 255)

        let negative = busy(withRow: "  other_documents:     { made: -1, published: 86, total: 255 }\n")
        let errors = check(negative).diagnostics.filter(\.isError)
        XCTAssertEqual(errors.count, 1, errors.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(errors.first.map { $0.message.zh.contains("其他主动公开文件") && $0.message.zh.contains("本年新制作数量") && $0.message.zh.contains("负数") } ?? false,
                      errors.first?.message.zh ?? "")
        XCTAssertEqual(errors.first?.line, ReportFixtures.line(of: "  other_documents:", in: negative))

        let blank = busy(withRow: "  other_documents:     { made: 186, published: ~, total: 255 }\n")
        XCTAssertTrue(check(blank).diagnostics.contains { $0.isError && $0.message.zh.contains("其他主动公开文件）的“本年新公开数量”列未填写") })
        let kept = ReportFixtures.mutate(blank, "format: 2019\n", "format: 2019\nas_published: true\n")
        XCTAssertEqual(check(kept).diagnostics, [], "blank is allowed in a report kept as published")
        XCTAssertNil(check(kept).statistics?.trialProactive?[.otherDocuments][.published])

        let missing = busy(withRow: "  other_documents:     { made: 186, total: 255 }\n")
        XCTAssertTrue(check(missing).diagnostics.contains { $0.isError && $0.message.zh.contains("缺少") && $0.message.zh.contains("本年新公开数量") })
        let unknown = busy(withRow: "  other_documents:     { made: 1, published: 1, total: 1, in_force: 1 }\n")
        XCTAssertTrue(check(unknown).diagnostics.contains { $0.isError && $0.message.zh.contains("in_force") })
    }

    func testAnEmptyRowSaysItMayBeLeftOut() throws {
        let empty = busy(withRow: "  other_documents:\n")
        let errors = check(empty).diagnostics.filter(\.isError)
        XCTAssertEqual(errors.map(\.message.zh), ["other_documents（第二十条第（一）项·其他主动公开文件）这一行是空的"])
        XCTAssertEqual(errors.first?.line, ReportFixtures.line(of: "  other_documents:", in: empty))
        XCTAssertTrue(errors.first?.hint?.zh.contains("原表没有“其他主动公开文件”一行就删去") ?? false)
    }

    func testTheTemplateOffersTheRowAsACommentedLine() throws {
        var template = StatisticsTemplate(year: 2020, carriedOver: Array(repeating: 0, count: 7), carriedOverFrom: nil, inForce: [:],
                                          published: YearCounts(year: 2020, categories: ReportFixtures.config.categories),
                                          categories: ReportFixtures.config.categories, countedOn: PlainDate(iso: "2021-01-05")!)
        template.format = .trial2019
        let text = template.text
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("other_documents:") })
        XCTAssertTrue(line.hasPrefix("  # other_documents:   { made: 0, published: 0, total: 0 }"), String(line))
        XCTAssertTrue(line.contains("其他主动公开文件（可选）"), String(line))
        XCTAssertNil(StatisticsParser.parse(text, file: "statistics.yaml", categories: ReportFixtures.config.categories)
            .statistics?.trialProactive?.otherDocuments, "commented out: no row")

        // Uncommented, it is a row like the others, aligned with them.
        let uncommented = text.replacingOccurrences(of: "  # other_documents:   ", with: "  other_documents:     ")
        XCTAssertTrue(uncommented.contains("  other_documents:     { made: 0,"))
        XCTAssertTrue(uncommented.contains("  normative_documents: { made: 0,"))
        let parsed = StatisticsParser.parse(uncommented, file: "statistics.yaml", categories: ReportFixtures.config.categories)
        XCTAssertEqual(parsed.diagnostics, [])
        XCTAssertEqual(parsed.statistics?.trialProactive?.otherDocuments?.values, [.made: 0, .published: 0, .total: 0])
    }
}
