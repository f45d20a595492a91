import Foundation
import XCTest

/// 政策解读 and report 索引号 through the real binary: a policy with two 解读 linking each other,
/// a report showing its `index_no`, and the errors an editor meets.
final class PolicyInterpretationTests: XCTestCase {
    static let prefix = "11370305MB2859012X"

    /// The seed report's site (the default categories, the 2021 report) with a policy and two 解读.
    private func site(reportIndexNo: String? = "\(prefix)/2022-00001") throws -> SiteFixture {
        let site = try SiteFixture(fixture: nil)
        try site.remove("content")
        try FileManager.default.copyItem(at: SiteFixture.repositoryRoot.appendingPathComponent("Tests/Fixtures/reports/seed/content"),
                                         to: site.content)
        try item(site, "2021-05-20-policy", title: "关于做好青年就业服务工作的通知", date: "2021-05-20", serial: 1)
        try item(site, "2021-05-24-jd-first", title: "青年就业服务通知解读（一）", date: "2021-05-24", serial: 2,
                 extra: "interprets: \(Self.prefix)/2021-00001")
        try item(site, "2021-06-10-jd-second", title: "青年就业服务通知解读（二）", date: "2021-06-10", serial: 3,
                 extra: "interprets: [\(Self.prefix)/2021-00001]")
        if let reportIndexNo {
            let path = "content/annual-reports/2021/index.md"
            let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
            try site.write(text.replacingOccurrences(of: "\ndate: 2022-01-25\n", with: "\ndate: 2022-01-25\nindex_no: \(reportIndexNo)\n"), to: path)
        }
        return site
    }

    private func item(_ site: SiteFixture, _ slug: String, title: String, date: String, serial: Int, extra: String = "") throws {
        let year = date.prefix(4)
        try site.write("---\ntitle: \(title)\ndate: \(date)\nindex_no: \(Self.prefix)/\(year)-\(String(format: "%05d", serial))\n"
                       + (extra.isEmpty ? "" : extra + "\n") + "---\n正文。\n", to: "content/services/\(slug).md")
    }

    private func check(_ site: SiteFixture, now: String = "2022-12-31") throws -> PortalRun {
        try PortalRun.run(["check", "--source", site.root.path, "--now", now])
    }

    func testThePolicyListsItsInterpretationsNewestFirstAndEachLinksThePolicy() throws {
        let site = try site()
        let build = try site.build(now: "2022-12-31")
        XCTAssertEqual(build.status, 0, build.stderr)
        let policy = try site.page("/services/2021-05-20-policy/")
        XCTAssertTrue(policy.contains("相关解读"), policy)
        let second = try XCTUnwrap(policy.range(of: "href=\"/services/2021-06-10-jd-second/\""))
        let first = try XCTUnwrap(policy.range(of: "href=\"/services/2021-05-24-jd-first/\""))
        XCTAssertLessThan(second.lowerBound, first.lowerBound, "newest first")
        for slug in ["2021-05-24-jd-first", "2021-06-10-jd-second"] {
            let page = try site.page("/services/\(slug)/")
            XCTAssertTrue(page.contains("解读的文件：<a href=\"/services/2021-05-20-policy/\">《关于做好青年就业服务工作的通知》</a>"), page)
            XCTAssertFalse(page.contains("相关解读"), "a 解读 has no 解读 of its own")
        }
        let report = try site.page("/annual-reports/2021/")
        XCTAssertTrue(report.contains("<span>索引号：\(Self.prefix)/2022-00001</span>"), report)
    }

    func testARenamedPolicyReachesItsInterpretationsInAnIncrementalBuild() throws {
        let site = try site()
        XCTAssertEqual(try site.build(now: "2022-12-31").status, 0)
        try item(site, "2021-05-20-policy", title: "关于做好青年就业创业服务工作的通知", date: "2021-05-20", serial: 1)
        let build = try site.build(now: "2022-12-31")
        XCTAssertEqual(build.status, 0, build.stderr)
        let page = try site.page("/services/2021-05-24-jd-first/")
        XCTAssertTrue(page.contains("《关于做好青年就业创业服务工作的通知》"), "the unchanged 解读 file is rendered again:\n\(page)")
    }

    func testUnknownUnpublishedAndOwnNumbersAreErrorsAtTheLineOfInterprets() throws {
        let site = try site()
        try item(site, "2021-07-01-jd-unknown", title: "解读三", date: "2021-07-01", serial: 4, extra: "interprets: \(Self.prefix)/2021-00090")
        try item(site, "2021-07-02-draft-policy", title: "草稿文件", date: "2021-07-02", serial: 5, extra: "draft: true")
        try item(site, "2021-07-03-jd-draft", title: "解读四", date: "2021-07-03", serial: 6, extra: "interprets: \(Self.prefix)/2021-00005")
        try item(site, "2021-07-04-jd-self", title: "解读五", date: "2021-07-04", serial: 7, extra: "interprets: \(Self.prefix)/2021-00007")
        let run = try check(site)
        XCTAssertEqual(run.status, 1, run.stderr)
        for name in ["2021-07-01-jd-unknown", "2021-07-03-jd-draft", "2021-07-04-jd-self"] {
            XCTAssertTrue(run.stderr.contains("content/services/\(name).md:5"), "\(name):\n\(run.stderr)")
        }
        XCTAssertTrue(run.stderr.contains("是草稿"), run.stderr)
        XCTAssertTrue(run.stderr.contains("cannot interpret itself"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(Self.prefix)/2021-00090"), run.stderr)
        let build = try site.build(now: "2022-12-31")
        XCTAssertEqual(build.status, 1, "nothing is published with these errors")
    }

    func testAReportNumberUsedByAnItemIsAnErrorNamingBothFilesAndNewSkipsIt() throws {
        let site = try site()
        try item(site, "2022-02-01-notice", title: "通知", date: "2022-02-01", serial: 1)
        let run = try check(site)
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("content/annual-reports/2021/index.md:5"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/services/2022-02-01-notice.md:4"), run.stderr)
        XCTAssertTrue(run.stderr.contains("另见：content/services/2022-02-01-notice.md"), run.stderr)
        XCTAssertTrue(run.stderr.contains("另见：content/annual-reports/2021/index.md"), run.stderr)

        try site.remove("content/services/2022-02-01-notice.md")
        let new = try PortalRun.run(["new", "services", "新通知", "--date", "2022-02-01", "--source", site.root.path, "--now", "2022-12-31"])
        XCTAssertEqual(new.status, 0, new.stderr)
        XCTAssertTrue(new.stdout.hasSuffix("content/services/2022-02-01-00002.md\n"), "the report's 00001 is taken: \(new.stdout)")
    }

    func testAReportNumberIsCheckedLikeAnItems() throws {
        let site = try site(reportIndexNo: "\(Self.prefix)/2021-00050")
        let run = try check(site)
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("content/annual-reports/2021/index.md:5"), run.stderr)
        XCTAssertTrue(run.stderr.contains("与发布日期的年份 2022 不一致"), run.stderr)
    }
}
