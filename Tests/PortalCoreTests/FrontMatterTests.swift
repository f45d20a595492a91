import XCTest
@testable import PortalCore

final class FrontMatterTests: XCTestCase {
    func testSplitsYamlAndBodyAndKeepsBodyLine() throws {
        let text = "---\ntitle: 标题\ndate: 2021-03-15\n---\n正文第一行\n第二行"
        let split = try FrontMatter.split(text, file: "x.md").get()
        XCTAssertEqual(split.yaml, "title: 标题\ndate: 2021-03-15")
        XCTAssertEqual(split.body, "正文第一行\n第二行")
        XCTAssertEqual(split.bodyLine, 5)
    }

    func testMissingOpeningMarkerIsAnErrorOnLineOne() {
        guard case .failure(let diagnostic) = FrontMatter.split("title: x\n---\n", file: "a.md") else {
            return XCTFail("expected a failure")
        }
        XCTAssertEqual(diagnostic.line, 1)
        XCTAssertTrue(diagnostic.message.zh.contains("---"))
        XCTAssertTrue(diagnostic.message.en.contains("does not start"))
    }

    func testMissingClosingMarkerIsAnError() {
        guard case .failure(let diagnostic) = FrontMatter.split("---\ntitle: x\n正文", file: "a.md") else {
            return XCTFail("expected a failure")
        }
        XCTAssertTrue(diagnostic.message.en.contains("no closing"))
    }

    func testBomAndCrlfAreAccepted() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: 标题\r\n---\r\n正文\r\n".utf8)
        let text = try SourceText.decode(data, file: "a.md").get()
        let split = try FrontMatter.split(text, file: "a.md").get()
        XCTAssertEqual(split.yaml, "title: 标题")
        XCTAssertEqual(split.body, "正文\n")
    }

    func testGbkIsRejectedWithTheLineAndAHint() {
        // "标题" in GBK is B1 EA CC E2: not valid UTF-8.
        let data = Data("---\ntitle: ".utf8) + Data([0xB1, 0xEA, 0xCC, 0xE2]) + Data("\n---\n".utf8)
        guard case .failure(let diagnostic) = SourceText.decode(data, file: "a.md") else {
            return XCTFail("expected a failure")
        }
        XCTAssertEqual(diagnostic.line, 2)
        XCTAssertTrue(diagnostic.hint?.zh.contains("UTF-8") ?? false)
    }
}
