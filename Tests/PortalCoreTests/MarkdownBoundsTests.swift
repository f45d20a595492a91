import XCTest
@testable import PortalCore

/// Issue 16: no body, whatever its content, takes the installed cmark (0.30.2) long. The one
/// quadratic shape (CVE-2023-22486, `![[]()` repeated) is refused before cmark; every other case
/// of cmark's pathological tests is timed here at about 600 KB and must render fast as it is.
final class MarkdownBoundsTests: XCTestCase {
    static let size = 600_000

    static func repeated(_ unit: String, _ size: Int = size) -> String {
        String(repeating: unit, count: max(1, size / unit.utf8.count))
    }

    /// cmark's pathological tests (test/pathological_tests.py) and a few more of the same kind,
    /// at about 600 KB each; none of them has the quadratic shape.
    static let linearCatalogue: [(String, String)] = [
        ("nested strong emph", repeated("*a **a ", size / 2) + "b" + repeated(" a** a*", size / 2)),
        ("many emph closers with no openers", repeated("a_ ")),
        ("many emph openers with no closers", repeated("_a ")),
        ("many 3-emph a***", repeated("a***")),
        ("many link closers with no openers", repeated("a]")),
        ("many link openers with no closers", repeated("[a")),
        ("many image openers with no closers", repeated("![a")),
        ("mismatched openers and closers", repeated("*a_ ")),
        ("openers and closers multiple of 3", "a**b" + repeated("c* ")),
        ("link openers and emph closers", repeated("[ a_")),
        ("pattern [ (]( repeated", repeated("[ (](")),
        ("link text with emph [*a](", repeated("[*a](")),
        ("nested brackets", String(repeating: "[", count: size / 2) + "a" + String(repeating: "]", count: size / 2)),
        ("nested block quotes", String(repeating: ">", count: size) + "a"),
        ("deeply nested lists", (0..<700).map { String(repeating: "  ", count: $0) + "* a\n" }.joined()),
        ("nested list markers on one line", repeated("- ") + "a"),
        ("backticks", (1..<1090).map { "e" + String(repeating: "`", count: $0) }.joined()),
        ("unclosed links A", repeated("[a](<b")),
        ("unclosed links B", repeated("[a](b")),
        ("unclosed <!--", "</" + repeated("<!--")),
        ("unclosed <?", repeated("a <?")),
        ("unclosed <![CDATA[", repeated("a <![CDATA[")),
        ("unclosed <!A", repeated("a <!A ")),
        ("many link reference definitions", (1..<50_000).map { "[\($0)]: u\n" }.joined() + repeated("[0] ", 20_000)),
        ("many uses of one reference", "[a]: /u\n\n" + repeated("[a] ")),
        ("nested parentheses in a destination", "[a](" + String(repeating: "(", count: size / 2) + String(repeating: ")", count: size / 2) + ")"),
        ("runs of 50 stars", repeated(String(repeating: "*", count: 50) + "a ")),
        ("entities", repeated("&#")),
        ("table-like pipes", repeated("| 项目 | 数量 |\n")),
        ("escaped brackets", repeated("\\[")),
        ("escaped image openers", repeated("\\![[]()")),
        ("image openers each closed", repeated("![a](b.png)")),
    ]

    func testEveryLinearPathologicalCaseRendersFast() {
        var slow: [String] = []
        for (name, body) in Self.linearCatalogue {
            XCTAssertNil(MarkdownShape.quadraticRun(in: body), "\(name) is refused, but cmark handles it")
            let start = Date()
            _ = MarkdownRenderer.render(body)
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "cmark %-40@ %7d bytes %.3f s", name as NSString, body.utf8.count, seconds))
            // 1 s is the requirement; 2 s leaves room for the shared machine.
            if seconds > 2 { slow.append("\(name): \(seconds) s") }
        }
        XCTAssertEqual(slow, [])
    }

    /// The quadratic shapes: refused by the scan in well under a second, with the line the run starts on.
    static let quadraticCatalogue: [(String, String)] = [
        ("![[]() repeated (CVE-2023-22486)", repeated("![[]()")),
        ("![[a](b) repeated", repeated("![[a](b)")),
        ("open ![ then links", repeated("![", size / 2) + repeated("[a](b)", size / 2)),
        ("![[]() on separate lines of one paragraph", repeated("![[]()\n")),
    ]

    func testQuadraticShapesAreRefusedFastWithTheLine() throws {
        for (name, body) in Self.quadraticCatalogue {
            let file = "---\ntitle: 通知\n---\n\n正文第一段。\n\n" + body
            let start = Date()
            let result = FrontMatter.split(file, file: "content/meetings/a.md")
            let seconds = Date().timeIntervalSince(start)
            XCTAssertLessThan(seconds, 1, name)
            guard case .failure(let diagnostic) = result else { XCTFail("\(name) was accepted"); continue }
            // The body starts on line 4; the run on line 7 (the first `![`).
            XCTAssertEqual(diagnostic.line, 7, name)
            XCTAssertEqual(diagnostic.file, "content/meetings/a.md")
            XCTAssertTrue(diagnostic.message.zh.contains("![") && diagnostic.message.en.contains("refused"), name)
            // The bytes reader leaves it to the text reader, which reports it.
            let bytes = Array(file.utf8)
            XCTAssertNil(bytes.withUnsafeBufferPointer { FrontMatter.split(bytes: $0) }, name)
            // Should such a body reach the renderer by another way, it still renders fast.
            let renderStart = Date()
            let rendered = MarkdownRenderer.render(body)
            let renderSeconds = Date().timeIntervalSince(renderStart)
            print(String(format: "cmark %-40@ %7d bytes refused in %.3f s, rendered anyway in %.3f s",
                         name as NSString, body.utf8.count, seconds, renderSeconds))
            XCTAssertLessThan(renderSeconds, 2, name)
            XCTAssertFalse(rendered.html.isEmpty, name)
        }
    }

    func testTheRunIsReportedWhereItStarts() {
        let body = "第一段，有[链接](/a/)和![图](b.png)。\n\n第二段\n" + Self.repeated("![[]()", 60_000)
        // The run is in the paragraph of line 3, and starts on line 4 (its first open `![`).
        XCTAssertEqual(MarkdownShape.quadraticRun(in: body), 4)
    }

    /// Real notices: links, images, tables of `|`, emphasis, brackets in Chinese text, many of
    /// them in one paragraph.
    func testRealNoticesAreNotRefused() {
        let paragraph = "根据《中华人民共和国政府信息公开条例》[第二十条](/policies/regulation/)的规定，现将**有关事项**通知如下：[2021]12号文件见"
            + "![附件图](attachments/scan-1.png)、[附件1](a.pdf)、[附件2](b.xlsx) 和 *说明* [见上文] [^1] \\[注\\] 。"
        let table = "| 项目 | 数量 | 链接 |\n|---|---|---|\n" + String(repeating: "| 补贴 | 12 | [详情](/x/) ![图](y.png) |\n", count: 200)
        let notice = String(repeating: paragraph + "\n", count: 400) + "\n" + table + "\n" + String(repeating: paragraph + "\n\n", count: 400)
        XCTAssertGreaterThan(notice.utf8.count, 200_000)
        XCTAssertNil(MarkdownShape.quadraticRun(in: notice))
        guard case .success = FrontMatter.split("---\ntitle: 通知\n---\n" + notice, file: "a.md") else { return XCTFail("refused") }
    }
}
