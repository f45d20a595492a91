import XCTest
@testable import PortalCore

/// `PositionCoding`: what the writer and the patch store for a gram's occurrences reads back as
/// the same coordinates, whatever their spacing, in as few bytes as the format promises.
final class SearchPositionCodingTests: XCTestCase {
    func testCoordinatesReadBackExactly() throws {
        var random = SearchIndexPatchTests.Random(state: 7)
        var lists: [[Int]] = [[0], [5], [0, 1], [3, 4, 5, 6], [1 << 30, (1 << 30) + 1],
                              // One far increase among close ones: a unary quotient longer than 32 bits.
                              [0, 1, 2, 3, 4, 5, 6, 7, 1 << 20],
                              // …and one longer than the 57 bits the reader takes at a time.
                              Array(0..<100) + [10_000_000]]
        for _ in 0..<200 {
            var list: [Int] = [], value = random.next(1000)
            for _ in 0..<(1 + random.next(300)) {
                list.append(value)
                value += 1 + random.next(random.next(2) == 0 ? 16 : 1 << 20)
            }
            lists.append(list)
        }
        for list in lists {
            let bytes = PositionCoding.encoded(list)
            XCTAssertEqual(PositionCoding.decoded(bytes), list)
            XCTAssertLessThanOrEqual(bytes.count, PositionCoding.bound(count: list.count, span: list.last! - list[0]))
        }
    }

    func testEvenlySpreadCoordinatesTakeAboutTheirInformation() {
        // 1,000 coordinates about 4,096 apart: 12 bits of increase each, Rice needs 13 or 14.
        let list = (0..<1000).map { $0 * 4096 + ($0 * 37) % 100 }
        let bytes = PositionCoding.encoded(list)
        XCTAssertLessThan(bytes.count, 1000 * 14 / 8 + 16, "a varint would take 2 bytes each")
        XCTAssertEqual(PositionCoding.decoded(bytes), list)
    }

    func testMalformedPayloadsAreRefused() {
        let bytes = PositionCoding.encoded([10, 20, 30, 400])
        XCTAssertNil(PositionCoding.decoded(Array(bytes.dropLast())), "cut short")
        XCTAssertNil(PositionCoding.decoded(bytes + [0]), "a byte too many")
        XCTAssertNil(PositionCoding.decoded([]))
    }
}
