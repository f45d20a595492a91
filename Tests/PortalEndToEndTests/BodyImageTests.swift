import Foundation
import XCTest

/// Pictures in an item's body, pasted HTML and masked numbers, through the real binary.
final class BodyImageTests: XCTestCase {
    private let itemPath = "content/plans/2021-04-01-photo.md"

    func item(body: String, attachments: String = "") -> String {
        """
        ---
        title: 现场照片
        date: 2021-04-01
        index_no: 11370305MB2859012X/2021-00009
        \(attachments)---
        \(body)
        """
    }

    /// A valid 3×2 RGB PNG, made here: a signature, IHDR, one stored-zlib IDAT and IEND, with
    /// their CRCs.
    static func tinyPNG(width: Int = 3, height: Int = 2) -> Data {
        func be32(_ value: Int) -> [UInt8] { [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return ~crc
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(data.count) + body + be32(Int(crc32(body)))
        }
        var raw: [UInt8] = []
        for _ in 0..<height { raw += [0] + [UInt8](repeating: 0x80, count: width * 3) }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let length = raw.count
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8 & 0xFF)]
            + raw + be32(Int(b << 16 | a))
        let header = be32(width) + be32(height) + [8, 2, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", []))
    }

    func testAPictureBesideTheItemIsShownSizedAndCopied() throws {
        let site = try SiteFixture(fixture: "small")
        try Self.tinyPNG().write(to: site.root.appendingPathComponent("content/plans/现场.png"))
        try site.write(item(body: "会议现场如下。\n\n![2021年工作会议现场](现场.png)\n\n联系人：王某某（370305********246X），电话 138****5678。\n"),
                       to: itemPath)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        let page = try site.page("/plans/2021-04-01-photo/")
        XCTAssertTrue(page.contains("<img src=\"%E7%8E%B0%E5%9C%BA.png\"") || page.contains("<img src=\"现场.png\""), page)
        XCTAssertTrue(page.contains("alt=\"2021年工作会议现场\" width=\"3\" height=\"2\" loading=\"lazy\""), page)
        XCTAssertTrue(site.exists("/plans/2021-04-01-photo/现场.png"))
        XCTAssertFalse(page.contains("附件"), "a picture is not an attachment unless listed: \(page)")
        XCTAssertTrue(page.contains("370305********246X"), page)
        XCTAssertTrue(page.contains("138****5678"), page)

        // A larger picture under the same name: the page is rebuilt with the new size.
        try Self.tinyPNG(width: 5, height: 4).write(to: site.root.appendingPathComponent("content/plans/现场.png"))
        let again = try site.build()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(try site.page("/plans/2021-04-01-photo/").contains("width=\"5\" height=\"4\""))
    }

    func testAPictureWithoutAltTextFailsWithFileAndLine() throws {
        let site = try SiteFixture(fixture: "small")
        try Self.tinyPNG().write(to: site.root.appendingPathComponent("content/plans/photo.png"))
        try site.write(item(body: "正文。\n\n![](photo.png)\n"), to: itemPath)
        let run = try site.build()
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(itemPath):8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("替代文本"), run.stderr)
    }

    func testAMissingOrSVGPictureFails() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", to: "content/plans/chart.svg")
        try site.write(item(body: "正文。\n\n![图表](chart.svg)\n\n![照片](missing.png)\n"), to: itemPath)
        let run = try site.build()
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(itemPath):8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("WebP"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(itemPath):10"), run.stderr)
        XCTAssertTrue(run.stderr.contains("missing.png"), run.stderr)
        XCTAssertTrue(run.stderr.contains("图片和附件须放在 .md 文件旁边"), "the hint names pictures and attachments: \(run.stderr)")
    }

    func testPastedHTMLIsAWarningWithItsLine() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write(item(body: "正文。\n\n<table>\n<tr><td>1</td></tr>\n</table>\n"), to: itemPath)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(itemPath):8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<table>"), run.stderr)
        XCTAssertTrue(run.stderr.contains("| --- |"), "the hint shows a pipe table: \(run.stderr)")
    }
}

extension BodyImageTests {
    func testAPictureWhoseSizeCannotBeReadIsAWarning() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", to: "content/plans/fake.png")
        try site.write(item(body: "正文。\n\n![示意图](fake.png)\n"), to: "content/plans/2021-04-01-photo.md")
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("content/plans/2021-04-01-photo.md:8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("读不出图片“fake.png”的尺寸"), run.stderr)
    }
}
