import XCTest

/// An annual report, like an item, is published from its `date` on (CONTENT.md), on every page
/// that could show it; `check` still checks it before that day.
final class ReportPublicationDateTests: XCTestCase {
    /// The repository's own site: its 2021 report is dated 2022-01-25.
    private func defaultSite() throws -> SiteFixture {
        let site = try SiteFixture(fixture: nil)
        try FileManager.default.removeItem(at: site.content)
        try FileManager.default.copyItem(at: SiteFixture.repositoryRoot.appendingPathComponent("content"), to: site.content)
        return site
    }

    private let reportURL = "/annual-reports/2021/"
    private let reportTitle = "2021年政府信息公开工作年度报告"

    private func text(_ site: SiteFixture, _ urlPath: String) throws -> String {
        try String(contentsOf: site.output.appendingPathComponent(String(urlPath.dropFirst())), encoding: .utf8)
    }

    func testAReportIsNotPublishedBeforeItsDate() throws {
        let site = try defaultSite()
        let run = try site.build(now: "2022-01-24")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(site.exists(reportURL))
        XCTAssertFalse(site.exists(reportURL + "statistics.json"))
        XCTAssertFalse(site.exists(reportURL + "statistics.csv"))
        for page in ["/", "/annual-reports/", "/statistics/", "/statistics/2021/"] {
            let html = try site.page(page)
            XCTAssertFalse(html.contains(reportURL), "\(page) links the report")
            XCTAssertFalse(html.contains(reportTitle), "\(page) names the report")
        }
        for file in ["/sitemap.xml", "/feed.xml"] {
            XCTAssertFalse(try text(site, file).contains("annual-reports/2021"), file)
        }
        // Nor does search find it.
        let search = try XCTUnwrap(FileManager.default.enumerator(at: site.output.appendingPathComponent("search"),
                                                                   includingPropertiesForKeys: nil))
        for case let url as URL in search where url.pathExtension == "json" {
            XCTAssertFalse(try String(contentsOf: url, encoding: .utf8).contains(reportURL), url.path)
        }
    }

    func testAReportIsPublishedOnItsDate() throws {
        let site = try defaultSite()
        XCTAssertEqual(try site.build(now: "2022-01-24").status, 0)
        // The same output folder a day later: the report appears everywhere.
        let run = try site.build(now: "2022-01-25")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try site.page(reportURL).contains(reportTitle))
        XCTAssertTrue(site.exists(reportURL + "statistics.json"))
        XCTAssertTrue(site.exists(reportURL + "statistics.csv"))
        for page in ["/", "/annual-reports/"] {
            XCTAssertTrue(try site.page(page).contains(reportURL), page)
        }
        XCTAssertTrue(try site.page("/statistics/").contains(reportURL), "the declared figures link their report")
        XCTAssertTrue(try text(site, "/sitemap.xml").contains("annual-reports/2021/"))
    }

    func testCheckStillChecksAReportBeforeItsDate() throws {
        let site = try defaultSite()
        let path = "content/annual-reports/2021/statistics.yaml"
        let yaml = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        // 总计 7 where the six columns add up to 0: rule 1.
        try site.write(yaml.replacingOccurrences(of: "received:            [0, 0, 0, 0, 0, 0, 0]",
                                                 with: "received:            [0, 0, 0, 0, 0, 0, 7]"), to: path)
        // The default site sets statistics_from: 2022, so 2021 takes the report's figures and is not
        // compared; without the key 2021 is counted, and the comparison below still runs.
        let config = try String(contentsOf: site.content.appendingPathComponent("site.yaml"), encoding: .utf8)
        try site.write(config.split(separator: "\n", omittingEmptySubsequences: false)
                        .filter { !$0.hasPrefix("statistics_from:") }.joined(separator: "\n"), to: "content/site.yaml")
        let check = try PortalRun.run(["check", "--source", site.root.path, "--now", "2022-01-24"])
        XCTAssertEqual(check.status, 1, check.stderr)
        XCTAssertTrue(check.stderr.contains("\(path):13"), check.stderr)
        // And the declared-versus-counted warnings are still given to editors.
        XCTAssertTrue(check.stderr.contains("2021年度报告声明"), check.stderr)
        let build = try site.build(now: "2022-01-24")
        XCTAssertNotEqual(build.status, 0, "a report with errors fails the build even before its date")
    }
}
