import Foundation
import XCTest

/// Issue 22: a site with twenty mistakes of different kinds, spread over files that depend on each
/// other (a duplicate 索引号 between a file with a bad date and a good one, a dead link from a file
/// with a YAML mistake, links to files with errors, personal data in a file that has other
/// errors and in its attachment), gets all twenty named in one run of `check` and of `build`.
final class OneRunAllMistakesTests: XCTestCase {
    static let p = "content/policies/", i = "content/interpretations/", n = "content/notices/"
    static let r = "content/personnel/", g = "content/pages/"

    /// Location (`file:line` or `file:line:column`) and the Chinese words of each diagnostic.
    static let expected: [(location: String, words: String)] = [
        (p + "2021-03-10-employment-policy.md:3:7", "`date` 的日期“2021.3.10”写法不对，日期要写成“年-月-日”：2021-03-10"),
        (p + "2021-03-10-employment-policy.md:4", "索引号 11370305MB2859012X/2021-00010 重复，另见：content/notices/2021-03-12-subsidy-notice.md"),
        (p + "2021-03-10-employment-policy.md:9", "链接“../2021-03-15-employment-interpretation/”指向本站不存在的页面"),
        (n + "2021-03-12-subsidy-notice.md:4", "索引号 11370305MB2859012X/2021-00010 重复，另见：content/policies/2021-03-10-employment-policy.md"),
        (i + "2021-03-15-employment-interpretation.md:5:7", "第 5 行在字段名 `doc_no` 后面用了全角冒号“：”"),
        (i + "2021-03-15-employment-interpretation.md:6:10", "`written` 的日期“2021-3-14”写法不对，日期要写成“年-月-日”：2021-03-14"),
        (n + "2021-04-01-training-notice.md:6:1", "第 6 行的缩进用了 Tab 键（制表符）"),
        (n + "2021-04-01-training-notice.md:8:8", "发现完整的银行卡号"),
        (n + "培训名单.csv:2:7", "发现完整的居民身份证号码"),
        (r + "2021-05-20-recruitment.md:2:8", "第 2 行的值以英文双引号 \" 开头，但这一行没有与之配对的结束引号"),
        (r + "2021-05-20-recruitment.md:4:11", "索引号中的年份 2020 与发布日期的年份 2021 不一致"),
        (r + "2021-05-20-recruitment.md:6", "链接“/notices/2021-04-01-training/”指向本站不存在的页面"),
        (r + "2021-06-01-publicity.md:5:11", "`validity`（有效性）只能是 有效、失效 或 废止"),
        (r + "2021-06-01-publicity.md:7:3", "第 7 行的列表项“- …”写在了 `topics` 下面"),
        (r + "2021-06-01-publicity.md:9:15", "发现完整的居民身份证号码"),
        (p + "2021-07-01-regulation.md:5:8", "第 5 行 `doc_no:` 的冒号后面缺少空格"),
        (p + "2021-07-01-regulation.md:7:1", "字段 `title` 重复（第 2 行已有）"),
        (p + "2021-07-01-regulation.md:8:1", "未知字段 `expries`"),
        (g + "guide.md:4:12", "第 4 行的值以“*”开头"),
        (g + "guide.md:6", "链接“/policies/2021-07-01-regulations/”指向本站不存在的页面"),
    ]

    /// The hints that say where a dead link should go: the slug that exists anywhere in the site
    /// before a similar slug in the same folder, and a file with errors is still a target.
    static let suggestions = [
        "是否应为 /interpretations/2021-03-15-employment-interpretation/？",
        "是否应为 /notices/2021-04-01-training-notice/？",
        "是否应为 /policies/2021-07-01-regulation/？",
    ]

    func assertAllTwenty(_ run: PortalRun, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.status, 1, file: file, line: line)
        let reported = run.stderr.split(separator: "\n").filter { $0.hasPrefix("content/") || $0.hasPrefix("templates") }
        XCTAssertEqual(reported.count, 20, "twenty diagnostics:\n\(run.stderr)", file: file, line: line)
        for (location, words) in Self.expected {
            let match = reported.first { $0.hasPrefix(location + ": ") }
            XCTAssertNotNil(match, "nothing at \(location):\n\(run.stderr)", file: file, line: line)
            XCTAssertTrue(match?.contains("错误 error: ") ?? false, "\(location): \(match ?? "")", file: file, line: line)
            XCTAssertTrue(match?.contains(words) ?? false, "\(location): “\(words)” missing: \(match ?? "")", file: file, line: line)
        }
        for suggestion in Self.suggestions {
            XCTAssertTrue(run.stderr.contains(suggestion), "“\(suggestion)” missing:\n\(run.stderr)", file: file, line: line)
        }
        // Links to files with errors (the 解读 to its policy, the notice to the policy) are fine.
        XCTAssertFalse(run.stderr.contains("链接“/policies/2021-03-10-employment-policy/”"), run.stderr, file: file, line: line)
        XCTAssertFalse(run.stderr.contains("链接“/guide/”"), run.stderr, file: file, line: line)
        // A good 解读 of a document whose file has errors is not told its 索引号 belongs to no item.
        XCTAssertFalse(run.stderr.contains("2021-07-02-regulation-interpretation.md"), run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains("共 20 个错误、0 个警告，涉及 9 个文件。 / 20 error(s), 0 warning(s) in 9 file(s)."),
                      run.stderr, file: file, line: line)
    }

    func testCheckNamesAllTwentyMistakesInOneRun() throws {
        let site = try SiteFixture(fixture: "mistakes")
        assertAllTwenty(try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"]))
    }

    func testBuildNamesAllTwentyAndLeavesThePublishedSiteAlone() throws {
        let site = try SiteFixture(fixture: "mistakes")
        // A site published before, from content without the mistakes.
        let withMistakes = site.root.appendingPathComponent("content-with-mistakes")
        try FileManager.default.moveItem(at: site.content, to: withMistakes)
        try FileManager.default.copyItem(at: SiteFixture.fixturesRoot.appendingPathComponent("small/content"), to: site.content)
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        XCTAssertFalse(before.isEmpty)

        try FileManager.default.removeItem(at: site.content)
        try FileManager.default.moveItem(at: withMistakes, to: site.content)
        let run = try site.build()
        assertAllTwenty(run)
        XCTAssertTrue(run.stderr.contains("未生成网站，原有输出保持不变。"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.output), before, "public/ is unchanged")
    }

    func testALinkToAnAnnualReportWithErrorsIsNoDeadLink() throws {
        let site = try SiteFixture(fixture: "authoring")
        let report = "content/annual-reports/2021/index.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(report), encoding: .utf8)
        try site.write(text.replacingOccurrences(of: "\ndate: 2022-", with: "\ndate: 2022."), to: report)
        try site.write("---\ntitle: 见年报\ndate: 2022-03-01\nindex_no: 11370305MB2859012X/2022-00090\n---\n"
                       + "见[年报](/annual-reports/2021/)和[数据](/annual-reports/2021/statistics.json)。\n",
                       to: "content/meetings/2022-03-01-see-report.md")
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2022-12-31"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains(report + ":"), run.stderr)
        XCTAssertFalse(run.stderr.contains("2022-03-01-see-report.md"), run.stderr)
    }

    func testNewSuggestsTheCategoryWhoseChineseNameHoldsTheWord() throws {
        let site = try SiteFixture(fixture: "mistakes")
        let run = try PortalRun.run(["new", "通知", "关于举办培训班的通知", "--source", site.root.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("是否想写 notices（通知公告）？"), run.stderr)
        XCTAssertTrue(run.stderr.contains("Did you mean notices (通知公告)?"), run.stderr)
    }
}
