import Foundation
import XCTest

/// `portal check` with the real binary: a GBK CSV attachment and a body writing an ID number in
/// groups both fail the check, each named with its file and line.
final class PrivacyScanEndToEndTests: XCTestCase {
    func testGBKAttachmentAndGroupedIDInTheBodyFailTheCheck() throws {
        let site = try SiteFixture(fixture: "small")
        let item = "content/personnel/2021-05-01-list.md"
        try site.write(CheckCatalogueTests.item("拟录用人员名单", serial: 140,
                                                extra: "attachments:\n  - { file: list.csv, title: 名单 }\n",
                                                body: "公示如下。\n\n张某某，身份证号 370305 19850112 123X。"), to: item)
        // Chinese Excel saves CSV as GBK; GB 18030 is its superset (raw value of
        // kCFStringEncodingGB_18030_2000 as an NSStringEncoding).
        let csv = "姓名,身份证号\n张某某,37030519850112123X\n"
        let gbk = try XCTUnwrap(csv.data(using: String.Encoding(rawValue: 0x8000_0632)))
        try gbk.write(to: site.root.appendingPathComponent("content/personnel/list.csv"))
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(item):10:10"), run.stderr)
        XCTAssertTrue(run.stderr.contains("content/personnel/list.csv:2:5"), run.stderr)
        XCTAssertTrue(run.stderr.contains("发现完整的居民身份证号码 370***********123X"), run.stderr)
    }
}
