import XCTest
@testable import PortalCore

final class FileNameRulesTests: XCTestCase {
    private func item(_ name: String) -> [Diagnostic] {
        FileNameRules.itemFileProblems(name: name, category: "livelihood")
    }

    private func attachment(_ name: String) -> [Diagnostic] {
        FileNameRules.attachmentProblems(file: name)
    }

    /// Every problem is an error that says what is wrong and how to fix it, in both languages.
    private func assertRefused(_ problems: [Diagnostic], containing zh: String, _ en: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(problems.isEmpty, "expected a problem", file: file, line: line)
        XCTAssertTrue(problems.allSatisfy { $0.isError && $0.hint != nil }, "\(problems)", file: file, line: line)
        XCTAssertTrue(problems.contains { $0.message.zh.contains(zh) && $0.message.en.contains(en) },
                      "\(problems)", file: file, line: line)
    }

    // MARK: Items

    func testOrdinaryItemNamesAreAccepted() {
        for name in ["notice-01.md", "2021-03-15-subsidy-notice.md", "关于补贴的公告.md", "a b.md", "index.md", "pages.md"] {
            XCTAssertEqual(item(name), [], name)
        }
    }

    func testItemNameOfOnlyTheExtensionIsRefused() {
        let problems = item(".md")
        XCTAssertEqual(problems.count, 1)
        assertRefused(problems, containing: "缺少名称", "name (part of the address) is missing")
        XCTAssertEqual(problems[0].file, "content/livelihood/.md")
    }

    func testItemNamesWithALeadingDotAreRefused() {
        for name in ["..md", "...md", ".hidden.md"] {
            let problems = item(name)
            XCTAssertEqual(problems.count, 1, name)
            assertRefused(problems, containing: "以“.”开头", "starts with a dot")
            XCTAssertEqual(problems[0].file, "content/livelihood/\(name)")
        }
    }

    func testItemNamesWithURLCharactersAreRefused() {
        for (name, character) in [("a#b.md", "#"), ("a?b.md", "?"), ("a%20b.md", "%"), ("a\\b.md", "\\")] {
            assertRefused(item(name), containing: "“\(character)”", "“\(character)”")
        }
        // Several at once: one message naming them all.
        let problems = item("a#b?c.md")
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].message.zh.contains("“#”、“?”"), "\(problems)")
    }

    func testItemNamesWithControlCharactersAreRefused() {
        for name in ["a\tb.md", "a\rb.md", "a\nb.md", "a\u{7F}b.md", "a\u{1}b.md", "a\u{85}b.md"] {
            let problems = item(name)
            assertRefused(problems, containing: "控制字符", "control characters")
            // The file is named on one line, its control characters written out.
            XCTAssertFalse(problems[0].file!.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        XCTAssertEqual(item("a\tb.md")[0].file, "content/livelihood/a\\tb.md")
        XCTAssertEqual(item("a\u{7F}b.md")[0].file, "content/livelihood/aU+007Fb.md")
    }

    func testItemNamesTheBuildWritesInTheCategoryFolderAreRefused() {
        for name in ["index.html.md", "index.html.gz.md", "page.md", "x.gz.md", "x.html.md", "x.htm.md", "X.HTML.md"] {
            let problems = item(name)
            XCTAssertEqual(problems.count, 1, name)
            assertRefused(problems, containing: "冲突", "collides")
        }
        XCTAssertTrue(item("page.md")[0].message.zh.contains("分页目录 page"))
        XCTAssertTrue(item("page.md")[0].message.en.contains("/livelihood/page/"))
    }

    func testItemNamesLongerThanAFolderNameAreRefused() {
        // 85 Chinese characters: 255 bytes, the longest folder name.
        XCTAssertEqual(item(String(repeating: "名", count: 85) + ".md"), [])
        let problems = item(String(repeating: "名", count: 86) + ".md")
        assertRefused(problems, containing: "258 字节", "258 bytes")
    }

    // MARK: Pages

    func testPageNamesOfOnlyADotSayTheRealProblem() {
        XCTAssertTrue(FileNameRules.pageFileProblems(name: ".md")[0].message.zh.contains("缺少名称"))
        XCTAssertTrue(FileNameRules.pageFileProblems(name: "..md")[0].message.zh.contains("以“.”开头"))
        XCTAssertEqual(FileNameRules.pageFileProblems(name: "guide.md"), [])
    }

    func testPageLoaderSaysWhatIsWrongWithADotName() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appendingPathComponent("content")
        let pages = content.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        for name in [".md", "..md", "guide.md"] {
            try Data("---\ntitle: 指南\n---\n正文\n".utf8).write(to: pages.appendingPathComponent(name))
        }
        let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/",
                                indexPrefix: "11370305MB2859012X", siteCode: "1",
                                categories: [Category(slug: "meetings", name: "部门会议")])
        let (loaded, diagnostics) = StandalonePageLoader.load(files: SiteFiles(siteRoot: root), config: config)
        XCTAssertEqual(loaded.map(\.slug), ["guide"])
        let byFile = Dictionary(grouping: diagnostics, by: { $0.file ?? "" })
        XCTAssertEqual(Set(byFile.keys), ["content/pages/.md", "content/pages/..md"], "\(diagnostics)")
        XCTAssertEqual(byFile["content/pages/.md"]?.count, 1)
        XCTAssertTrue(byFile["content/pages/.md"]?[0].message.zh.contains("缺少名称") ?? false, "\(diagnostics)")
        XCTAssertEqual(byFile["content/pages/..md"]?.count, 1)
        XCTAssertTrue(byFile["content/pages/..md"]?[0].message.zh.contains("以“.”开头") ?? false, "\(diagnostics)")
    }

    // MARK: Attachments

    func testOrdinaryAttachmentNamesAreAccepted() {
        for name in ["2021-03-15-subsidy-list.pdf", "名单.xlsx", "photo.JPG", "archive.zip", "data.csv", "README"] {
            XCTAssertEqual(attachment(name), [], name)
        }
    }

    func testAttachmentPathsAndLeadingDotsAreRefused() {
        assertRefused(attachment("../secret.pdf"), containing: "不能包含路径", "without a path")
        assertRefused(attachment(".."), containing: "不能包含路径", "without a path")
        assertRefused(attachment(".hidden.pdf"), containing: "以“.”开头", "starts with a dot")
    }

    func testAttachmentNamesWithURLOrControlCharactersAreRefused() {
        assertRefused(attachment("a#b.pdf"), containing: "“#”", "“#”")
        assertRefused(attachment("a?b.pdf"), containing: "“?”", "“?”")
        assertRefused(attachment("100%.pdf"), containing: "“%”", "“%”")
        assertRefused(attachment("a\\b.pdf"), containing: "“\\”", "“\\”")
        assertRefused(attachment("a\tb.pdf"), containing: "控制字符", "control characters")
        assertRefused(attachment("a\nb.pdf"), containing: "控制字符", "control characters")
        assertRefused(attachment("a\rb.pdf"), containing: "控制字符", "control characters")
    }

    func testActiveContentIsRefusedWithWhatToAttachInstead() {
        for name in ["evil.js", "a.SVG", "x.html", "x.htm", "x.xhtml", "x.xht", "m.mjs", "i.svgz"] {
            let problems = attachment(name)
            XCTAssertEqual(problems.count, 1, name)
            assertRefused(problems, containing: "网页或脚本", "web page or script")
            XCTAssertTrue(problems[0].hint!.zh.contains("PDF") && problems[0].hint!.zh.contains("png"), "\(problems)")
            XCTAssertTrue(problems[0].hint!.en.contains("zip"), "\(problems)")
        }
        // Only the last extension counts: `js.pdf` is a PDF.
        XCTAssertEqual(attachment("notes.js.pdf"), [])
    }

    func testNamesTheBuildWritesInTheItemFolderAreRefused() {
        for name in ["index.html", "index.html.gz", "x.csv.gz", "backup.GZ"] {
            let problems = attachment(name)
            XCTAssertEqual(problems.count, 1, name)
            assertRefused(problems, containing: "同名", "takes a name the build writes")
        }
        XCTAssertTrue(attachment("index.html")[0].message.zh.contains("信息页本身"))
        XCTAssertTrue(attachment("x.csv.gz")[0].hint!.zh.contains("zip"))
    }

    func testAttachmentNamesMustLeaveRoomForTheGzipCopy() {
        // 252 bytes (83 Chinese characters and `.pd`): its `.gz` copy has 255 bytes, the limit.
        let longest = String(repeating: "名", count: 83) + ".pd"
        XCTAssertEqual(longest.utf8.count, 252)
        XCTAssertEqual(attachment(longest), [])
        let tooLong = String(repeating: "名", count: 83) + ".pdf"
        XCTAssertEqual(tooLong.utf8.count, 253)
        let problems = attachment(tooLong)
        XCTAssertEqual(problems.count, 1)
        assertRefused(problems, containing: "253 字节", "253 bytes")
        XCTAssertTrue(problems[0].message.zh.contains("最多 252 字节"), "\(problems)")
        XCTAssertTrue(problems[0].message.zh.contains(".gz"), "\(problems)")
    }
}
