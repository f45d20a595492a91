import XCTest

/// `portal check`: every class of editor mistake is caught, named with its file and line, in
/// Chinese and English, all in one run.
final class CheckCatalogueTests: XCTestCase {
    static let prefix = "11370305MB2859012X"

    /// Front matter for an item, with `extra` lines appended.
    static func item(_ title: String, date: String = "2021-05-01", serial: Int, extra: String = "", body: String = "正文。") -> String {
        "---\ntitle: \(title)\ndate: \(date)\nindex_no: \(prefix)/\(date.prefix(4))-\(String(format: "%05d", serial))\n\(extra)---\n\(body)\n"
    }

    func check(_ site: SiteFixture, _ extra: [String] = []) throws -> PortalRun {
        try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"] + extra)
    }

    func testTheDefaultSiteChecksClean() throws {
        let run = try PortalRun.run(["check", "--source", SiteFixture.repositoryRoot.path, "--now", "2026-11-26"])
        XCTAssertFalse(run.stderr.contains("错误 error"), run.stderr)
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    func testTwentyMixedMistakesArePrintedInOneRun() throws {
        let site = try SiteFixture(fixture: "small")
        let m = "content/meetings/", p = "content/plans/"
        let mistakes: [(file: String, text: String, expect: String)] = [
            (m + "01-no-closing.md", "---\ntitle: 没有结束\ndate: 2021-05-01\n", "no closing `---`"),
            (m + "02-yaml.md", "---\ntitle: 标题\ndate: [2021-05-01\nindex_no: \(Self.prefix)/2021-00102\n---\n", "is not closed"),
            (m + "03-no-title.md", "---\ndate: 2021-05-01\nindex_no: \(Self.prefix)/2021-00103\n---\n", "the required key `title` is missing"),
            (m + "04-bad-date.md", Self.item("日期", date: "2021-02-30", serial: 104), "not a valid date"),
            (m + "05-draft.md", Self.item("草稿", serial: 105, extra: "draft: 也许\n"), "must be true or false"),
            (m + "06-validity.md", Self.item("有效性", serial: 106, extra: "validity: 有时有效\n"), "`validity` must be 有效, 失效 or 废止"),
            (m + "07-expires.md", Self.item("过期", serial: 107, extra: "expires: 2021-04-01\n"), "is before the publication date"),
            (m + "08-unknown.md", Self.item("拼错", serial: 108, extra: "expries: 2021-06-01\n"), "unknown key `expries`"),
            (p + "09-index.md", "---\ntitle: 索引号\ndate: 2021-05-01\nindex_no: 2021-109\n---\n", "is malformed"),
            (p + "10-index-year.md", "---\ntitle: 年份\ndate: 2021-05-01\nindex_no: \(Self.prefix)/2020-00110\n---\n", "differs from the publication year"),
            (p + "11-duplicate-a.md", Self.item("重复一", serial: 111), "is used more than once"),
            (p + "12-duplicate-b.md", Self.item("重复二", serial: 111), "is used more than once"),
            ("content/notices/13-outside.md", Self.item("目录外", serial: 113), "is not a category configured"),
            (p + "14-empty.md", "", "the file is empty"),
            (p + "16-missing-attachment.md", Self.item("缺附件", serial: 116, extra: "attachments:\n  - { file: 名单.pdf, title: 名单 }\n"), "not found"),
            (p + "17-escaping-attachment.md", Self.item("越界附件", serial: 117, extra: "attachments:\n  - { file: ../site.yaml, title: 配置 }\n"), "without a path"),
            (p + "18-link.md", Self.item("坏链接", serial: 118, body: "见[计划](/plans/no-such-plan/)。"), "which this site does not have"),
            (p + "19-id.md", Self.item("身份证", serial: 119, body: "张某某，身份证号11010519491231002X。"), "resident ID number"),
            (p + "20-card.md", Self.item("银行卡", serial: 120, body: "补贴发放至6222020200112233446。"), "bank-card number"),
        ]
        for mistake in mistakes { try site.write(mistake.text, to: mistake.file) }
        // "标题" in GBK, as a Windows editor saves it.
        let gbk = Data("---\ntitle: ".utf8) + Data([0xB1, 0xEA, 0xCC, 0xE2]) + Data("\ndate: 2021-05-01\n---\n".utf8)
        try gbk.write(to: site.root.appendingPathComponent(p + "15-gbk.md"))

        let run = try check(site)
        XCTAssertEqual(run.status, 1)
        for mistake in mistakes {
            XCTAssertTrue(run.stderr.contains(mistake.file), "\(mistake.file) not named:\n\(run.stderr)")
            XCTAssertTrue(run.stderr.contains(mistake.expect), "“\(mistake.expect)” missing:\n\(run.stderr)")
        }
        XCTAssertTrue(run.stderr.contains(p + "15-gbk.md:2"), run.stderr)
        XCTAssertTrue(run.stderr.contains("not UTF-8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("共 20 个错误"), run.stderr)
        XCTAssertTrue(run.stderr.contains("20 error(s)"), run.stderr)
        // Lines are given where there are lines.
        XCTAssertTrue(run.stderr.contains(m + "08-unknown.md:5:1"), run.stderr)
        XCTAssertTrue(run.stderr.contains(p + "18-link.md:6"), run.stderr)
        // Chinese first, then English, then a hint in both.
        XCTAssertTrue(run.stderr.contains("错误 error: 未知字段 `expries`\n    unknown key `expries`\n    提示 hint: 是否想写 `expires`？\n    Did you mean `expires`?"), run.stderr)
    }

    func testPrivacyScanPassesMaskedNumbersAndLandlinesAndWarnsOnMobiles() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write(Self.item("公示", serial: 130, body: """
        张某某，身份证号370305********1234，电话138****5678。
        咨询电话：0533-7180000。索引号11370305MB2859012X/2021-00130，金额1234567890123456元。
        联系人手机13912345678。
        """), to: "content/personnel/2021-05-01-masked.md")
        let run = try check(site)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("2021-05-01-masked.md:8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("警告 warning: 发现手机号码 139****5678"), run.stderr)
        XCTAssertTrue(run.stderr.contains("共 0 个错误、1 个警告"), run.stderr)
        XCTAssertEqual(try check(site, ["--strict"]).status, 1, "warnings fail with --strict")
    }

    func testAReviewedExceptionSilencesThePrivacyScanAndTextAttachmentsAreScanned() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write(Self.item("经审核公开", serial: 131, extra: "privacy_exception: 2021-05-01 办公室审核同意公开\n",
                                 body: "身份证号11010519491231002X。"), to: "content/personnel/2021-05-01-approved.md")
        try site.write(Self.item("附件名单", serial: 132, extra: "attachments:\n  - { file: list.csv, title: 名单 }\n"),
                       to: "content/personnel/2021-05-01-list.md")
        try site.write("姓名,身份证号\n张某某,11010519491231002X\n", to: "content/personnel/list.csv")
        let run = try check(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertFalse(run.stderr.contains("2021-05-01-approved.md"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/personnel/list.csv:2"), run.stderr)
    }

    func testSiteConfigurationMistakesNameTheLine() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("""
        title: 测试局
        agency: 测试局
        base_url: https://test.example.gov.cn/
        site_code: "1"
        categories:
          - { slug: meetings, name: 部门会议 }
          - { slug: meetings, name: 会议 }
        """, to: "content/site.yaml")
        let run = try check(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("the required key `index_prefix` is missing"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/site.yaml:7"), run.stderr)
        XCTAssertTrue(run.stderr.contains("category “meetings” is listed twice (first on line 6)"), run.stderr)

        try site.write("title: [测试\n", to: "content/site.yaml")
        let syntax = try check(site)
        // At the line where the bracket opens.
        XCTAssertTrue(syntax.stderr.contains("content/site.yaml:1"), syntax.stderr)
        XCTAssertTrue(syntax.stderr.contains("第 1 行的方括号“[”没有闭合"), syntax.stderr)
    }

    func testTemplateMistakesNameTheTemplateAndLine() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("{{<layout}}\n{{$main}}\n{{>no-such-partial}}\n{{/main}}\n{{/layout}}\n", to: "templates/404.mustache")
        try site.write("{{<layout}}\n{{$main}}\n{{#items}}\n{{/main}}\n{{/layout}}\n", to: "templates/category.mustache")
        let run = try check(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("templates/404.mustache:3"), run.stderr)
        XCTAssertTrue(run.stderr.contains("“no-such-partial” used here does not exist"), run.stderr)
        XCTAssertTrue(run.stderr.contains("templates/category.mustache:"), run.stderr)
        XCTAssertTrue(run.stderr.contains("template syntax error"), run.stderr)
        // In the designer's words, not the parser's case name.
        XCTAssertTrue(run.stderr.contains("模板语法错误：区块的结束标签 {{/名称}} 与开始标签 {{#名称}} 的名称不一致"), run.stderr)
        XCTAssertFalse(run.stderr.contains("sectionCloseNameIncorrect"), run.stderr)
    }

    func testCheckWritesNothingAndBomAndCrlfPass() throws {
        let site = try SiteFixture(fixture: "small")
        let crlf = Data([0xEF, 0xBB, 0xBF]) + Data(Self.item("Windows 保存", serial: 140).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        try crlf.write(to: site.root.appendingPathComponent("content/meetings/2021-05-01-windows.md"))
        let run = try check(site)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("检查通过"), run.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path), "check must not write the site")
    }
}
