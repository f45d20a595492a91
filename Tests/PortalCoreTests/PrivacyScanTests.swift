import XCTest
@testable import PortalCore

final class PrivacyScanTests: XCTestCase {
    func testResidentIDNeedsAValidCheckDigitAndBirthDate() {
        XCTAssertTrue(PrivacyScan.isValidResidentID(Array("11010519491231002X".utf8)))
        XCTAssertFalse(PrivacyScan.isValidResidentID(Array("110105194912310021".utf8)), "wrong check digit")
        XCTAssertFalse(PrivacyScan.isValidResidentID(Array("11010519491331002X".utf8)), "month 13")
    }

    func testLuhn() {
        XCTAssertTrue(PrivacyScan.passesLuhn(Array("6222020200112233446".utf8)))
        XCTAssertFalse(PrivacyScan.passesLuhn(Array("6222020200112233445".utf8)))
    }

    func testFindingsWithLines() {
        let findings = PrivacyScan.findings(in: "第一行\n身份证11010519491231002X\n卡号6222020200112233446，手机13912345678")
        XCTAssertEqual(findings.map(\.line), [2, 3, 3])
        XCTAssertEqual(findings.map(\.finding), [.residentID("11010519491231002X"), .bankCard("6222020200112233446"), .mobile("13912345678")])
    }

    func testMasksCodesAndLandlinesPass() {
        let text = "370305********1234 138****5678 0533-7180000 11370305MB2859012X/2021-00012 /files/13912345678.pdf"
        XCTAssertEqual(PrivacyScan.findings(in: text).count, 0)
    }
}
