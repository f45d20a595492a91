import XCTest
@testable import PortalCore

/// 政策解读 (`interprets`): parsing in `ItemParser`, resolution against what is published on
/// `--now` (`Interpretations`), and the placeholder of `portal new`.
final class InterpretationTests: XCTestCase {
    let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/",
                            indexPrefix: "11370305MB2859012X", siteCode: "1",
                            categories: [Category(slug: "services", name: "管理和服务公开")])
    let today = PlainDate(iso: "2021-12-31")!

    func parse(_ slug: String, _ front: String, body: String = "正文") -> (Item?, [Diagnostic]) {
        ItemParser.parse(text: "---\n\(front)\n---\n\(body)\n", file: "content/services/\(slug).md", category: "services",
                         slug: slug, folder: URL(fileURLWithPath: NSTemporaryDirectory()), config: config)
    }

    func item(_ slug: String, _ date: String, _ serial: Int, extra: String = "") throws -> Item {
        let front = "title: 标题\(serial)\ndate: \(date)\nindex_no: 11370305MB2859012X/\(date.prefix(4))-\(String(format: "%05d", serial))"
            + (extra.isEmpty ? "" : "\n" + extra)
        let (item, problems) = parse(slug, front)
        XCTAssertEqual(problems, [])
        return try XCTUnwrap(item)
    }

    func resolve(_ items: [Item]) -> (relations: [Int: RelatedItems], problems: [Diagnostic]) {
        Interpretations.resolve(items, shown: items.indices.filter { items[$0].isPublished(on: today) }, today: today)
    }

    func testInterpretsTakesOneNumberOrAListAndRemembersItsLine() throws {
        let one = try item("a", "2021-05-24", 2, extra: "interprets: 11370305MB2859012X/2021-00001")
        XCTAssertEqual(one.interprets.map(\.description), ["11370305MB2859012X/2021-00001"])
        XCTAssertEqual(one.interpretsLine, 5)
        let list = try item("b", "2021-05-24", 3, extra: "interprets: [11370305MB2859012X/2021-00001, 11370305MB2859012X/2020-00007, 11370305MB2859012X/2021-00001]")
        XCTAssertEqual(list.interprets.map(\.serial), [1, 7], "in the order written, without repeats")
        let block = try item("c", "2021-05-24", 4, extra: "interprets:\n  - 11370305MB2859012X/2021-00001")
        XCTAssertEqual(block.interprets.map(\.serial), [1])
        XCTAssertEqual(try item("d", "2021-05-24", 5).interprets, [])
    }

    func testAMalformedNumberAndTheItemItselfAreErrorsAtTheLineOfInterprets() {
        let (bad, badProblems) = parse("a", "title: 解读\ndate: 2021-05-24\nindex_no: 11370305MB2859012X/2021-00002\ninterprets: 2021-1")
        XCTAssertNil(bad)
        XCTAssertEqual(badProblems.map(\.line), [5])
        XCTAssertTrue(badProblems[0].message.zh.contains("格式不对"), badProblems[0].message.zh)
        let (own, ownProblems) = parse("a", "title: 解读\ndate: 2021-05-24\nindex_no: 11370305MB2859012X/2021-00002\ninterprets: 11370305MB2859012X/2021-00002")
        XCTAssertNil(own)
        XCTAssertEqual(ownProblems.count, 1)
        XCTAssertEqual(ownProblems.first?.line, 5)
        XCTAssertTrue(ownProblems[0].message.en.contains("cannot interpret itself"), ownProblems[0].message.en)
    }

    func testResolutionLinksBothWaysWithTheInterpretationsNewestFirst() throws {
        let policy = try item("policy", "2021-05-20", 1)
        let older = try item("older", "2021-05-24", 2, extra: "interprets: 11370305MB2859012X/2021-00001")
        let newer = try item("newer", "2021-06-10", 3, extra: "interprets: 11370305MB2859012X/2021-00001")
        let (relations, problems) = resolve([older, policy, newer])
        XCTAssertEqual(problems, [])
        XCTAssertEqual(relations[1]?.interpretations.map(\.url), ["/services/newer/", "/services/older/"])
        XCTAssertEqual(relations[1]?.interpreted, [])
        XCTAssertEqual(relations[0]?.interpreted.map(\.url), ["/services/policy/"])
        XCTAssertEqual(relations[0]?.interpreted.first?.title, "标题1")
        XCTAssertEqual(relations[2]?.interpreted.map(\.url), ["/services/policy/"])
        XCTAssertNotEqual(relations[1]?.cacheKey, relations[0]?.cacheKey)
    }

    func testAnUnknownNumberIsAnErrorNamingTheFileAndLine() throws {
        let interpretation = try item("jd", "2021-05-24", 2, extra: "interprets: 11370305MB2859012X/2021-00099")
        let (relations, problems) = resolve([try item("policy", "2021-05-20", 1), interpretation])
        XCTAssertTrue(relations.isEmpty)
        XCTAssertEqual(problems.map(\.file), ["content/services/jd.md"])
        XCTAssertEqual(problems.map(\.line), [5])
        XCTAssertTrue(problems[0].isError)
        XCTAssertTrue(problems[0].message.zh.contains("11370305MB2859012X/2021-00099"), problems[0].message.zh)
    }

    func testADocumentNotPublishedOnNowIsAnErrorForAPublishedInterpretation() throws {
        let cases = [
            ("draft: true", "草稿", "2021-05-20"),
            ("", "还没到", "2022-02-01"),
            ("expires: 2021-06-30", "下线", "2021-05-20"),
        ]
        for (extra, reason, date) in cases {
            let policy = try item("policy", date, 1, extra: extra)
            let interpretation = try item("jd", "2021-05-24", 2, extra: "interprets: 11370305MB2859012X/\(date.prefix(4))-00001")
            let (relations, problems) = resolve([policy, interpretation])
            XCTAssertTrue(relations.isEmpty, extra)
            XCTAssertEqual(problems.count, 1, extra)
            XCTAssertEqual(problems.first?.file, "content/services/jd.md")
            XCTAssertEqual(problems.first?.line, 5)
            XCTAssertTrue(problems.first?.message.zh.contains(reason) ?? false, problems.first?.message.zh ?? "")
            XCTAssertTrue(problems.first?.message.zh.contains("content/services/policy.md") ?? false)
        }
    }

    func testADraftInterpretationOfADraftIsNoErrorAndLinksNothingOnThePublishedSite() throws {
        let policy = try item("policy", "2021-05-20", 1, extra: "draft: true")
        let interpretation = try item("jd", "2021-05-24", 2, extra: "interprets: 11370305MB2859012X/2021-00001\ndraft: true")
        let (relations, problems) = resolve([policy, interpretation])
        XCTAssertEqual(problems, [])
        XCTAssertTrue(relations.isEmpty)
    }

    func testAPublishedItemStillHoldingThePlaceholderIsAnErrorAndADraftIsNot() throws {
        let front = "title: 标题\ndate: 2021-05-24\nindex_no: 11370305MB2859012X/2021-00002"
        let body = "第一行\n\n" + ItemScaffold.bodyPlaceholder
        let (published, problems) = parse("a", front, body: body)
        XCTAssertNil(published)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.line, 8, "the body starts on line 6; the placeholder is its third line")
        XCTAssertTrue(problems.first?.message.zh.contains("占位文字") ?? false)
        let (draft, draftProblems) = parse("a", front + "\ndraft: true", body: body)
        XCTAssertNotNil(draft)
        XCTAssertEqual(draftProblems, [])
        let scaffold = ItemScaffold.text(title: "标题", date: today, indexNumber: IndexNumber(prefix: "11370305MB2859012X", year: 2021, serial: 2),
                                         publisher: "测试局", draft: true)
        XCTAssertTrue(scaffold.contains("\ndraft: true  # 草稿"), scaffold)
        let (scaffolded, scaffoldProblems) = ItemParser.parse(text: scaffold, file: "content/services/n.md", category: "services", slug: "n",
                                                              folder: URL(fileURLWithPath: NSTemporaryDirectory()), config: config)
        XCTAssertEqual(scaffolded?.draft, true)
        XCTAssertEqual(scaffoldProblems, [])
    }
}
