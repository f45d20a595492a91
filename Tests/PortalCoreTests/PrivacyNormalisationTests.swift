import XCTest
@testable import PortalCore

/// Disguised numbers a reader still sees as one (found, at the right line), and numbers that
/// only look like them (never found).
final class PrivacyNormalisationTests: XCTestCase {
    /// A valid ID number ending in X (GB 11643 check character), and one of the test cards.
    let id = "37030519850112123X"
    let card16 = "6217001234567893"
    let card19 = "6217001234567890122"

    private func found(_ text: String) -> [(line: Int, column: Int, finding: PrivacyScan.Finding)] {
        PrivacyScan.findings(in: text)
    }

    private func assertID(_ body: String, line: Int = 2, column: Int? = nil, file: StaticString = #filePath, lineNo: UInt = #line) {
        let results = found("第一行\n" + body + "\n末行")
        XCTAssertEqual(results.map(\.finding), [.residentID(id)], body, file: file, line: lineNo)
        XCTAssertEqual(results.first?.line, line, file: file, line: lineNo)
        if let column { XCTAssertEqual(results.first?.column, column, file: file, line: lineNo) }
    }

    func testIDGroupedWithSpaces() { assertID("身份证号：370305 19850112 123X", column: 6) }
    func testIDGroupedWithHyphens() { assertID("370305-1985-0112-123X") }
    func testIDGroupedWithDots() { assertID("号码 370305.19850112.123X。") }
    func testIDInFullWidthDigits() { assertID("身份证３７０３０５１９８５０１１２１２３Ｘ", column: 4) }
    func testIDInNumericEntities() {
        let entities = id.unicodeScalars.map { "&#\($0.value);" }.joined()
        assertID("证号" + entities + "。")
        let hex = id.unicodeScalars.map { "&#x\(String($0.value, radix: 16));" }.joined()
        assertID(hex)
    }
    func testIDWithNamedEntitySpaces() { assertID("370305&nbsp;19850112&nbsp;123X") }
    func testIDWithZeroWidthCharacters() {
        assertID("3703051985\u{200B}0112123X")
        assertID("370305\u{2060}198501\u{FEFF}12\u{200D}123X")
        assertID("370305\u{AD}19850112123X")
    }
    func testIDSplitByEmphasis() {
        assertID("370305198**501121**23X")
        assertID("**37030519850112123X**")
        assertID("370305_19850112_123X")
        assertID("`370305`19850112~~123X~~")
    }
    func testIDSplitByHTMLTags() {
        assertID("370305<b>19850112</b>123X")
        assertID("<span>370305</span><span>19850112123X</span>")
    }
    func testIDWithIdeographicSpaceAndDashes() {
        assertID("370305\u{3000}19850112\u{3000}123X")
        assertID("370305\u{2013}19850112\u{2013}123X")
    }

    func testCardsInGroups() {
        XCTAssertEqual(found("卡号 6217 0012 3456 7893").map(\.finding), [.bankCard(card16)])
        XCTAssertEqual(found("\n卡号：6217-0012-3456-7890-122").map(\.finding), [.bankCard(card19)])
        XCTAssertEqual(found("\n卡号：6217-0012-3456-7890-122").first?.line, 2)
        XCTAssertEqual(found("卡号 ６２１７ ００１２ ３４５６ ７８９３").map(\.finding), [.bankCard(card16)])
    }

    func testMobilesInGroups() {
        for text in ["+86 138 1234 5678", "138 1234 5678", "138-1234-5678", "+86-13812345678", "+8613812345678",
                     "86 138 1234 5678", "１３８１２３４５６７８", "138**1234**5678", "1381234 5678"] {
            XCTAssertEqual(found("联系人\n电话：" + text).map(\.finding), [.mobile("13812345678")], text)
            XCTAssertEqual(found("联系人\n电话：" + text).first?.line, 2, text)
        }
    }

    func testDiagnosticsNameLineAndColumn() {
        let diagnostics = PrivacyScan.diagnostics(in: "a\nb\n号码：３７０３０５ 19850112 123X", file: "content/x/a.md")
        XCTAssertEqual(diagnostics.map(\.location), ["content/x/a.md:3:4"])
    }

    // MARK: - No new false positives

    private func assertNothing(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(found(text).map(\.finding), [], text, file: file, line: line)
    }

    func testIndexNumberPasses() { assertNothing("索引号：11370305MB2859012X/2021-00012") }
    func testCreditCodesPass() { assertNothing("统一社会信用代码 91370305MA3C8XXX1X、11370305MB2859012X") }
    func testDatesPass() { assertNothing("2021-03-15 2021.03.15 2021年3月15日 2021 03 15 2021-3-15") }
    func testLandlinesPass() { assertNothing("0533-7180000 (0533) 718 0000 0533 718 0000 010-1234-5678 0533－7180000") }
    func testDocumentNumbersPass() { assertNothing("临人社字〔2021〕12号 淄政发〔2021〕3号") }
    func testAmountsPass() { assertNothing("合计 1,234,567.89 元；12 345 678.00 元；1234567890123.45") }
    func testTwelveDigitNumbersPass() { assertNothing("053371800001 0533 7180 0001 138 1234 56789") }
    func testMaskedFormsPass() {
        assertNothing("370305********1234 138****5678 ************7893 **370305********123X** 370305 ******** 123X")
    }
    func testTablesOfNumbersPass() {
        assertNothing("2021 276 10 163")
        assertNothing("2019 2020 2021 2022")
        assertNothing("| 2021 | 276 | 10 | 163 |")
        // A 4-4-4-4 row that passes Luhn but starts as no card does (a year).
        assertNothing("2021 2760 1016 3007")
    }
    func testTagsBetweenSeparateFiguresPass() { assertNothing("<td>2021</td><td>276</td><td>10</td><td>163</td> 1<2 3>4")
        assertNothing("<tr><td>6217</td><td>0012</td><td>3456</td><td>7893</td></tr>")
        assertNothing("<td>6217001234</td><td>567893</td>") }
    func testEntitiesThatAreNoDigitsPass() { assertNothing("A&amp;B &lt;138&gt; &#x;&#99999999; &unknown;") }

    /// Most notices hold dates, landlines and amounts: they are scanned once, not normalised too
    /// (normalising every item cost a 10,000-item build 0.45 s); anything that may hide a number is.
    func testOnlyTextsThatMayHideANumberAreNormalised() {
        func gate(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { PrivacyText.mayHideNumbers($0) }
        }
        XCTAssertFalse(gate("发布日期 2021-03-15。电话 0533-7180000，金额 82.45 元，第 3.2 条，2021 276 10 163。"))
        for hidden in ["370305 19850317 1234", "370305-1985-0112-123X", "6217 0012 3456 7893", "138 1234 5678",
                       "+86 138 1234 5678", "0086 13812345678", "+8613812345678", "370305198**503171**23X", "&#51;",
                       "３７０３０５", "370305\u{200B}19850112123X", "<b>370305</b>19850112123X"] {
            XCTAssertTrue(gate(hidden), hidden)
        }
        // As many digits as a shape, in groups of no shape's lengths; a country code before 11 digits.
        XCTAssertFalse(gate("1234 5678 9012 345678，12 12345678901"))
        XCTAssertTrue(gate("86 12345678901"))
    }
}

