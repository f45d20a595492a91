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

    func testTheDayAnEditorMeantIsGuessedOnlyForTheHint() {
        for text in ["2021.5.1", "2021/05/01", "2021年5月1日", "2021-5-1", "2021. 5. 1"] {
            XCTAssertEqual(PlainDate(guessing: text)?.iso, "2021-05-01", text)
        }
        // Not a real day, not a year first, or not three numbers: no guess.
        for text in ["2021.2.30", "1.5.2021", "2021.5", "2021-05-01-02", "二〇二一年五月一日", "2021+5+1"] {
            XCTAssertNil(PlainDate(guessing: text), text)
        }
        // A guess never reads a date: the ISO reader stays strict.
        XCTAssertNil(PlainDate(iso: "2021.5.1"))
    }
}
