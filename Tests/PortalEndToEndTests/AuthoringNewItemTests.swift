import XCTest

/// `portal new <category> "<title>"`: the next free 索引号 of the year, a file that checks clean.
final class AuthoringNewItemTests: XCTestCase {
    private func new(_ site: SiteFixture, _ arguments: [String]) throws -> PortalRun {
        try PortalRun.run(["new"] + arguments + ["--source", site.root.path, "--now", "2021-12-31"])
    }

    private func text(_ site: SiteFixture, _ relativePath: String) throws -> String {
        try String(contentsOf: site.root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    func testNewTwiceGivesConsecutiveSerialsAfterTheHighestOfTheYearAndCheckPasses() throws {
        // The small site's highest 2021 serial is 00008, held by a draft: drafts keep their numbers.
        let site = try SiteFixture(fixture: "small")
        let first = try new(site, ["meetings", "区人社局召开第四次局务会议", "--date", "2021-10-08"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try new(site, ["规划计划", "关于印发计划的通知", "--date", "2021-10-09", "--draft"])
        XCTAssertEqual(second.status, 0, second.stderr)

        let firstPath = site.root.appendingPathComponent("content/meetings/2021-10-08-00009.md").path
        let secondPath = site.root.appendingPathComponent("content/plans/2021-10-09-00010.md").path
        XCTAssertEqual(first.stdout, firstPath + "\n", "stdout is the new file's path alone")
        XCTAssertEqual(second.stdout, secondPath + "\n")

        let item = try text(site, "content/meetings/2021-10-08-00009.md")
        XCTAssertTrue(item.hasPrefix("---\ntitle: \"区人社局召开第四次局务会议\"\ndate: 2021-10-08\n"), item)
        XCTAssertTrue(item.contains("index_no: 11370305MB2859012X/2021-00009\n"), item)
        XCTAssertTrue(item.contains("publisher: 测试局\n"), "the agency of site.yaml is the publisher")
        XCTAssertTrue(item.contains("\ndraft: true  # 草稿"), "a new item is a draft:\n\(item)")
        XCTAssertTrue(try text(site, "content/plans/2021-10-09-00010.md").contains("\ndraft: true  # 草稿"),
                      "the Chinese category name works too, and --draft (the default) writes draft: true")

        let check = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(try new(site, ["meetings", "第三条", "--date", "2021-12-01"]).stdout,
                       site.root.appendingPathComponent("content/meetings/2021-12-01-00011.md").path + "\n")
        XCTAssertTrue(try new(site, ["meetings", "新年第一条", "--date", "2022-01-04"]).stdout.hasSuffix("2022-01-04-00001.md\n"),
                      "serials start again at 00001 each year")
    }

    func testTitlesWithColonsHashesAndQuotesSurviveTheFrontMatter() throws {
        let site = try SiteFixture(fixture: "small")
        let title = "通知: 第 #1 号 \"公告\" \\ 附件"
        XCTAssertEqual(try new(site, ["meetings", title, "--date", "2021-11-01"]).status, 0)
        try publish(site, "content/meetings/2021-11-01-00009.md")
        let build = try site.build()
        XCTAssertEqual(build.status, 0, build.stderr)
        let page = try site.page("/meetings/2021-11-01-00009/")
        XCTAssertTrue(page.contains("<h1>通知: 第 #1 号 &quot;公告&quot; \\ 附件</h1>"), page)
    }

    /// What the editor does when the body is written: the placeholder replaced, the draft line deleted.
    private func publish(_ site: SiteFixture, _ path: String, keepPlaceholder: Bool = false) throws {
        var lines = try text(site, path).components(separatedBy: "\n").filter { !$0.hasPrefix("draft:") }
        if !keepPlaceholder { lines = lines.map { $0.hasPrefix("（在此处填写正文") ? "正文。" : $0 } }
        try site.write(lines.joined(separator: "\n"), to: path)
    }

    func testANewItemIsADraftThatTheBuildDoesNotPublish() throws {
        let site = try SiteFixture(fixture: "small")
        let run = try new(site, ["meetings", "区人社局召开第五次局务会议", "--date", "2021-10-08"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("草稿") && run.stderr.contains("删去 draft: true"), run.stderr)
        XCTAssertTrue(run.stderr.contains("delete the draft: true line"), run.stderr)
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertFalse(site.exists("/meetings/2021-10-08-00009/"), "a draft is not published")
        try publish(site, "content/meetings/2021-10-08-00009.md")
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertTrue(site.exists("/meetings/2021-10-08-00009/"))
    }

    func testAPublishedItemStillHoldingThePlaceholderIsAnErrorAtItsLine() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try new(site, ["meetings", "标题", "--date", "2021-10-08"]).status, 0)
        let path = "content/meetings/2021-10-08-00009.md"
        try publish(site, path, keepPlaceholder: true)
        let check = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(check.status, 1, check.stderr)
        // The front matter has 4 keys between the markers: the body starts on line 7.
        XCTAssertTrue(check.stderr.contains("\(path):7"), check.stderr)
        XCTAssertTrue(check.stderr.contains("占位文字") && check.stderr.contains("placeholder"), check.stderr)
    }

    func testABrokenItemFileKeepsItsSerial() throws {
        // A file being edited may not parse (here: no title), but its 索引号 is still taken.
        let site = try SiteFixture(fixture: "small")
        try site.write("---\ndate: 2021-11-20\nindex_no: \"11370305MB2859012X/2021-00015\"  # 待审\n---\n正文\n",
                       to: "content/personnel/2021-11-20-unfinished.md")
        let run = try new(site, ["personnel", "招聘公告", "--date", "2021-11-21"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasSuffix("content/personnel/2021-11-21-00016.md\n"), run.stdout)
    }

    func testAnUnknownCategoryIsRefusedWithTheListOfCategories() throws {
        let site = try SiteFixture(fixture: "small")
        let before = try TreeSnapshot.take(site.content)
        let run = try new(site, ["meeting", "标题"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        for category in ["meetings（部门会议）", "plans（规划计划）", "personnel（人事信息）", "meetings (部门会议)"] {
            XCTAssertTrue(run.stderr.contains(category), "the message lists \(category):\n\(run.stderr)")
        }
        XCTAssertTrue(run.stderr.contains("Did you mean meetings (部门会议)?"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.content), before, "nothing is written")
    }

    func testAnExistingFileIsNeverOverwritten() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("手写的文件\n", to: "content/meetings/2021-10-08-00009.md")
        let run = try new(site, ["meetings", "标题", "--date", "2021-10-08"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("the file already exists"), run.stderr)
        XCTAssertEqual(try text(site, "content/meetings/2021-10-08-00009.md"), "手写的文件\n")
    }

    func testAMalformedDateIsAUsageError() throws {
        let site = try SiteFixture(fixture: "small")
        let run = try new(site, ["meetings", "标题", "--date", "2021-02-30"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--date"), run.stderr)
    }
}
