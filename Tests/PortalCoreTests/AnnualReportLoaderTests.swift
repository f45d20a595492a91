import Foundation
import XCTest
@testable import PortalCore

/// Reading `content/annual-reports/<year>/`: both files, front matter, folder names.
final class AnnualReportLoaderTests: XCTestCase {
    private func load(_ site: URL) -> (reports: [AnnualReport], diagnostics: [Diagnostic]) {
        AnnualReportLoader.load(siteRoot: site, config: ReportFixtures.config)
    }

    func testNoAnnualReportsFolderMeansNoReports() throws {
        let site = ReportFixtures.temporaryFolder(for: self)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("content"), withIntermediateDirectories: true)
        let (reports, diagnostics) = load(site)
        XCTAssertTrue(reports.isEmpty)
        XCTAssertEqual(diagnostics, [])
    }

    func testBusyReportLoadsWithItsFrontMatter() throws {
        let (reports, diagnostics) = load(ReportFixtures.site("busy"))
        XCTAssertEqual(diagnostics, [])
        let report = try XCTUnwrap(reports.first)
        XCTAssertEqual(report.year, 2021)
        XCTAssertEqual(report.title, "某某区人力资源和社会保障局2021年政府信息公开工作年度报告")
        XCTAssertEqual(report.date, PlainDate(year: 2022, month: 1, day: 28))
        XCTAssertEqual(report.publisher, "某某区人力资源和社会保障局办公室")
        XCTAssertEqual(report.url, "/annual-reports/2021/")
        XCTAssertEqual(report.statistics?.publishedItems?.total, 188)
        XCTAssertEqual(report.statistics?.publishedItems?.byCategory["livelihood"], 120)
        XCTAssertEqual(report.indexFile, "content/annual-reports/2021/index.md")
        XCTAssertEqual(report.statisticsFile, "content/annual-reports/2021/statistics.yaml")
    }

    func testPublisherDefaultsToTheSiteAgency() throws {
        let report = try XCTUnwrap(load(ReportFixtures.site("busy-without-totals")).reports.first)
        XCTAssertEqual(report.publisher, ReportFixtures.config.agency)
    }

    func testNarrativeIsCutBeforeSectionFive() throws {
        let report = try XCTUnwrap(load(ReportFixtures.site("busy")).reports.first)
        XCTAssertTrue(report.narrative.opening.hasPrefix("本报告依据"))
        XCTAssertTrue(report.narrative.opening.contains("## 一、总体情况"))
        XCTAssertFalse(report.narrative.opening.contains("## 五"))
        XCTAssertTrue(report.narrative.closing.hasPrefix("## 五、存在的主要问题及改进情况"))
        XCTAssertTrue(report.narrative.closing.contains("## 六、其他需要报告的事项"))
        XCTAssertEqual(report.narrative.openingLine, 7)
        XCTAssertEqual(report.narrative.closingLine, 17)
    }

    func testNarrativeWithoutSectionFiveKeepsEverythingBeforeTheTables() {
        let narrative = ReportNarrative.split(body: "## 一、总体情况\n\n正文\n\n```\n## 五、代码里的不算\n```\n", bodyLine: 5)
        XCTAssertEqual(narrative.closing, "")
        XCTAssertTrue(narrative.opening.contains("代码里的不算"))
        let warnings = ReportNarrative.check(body: "## 一、总体情况\n\n## 三、收到和处理政府信息公开申请情况\n", bodyLine: 5, file: "x.md")
        XCTAssertTrue(warnings.allSatisfy { $0.severity == .warning })
        XCTAssertTrue(warnings.contains { $0.message.zh.contains("五、存在的主要问题及改进情况") })
        XCTAssertTrue(warnings.contains { $0.message.zh.contains("重复") && $0.line == 7 })
    }

    func testYearMustMatchTheFolderInBothFiles() throws {
        let site = try ReportFixtures.copy("busy", for: self)
        let folder = site.appendingPathComponent("content/annual-reports/2021")
        for name in ["index.md", "statistics.yaml"] {
            let url = folder.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "year: 2021", with: "year: 2020")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let errors = load(site).diagnostics.filter(\.isError)
        XCTAssertEqual(errors.count, 2, errors.map(\.description).joined(separator: "\n"))
        let index = try XCTUnwrap(errors.first { $0.file == "content/annual-reports/2021/index.md" })
        XCTAssertEqual(index.line, 3)
        XCTAssertTrue(index.message.zh.contains("year: 2020 与所在文件夹的年份 2021 不一致"))
        let statistics = try XCTUnwrap(errors.first { $0.file == "content/annual-reports/2021/statistics.yaml" })
        XCTAssertEqual(statistics.line, 2)
    }

    func testMissingIndexAndBadFolderNamesAreErrors() throws {
        let site = try ReportFixtures.copy("busy", for: self)
        let reports = site.appendingPathComponent("content/annual-reports")
        try FileManager.default.removeItem(at: reports.appendingPathComponent("2021/index.md"))
        try FileManager.default.createDirectory(at: reports.appendingPathComponent("2021年"), withIntermediateDirectories: true)
        let (loaded, diagnostics) = load(site)
        XCTAssertTrue(loaded.isEmpty)
        XCTAssertTrue(diagnostics.contains { $0.file == "content/annual-reports/2021/index.md" && $0.message.zh == "缺少 index.md" && $0.isError })
        XCTAssertTrue(diagnostics.contains { $0.file == "content/annual-reports/2021年" && $0.message.zh.contains("四位年份") })
    }

    func testFrontMatterKeysAreChecked() throws {
        let site = try ReportFixtures.copy("busy", for: self)
        let url = site.appendingPathComponent("content/annual-reports/2021/index.md")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "publisher:", with: "publsher:")
            .replacingOccurrences(of: "date: 2022-01-28\n", with: "")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let errors = load(site).diagnostics.filter(\.isError)
        XCTAssertTrue(errors.contains { $0.message.zh == "未知字段 `publsher`" && $0.hint?.zh == "是否想写 `publisher`？" && $0.line == 4 })
        XCTAssertTrue(errors.contains { $0.message.zh.contains("`date`") }, errors.map(\.description).joined(separator: "\n"))
    }

    func testSeedReportLoadsWithoutProblems() throws {
        let seed = ReportFixtures.site("seed")
        let siteYAML = try String(contentsOf: seed.appendingPathComponent("content/site.yaml"), encoding: .utf8)
        let config = try SiteConfig.parse(siteYAML).get()
        let (reports, diagnostics) = AnnualReportLoader.load(siteRoot: seed, config: config)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(reports.first?.statistics?.publishedItems?.total, 276)
        XCTAssertEqual(reports.first?.statistics?.publishedItems?.byCategory.values.reduce(0, +), 276)
    }
}
