import Foundation
import XCTest
@testable import PortalCore

/// Rules 6 (error) and 7 (warning) between consecutive years, through the loader.
final class AnnualReportCrossYearTests: XCTestCase {
    private func load(_ site: URL) -> (reports: [AnnualReport], diagnostics: [Diagnostic]) {
        AnnualReportLoader.load(siteRoot: site, config: ReportFixtures.config)
    }

    private func rewrite2022(_ site: URL, _ edit: (String) -> String) throws {
        let url = site.appendingPathComponent("content/annual-reports/2022/statistics.yaml")
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    func testConsecutiveYearsThatAgreePass() {
        let (reports, diagnostics) = load(ReportFixtures.site("two-years"))
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(reports.map(\.year), [2022, 2021])
        XCTAssertEqual(reports[0].statistics!.applications[.carriedOver].columns,
                       reports[1].statistics!.applications[.carriedForward].columns)
    }

    func testCarriedOverEqualsLastYearsCarriedForward() throws {
        let site = try ReportFixtures.copy("two-years", for: self)
        // Change 法律服务机构 in both 二 and 四 of 2022, so that 2022 still balances on its own.
        try rewrite2022(site) { text in
            var text = ReportFixtures.mutate(text, "carried_over:        [8, 3, 0, 0, 1, 1]", "carried_over:        [8, 3, 0, 0, 2, 1]")
            text = ReportFixtures.mutate(text, "carried_forward:     [9, 2, 0, 0, 1, 1]", "carried_forward:     [9, 2, 0, 0, 2, 1]")
            return text
        }
        let (reports, diagnostics) = load(site)
        XCTAssertEqual(reports.count, 2)
        let errors = diagnostics.filter(\.isError)
        XCTAssertEqual(errors.count, 1, errors.map(\.description).joined(separator: "\n"))
        let error = try XCTUnwrap(errors.first)
        XCTAssertEqual(error.file, "content/annual-reports/2022/statistics.yaml")
        XCTAssertEqual(error.line, 13)
        for fragment in ["carried_over（二、上年结转政府信息公开申请数量）", "“法律服务机构”", "应为 1", "2021年报告", "carried_forward（四、结转下年度继续办理）",
                         "实际填写 2", "expected 1", "found 2"] {
            XCTAssertTrue((error.message.zh + error.message.en).contains(fragment), fragment)
        }
        XCTAssertTrue(error.hint?.zh.contains("content/annual-reports/2021/statistics.yaml") ?? false)
    }

    func testDocumentsInForceContinuityIsOnlyAWarning() throws {
        let site = try ReportFixtures.copy("two-years", for: self)
        try rewrite2022(site) { ReportFixtures.mutate($0, "{ issued: 3, repealed: 1, in_force: 25 }", "{ issued: 3, repealed: 1, in_force: 26 }") }
        let (reports, diagnostics) = load(site)
        XCTAssertEqual(reports.count, 2)
        XCTAssertEqual(diagnostics.filter(\.isError), [])
        XCTAssertEqual(diagnostics.count, 1)
        let warning = try XCTUnwrap(diagnostics.first)
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertEqual(warning.line, 5)
        for fragment in ["normative_documents（行政规范性文件）", "现行有效件数", "应为 25", "23", "实际填写 26", "expected 25", "found 26"] {
            XCTAssertTrue((warning.message.zh + warning.message.en).contains(fragment), fragment)
        }
    }

    func testYearsThatAreNotConsecutiveAreNotCompared() throws {
        let site = try ReportFixtures.copy("two-years", for: self)
        let folder = site.appendingPathComponent("content/annual-reports")
        try FileManager.default.moveItem(at: folder.appendingPathComponent("2022"), to: folder.appendingPathComponent("2023"))
        for name in ["index.md", "statistics.yaml"] {
            let url = folder.appendingPathComponent("2023/\(name)")
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "year: 2022", with: "year: 2023")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try rewrite2023CarriedOver(folder)
        XCTAssertEqual(load(site).diagnostics, [])
    }

    private func rewrite2023CarriedOver(_ folder: URL) throws {
        let url = folder.appendingPathComponent("2023/statistics.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = ReportFixtures.mutate(text, "carried_over:        [8, 3, 0, 0, 1, 1]", "carried_over:        [8, 3, 0, 0, 2, 1]")
        text = ReportFixtures.mutate(text, "carried_forward:     [9, 2, 0, 0, 1, 1]", "carried_forward:     [9, 2, 0, 0, 2, 1]")
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
