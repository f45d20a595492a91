import XCTest
@testable import PortalCore

final class PaginationTests: XCTestCase {
    func testSplitsItemsIntoPagesOfPageSize() {
        let pagination = Pagination(itemCount: 45, pageSize: 20)
        XCTAssertEqual(pagination.pageCount, 3)
        XCTAssertEqual(pagination.range(ofPage: 1), 0..<20)
        XCTAssertEqual(pagination.range(ofPage: 3), 40..<45)
    }

    func testAnEmptyCategoryStillHasOnePage() {
        XCTAssertEqual(Pagination(itemCount: 0, pageSize: 20).pageCount, 1)
        XCTAssertEqual(Pagination(itemCount: 20, pageSize: 20).pageCount, 1)
    }

    func testPageOneLivesAtTheCategoryAndLaterPagesUnderPage() {
        XCTAssertEqual(Pagination.url(base: "/meetings/", page: 1), "/meetings/")
        XCTAssertEqual(Pagination.url(base: "/meetings/", page: 2), "/meetings/page/2/")
    }

    func testManyPagesShowAWindowWithGaps() {
        let pagination = Pagination(itemCount: 1000, pageSize: 20)
        XCTAssertEqual(pagination.visiblePages(current: 25), [1, nil, 23, 24, 25, 26, 27, nil, 50])
        XCTAssertEqual(pagination.visiblePages(current: 1), [1, 2, 3, nil, 50])
        XCTAssertEqual(Pagination(itemCount: 100, pageSize: 20).visiblePages(current: 2), [1, 2, 3, 4, 5])
    }
}
