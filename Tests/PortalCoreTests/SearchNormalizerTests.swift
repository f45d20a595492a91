import XCTest
@testable import PortalCore

final class SearchNormalizerTests: XCTestCase {
    func normalized(_ text: String) -> String {
        var normalizer = SearchNormalizer()
        return normalizer.normalizedString(text)
    }

    func testFullWidthLettersDigitsAndPunctuationBecomeHalfWidth() {
        XCTAssertEqual(normalized("ＡＢＣ１２３（第１号），"), "abc123(第1号),")
        XCTAssertEqual(normalized("０５３３－７１８００２５"), "0533-7180025")
    }

    func testASCIILettersAreLowerCased() {
        XCTAssertEqual(normalized("11370305MB2859012X/2021-00012"), "11370305mb2859012x/2021-00012")
    }

    func testChineseTextAndCJKPunctuationStayAsWritten() {
        XCTAssertEqual(normalized("关于《临淄区“十四五”规划》的通知。"), "关于《临淄区“十四五”规划》的通知。")
        XCTAssertEqual(normalized("临人社字〔2021〕7号"), "临人社字〔2021〕7号")
    }

    func testEveryKindOfWhiteSpaceBecomesOneSpaceAndEndsAreTrimmed() {
        XCTAssertEqual(normalized("  就业\u{3000}\u{3000}创业\n\t补贴\u{00A0} "), "就业 创业 补贴")
    }

    func testControlAndZeroWidthCharactersDisappear() {
        XCTAssertEqual(normalized("就\u{200B}业\u{FEFF}创\u{00AD}业\u{0007}"), "就业创业")
    }

    func testCompatibilityCharactersAreDecomposed() {
        XCTAssertEqual(normalized("㈠"), "(一)")
        XCTAssertEqual(normalized("①"), "1")
        XCTAssertEqual(normalized("ｶ"), "カ")
    }

    /// The index and search.js must agree scalar by scalar, so the mapping is the same in and out
    /// of context.
    func testEachScalarIsNormalisedOnItsOwn() {
        let text = "Ａ１㈠，\u{3000}就业"
        var whole = SearchNormalizer()
        var pieces = ""
        for scalar in text.unicodeScalars {
            var single = SearchNormalizer()
            for value in single.map(scalar.value) { pieces.unicodeScalars.append(Unicode.Scalar(value)!) }
        }
        XCTAssertEqual(whole.normalizedString(text), pieces.trimmingCharacters(in: .whitespaces))
    }

    /// `normalize` takes shortcuts for ASCII, CJK and full-width forms: over every scalar of the
    /// planes a site uses, it gives what `map` gives scalar by scalar (white space collapsed and
    /// trimmed).
    func testTheFastPathsGiveWhatMapGives() {
        var text = String.UnicodeScalarView()
        for value in UInt32(0)..<0x3_0000 where !(0xD800...0xDFFF).contains(value) {
            text.append(Unicode.Scalar(value)!)
            if value % 7 == 0 { text.append(" ") }
        }
        var expected: [UInt32] = []
        var reference = SearchNormalizer()
        var pendingSpace = false
        for scalar in text {
            for value in reference.map(scalar.value) {
                if value == 0x20 {
                    pendingSpace = !expected.isEmpty
                } else {
                    if pendingSpace { expected.append(0x20); pendingSpace = false }
                    expected.append(value)
                }
            }
        }
        var normalizer = SearchNormalizer()
        XCTAssertEqual(normalizer.normalize(String(text)), expected)
    }

    func testMarkdownBecomesPlainTextWithoutMarkupOrLinkTargets() {
        let text = MarkdownRenderer.plainText("""
        ## 一、补贴项目

        1. **一次性创业补贴。** 见[办事指南](/services/guide/)。
        2. `代码`与<b>标签</b>

        > 引用
        """)
        XCTAssertEqual(text, "一、补贴项目\n一次性创业补贴。 见办事指南。\n代码与标签\n引用")
    }
}
