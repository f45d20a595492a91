import XCTest
@testable import PortalCore

/// YAML problems an editor meets, said in Chinese first and placed on the line to look at.
final class YAMLDocumentTests: XCTestCase {
    private func problem(_ text: String, lineOffset: Int = 0) -> Diagnostic? {
        guard case .failure(let diagnostic) = YAMLDocument.parse(text, file: "content/x.yaml", lineOffset: lineOffset) else {
            return nil
        }
        return diagnostic
    }

    func testDuplicateKeyIsReportedAtTheRepetition() throws {
        let diagnostic = try XCTUnwrap(problem("title: a\ndate: 2021-03-15\ntitle: b\n"))
        XCTAssertEqual(diagnostic.line, 3)
        XCTAssertEqual(diagnostic.message.zh, "字段 `title` 重复（第 1 行已有）")
        XCTAssertEqual(diagnostic.message.en, "the key `title` is written twice (first on line 1)")
        XCTAssertNotNil(diagnostic.hint)
    }

    func testDuplicateKeyInFrontMatterCountsTheFileLines() {
        let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/",
                                indexPrefix: "11370305MB2859012X", siteCode: "1",
                                categories: [Category(slug: "meetings", name: "部门会议")])
        let (item, diagnostics) = ItemParser.parse(
            text: "---\ntitle: t\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00001\ndate: 2021-03-16\n---\n",
            file: "content/meetings/a.md", category: "meetings", slug: "a",
            folder: URL(fileURLWithPath: NSTemporaryDirectory()), config: config)
        XCTAssertNil(item)
        XCTAssertEqual(diagnostics.map(\.line), [5], "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.zh.contains("第 3 行已有"), "\(diagnostics)")
    }

    func testDuplicateKeyInANestedMappingIsFoundBelowItsFirst() throws {
        // statistics.yaml: the same key in two mappings is fine; twice in one is not.
        let text = """
        proactive:
          regulations: { issued: 0, repealed: 0, in_force: 0 }
        applications:
          withheld:
            state_secret: [0, 0, 0, 0, 0, 0]
            regulations: [0, 0, 0, 0, 0, 0]
            state_secret: [1, 0, 0, 0, 0, 0]
        """
        let diagnostic = try XCTUnwrap(problem(text))
        XCTAssertEqual(diagnostic.line, 7)
        XCTAssertEqual(diagnostic.column, 5)
        XCTAssertTrue(diagnostic.message.zh.contains("`state_secret`"), diagnostic.message.zh)
    }

    func testDuplicateKeyInAFlowMappingIsFoundOnItsLine() throws {
        let diagnostic = try XCTUnwrap(problem("categories:\n  - { slug: a, name: 甲, slug: b }\n"))
        XCTAssertEqual(diagnostic.line, 2)
        XCTAssertEqual(diagnostic.column, 25)
    }

    func testDuplicateKeyInSiteYamlHasALine() {
        guard case .failure(let error) = SiteConfig.parse("title: a\nagency: b\ntitle: c\n") else {
            return XCTFail("expected failure")
        }
        XCTAssertEqual(error.diagnostics.first?.line, 3)
        XCTAssertTrue(error.diagnostics.first?.message.zh.hasPrefix("字段 `title` 重复") ?? false, "\(error)")
    }

    func testSyntaxErrorsAreExplainedInChineseWithTheParserWordsInEnglishOnly() throws {
        let colon = try XCTUnwrap(problem("title: 通知\nbad: a: b\n"))
        XCTAssertEqual(colon.line, 2)
        XCTAssertTrue(colon.message.zh.hasPrefix("第 2 行的值中有英文冒号加空格“: ”"), colon.message.zh)

        // What no recogniser knows keeps the parser's words, in the English line only.
        let other = try XCTUnwrap(problem("a: 1\n---\nb: 2\n"))
        XCTAssertTrue(other.message.zh.hasPrefix("YAML 格式错误：一个文件中只能有一段 YAML 内容"), other.message.zh)
        XCTAssertFalse(other.message.zh.contains("document"), other.message.zh)
        XCTAssertTrue(other.message.en.hasPrefix("YAML syntax error: "), other.message.en)

        let bracket = try XCTUnwrap(problem("topics: [a, b\ndate: 2021-03-15\n", lineOffset: 1))
        XCTAssertTrue(bracket.message.zh.contains("方括号") || bracket.message.zh.contains("冒号"), bracket.message.zh)

        let tab = try XCTUnwrap(problem("a:\n\tb: 1\n"))
        XCTAssertTrue(tab.message.zh.contains("Tab"), tab.message.zh)
    }

    func testEveryMessageStartsInChinese() {
        for text in ["a: [1, 2", "a: 'x", "a: \"\\q\"", "a: @x", "- a\nb: c", "a: *x", "a: 1\n---\nb: 2", "{ a: 1"] {
            guard let diagnostic = problem(text) else { continue }
            let zh = diagnostic.message.zh
            let words = zh.hasPrefix("YAML 格式错误：") ? String(zh.dropFirst("YAML 格式错误：".count)) : zh
            let first = words.unicodeScalars.first
            XCTAssertTrue(first.map { $0.value >= 0x3000 } ?? false, "\(text): \(diagnostic.message.zh)")
        }
    }

    func testEveryRepeatedKeyIsNamedAndTheRestIsStillRead() throws {
        let text = "title: a\ncategories:\n  - { slug: a, name: 甲, slug: b }\ntitle: c\nattachments:\n  - x\nattachments:\n  - y\n  - z\ndate: 1\n"
        let reading = YAMLDocument.read(text, file: "content/x.yaml")
        XCTAssertTrue(reading.readable)
        // One message per repeated key, at its repetition (`read` blanks each and reads again).
        let sorted = reading.diagnostics.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        XCTAssertEqual(sorted.map(\.line), [3, 4, 7], "\(reading.diagnostics)")
        XCTAssertEqual(sorted[1].message.zh, "字段 `title` 重复（第 1 行已有）", "\(reading.diagnostics)")
        // The first of each pair is what is read; the category keeps its name.
        let root = try XCTUnwrap(reading.root?.mapping)
        XCTAssertEqual(root["title"]?.string, "a")
        XCTAssertEqual(root["categories"]?.sequence?.first?.mapping?["name"]?.string, "甲")
        XCTAssertEqual(root["attachments"]?.sequence?.count, 1)
        XCTAssertEqual(root["date"]?.string, "1")
    }

    func testTwoMistakesOnOneLineAreBothNamed() {
        let reading = YAMLDocument.read("title: 乙\nattachments:\n\t- { file：a.csv, title: b }\nwritten：2021.4.1\n", file: "content/x.yaml")
        XCTAssertTrue(reading.readable, "\(reading.diagnostics)")
        let said = reading.diagnostics.map { "\($0.line ?? 0) \($0.message.zh)" }.sorted()
        XCTAssertEqual(said.count, 3, "\(said)")
        XCTAssertTrue(said[0].hasPrefix("3 第 3 行在字段名 `file` 后面用了全角冒号"), "\(said)")
        XCTAssertTrue(said[1].hasPrefix("3 第 3 行的缩进用了 Tab 键"), "\(said)")
        XCTAssertTrue(said[2].hasPrefix("4 第 4 行在字段名 `written` 后面用了全角冒号"), "\(said)")
    }
}
