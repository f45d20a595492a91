import XCTest

/// `portal build` run as a user runs it, on small fixture sites.
final class BuildEndToEndTests: XCTestCase {
    func testBuildsHomeCategoriesItemsAttachmentsAnd404() throws {
        let site = try SiteFixture(fixture: "small")
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Built"), run.stdout)

        let home = try site.page("/")
        XCTAssertTrue(home.contains("<html lang=\"zh-CN\">"))
        XCTAssertTrue(home.contains("测试局政府信息公开"))
        for name in ["部门会议", "规划计划", "人事信息"] { XCTAssertTrue(home.contains(name), name) }
        XCTAssertTrue(home.contains("局务会议第三次"), "latest items are listed on the home page")

        // page_size is 2: three meetings make two index pages.
        let first = try site.page("/meetings/")
        let second = try site.page("/meetings/page/2/")
        XCTAssertTrue(first.contains("共 3 条信息"))
        XCTAssertTrue(first.contains("href=\"/meetings/page/2/\""))
        XCTAssertTrue(second.contains("href=\"/meetings/\""), "page 2 links back to page 1")
        XCTAssertTrue(second.contains("局务会议第一次"))
        XCTAssertFalse(site.exists("/meetings/page/3/"))
        // Same day: the higher 索引号 comes first.
        let third = try XCTUnwrap(first.range(of: "局务会议第三次"))
        let secondMeeting = try XCTUnwrap(first.range(of: "局务会议第二次"))
        XCTAssertLessThan(third.lowerBound, secondMeeting.lowerBound)

        let item = try site.page("/meetings/2021-01-15-first-meeting/")
        for label in ["索引号", "发布机构", "发布日期", "文号", "主题分类"] {
            XCTAssertTrue(item.contains("<th scope=\"row\">\(label)</th>"), label)
        }
        XCTAssertTrue(item.contains("11370305MB2859012X/2021-00001"))
        XCTAssertTrue(item.contains("测字〔2021〕1号"))
        XCTAssertTrue(item.contains("<td>测试局</td>"), "发布机构 defaults to the agency")
        XCTAssertFalse(item.contains(">成文日期<"), "absent metadata is left out")

        let plan = try site.page("/plans/2021-02-01-plan/")
        XCTAssertTrue(plan.contains("任务分解表"))
        XCTAssertTrue(plan.contains("CSV，"), "attachments show their type and size")
        XCTAssertTrue(site.exists("/plans/2021-02-01-plan/2021-02-01-plan.csv"), "attachments are copied beside the page")

        XCTAssertTrue(try site.page("/404.html").contains("页面不存在"))
        let assets = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("assets").path)
        let stylesheet = try XCTUnwrap(assets.first { $0.hasPrefix("style.") && $0.hasSuffix(".css") })
        XCTAssertEqual(stylesheet.count, "style.0123456789abcdef.css".count, "the stylesheet is named by its hash")
        XCTAssertTrue(home.contains("/assets/\(stylesheet)"))
    }

    func testDraftsExpiryAndFutureDatesFollowNow() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build(now: "2021-06-05").status, 0)
        XCTAssertTrue(site.exists("/personnel/2021-06-01-publicity/"), "shown during its notice period")
        XCTAssertFalse(site.exists("/personnel/2021-09-01-future/"), "not yet published")
        XCTAssertFalse(site.exists("/plans/2021-12-01-draft/"), "drafts are never published")

        XCTAssertEqual(try site.build(now: "2021-06-08").status, 0)
        XCTAssertTrue(site.exists("/personnel/2021-06-01-publicity/"), "the expiry day itself is still shown")

        XCTAssertEqual(try site.build(now: "2021-12-31").status, 0)
        XCTAssertFalse(site.exists("/personnel/2021-06-01-publicity/"), "gone after its expiry day")
        XCTAssertTrue(site.exists("/personnel/2021-09-01-future/"))
        XCTAssertFalse(site.exists("/plans/2021-12-01-draft/"))
        XCTAssertFalse(try site.page("/personnel/").contains("拟聘用人员公示"))
    }

    func testABrokenFileFailsNamingEveryFileAndLeavesTheOutputByteIdentical() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        XCTAssertFalse(before.isEmpty)

        try site.write("---\ntitle: 缺日期\nindex_no: 11370305MB2859012X/2021-00009\n---\n", to: "content/meetings/bad-one.md")
        try site.write("---\ntitle: 坏链接\ndate: 2021-04-01\nindex_no: 11370305MB2859012X/2021-00010\n---\n\n见[不存在](/plans/nothing-here/)。\n",
                       to: "content/plans/bad-two.md")
        try site.write("---\ntitle: 没有结束\ndate: 2021-04-01\n", to: "content/plans/bad-three.md")
        let run = try site.build()
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/meetings/bad-one.md"), run.stderr)
        XCTAssertTrue(run.stderr.contains("the required key `date` is missing"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/plans/bad-three.md"), run.stderr)
        // The broken link is reported in the same run, with its line.
        XCTAssertTrue(run.stderr.contains("content/plans/bad-two.md:7"), run.stderr)
        XCTAssertTrue(run.stderr.contains("/plans/nothing-here/"), run.stderr)
        XCTAssertTrue(run.stderr.contains("未生成网站"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.output), before, "a failed build must not touch the output")
    }

    func testTemplatesEscapeContentValues() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("""
        ---
        title: "<script>alert(1)</script>标题"
        date: 2021-05-01
        index_no: 11370305MB2859012X/2021-00011
        doc_no: "<img src=x onerror=alert(1)>"
        publisher: "<b onmouseover=alert(4)>机构</b>"
        topics: ["<script>alert(5)</script>"]
        attachments:
          - { file: 2021-05-01-xss.txt, title: "<a href=javascript:alert(6)>附件</a>" }
        ---
        <script>alert(2)</script>

        [点我](javascript:alert(3))
        """, to: "content/meetings/2021-05-01-xss.md")
        try site.write("附件", to: "content/meetings/2021-05-01-xss.txt")
        XCTAssertEqual(try site.build().status, 0)
        let page = try site.page("/meetings/2021-05-01-xss/")
        XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;标题"))
        XCTAssertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(page.contains("&lt;b onmouseover=alert(4)&gt;机构&lt;/b&gt;"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(5)&lt;/script&gt;"))
        XCTAssertTrue(page.contains("&lt;a href=javascript:alert(6)&gt;附件&lt;/a&gt;"))
        XCTAssertFalse(page.contains("<script>"))
        XCTAssertFalse(page.contains("<b onmouseover"))
        XCTAssertFalse(page.contains("href=\"javascript:"))
        XCTAssertFalse(page.contains("<a href=javascript"))
        XCTAssertFalse(try site.page("/").contains("<script>"))
    }

    func testOutputFolderWithMissingParentsIsCreated() throws {
        let site = try SiteFixture(fixture: "small")
        let nested = site.root.appendingPathComponent("deploy/www/site")
        let run = try site.build(["--output", nested.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: nested.appendingPathComponent("index.html").path))
    }

    func testAnOutputFolderThatCannotBeWrittenIsExplained() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("不是目录", to: "a-file")
        let run = try site.build(["--output", site.root.appendingPathComponent("a-file/public").path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("无法写入输出目录"), run.stderr)
        XCTAssertTrue(run.stderr.contains("Not a directory"), run.stderr)
        XCTAssertTrue(run.stderr.contains("路径中有一级不是目录而是文件"), "the reason in Chinese too: \(run.stderr)")
        XCTAssertFalse(run.stderr.contains("NSCocoaErrorDomain"), run.stderr)
    }

    func testHelpExplainsEveryOption() throws {
        let top = try PortalRun.run(["--help"])
        XCTAssertTrue(top.stdout.contains("build"))
        let build = try PortalRun.run(["build", "--help"])
        for option in ["--source", "--output", "--now"] { XCTAssertTrue(build.stdout.contains(option), option) }
        XCTAssertTrue(build.stdout.contains("草稿"))
        let badDate = try PortalRun.run(["build", "--now", "2021-02-30"])
        XCTAssertNotEqual(badDate.status, 0)
        XCTAssertTrue(badDate.stderr.contains("YYYY-MM-DD"), badDate.stderr)
    }
}
