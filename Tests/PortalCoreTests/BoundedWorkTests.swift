import XCTest
@testable import PortalCore

/// Issue 16: small YAML never makes big work. Aliases are refused (found by libyaml's scanner, so
/// `*` and `&` in text are not mistaken for them), one value is at most 2,000 characters, the
/// lists shown on pages at most 50 entries, and no value holds a control character.
final class BoundedWorkTests: XCTestCase {
    let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/",
                            indexPrefix: "11370305MB2859012X", siteCode: "1",
                            categories: [Category(slug: "meetings", name: "部门会议")])

    func parseItem(_ frontMatter: String, body: String = "正文\n") -> (Item?, [Diagnostic]) {
        ItemParser.parse(text: "---\n\(frontMatter)\n---\n\(body)", file: "content/meetings/a.md", category: "meetings",
                         slug: "a", folder: URL(fileURLWithPath: NSTemporaryDirectory()), config: config)
    }

    static let item = """
    title: 关于开展就业补贴申领的通知
    date: 2021-03-15
    index_no: 11370305MB2859012X/2021-00012
    """

    static let site = """
    title: 测试局政府信息公开
    agency: 测试局
    base_url: https://example.gov.cn
    index_prefix: 11370305MB2859012X
    site_code: "3703050013"
    categories:
      - { slug: meetings, name: 部门会议 }
    """

    /// The alias bomb of the issue: one 3,000-character anchor repeated 3,000 times (22 KB).
    static func aliasBomb() -> String {
        site + "\ncontact:\n  - &a \"" + String(repeating: "x", count: 3_000) + "\"\n"
            + String(repeating: "  - *a\n", count: 3_000)
    }

    // MARK: aliases

    func testTheAliasBombSiteYAMLIsRefusedFastAtTheAlias() {
        let text = Self.aliasBomb()
        let start = Date()
        let result = SiteConfig.parse(text)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
        guard case .failure(let error) = result else { return XCTFail("the alias bomb was accepted") }
        XCTAssertEqual(error.diagnostics.count, 1)
        let diagnostic = error.diagnostics[0]
        XCTAssertEqual(diagnostic.file, "content/site.yaml")
        // Lines 1–7 are the keys, 8 `contact:`, 9 the anchor, 10 the first alias.
        XCTAssertEqual(diagnostic.line, 10)
        XCTAssertTrue(diagnostic.message.zh.hasPrefix("不支持 YAML 锚点/别名（&名称 / *名称）"), diagnostic.message.zh)
        XCTAssertTrue(diagnostic.message.zh.contains("第 9 行"), diagnostic.message.zh)
        XCTAssertTrue(diagnostic.message.en.contains("`*a`"), diagnostic.message.en)
        XCTAssertTrue(diagnostic.hint?.zh.contains("请把内容直接写出来") ?? false)
    }

    func testAliasesInItemFrontMatterAreRefusedAtTheirLine() {
        let (item, diagnostics) = parseItem(Self.item + "\npublisher: &p 临淄区就业服务中心\ndoc_no: *p")
        XCTAssertNil(item)
        XCTAssertEqual(diagnostics.map(\.line), [6], "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.en.contains("anchors and aliases"))
        // The same in a list (the fast one-line reader must not read it).
        let (listItem, listProblems) = parseItem(Self.item + "\ntopics: [&t 就业, *t, *t]")
        XCTAssertNil(listItem)
        XCTAssertEqual(listProblems.map(\.line), [5])
    }

    func testAnAnchorAloneIsRefusedAtTheAnchor() {
        let (item, diagnostics) = parseItem(Self.item + "\npublisher: &p 临淄区就业服务中心")
        XCTAssertNil(item)
        XCTAssertEqual(diagnostics.map(\.line), [5])
        XCTAssertEqual(diagnostics.first?.column, 12)
        XCTAssertTrue(diagnostics[0].message.en.contains("`&p`"), diagnostics[0].message.en)
    }

    func testAliasesInStatisticsAndReportFrontMatterAreRefused() {
        guard case .failure(let problem) = YAMLDocument.parse("year: 2021\na: &x [1, 2]\nb: *x\n", file: "content/annual-reports/2021/statistics.yaml")
        else { return XCTFail("accepted") }
        XCTAssertEqual(problem.line, 3)
        let split = try? FrontMatter.split("---\ntitle: &t 年报\nyear: 2021\n---\n正文\n", file: "content/annual-reports/2021/index.md").get()
        guard case .failure(let reportProblem)? = split?.fields(file: "content/annual-reports/2021/index.md")
        else { return XCTFail("accepted") }
        XCTAssertEqual(reportProblem.line, 2)
    }

    func testStarsAndAmpersandsInTextAreNotAliases() throws {
        let (item, diagnostics) = parseItem("""
        # 注释里的 &x 和 *x 不是锚点
        title: "*重要*通知"
        date: 2021-03-15
        index_no: 11370305MB2859012X/2021-00012
        publisher: A&B 联合办公室 # 又一个 &y
        doc_no: 标题 *强调* 与 &符号
        topics: [A&B, "*x", 'y*']
        validity: 有效 # &z
        """)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(item?.title, "*重要*通知")
        XCTAssertEqual(item?.publisher, "A&B 联合办公室")
        XCTAssertEqual(item?.docNo, "标题 *强调* 与 &符号")
        XCTAssertEqual(item?.topics, ["A&B", "*x", "y*"])
    }

    func testStarsAndAmpersandsInBlockAndFlowTextAreNotAliases() {
        let text = """
        title: |
          *第一行* &amp
          - *不是列表* &x
        items: { a: "*b", c: 'd&e', f: g*h }
        note: >
          &x *y
        # &z *z
        """
        guard case .success(let root) = YAMLDocument.parse(text, file: "x.yaml") else { return XCTFail("refused") }
        XCTAssertEqual(root?["title"]?.string, "*第一行* &amp\n- *不是列表* &x\n")
        XCTAssertNil(YAMLBounds.firstAlias(in: text))
    }

    // MARK: sizes

    func testAValueOverTheLimitIsAnErrorWithItsLine() {
        let long = String(repeating: "长", count: YAMLBounds.maxValueLength + 1)
        let (item, diagnostics) = parseItem(Self.item + "\ndoc_no: \(long)")
        XCTAssertNil(item)
        XCTAssertEqual(diagnostics.map(\.line), [5])
        XCTAssertTrue(diagnostics[0].message.zh.contains("超过了上限 2000 个字符"), diagnostics[0].message.zh)
        XCTAssertEqual(diagnostics[0].file, "content/meetings/a.md")
        // At the limit it is read (through the one-line reader or Yams alike).
        let atLimit = String(repeating: "长", count: YAMLBounds.maxValueLength)
        guard case .success = YAMLDocument.parse("doc_no: \(atLimit)\n", file: "x.yaml") else { return XCTFail("refused at the limit") }
    }

    func testALongSiteValueIsAnError() {
        let text = Self.site + "\ncontact:\n  - \"" + String(repeating: "x", count: 3_000) + "\"\n"
        guard case .failure(let error) = SiteConfig.parse(text) else { return XCTFail("accepted") }
        XCTAssertEqual(error.diagnostics.map(\.line), [9])
        XCTAssertTrue(error.diagnostics[0].message.en.contains("limit of 2000 characters"))
    }

    func testListsOverFiftyEntriesAreErrors() {
        let topics = (1...51).map { "主题\($0)" }
        // One line (the fast reader gives up and Yams' path reports) and a block list alike.
        let (flowItem, flow) = parseItem(Self.item + "\ntopics: [\(topics.joined(separator: ", "))]")
        XCTAssertNil(flowItem)
        XCTAssertEqual(flow.map(\.line), [5])
        XCTAssertTrue(flow.first?.message.zh.contains("超过了上限 50 项") ?? false, "\(flow)")
        let (blockItem, block) = parseItem(Self.item + "\ntopics:\n" + topics.map { "  - \($0)" }.joined(separator: "\n"))
        XCTAssertNil(blockItem)
        // At the 51st entry.
        XCTAssertEqual(block.map(\.line), [6 + 50])
        let (fiftyItem, fifty) = parseItem(Self.item + "\ntopics: [\(topics.prefix(50).joined(separator: ", "))]")
        XCTAssertEqual(fifty, [])
        XCTAssertEqual(fiftyItem?.topics.count, 50)

        let contact = Self.site + "\ncontact:\n" + (1...51).map { "  - 电话\($0)" }.joined(separator: "\n")
        guard case .failure(let error) = SiteConfig.parse(contact) else { return XCTFail("accepted") }
        XCTAssertEqual(error.diagnostics.map(\.line), [9 + 50])
    }

    // MARK: control characters

    func testControlCharactersWrittenAsEscapesAreErrorsWithTheLine() {
        for escape in [#"\0"#, #"\a"#, #"\e[31m"#, #"\x1b"#, #"\u0007"#, #"\x7f"#, #"\x85"#, #"\N"#, #"\r"#, #"\b"#] {
            let (item, diagnostics) = parseItem(Self.item + "\npublisher: \"a\(escape)b\"")
            XCTAssertNil(item, escape)
            XCTAssertEqual(diagnostics.map(\.line), [5], escape)
            XCTAssertTrue(diagnostics.first?.message.zh.contains("控制字符") ?? false, "\(escape): \(diagnostics)")
        }
        guard case .failure(let problem) = SiteConfig.parse(Self.site + "\ncontact: [\"电话\\e[31m\"]") else { return XCTFail("accepted") }
        XCTAssertEqual(problem.diagnostics.map(\.line), [8])
    }

    func testRawControlCharactersAreErrorsWithTheLine() {
        for raw in ["\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{80}", "\u{9B}"] {
            let (item, diagnostics) = parseItem(Self.item + "\npublisher: a\(raw)b")
            XCTAssertNil(item, "\(raw.unicodeScalars.first!.value)")
            XCTAssertEqual(diagnostics.map(\.line), [5], "\(raw.unicodeScalars.first!.value): \(diagnostics)")
        }
    }

    func testTabsAndLineBreaksAreAccepted() {
        let (item, diagnostics) = parseItem(Self.item + "\npublisher: \"临淄区\\t就业服务中心\"\ndoc_no: \"第一行\\n第二行\"",
                                            body: "正文\t有 Tab\n\n第二段\n")
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(item?.publisher, "临淄区\t就业服务中心")
        XCTAssertEqual(item?.body, "正文\t有 Tab\n\n第二段\n")
    }
}
