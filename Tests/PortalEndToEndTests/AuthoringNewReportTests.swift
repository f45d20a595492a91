import Foundation
import XCTest

/// `portal new report <year>`: a report folder that validates, carrying last year's figures.
final class AuthoringNewReportTests: XCTestCase {
    /// The `authoring` fixture has a 2021 report whose 结转下年度 is [1, 1, 0, 0, 1, 0, 3] and whose
    /// 现行有效件数 are 5 and 12, and in 2022 three items plus a draft.
    private let now = "2023-01-10"

    private func newReport(_ site: SiteFixture, _ year: String) throws -> PortalRun {
        try PortalRun.run(["new", "report", year, "--source", site.root.path, "--now", now])
    }

    func testTheNewReportPassesTheStrictCheckAndCarriesLastYearsFigures() throws {
        let site = try SiteFixture(fixture: "authoring")
        let run = try newReport(site, "2022")
        XCTAssertEqual(run.status, 0, run.stderr)
        let folder = site.root.appendingPathComponent("content/annual-reports/2022")
        XCTAssertEqual(run.stdout, folder.appendingPathComponent("index.md").path + "\n"
                       + folder.appendingPathComponent("statistics.yaml").path + "\n")

        // --strict: not even a warning (rules 6 and 7 across years, declared versus counted items).
        let check = try PortalRun.run(["check", "--strict", "--source", site.root.path, "--now", now])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("All clear"), check.stdout)

        // Read the numbers back through the real parser: the build's JSON export.
        XCTAssertEqual(try site.build(now: now).status, 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent("annual-reports/2022/statistics.json")))
        let statistics = try XCTUnwrap(json as? [String: Any])
        let applications = try XCTUnwrap(statistics["applications"] as? [String: Any])
        XCTAssertEqual(applications["carried_over"] as? [Int], [1, 1, 0, 0, 1, 0, 3], "上年结转 = 2021 的结转下年度")
        XCTAssertEqual(applications["received"] as? [Int], [0, 0, 0, 0, 0, 0, 0])
        let proactive = try XCTUnwrap(statistics["proactive"] as? [String: Any])
        XCTAssertEqual((proactive["regulations"] as? [String: Any])?["in_force"] as? Int, 5)
        XCTAssertEqual((proactive["normative_documents"] as? [String: Any])?["in_force"] as? Int, 12)
        let published = try XCTUnwrap(statistics["published_items"] as? [String: Any])
        XCTAssertEqual(published["total"] as? Int, 3, "the draft does not count")
        XCTAssertEqual(published["by_category"] as? [String: Int], ["meetings": 2, "plans": 1, "personnel": 0])

        let yaml = try String(contentsOf: folder.appendingPathComponent("statistics.yaml"), encoding: .utf8)
        for row in ["state_secret:", "query_matters:", "still_unclear:", "confirmation:", "fees_unpaid:", "fees:",
                    "coercive_measures:", "litigation_after_reconsideration:", "total:", "carried_forward:"] {
            XCTAssertTrue(yaml.contains(row), "every row is present: \(row)")
        }
        XCTAssertTrue(yaml.contains("# 3．要求提供公开出版物"), "rows carry the national table's label")
        let index = try String(contentsOf: folder.appendingPathComponent("index.md"), encoding: .utf8)
        XCTAssertTrue(index.contains("title: 测试局2022年政府信息公开工作年度报告\n"), index)
        for heading in ["## 一、总体情况", "## 五、存在的主要问题及改进情况", "## 六、其他需要报告的事项"] {
            XCTAssertTrue(index.contains("\n\(heading)\n"), heading)
        }
        XCTAssertTrue(index.contains("<!-- 三、收到和处理政府信息公开申请情况：由 statistics.yaml 生成 -->"))
        let page = try site.page("/annual-reports/2022/")
        XCTAssertTrue(page.contains("二、主动公开政府信息情况"), "the report page has the generated sections")
    }

    func testAReportWithoutLastYearStartsFromZero() throws {
        let site = try SiteFixture(fixture: "authoring")
        let run = try newReport(site, "2020")  // there is no 2019 report
        XCTAssertEqual(run.status, 0, run.stderr)
        let yaml = try String(contentsOf: site.root.appendingPathComponent("content/annual-reports/2020/statistics.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("carried_over:        [0, 0, 0, 0, 0, 0, 0]"), yaml)
        XCTAssertTrue(yaml.contains("total:      0 "), "no item of 2020 in the fixture")
    }

    func testA2020ReportIsWrittenInThe2019FormatAndPassesTheStrictCheck() throws {
        let site = try SiteFixture(fixture: "authoring")
        let run = try newReport(site, "2020")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("2019 年格式"), run.stderr)
        let yaml = try String(contentsOf: site.root.appendingPathComponent("content/annual-reports/2020/statistics.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("\nformat: 2019 "), yaml)
        XCTAssertTrue(yaml.contains("procurement:") && yaml.contains("other_services:"), yaml)
        XCTAssertFalse(yaml.contains("no_correction"), "（六）其他处理 is one row in 2019")
        let index = try String(contentsOf: site.root.appendingPathComponent("content/annual-reports/2020/index.md"), encoding: .utf8)
        XCTAssertTrue(index.contains("国办公开办函〔2019〕60号"), index)
        // Zeros in 2020 carry into the fixture's 2021 (carried_over all 0): rule 6 holds across formats.
        let check = try PortalRun.run(["check", "--strict", "--source", site.root.path, "--now", now])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertEqual(try site.build(now: now).status, 0)
        XCTAssertTrue(try site.page("/annual-reports/2020/").contains("本年新制作数量"))

        // 其他主动公开文件 is offered commented out: no row until the editor uncomments it.
        XCTAssertTrue(yaml.contains("\n  # other_documents:   { made: 0, published: 0, total: 0 }"), yaml)
        XCTAssertFalse(try site.page("/annual-reports/2020/").contains("其他主动公开文件"))
        let uncommented = yaml.replacingOccurrences(of: "  # other_documents:   { made: 0,", with: "  other_documents:     { made: 7,")
        try site.write(uncommented, to: "content/annual-reports/2020/statistics.yaml")
        let recheck = try PortalRun.run(["check", "--strict", "--source", site.root.path, "--now", now])
        XCTAssertEqual(recheck.status, 0, recheck.stdout + recheck.stderr)
        XCTAssertEqual(try site.build(now: now).status, 0)
        XCTAssertTrue(try site.page("/annual-reports/2020/").contains("<th scope=\"row\">其他主动公开文件</th><td class=\"num\">7</td>"))
    }

    func testTheFormatFlagChoosesTheFormat() throws {
        let site = try SiteFixture(fixture: "authoring")
        let run = try PortalRun.run(["new", "report", "2020", "--format", "2021", "--source", site.root.path, "--now", now])
        XCTAssertEqual(run.status, 0, run.stderr)
        let yaml = try String(contentsOf: site.root.appendingPathComponent("content/annual-reports/2020/statistics.yaml"), encoding: .utf8)
        XCTAssertFalse(yaml.contains("format:"), yaml)
        XCTAssertTrue(yaml.contains("in_force:"), yaml)
        let wrong = try PortalRun.run(["new", "report", "2019", "--format", "2018", "--source", site.root.path, "--now", now])
        XCTAssertEqual(wrong.status, 64, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("--format 只能是 2019 或 2021"), wrong.stderr)
    }

    func testAReportBefore2019IsIndexMdAloneAndBuilds() throws {
        let site = try SiteFixture(fixture: "authoring")
        let run = try newReport(site, "2016")
        XCTAssertEqual(run.status, 0, run.stderr)
        let folder = site.root.appendingPathComponent("content/annual-reports/2016")
        XCTAssertEqual(run.stdout, folder.appendingPathComponent("index.md").path + "\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("statistics.yaml").path))
        XCTAssertEqual(try site.build(now: now).status, 0)
        XCTAssertTrue(try site.page("/annual-reports/2016/").contains("<table>"), "its pipe table is on the page")
        XCTAssertFalse(site.exists("/annual-reports/2016/statistics.json"))
    }

    func testA2021ReportCarriesOverFromA2019Format2020Report() throws {
        let site = try SiteFixture(fixture: "report-kinds")
        try site.remove("content/annual-reports/2021")
        let path = "content/annual-reports/2020/statistics.yaml"
        var yaml = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "received:            [0, 0, 0, 0, 0, 0, 0]", with: "received:            [2, 0, 0, 0, 1, 0, 3]")
        yaml = yaml.replacingOccurrences(of: "carried_forward:     [0, 0, 0, 0, 0, 0, 0]", with: "carried_forward:     [2, 0, 0, 0, 1, 0, 3]")
        try site.write(yaml, to: path)
        let run = try PortalRun.run(["new", "report", "2021", "--source", site.root.path, "--now", "2022-01-10"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let written = try String(contentsOf: site.root.appendingPathComponent("content/annual-reports/2021/statistics.yaml"), encoding: .utf8)
        XCTAssertFalse(written.contains("format:"), "2021 takes the current format")
        XCTAssertTrue(written.contains("carried_over:        [2, 0, 0, 0, 1, 0, 3]"), written)
        XCTAssertTrue(written.contains("in_force: 0"), "the 2019 table 二 has no 现行有效件数 to carry")
        let check = try PortalRun.run(["check", "--strict", "--source", site.root.path, "--now", "2022-01-10"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }

    func testAnExistingReportFolderIsRefusedAndLeftAlone() throws {
        let site = try SiteFixture(fixture: "authoring")
        let before = try TreeSnapshot.take(site.content)
        let run = try newReport(site, "2021")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/annual-reports/2021"), run.stderr)
        XCTAssertTrue(run.stderr.contains("already exists"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.content), before)
    }

    func testReportNeedsAFourDigitYear() throws {
        let site = try SiteFixture(fixture: "authoring")
        let run = try newReport(site, "22")
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertTrue(run.stderr.contains("portal new report 2022"), run.stderr)
    }
}
