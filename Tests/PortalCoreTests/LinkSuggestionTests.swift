import XCTest
@testable import PortalCore

/// "Did you mean …?" for dead links and for category names: what an editor meant, not what
/// merely looks alike.
final class LinkSuggestionTests: XCTestCase {
    let produced: Set<String> = [
        "/", "/policies/", "/policies/2021-03-10-employment-policy/", "/policies/2021-03-15-employment-regulation/",
        "/interpretations/", "/interpretations/2021-03-15-employment-interpretation/", "/notices/2021-04-01-training-notice/",
        "/notices/2021-04-01-training-notice/名单.pdf",
    ]

    func testAnExactSlugAnywhereBeatsASimilarSlugNearby() {
        XCTAssertEqual(LinkChecker.suggestion(for: "/policies/2021-03-15-employment-interpretation/", among: produced),
                       "/interpretations/2021-03-15-employment-interpretation/")
    }

    func testASimilarSlugIsSuggestedWhenNoneIsExact() {
        XCTAssertEqual(LinkChecker.suggestion(for: "/notices/2021-04-01-training/", among: produced),
                       "/notices/2021-04-01-training-notice/")
    }

    func testAFileIsSuggestedForAFileAndAPageForAPage() {
        XCTAssertEqual(LinkChecker.suggestion(for: "/notices/2021-04-01-training-notice/名单.PDF", among: produced),
                       "/notices/2021-04-01-training-notice/名单.pdf")
        XCTAssertNil(LinkChecker.suggestion(for: "/zzzzzzzz-qqqq/", among: produced))
    }

    func testACategoryIsFoundByPartOfItsChineseName() {
        let categories = [("meetings", "部门会议"), ("notices", "通知公告"), ("personnel", "人事信息"), ("plans", "规划计划")]
        XCTAssertEqual(Spelling.closestEntry(to: "通知", among: categories.map { (key: $0.0, name: $0.1) }), "notices")
        XCTAssertEqual(Spelling.closestEntry(to: "人事信息公开", among: categories.map { (key: $0.0, name: $0.1) }), "personnel")
        XCTAssertEqual(Spelling.closestEntry(to: "meeting", among: categories.map { (key: $0.0, name: $0.1) }), "meetings")
        // Two names hold “信息”: no guess.
        let two = categories + [("finance", "财政信息")]
        XCTAssertNil(Spelling.closestEntry(to: "信息", among: two.map { (key: $0.0, name: $0.1) }))
    }
}
