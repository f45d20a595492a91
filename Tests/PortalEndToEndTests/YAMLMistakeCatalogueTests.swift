import Foundation
import XCTest

/// The YAML mistakes editors make, each named by the real `portal check` at the line where it is,
/// in Chinese first, once: no raw parser follow-up, no parser English in the Chinese line.
final class YAMLMistakeCatalogueTests: XCTestCase {
    static let prefix = CheckCatalogueTests.prefix

    /// An item whose front matter has `lines` after title, date and index_no (lines 2–4), so the
    /// first of `lines` is file line 5.
    static func item(serial: Int, _ lines: String) -> String {
        "---\ntitle: 标题\(serial)\ndate: 2021-05-01\nindex_no: \(prefix)/2021-\(String(format: "%05d", serial))\n\(lines)---\n正文。\n"
    }

    struct Mistake {
        let file: String
        let text: String
        let line: Int
        let words: String
        var isWarning = false
    }

    static let m = "content/meetings/"
    static let catalogue: [Mistake] = [
        Mistake(file: m + "a-full-width-colon.md", text: item(serial: 301, "doc_no：临人社字〔2021〕9号\n"), line: 5,
                words: "第 5 行在字段名 `doc_no` 后面用了全角冒号“：”，字段名和值之间要用半角冒号加空格“: ”"),
        Mistake(file: m + "b-full-width-colon-in-braces.md",
                text: item(serial: 302, "attachments:\n  - { file：名单.csv, title: 名单 }\n"), line: 6,
                words: "第 6 行在字段名 `file` 后面用了全角冒号“：”"),
        Mistake(file: m + "c-full-width-space.md", text: item(serial: 303, "doc_no:\u{3000}临人社字〔2021〕9号\n"), line: 5,
                words: "第 5 行 `doc_no:` 后面是全角空格，冒号后面要用半角空格"),
        Mistake(file: m + "d-tab.md", text: item(serial: 304, "topics:\n\t- 就业创业\n"), line: 6,
                words: "第 6 行的缩进用了 Tab 键（制表符），YAML 只能用空格缩进"),
        // A tab before a key of the top level: the tab is the one mistake, not also its width.
        Mistake(file: m + "d2-tab-before-key.md", text: item(serial: 329, "written: 2021-04-01\n\tdoc_no: 临人社字〔2021〕9号\n"), line: 6,
                words: "第 6 行的缩进用了 Tab 键（制表符），YAML 只能用空格缩进"),
        Mistake(file: m + "e-double-quote-open.md", text: item(serial: 305, "doc_no: \"临人社字〔2021〕9号\nwritten: 2021-04-01\n"),
                line: 5, words: "第 5 行的值以英文双引号 \" 开头，但这一行没有与之配对的结束引号"),
        Mistake(file: m + "f-single-quote-open.md", text: item(serial: 306, "doc_no: '临人社字〔2021〕9号\nwritten: 2021-04-01\n"),
                line: 5, words: "第 5 行的值以英文单引号 ' 开头，但这一行没有与之配对的结束引号"),
        Mistake(file: m + "g-quote-inside.md", text: item(serial: 307, "doc_no: \"关于\"就业\"的通知\"\n"), line: 5,
                words: "第 5 行的值以英文双引号开头，但值中间又出现了双引号"),
        Mistake(file: m + "h-bracket-open.md", text: item(serial: 308, "topics: [就业创业, 社会保险\nwritten: 2021-04-01\n"), line: 5,
                words: "第 5 行的方括号“[”没有闭合：这一行末尾缺少“]”"),
        Mistake(file: m + "i-brace-open.md",
                text: item(serial: 309, "attachments:\n  - { file: 名单.csv, title: 名单\nwritten: 2021-04-01\n"), line: 6,
                words: "第 6 行的花括号“{”没有闭合：这一行末尾缺少“}”"),
        Mistake(file: m + "j-no-space.md", text: item(serial: 310, "written:2021-04-01\ndoc_no: 临人社字〔2021〕9号\n"), line: 5,
                words: "第 5 行 `written:` 的冒号后面缺少空格"),
        Mistake(file: m + "k-list-under-value.md", text: item(serial: 311, "topics: 就业创业\n  - 社会保险\n"), line: 6,
                words: "第 6 行的列表项“- …”写在了 `topics` 下面，但第 5 行的 `topics:` 后面已经写了值“就业创业”"),
        Mistake(file: m + "l-list-under-value-unindented.md", text: item(serial: 312, "topics: 就业创业\n- 社会保险\nwritten: 2021-04-01\n"),
                line: 6, words: "`topics:` 后面已经写了值“就业创业”"),
        Mistake(file: m + "m-at.md", text: item(serial: 313, "doc_no: @临人社字9号\n"), line: 5,
                words: "第 5 行的值以“@”开头，这个字符在 YAML 中有特殊用途"),
        Mistake(file: m + "n-backtick.md", text: item(serial: 314, "doc_no: `临人社字9号`\n"), line: 5, words: "第 5 行的值以“`”开头"),
        Mistake(file: m + "o-star.md", text: item(serial: 315, "doc_no: *重要*通知\n"), line: 5, words: "第 5 行的值以“*”开头"),
        Mistake(file: m + "p-ampersand.md", text: item(serial: 316, "doc_no: &某某\n"), line: 5, words: "第 5 行的值以“&”开头"),
        Mistake(file: m + "q-exclamation.md", text: item(serial: 317, "doc_no: !某某\n"), line: 5, words: "第 5 行的值以“!”开头"),
        Mistake(file: m + "r-percent.md", text: item(serial: 318, "doc_no: %某某\n"), line: 5, words: "第 5 行的值以“%”开头"),
        Mistake(file: m + "s-duplicate-key.md", text: item(serial: 319, "doc_no: 甲\nwritten: 2021-04-01\ndoc_no: 乙\n"), line: 7,
                words: "字段 `doc_no` 重复（第 5 行已有）"),
        Mistake(file: m + "t-empty-entry.md", text: item(serial: 320, "topics: [就业创业, , 社会保险]\n"), line: 5,
                words: "第 5 行的列表 [ … ] 中有一项是空的"),
        Mistake(file: m + "u-colon-in-value.md", text: item(serial: 321, "doc_no: 通知: 第1次局务会议\n"), line: 5,
                words: "第 5 行的值中有英文冒号加空格“: ”，YAML 会把它当成又一个字段名的开始"),
        Mistake(file: m + "v-indented-key.md", text: item(serial: 322, "doc_no: 临人社字〔2021〕9号\n  written: 2021-04-01\n"), line: 6,
                words: "第 6 行开头多了 2 个空格：字段 `written` 应与上一行的 `doc_no` 左对齐"),
        Mistake(file: m + "w-full-width-comma.md", text: item(serial: 323, "topics: [就业创业，社会保险]\n"), line: 5,
                words: "第 5 行的列表 [ … ] 用了全角逗号“，”分隔，YAML 会把“，”两边读成同一项", isWarning: true),
        Mistake(file: m + "x-chinese-key.md", text: item(serial: 324, "文号: 临人社字〔2021〕9号\n"), line: 5,
                words: "未知字段 `文号`"),
        Mistake(file: m + "y-text-after-bracket.md", text: item(serial: 325, "doc_no: [重要]临人社字9号\n"), line: 5,
                words: "第 5 行的值以“[”开头，YAML 把括号里的内容读成了列表，括号后面的文字无法读取"),
        Mistake(file: m + "z-entry-on-key-line.md",
                text: item(serial: 326, "attachments: - { file: 名单.csv, title: 名单 }\n"), line: 5,
                words: "第 5 行 `attachments:` 后面直接写了列表项“- ”：列表项要另起一行"),
        Mistake(file: m + "za-missing-colon.md", text: item(serial: 327, "doc_no 临人社字〔2021〕9号\nwritten: 2021-04-01\n"), line: 5,
                words: "第 5 行的字段名 `doc_no` 后面缺少冒号"),
        Mistake(file: m + "zb-first-key-indented.md",
                text: "---\n title: 标题328\ndate: 2021-05-01\nindex_no: \(prefix)/2021-00328\n---\n正文。\n", line: 2,
                words: "第 2 行开头多了 1 个空格：第一个字段 `title` 应从行首写起"),
        // Pages and site.yaml are read through the same YAML layer.
        Mistake(file: "content/pages/guide.md", text: "---\ntitle：政府信息公开指南\n---\n正文。\n", line: 2,
                words: "第 2 行在字段名 `title` 后面用了全角冒号“：”"),
    ]

    func testEveryYAMLMistakeIsNamedOnceAtItsLineInChinese() throws {
        let site = try SiteFixture(fixture: "small")
        for mistake in Self.catalogue { try site.write(mistake.text, to: mistake.file) }
        // The attachments the entries name are there: only the YAML is wrong.
        try site.write("姓名\n张某某\n", to: Self.m + "名单.csv")
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        for mistake in Self.catalogue {
            let reported = lines.filter { $0.hasPrefix(mistake.file + ":") }
            XCTAssertEqual(reported.count, 1, "\(mistake.file): one diagnostic expected:\n\(reported.joined(separator: "\n"))")
            let first = try XCTUnwrap(reported.first, mistake.file)
            XCTAssertTrue(first.hasPrefix("\(mistake.file):\(mistake.line):") || first.hasPrefix("\(mistake.file):\(mistake.line) "),
                          "\(mistake.file) not at line \(mistake.line): \(first)")
            // Chinese first: the words are on the line that starts with the location.
            XCTAssertTrue(first.contains(mistake.isWarning ? "警告 warning: " : "错误 error: "), first)
            XCTAssertTrue(first.contains(mistake.words), "“\(mistake.words)” missing: \(first)")
        }
        // The parser's own message, Chinese or English, never follows one that explained the line.
        XCTAssertFalse(run.stderr.contains("YAML 格式错误"), run.stderr)
        for english in ["could not find expected", "cannot start any token", "did not find expected", "found unexpected end"] {
            XCTAssertFalse(run.stderr.contains(english), "parser words “\(english)”:\n\(run.stderr)")
        }
        let warnings = Self.catalogue.filter(\.isWarning).count
        XCTAssertTrue(run.stderr.contains("共 \(Self.catalogue.count - warnings) 个错误、\(warnings) 个警告"), run.stderr)
        // A key written as the label the page shows is given its YAML name.
        XCTAssertTrue(run.stderr.contains("是否想写 `doc_no`？"), run.stderr)
    }

    func testSiteYamlMistakesAreNamedAtTheirLine() throws {
        let site = try SiteFixture(fixture: "small")
        let config = try String(contentsOf: site.content.appendingPathComponent("site.yaml"), encoding: .utf8)
        // Line 2 `agency: 测试局` typed with a Chinese colon; the categories indented with a tab.
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let plans = try XCTUnwrap(lines.firstIndex { $0.contains("slug: plans") })
        try site.write(config.replacingOccurrences(of: "agency: 测试局", with: "agency：测试局")
            .replacingOccurrences(of: "  - { slug: plans", with: "\t- { slug: plans"), to: "content/site.yaml")
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/site.yaml:2:7: 错误 error: 第 2 行在字段名 `agency` 后面用了全角冒号“：”"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/site.yaml:\(plans + 1):1: 错误 error: 第 \(plans + 1) 行的缩进用了 Tab 键"), run.stderr)
        XCTAssertTrue(run.stderr.contains("共 2 个错误"), run.stderr)
    }

    /// A statistics.yaml as an editor types it from a published table: a cell copied as “-”
    /// (which YAML cannot read in brackets), a key with a full-width colon, and a row with a
    /// blank cell further down. Each is named once at its line in the same run; the comments
    /// with full-width commas after the rows, and `proactive:` with only a comment, are no mistakes.
    func testAStatisticsFileTypedFromAPublishedTableNamesEveryMistakeOnce() throws {
        let site = try SiteFixture(fixture: "authoring")
        let path = "content/annual-reports/2021/statistics.yaml"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func row(_ key: String) throws -> Int {
            try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  \(key):") && $0.contains("[") }, key)
        }
        let dash = try row("received"), colon = try row("disclosed"), blank = try row("partially_disclosed")
        lines[dash] = "  received:            [3, -, 0, 0, 1, 0, 4]   # 一、本年新收（自然人，法人……）"
        lines[colon] = "  disclosed：           [0, 0, 0, 0, 0, 0, 0]"
        lines[blank] = "  partially_disclosed: [0, 0, 0, 0, , 0, 0]   # 三（二）部分公开（区分处理的，只计这一情形）"
        let section = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("applications:") })
        lines[section] = "applications:          # 三、收到和处理政府信息公开申请情况（自然人，法人或其他组织）"
        try site.write(lines.joined(separator: "\n"), to: path)
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1)
        let reported = run.stderr.split(separator: "\n").filter { $0.hasPrefix(path + ":") }.map(String.init)
        XCTAssertEqual(reported.count, 3, run.stderr)
        XCTAssertTrue(reported.contains { $0.hasPrefix("\(path):\(dash + 1):") && $0.contains("只写了“-”") }, run.stderr)
        XCTAssertTrue(reported.contains { $0.hasPrefix("\(path):\(colon + 1):") && $0.contains("全角冒号") }, run.stderr)
        XCTAssertTrue(reported.contains { $0.hasPrefix("\(path):\(blank + 1):") && $0.contains("未填写") }, run.stderr)
        XCTAssertTrue(run.stderr.contains("写 ~，并在文件开头加 as_published: true"), run.stderr)
        XCTAssertFalse(run.stderr.contains("全角逗号"), "a comment after the brackets is prose:\n\(run.stderr)")
        XCTAssertFalse(run.stderr.contains("多了"), "a key with only a comment has no value:\n\(run.stderr)")
        XCTAssertFalse(run.stderr.contains("did not find expected"), run.stderr)
    }

    func testABlankStatisticsCellIsSaidOnce() throws {
        let site = try SiteFixture(fixture: "authoring")
        let path = "content/annual-reports/2021/statistics.yaml"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try XCTUnwrap(lines.firstIndex { $0.contains("received:") && $0.contains("[") }, text)
        var edited = lines
        let open = try XCTUnwrap(lines[row].firstIndex(of: "["))
        edited[row] = lines[row][..<open] + "[3, , 0, 0, 1, 0, 5]"
        try site.write(edited.joined(separator: "\n"), to: path)
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1)
        let reported = run.stderr.split(separator: "\n").filter { $0.hasPrefix(path + ":") }
        XCTAssertEqual(reported.count, 1, run.stderr)
        XCTAssertTrue(reported.first?.hasPrefix("\(path):\(row + 1)") ?? false, run.stderr)
        XCTAssertTrue(run.stderr.contains("没有就填 0"), run.stderr)
        XCTAssertFalse(run.stderr.contains("did not find expected node content"), run.stderr)
    }

    func testAMissingClosingLineIsNamedWhereTheBodyStartsAndTheFieldsAreStillChecked() throws {
        let site = try SiteFixture(fixture: "small")
        let file = "content/meetings/2021-05-01-no-closing.md"
        try site.write("---\ntitle: 没有结束行\ndate: 2021.5.1\nindex_no: \(Self.prefix)/2021-00401\n\n为进一步做好工作，见[计划](/plans/no-such-plan/)。\n", to: file)
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("\(file):6: 错误 error: 前置信息没有结束行 `---`：第 6 行看来是正文的开始"), run.stderr)
        // The fields above and the body below are still checked in the same run.
        XCTAssertTrue(run.stderr.contains("\(file):3:7: 错误 error: `date` 的日期“2021.5.1”写法不对，日期要写成“年-月-日”：2021-05-01"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(file):6: 错误 error: 链接“/plans/no-such-plan/”"), run.stderr)
        XCTAssertTrue(run.stderr.contains("共 3 个错误"), run.stderr)
    }
}
