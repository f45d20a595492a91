import XCTest
@testable import PortalCore

final class URLLayoutTests: XCTestCase {
    func testEveryPageIsAnIndexHtmlInItsFolder() {
        XCTAssertEqual(OutputFolder.file(forURLPath: "/"), "index.html")
        XCTAssertEqual(OutputFolder.file(forURLPath: "/meetings/"), "meetings/index.html")
        XCTAssertEqual(OutputFolder.file(forURLPath: "/meetings/page/2/"), "meetings/page/2/index.html")
        XCTAssertEqual(OutputFolder.file(forURLPath: "/404.html"), "404.html")
    }

    func testIndexNumberRoundTripsAndOrders() {
        let number = IndexNumber("11370305MB2859012X/2021-00012")
        XCTAssertEqual(number?.year, 2021)
        XCTAssertEqual(number?.serial, 12)
        XCTAssertEqual(number?.description, "11370305MB2859012X/2021-00012")
        XCTAssertNil(IndexNumber("11370305MB2859012X-2021-00012"))
        XCTAssertNil(IndexNumber("11370305MB2859012X/2021-12"))
        XCTAssertNil(IndexNumber("/2021-00012"))
        XCTAssertLessThan(IndexNumber("P/2021-00009")!, IndexNumber("P/2021-00010")!)
    }

    func testLinkCheckerResolvesRelativeAndAbsolutePaths() {
        XCTAssertEqual(LinkChecker.sitePath(of: "/plans/x/", from: "/meetings/a/"), "/plans/x/")
        XCTAssertEqual(LinkChecker.sitePath(of: "../b/", from: "/meetings/a/"), "/meetings/b/")
        XCTAssertEqual(LinkChecker.sitePath(of: "list.pdf", from: "/meetings/a/"), "/meetings/a/list.pdf")
        XCTAssertNil(LinkChecker.sitePath(of: "https://www.gov.cn/", from: "/meetings/a/"))
        XCTAssertNil(LinkChecker.sitePath(of: "mailto:a@b.cn", from: "/meetings/a/"))
        XCTAssertNil(LinkChecker.sitePath(of: "#section", from: "/meetings/a/"))
        // Dot segments and colons after a slash go through URL resolution, as before the byte checks.
        XCTAssertEqual(LinkChecker.sitePath(of: "/a/./b/", from: "/meetings/a/"), "/a/b/")
        XCTAssertEqual(LinkChecker.sitePath(of: "/a/../b/", from: "/meetings/a/"), "/b/")
        XCTAssertEqual(LinkChecker.sitePath(of: "/a/x.y/..z/", from: "/meetings/a/"), "/a/x.y/..z/")
        XCTAssertEqual(LinkChecker.sitePath(of: "/a/b:c/", from: "/meetings/a/"), "/a/b:c/")
        XCTAssertNil(LinkChecker.sitePath(of: "tel:05337180000", from: "/meetings/a/"))
        let checker = LinkChecker(producedPaths: ["/plans/x/"])
        XCTAssertTrue(checker.exists("/plans/x"))
        XCTAssertTrue(checker.exists("/plans/x/index.html"))
        XCTAssertFalse(checker.exists("/plans/y/"))
    }
}

final class TemplateReferenceTests: XCTestCase {
    func testPartialReferencesKeepTheirLinesAndSkipComments() {
        let text = "{{! a comment that mentions\n  {{>not-a-partial}} on its second line }}\n<p>\n{{>footer}}\n{{<layout}}{{$main}}{{/main}}{{/layout}}"
        let references = TemplateRenderer.partialReferences(in: text)
        XCTAssertEqual(references.map(\.name), ["footer", "layout"])
        XCTAssertEqual(references.map(\.line), [4, 5])
    }
}
