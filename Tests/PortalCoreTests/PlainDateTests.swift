import XCTest
@testable import PortalCore

final class PlainDateTests: XCTestCase {
    func testParsesIsoDays() {
        let date = PlainDate(iso: "2021-03-15")
        XCTAssertEqual(date?.year, 2021)
        XCTAssertEqual(date?.month, 3)
        XCTAssertEqual(date?.day, 15)
        XCTAssertEqual(date?.chinese, "2021年03月15日")
    }

    func testRejectsImpossibleAndMalformedDays() {
        XCTAssertNil(PlainDate(iso: "2021-02-29"))
        XCTAssertNotNil(PlainDate(iso: "2020-02-29"))
        XCTAssertNil(PlainDate(iso: "2021-13-01"))
        XCTAssertNil(PlainDate(iso: "2021-3-15"))
        XCTAssertNil(PlainDate(iso: "2021/03/15"))
        XCTAssertNil(PlainDate(iso: "二〇二一年"))
    }

    func testOrdersByDay() {
        XCTAssertLessThan(PlainDate(iso: "2021-03-15")!, PlainDate(iso: "2021-03-16")!)
        XCTAssertLessThan(PlainDate(iso: "2020-12-31")!, PlainDate(iso: "2021-01-01")!)
    }

    func testTodayIsTakenInChinaStandardTime() {
        // 2021-03-14T17:00:00Z is already 2021-03-15 01:00 in Beijing.
        let instant = Date(timeIntervalSince1970: 1_615_741_200)
        XCTAssertEqual(PlainDate.today(now: instant).iso, "2021-03-15")
    }
}
