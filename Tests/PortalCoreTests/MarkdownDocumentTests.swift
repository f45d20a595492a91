@testable import PortalCore
import XCTest

/// Documents as agencies write them (issue 17): masked numbers, pasted HTML, pictures, and the
/// 公文 conventions (chapter titles, 落款, 附件 lists).
final class MarkdownDocumentTests: XCTestCase {
    func html(_ markdown: String) -> String { MarkdownRenderer.render(markdown).html }

    // MARK: Masked numbers

    func testMaskedIdentityAndPhoneNumbersStayLiteral() {
        XCTAssertEqual(html("王某某（370305********1234）、李某某（370305********246X）"),
                       "<p>王某某（370305********1234）、李某某（370305********246X）</p>\n")
        XCTAssertEqual(html("138****5678、139****1234"), "<p>138****5678、139****1234</p>\n")
    }

    func testMaskedNumbersInListHeadingAndTableCell() {
        XCTAssertEqual(html("- 370305********1234\n- 138****5678\n"),
                       "<ul>\n<li>370305********1234</li>\n<li>138****5678</li>\n</ul>\n")
        XCTAssertEqual(html("## 138****5678 的说明\n"), "<h2>138****5678 的说明</h2>\n")
        let table = html("| 姓名 | 身份证号 |\n| --- | --- |\n| 王某某 | 370305********246X |\n")
        XCTAssertTrue(table.contains("<td>370305********246X</td>"), table)
    }

    func testMaskedNumbersInCodeAreUnchanged() {
        XCTAssertEqual(html("`138****5678`"), "<p><code>138****5678</code></p>\n")
        XCTAssertEqual(html("```\n138****5678\n```\n"), "<pre><code>138****5678\n</code></pre>\n")
        XCTAssertEqual(html("正文\n\n    138****5678\n"), "<p>正文</p>\n<pre><code>138****5678\n</code></pre>\n")
        XCTAssertEqual(html("| 号码 |\n| --- |\n| `138****5678` |\n").contains("<code>138****5678</code>"), true)
    }

    func testEscapedBackticksOpenNoCodeSpan() {
        XCTAssertEqual(html("\\`138****5678\\`"), "<p>`138****5678`</p>\n")
        XCTAssertEqual(html("> 电话 138****5678\n"), "<blockquote>\n<p>电话 138****5678</p>\n</blockquote>\n")
    }

    func testRealEmphasisStillWorks() {
        XCTAssertEqual(html("**重要**"), "<p><strong>重要</strong></p>\n")
        XCTAssertEqual(html("3 * 4 * 5"), "<p>3 * 4 * 5</p>\n")
        XCTAssertEqual(html("共*3*项"), "<p>共<em>3</em>项</p>\n")
    }

    func testEscapingKeepsLinkLines() {
        let links = MarkdownRenderer.render("138****5678\n\n[a](/x/)\n").links
        XCTAssertEqual(links.map(\.line), [3])
    }

    func testPlainTextOfMaskedNumber() {
        XCTAssertEqual(MarkdownRenderer.plainText("电话 138****5678"), "电话 138****5678")
    }

    // MARK: Raw HTML

    func testPastedHTMLIsSurveyedWithLineAndTag() {
        let survey = MarkdownRenderer.survey("正文\n\n<table>\n<tr><td>1</td></tr>\n</table>\n\n第一行<br>第二行<br>\n**a** <b>b</b>\n")
        XCTAssertEqual(survey.rawHTML, [RawHTMLUse(line: 3, tag: "table"), RawHTMLUse(line: 7, tag: "br"),
                                        RawHTMLUse(line: 8, tag: "b")])
    }

    func testPastedHTMLInATableCellHasItsLine() {
        let survey = MarkdownRenderer.survey("| a |\n| --- |\n| x<br>y |\n")
        XCTAssertEqual(survey.rawHTML, [RawHTMLUse(line: 3, tag: "br")])
    }

    // MARK: Images

    func testImagesAreSurveyedWithAltAndLine() {
        let survey = MarkdownRenderer.survey("文字\n\n![现场 *照片*](a.png)\n\n| 图 |\n| --- |\n| ![](b.jpg) |\n")
        XCTAssertEqual(survey.images, [MarkdownImage(destination: "a.png", alt: "现场 照片", line: 3),
                                       MarkdownImage(destination: "b.jpg", alt: "", line: 7)])
    }

    func testImageBesideTheItemGetsSizeAndLazyLoading() {
        let page = MarkdownRenderer.render("![会议\"现场\"](a.png \"标题\")",
                                           images: ["a.png": ImageDimensions(width: 640, height: 480)]).html
        XCTAssertEqual(page, "<p><img src=\"a.png\" alt=\"会议&quot;现场&quot;\" title=\"标题\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\" /></p>\n")
    }

    func testImageHeaders() {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        png += [0, 0, 0x02, 0x80, 0, 0, 0x01, 0xE0]
        XCTAssertEqual(ImageHeader.dimensions(png), ImageDimensions(width: 640, height: 480))
        XCTAssertEqual(ImageHeader.dimensions(Array("GIF89a".utf8) + [0x10, 0, 0x20, 0]), ImageDimensions(width: 16, height: 32))
        // JPEG: SOI, an APP0 segment, then SOF2 (progressive).
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC2, 0, 11, 8, 0x01, 0x2C, 0x00, 0xC8, 3, 0, 0, 0]
        XCTAssertEqual(ImageHeader.dimensions(jpeg), ImageDimensions(width: 200, height: 300))
        var webpX: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array("VP8X".utf8)
        webpX += [10, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 49, 0, 0]
        XCTAssertEqual(ImageHeader.dimensions(webpX), ImageDimensions(width: 100, height: 50))
        var webpL: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array("VP8L".utf8) + [0, 0, 0, 0, 0x2F]
        // width-1 = 9, height-1 = 4: bits 0–13 and 14–27.
        let bits = 9 | 4 << 14
        webpL += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24 & 0xFF), 0, 0, 0, 0, 0]
        XCTAssertEqual(ImageHeader.dimensions(webpL), ImageDimensions(width: 10, height: 5))
        XCTAssertNil(ImageHeader.dimensions(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)))
        XCTAssertNil(ImageHeader.dimensions([0xFF, 0xD8, 0xFF]))
    }

    // MARK: Document conventions

    func testChapterTitlesAreCentred() {
        XCTAssertEqual(html("## 第一章　总则\n\n正文\n\n## 第十二节 附则\n\n## 第一章规定\n"), """
        <div class="doc-chapter">
        <h2>第一章　总则</h2>
        </div>
        <p>正文</p>
        <div class="doc-chapter">
        <h2>第十二节 附则</h2>
        </div>
        <h2>第一章规定</h2>

        """)
    }

    func testSignatureIsRightAligned() {
        XCTAssertEqual(html("特此通知。\n\n某某市人民政府办公室\n2021年3月15日\n"), """
        <p>特此通知。</p>
        <div class="doc-signature">
        <p>某某市人民政府办公室<br />
        2021年3月15日</p>
        </div>

        """)
        XCTAssertEqual(html("特此通知。\n\n某某市人民政府办公室\n\n二〇二一年三月十五日\n"), """
        <p>特此通知。</p>
        <div class="doc-signature">
        <p>某某市人民政府办公室</p>
        <p>二〇二一年三月十五日</p>
        </div>

        """)
        // A sentence that ends in a date is not a 落款.
        XCTAssertEqual(html("本办法自公布之日起施行，有效期至二〇二六年三月十五日，期满前由市政府办公室负责评估并提出意见。2026年3月15日\n"),
                       "<p>本办法自公布之日起施行，有效期至二〇二六年三月十五日，期满前由市政府办公室负责评估并提出意见。2026年3月15日</p>\n")
    }

    func testDatesOfASignature() {
        for date in ["2021年3月15日", "2021 年 3 月 15 日", "二〇二一年三月十五日", "2021年12月1日\u{3000}",
                     "2021\u{F98E}3月15日"] {  // U+F98E is canonically 年: a Character equal to it
            XCTAssertTrue(DocumentConventions.isDate(date), date)
        }
        for notDate in ["2021年3月15日起", "21年3月15日", "2021年3月15", "2021年15日3月", "2021月3年15日",
                        "2021年3月15日5", "2021年1234月5日", "2021年3月日", "2021年3月15日日"] {
            XCTAssertFalse(DocumentConventions.isDate(notDate), notDate)
        }
    }

    func testAttachmentListsInTheBody() {
        XCTAssertEqual(html("附件：1. 某某办法\n　　　2. 某某申请表\n"), """
        <div class="doc-attachments">
        <p class="doc-attachments-label">附件：</p>
        <ol>
        <li>某某办法</li>
        <li>某某申请表</li>
        </ol>
        </div>

        """)
        XCTAssertEqual(html("附件：\n1. 某某办法\n2. 某某申请表\n"), """
        <div class="doc-attachments">
        <p>附件：</p>
        <ol>
        <li>某某办法</li>
        <li>某某申请表</li>
        </ol>
        </div>

        """)
        XCTAssertEqual(html("附件：某某办法\n"), "<p>附件：某某办法</p>\n")
    }
}

/// What a warning for pasted HTML tells the editor to write instead.
final class RawHTMLWarningTests: XCTestCase {
    func hint(_ tag: String) -> String {
        ItemPagesStep.rawHTMLWarning(RawHTMLUse(line: 3, tag: tag), file: "content/a/b.md", line: 9).hint?.zh ?? ""
    }

    func testEachTagKindHasItsOwnAdvice() {
        let warning = ItemPagesStep.rawHTMLWarning(RawHTMLUse(line: 3, tag: "table"), file: "content/a/b.md", line: 9)
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertEqual(warning.location, "content/a/b.md:9")
        XCTAssertTrue(warning.message.zh.contains("<table>"))
        XCTAssertTrue(hint("td").contains("| --- |"))
        XCTAssertTrue(hint("h3").contains("##"))
        XCTAssertTrue(hint("strong").contains("**重要**"))
        XCTAssertTrue(hint("br").contains("空一行"))
        XCTAssertTrue(hint("a").contains("[文字](网址)"))
        XCTAssertTrue(hint("img").contains("![说明](文件名)"))
        XCTAssertTrue(hint("span").contains("Markdown"))
    }

    func testPictureDestinationsBesideTheItem() {
        XCTAssertEqual(ItemPagesStep.besideName("现场.png"), "现场.png")
        XCTAssertEqual(ItemPagesStep.besideName("./a.png"), "a.png")
        XCTAssertEqual(ItemPagesStep.besideName("%E7%8E%B0.png"), "现.png")
        XCTAssertNil(ItemPagesStep.besideName("/assets/logo.png"))
        XCTAssertNil(ItemPagesStep.besideName("https://example.org/a.png"))
        XCTAssertTrue(ItemPagesStep.isShowable("A.JPEG"))
        XCTAssertFalse(ItemPagesStep.isShowable("a.svg"))
    }
}
