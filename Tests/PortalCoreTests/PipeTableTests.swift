@testable import PortalCore
import XCTest

/// GitHub-flavoured pipe tables over the system cmark: the table examples of the GFM
/// specification ("Tables (extension)", examples 198–205), then what notices need.
final class PipeTableTests: XCTestCase {
    /// The body's HTML without what we add to GFM's: the scrolling box around each table and the
    /// header cells' `scope`.
    func html(_ markdown: String) -> String {
        MarkdownRenderer.render(markdown).html
            .replacingOccurrences(of: "<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\">\n", with: "")
            .replacingOccurrences(of: " scope=\"col\"", with: "")
            .replacingOccurrences(of: "</table>\n</div>\n", with: "</table>\n")
    }

    func testGFMExample198ASimpleTable() {
        XCTAssertEqual(html("| foo | bar |\n| --- | --- |\n| baz | bim |\n"), """
        <table>
        <thead>
        <tr>
        <th>foo</th>
        <th>bar</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>baz</td>
        <td>bim</td>
        </tr>
        </tbody>
        </table>

        """)
    }

    func testGFMExample199CellsNeedNotLineUpAndColonsAlign() {
        XCTAssertEqual(html("| abc | defghi |\n:-: | -----------:\nbar | baz\n"), """
        <table>
        <thead>
        <tr>
        <th align="center">abc</th>
        <th align="right">defghi</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td align="center">bar</td>
        <td align="right">baz</td>
        </tr>
        </tbody>
        </table>

        """)
    }

    func testGFMExample200AnEscapedPipeIsText() {
        XCTAssertEqual(html("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n"), """
        <table>
        <thead>
        <tr>
        <th>f|oo</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>b <code>|</code> az</td>
        </tr>
        <tr>
        <td>b <strong>|</strong> im</td>
        </tr>
        </tbody>
        </table>

        """)
    }

    func testGFMExample201TheTableEndsAtABlockQuote() {
        XCTAssertEqual(html("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n"), """
        <table>
        <thead>
        <tr>
        <th>abc</th>
        <th>def</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>bar</td>
        <td>baz</td>
        </tr>
        </tbody>
        </table>
        <blockquote>
        <p>bar</p>
        </blockquote>

        """)
    }

    func testGFMExample202TheTableEndsAtABlankLine() {
        XCTAssertEqual(html("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n"), """
        <table>
        <thead>
        <tr>
        <th>abc</th>
        <th>def</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>bar</td>
        <td>baz</td>
        </tr>
        <tr>
        <td>bar</td>
        <td></td>
        </tr>
        </tbody>
        </table>
        <p>bar</p>

        """)
    }

    func testGFMExample203HeaderAndDelimiterMustHaveAsManyCells() {
        XCTAssertEqual(html("| abc | def |\n| --- |\n| bar |\n"), "<p>| abc | def |\n| --- |\n| bar |</p>\n")
    }

    func testGFMExample204ShortRowsAreFilledAndLongRowsCut() {
        XCTAssertEqual(html("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n"), """
        <table>
        <thead>
        <tr>
        <th>abc</th>
        <th>def</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>bar</td>
        <td></td>
        </tr>
        <tr>
        <td>bar</td>
        <td>baz</td>
        </tr>
        </tbody>
        </table>

        """)
    }

    func testGFMExample205AHeaderOnlyTableHasNoBody() {
        XCTAssertEqual(html("| abc | def |\n| --- | --- |\n"), """
        <table>
        <thead>
        <tr>
        <th>abc</th>
        <th>def</th>
        </tr>
        </thead>
        </table>

        """)
    }

    // MARK: - What notices need

    func testATableScrollsInItsOwnBox() {
        let rendered = MarkdownRenderer.render("| 序号 | 姓名 |\n| --: | --- |\n| 1 | 王某某 |\n").html
        XCTAssertTrue(rendered.hasPrefix("<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\">\n<table>\n"), rendered)
        XCTAssertTrue(rendered.contains("<th scope=\"col\" align=\"right\">序号</th>"), rendered)
        XCTAssertTrue(rendered.hasSuffix("</table>\n</div>\n"), rendered)
    }

    func testTextBeforeTheTableStaysAParagraph() {
        let rendered = html("拟聘用人员名单如下：\n| 序号 | 姓名 |\n| --- | --- |\n| 1 | 王某某 |\n")
        XCTAssertTrue(rendered.hasPrefix("<p>拟聘用人员名单如下：</p>\n<table>"), rendered)
    }

    func testCellsAreInlineOnlyAndSafe() {
        let rendered = html("| 标题 | 说明 |\n| --- | --- |\n| # 不是标题 | - 不是列表 |\n| 1. 不是列表 | [链接](/guide/) |\n| _强调_ | <script>x</script> |\n| [a]: /b | [坏](javascript:alert(1)) |\n")
        XCTAssertTrue(rendered.contains("<td># 不是标题</td>"), rendered)
        XCTAssertTrue(rendered.contains("<td>- 不是列表</td>"), rendered)
        XCTAssertTrue(rendered.contains("<td>1. 不是列表</td>"), rendered)
        XCTAssertTrue(rendered.contains("<td><a href=\"/guide/\">链接</a></td>"), rendered)
        XCTAssertTrue(rendered.contains("<td><em>强调</em></td>"), rendered)
        XCTAssertTrue(rendered.contains("<td>[a]: /b</td>"), rendered)
        XCTAssertFalse(rendered.contains("<script>"), rendered)
        XCTAssertFalse(rendered.contains("javascript:"), rendered)
        XCTAssertFalse(rendered.contains("\u{200B}"), rendered)
    }

    func testLinksInCellsAreCheckedAndSearchSeesEveryCell() {
        let markdown = "| 名称 | 链接 |\n| --- | --- |\n| 指南 | [看](/no-such-page/) |\n| 补贴 | 王某某 |\n"
        XCTAssertEqual(MarkdownRenderer.render(markdown).links.map(\.destination), ["/no-such-page/"])
        XCTAssertEqual(MarkdownRenderer.render(markdown).links.first?.line, 3)
        let text = MarkdownRenderer.plainText(markdown)
        for word in ["名称", "链接", "指南", "看", "补贴", "王某某"] { XCTAssertTrue(text.contains(word), text) }
        XCTAssertFalse(text.contains("|"), text)
    }

    func testATableInAListItem() {
        let rendered = html("- 名单：\n\n  | 序号 | 姓名 |\n  | --- | --- |\n  | 1 | 王某某 |\n")
        XCTAssertTrue(rendered.contains("<li>\n<p>名单：</p>\n<table>"), rendered)
        XCTAssertTrue(rendered.contains("<td>王某某</td>"), rendered)
    }

    func testPipesWithoutADelimiterRowAreText() {
        XCTAssertEqual(html("甲 | 乙\n丙 | 丁\n"), "<p>甲 | 乙\n丙 | 丁</p>\n")
        XCTAssertEqual(html("a | b\n---\n"), "<h2>a | b</h2>\n")
    }

    func testAHugeTableRendersInLinearTime() {
        // Up to ~600 KB: rows of five cells, and one paragraph of pipe lines with no delimiter.
        // Linear means 4× the rows take about 4× the time (quadratic: 16×). A ratio of the best of
        // three runs, not a wall-clock limit, so a loaded machine slows both sides alike.
        func table(_ rows: Int) -> String {
            "| 序号 | 姓名 | 性别 | 岗位 | 成绩 |\n| --: | --- | :-: | --- | --: |\n"
                + (1...rows).map { "| \($0) | 王某某 | 男 | 岗位**\($0)** | 80.\($0 % 100) |" }.joined(separator: "\n")
        }
        func noTable(_ rows: Int) -> String { (1...rows).map { "| a | b | \($0) |" }.joined(separator: "\n") }
        func seconds(_ body: String) -> TimeInterval {
            (0..<3).map { _ in
                let started = Date()
                XCTAssertFalse(MarkdownRenderer.render(body).html.isEmpty)
                return Date().timeIntervalSince(started)
            }.min()!
        }
        for make in [table, noTable] {
            let small = seconds(make(5_000)), large = seconds(make(20_000))
            XCTAssertLessThan(large / max(small, 0.001), 10, "5,000 rows: \(small) s, 20,000 rows: \(large) s")
        }
    }
}
