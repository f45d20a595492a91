import XCTest
@testable import PortalCore

final class ItemParserTests: XCTestCase {
    let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/",
                            indexPrefix: "11370305MB2859012X", siteCode: "1",
                            categories: [Category(slug: "meetings", name: "部门会议")])
    let folder = URL(fileURLWithPath: NSTemporaryDirectory())

    func parse(_ text: String) -> (Item?, [Diagnostic]) {
        ItemParser.parse(text: text, file: "content/meetings/a.md", category: "meetings", slug: "a",
                         folder: folder, config: config)
    }

    func testParsesEveryContractField() throws {
        let (item, diagnostics) = parse("""
        ---
        title: 关于2021年度就业创业补贴申领的公告
        date: 2021-03-15
        index_no: 11370305MB2859012X/2021-00012
        publisher: 临淄区就业服务中心
        doc_no: 临人社字〔2021〕12号
        written: 2021-03-10
        topics: [就业创业, 社会保险]
        validity: 有效
        expires: 2021-04-15
        draft: false
        ---
        正文
        """)
        XCTAssertEqual(diagnostics, [])
        let parsed = try XCTUnwrap(item)
        XCTAssertEqual(parsed.title, "关于2021年度就业创业补贴申领的公告")
        XCTAssertEqual(parsed.date.iso, "2021-03-15")
        XCTAssertEqual(parsed.indexNo.serial, 12)
        XCTAssertEqual(parsed.publisher, "临淄区就业服务中心")
        XCTAssertEqual(parsed.docNo, "临人社字〔2021〕12号")
        XCTAssertEqual(parsed.written?.iso, "2021-03-10")
        XCTAssertEqual(parsed.topics, ["就业创业", "社会保险"])
        XCTAssertEqual(parsed.validity, .valid)
        XCTAssertEqual(parsed.expires?.iso, "2021-04-15")
        XCTAssertFalse(parsed.draft)
        XCTAssertEqual(parsed.body, "正文")
        XCTAssertEqual(parsed.url, "/meetings/a/")
    }

    func testPublisherDefaultsToTheAgency() {
        let (item, _) = parse("---\ntitle: t\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00001\n---\n")
        XCTAssertEqual(item?.publisher, "测试局")
    }

    func testReportsAllFrontMatterMistakesWithLines() {
        let (item, diagnostics) = parse("""
        ---
        title: 标题
        date: 2021-02-30
        index_no: 11370305MB2859012X/2020-00001
        validity: 有时有效
        draft: 也许
        expries: 2021-04-01
        ---
        """)
        XCTAssertNil(item)
        let byLine = Dictionary(grouping: diagnostics, by: { $0.line ?? 0 })
        XCTAssertTrue(byLine[3]?.first?.message.en.contains("not a valid date") ?? false, "\(diagnostics)")
        XCTAssertTrue(byLine[5]?.first?.message.zh.contains("有效、失效 或 废止") ?? false, "\(diagnostics)")
        XCTAssertTrue(byLine[6]?.first?.message.en.contains("true or false") ?? false, "\(diagnostics)")
        XCTAssertEqual(byLine[7]?.first?.hint?.en, "Did you mean `expires`?")
        XCTAssertEqual(diagnostics.filter(\.isError).count, 4)
    }

    func testIndexNumberYearMustMatchTheDate() {
        let (_, diagnostics) = parse("---\ntitle: t\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2020-00001\n---\n")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].message.en.contains("differs from the publication year 2021"))
        XCTAssertEqual(diagnostics[0].line, 4)
    }

    func testMissingRequiredKeysAreNamed() {
        let (_, diagnostics) = parse("---\ntopics: [就业创业]\n---\n")
        let english = diagnostics.map(\.message.en)
        XCTAssertTrue(english.contains("the required key `title` is missing"))
        XCTAssertTrue(english.contains("the required key `date` is missing"))
        XCTAssertTrue(english.contains("the required key `index_no` is missing"))
    }

    func testExpiryBeforeTheDateIsAnError() {
        let (_, diagnostics) = parse("---\ntitle: t\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00001\nexpires: 2021-03-01\n---\n")
        XCTAssertTrue(diagnostics.contains { $0.message.en.contains("is before the publication date") })
    }

    func testPublicationFollowsToday() throws {
        let (parsed, _) = parse("---\ntitle: t\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00001\nexpires: 2021-03-31\n---\n")
        let item = try XCTUnwrap(parsed)
        XCTAssertFalse(item.isPublished(on: PlainDate(iso: "2021-03-14")!), "future items wait for their date")
        XCTAssertTrue(item.isPublished(on: PlainDate(iso: "2021-03-15")!))
        XCTAssertTrue(item.isPublished(on: PlainDate(iso: "2021-03-31")!), "the expiry day itself is still shown")
        XCTAssertFalse(item.isPublished(on: PlainDate(iso: "2021-04-01")!))
    }

    private let attachmentHead = "---\ntitle: t\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00001\nattachments:\n"

    func testUnknownAttachmentKeyIsAnErrorAtItsLineWithASuggestion() {
        let (item, all) = parse(attachmentHead + "  - { file: x.pdf, titel: 名单 }\n---\n")
        XCTAssertNil(item)
        // The entry is still checked: x.pdf is not there either.
        XCTAssertEqual(all.count, 2, "\(all)")
        XCTAssertTrue(all.contains { $0.message.en == "attachment “x.pdf” not found" }, "\(all)")
        let diagnostics = all.filter { $0.message.en.contains("unknown key") }
        XCTAssertEqual(diagnostics.count, 1, "\(all)")
        XCTAssertEqual(diagnostics[0].line, 6)
        XCTAssertTrue(diagnostics[0].message.zh.contains("`titel`"), "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.en.contains("`titel`"), "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].hint?.en.contains("Did you mean `title`?") ?? false, "\(diagnostics)")
    }

    func testAttachmentFileAndTitleMustBeTexts() {
        let (_, diagnostics) = parse(attachmentHead + "  - file: [a.pdf, b.pdf]\n    title: { a: b }\n---\n")
        XCTAssertEqual(diagnostics.map(\.line), [6, 7], "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.zh.contains("`file` 应为一段文字"), "\(diagnostics)")
        XCTAssertTrue(diagnostics[1].message.en.contains("`title` must be a single text value"), "\(diagnostics)")
    }

    func testAttachmentNamesFollowTheFileNameRulesAtTheEntryLine() {
        let (item, diagnostics) = parse(attachmentHead + "  - { file: list.pdf }\n  - { file: index.html }\n  - { file: evil.js, title: 脚本 }\n---\n")
        XCTAssertNil(item)
        // list.pdf is not there: three problems, each at its own entry.
        XCTAssertEqual(diagnostics.map(\.line), [6, 7, 8], "\(diagnostics)")
        XCTAssertTrue(diagnostics[1].message.zh.contains("index.html"), "\(diagnostics)")
        XCTAssertTrue(diagnostics[2].message.en.contains("evil.js"), "\(diagnostics)")
    }
}
