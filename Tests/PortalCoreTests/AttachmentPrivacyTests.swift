import XCTest
import ZIPFoundation
@testable import PortalCore

/// Attachments of every text encoding and the office formats are scanned; the others are named
/// in one warning for the reviewer.
final class AttachmentPrivacyTests: XCTestCase {
    let id = "37030519850112123X"
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/c"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private func write(_ bytes: Data, _ name: String) throws {
        try bytes.write(to: root.appendingPathComponent("content/c/\(name)"))
    }

    private func scan(_ names: [String], limit: Int = AttachmentText.decompressedLimit) -> [Diagnostic] {
        PrivacyScan.attachmentDiagnostics(names, folder: "content/c", itemPath: "content/c/a.md",
                                          files: SiteFiles(siteRoot: root), limit: limit)
    }

    private func assertIDFound(_ name: String, line: Int?, file: StaticString = #filePath, line testLine: UInt = #line) {
        let diagnostics = scan([name])
        XCTAssertEqual(diagnostics.filter(\.isError).count, 1, "\(diagnostics)", file: file, line: testLine)
        XCTAssertEqual(diagnostics.first?.file, "content/c/\(name)", file: file, line: testLine)
        XCTAssertEqual(diagnostics.first?.line, line, file: file, line: testLine)
        XCTAssertTrue(diagnostics.first?.message.en.contains("resident ID number") == true, "\(diagnostics)", file: file, line: testLine)
    }

    let csv = "姓名,身份证号,备注\n张某某,370305 19850112 123X,无\n"

    func testGBKCSV() throws {
        let gbk = try XCTUnwrap(csv.data(using: AttachmentText.gb18030))
        XCTAssertNil(String(data: gbk, encoding: .utf8), "the bytes really are not UTF-8")
        try write(gbk, "list.csv")
        assertIDFound("list.csv", line: 2)
    }

    func testUTF16CSVWithBOM() throws {
        try write(Data([0xFF, 0xFE]) + csv.data(using: .utf16LittleEndian)!, "le.csv")
        assertIDFound("le.csv", line: 2)
        try write(Data([0xFE, 0xFF]) + csv.data(using: .utf16BigEndian)!, "be.csv")
        assertIDFound("be.csv", line: 2)
    }

    func testUTF16CSVWithoutBOM() throws {
        try write(csv.data(using: .utf16LittleEndian)!, "nobom.csv")
        assertIDFound("nobom.csv", line: 2)
    }

    func testOfficeLinesAreCellsAndParagraphsWhateverTheXMLLayout() throws {
        let sheet = "\n<row r=\"1\">\n  <c r=\"A1\" t=\"s\">\n    <v>0</v>\n  </c>\n  <c r=\"B7\" t=\"s\"><v>1</v></c>\n</row>\n"
        try write(try Self.workbook(sheet: sheet, shared: ["第一行\n第二行", id]), "pretty.xlsx")
        let cells = scan(["pretty.xlsx"])
        XCTAssertEqual(cells.count, 1, "\(cells)")
        XCTAssertTrue(cells.first?.message.en.contains("cell B7") == true, "\(cells)")
        try write(try Self.document(["一\n", "</w:t></w:r>\n  <w:r><w:t>二", "张某某 \(id)"]), "pretty.docx")
        let paragraphs = scan(["pretty.docx"])
        XCTAssertTrue(paragraphs.first?.message.zh.contains("第 3 段") == true, "\(paragraphs)")
    }

    func testUTF8WithBOMAndCRLF() throws {
        try write(Data([0xEF, 0xBB, 0xBF]) + Data(csv.replacingOccurrences(of: "\n", with: "\r\n").utf8), "bom.csv")
        assertIDFound("bom.csv", line: 2)
    }

    func testJSONAttachment() throws {
        try write(Data("[\n  {\"name\": \"张某某\",\n   \"id\": \"\(id)\"}\n]\n".utf8), "list.json")
        assertIDFound("list.json", line: 3)
    }

    func testTSVAttachment() throws {
        try write(Data("姓名\t身份证号\n张某某\t\(id)\n".utf8), "list.tsv")
        assertIDFound("list.tsv", line: 2)
    }

    func testXMLAttachment() throws {
        try write(Data("<?xml version=\"1.0\"?>\n<list>\n<p><id>&#51;70305198501121&#50;3X</id></p>\n</list>\n".utf8), "list.xml")
        assertIDFound("list.xml", line: 3)
    }

    func testHTMLAttachment() throws {
        try write(Data("<html><body>\n<table><tr><td>张某某</td>\n<td>370305<b>19850112</b>123X</td></tr></table>\n".utf8), "list.html")
        // Tags between the digits are not what the reader sees.
        assertIDFound("list.html", line: 3)
        try write(Data("<html><body>\n<p>身份证：\(id)</p>\n".utf8), "list.htm")
        assertIDFound("list.htm", line: 2)
    }

    func testYAMLAttachment() throws {
        try write(Data("名单:\n  - 姓名: 张某某\n    证号: '\(id)'\n".utf8), "list.yaml")
        assertIDFound("list.yaml", line: 3)
        try write(Data("a: 1\n".utf8), "clean.yml")
        XCTAssertEqual(scan(["clean.yml"]), [])
    }

    // MARK: - Office files

    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try XCTUnwrap(archive.data)
    }

    static func workbook(sheet: String, shared: [String]) throws -> Data {
        let strings = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + shared.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        let worksheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(sheet)</sheetData></worksheet>"
        return try zip([("[Content_Types].xml", Data("<Types/>".utf8)), ("xl/workbook.xml", Data("<workbook/>".utf8)),
                        ("xl/sharedStrings.xml", Data(strings.utf8)), ("xl/worksheets/sheet1.xml", Data(worksheet.utf8))])
    }

    func testXLSXSharedStringFound() throws {
        try write(try Self.workbook(sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>",
                                    shared: ["姓名", id]), "list.xlsx")
        let diagnostics = scan(["list.xlsx"])
        XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
        XCTAssertEqual(diagnostics.first?.file, "content/c/list.xlsx")
        XCTAssertTrue(diagnostics.first?.message.zh.contains("单元格 B1") == true, "\(diagnostics)")
    }

    func testXLSXInlineStringAndNumberFound() throws {
        let sheet = "<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>\(id)</t></is></c><c r=\"D2\"><v>1.3812345678E10</v></c></row>"
        try write(try Self.workbook(sheet: sheet, shared: []), "inline.xlsx")
        let diagnostics = scan(["inline.xlsx"])
        XCTAssertEqual(diagnostics.map(\.severity), [.error, .warning], "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.en.contains("cell C2"), "\(diagnostics)")
        XCTAssertTrue(diagnostics[1].message.en.contains("mobile number 138****5678"), "\(diagnostics)")
    }

    func testXLSXWithoutPersonalDataIsClean() throws {
        try write(try Self.workbook(sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>2021</v></c><c r=\"C1\"><v>12345.67</v></c></row>",
                                    shared: ["370305********1234"]), "clean.xlsx")
        XCTAssertEqual(scan(["clean.xlsx"]), [])
    }

    static func document(_ paragraphs: [String]) throws -> Data {
        let body = paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined()
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
        return try zip([("[Content_Types].xml", Data("<Types/>".utf8)), ("word/document.xml", Data(xml.utf8))])
    }

    func testDOCXFound() throws {
        // Word splits text into runs wherever the formatting changes: the runs are joined.
        try write(try Self.document(["公示名单", "张某某 370305198501</w:t></w:r><w:r><w:t>12123X"]), "list.docx")
        let diagnostics = scan(["list.docx"])
        XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
        XCTAssertEqual(diagnostics.first?.file, "content/c/list.docx")
        XCTAssertTrue(diagnostics.first?.message.zh.contains("第 2 段") == true, "\(diagnostics)")
    }

    func testDOCXWithoutPersonalDataIsClean() throws {
        try write(try Self.document(["公示名单", "张某某 370305********123X", "电话 0533-7180000"]), "clean.docx")
        XCTAssertEqual(scan(["clean.docx"]), [])
    }

    func testZipBombIsBoundedAndWarned() throws {
        // 200 MB of zeros deflate to about 200 KB.
        let size = 200_000_000
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { _, chunk in Data(count: chunk) }
        try write(try XCTUnwrap(archive.data), "bomb.xlsx")
        let start = Date()
        let diagnostics = scan(["bomb.xlsx"])
        let seconds = Date().timeIntervalSince(start)
        XCTAssertLessThan(seconds, 3, "the scan stops at the limit")
        XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
        XCTAssertEqual(diagnostics.first?.severity, .warning)
        XCTAssertEqual(diagnostics.first?.file, "content/c/bomb.xlsx")
        print("zip bomb scanned in \(seconds) s")
    }

    func testZipBombThatUnderstatesItsSizeIsInflatedOnlyToTheLimit() throws {
        let size = 200_000_000
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { _, chunk in Data(count: chunk) }
        var bytes = [UInt8](try XCTUnwrap(archive.data))
        // Both headers claim 1000 bytes unpacked (the local header's size at 22, the central
        // directory's at 24), as a hand-made bomb would.
        for (signature, offset) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22), ([0x50, 0x4B, 0x01, 0x02], 24)] {
            let start = try XCTUnwrap((0..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == signature })
            bytes.replaceSubrange((start + offset)..<(start + offset + 4), with: [0xE8, 0x03, 0, 0])
        }
        try write(Data(bytes), "liar.xlsx")
        let start = Date()
        let diagnostics = scan(["liar.xlsx"])
        let seconds = Date().timeIntervalSince(start)
        XCTAssertLessThan(seconds, 5, "inflating stops at the limit")
        XCTAssertEqual(diagnostics.map(\.severity), [.warning], "\(diagnostics)")
        print("zip bomb with understated size scanned in \(seconds) s")
    }

    func testAWorkbookDeclaredOverTheLimitIsNotInflatedAndWarned() throws {
        // An honest header over the limit (about 120 KB declared, limit 100 KB): refused on the
        // declared size before any inflating; a header that lies is the test above.
        try write(try Self.workbook(sheet: String(repeating: "<row/>", count: 20_000), shared: []), "big.xlsx")
        let diagnostics = scan(["big.xlsx"], limit: 100_000)
        XCTAssertEqual(diagnostics.map(\.severity), [.warning], "\(diagnostics)")
    }

    func testUnscannableAttachmentsAreNamedInOneWarning() throws {
        for name in ["a.pdf", "b.doc", "c.jpg", "d.zip"] { try write(Data([1, 2, 3]), name) }
        try write(Data("not a zip".utf8), "e.xlsx")
        let diagnostics = scan(["a.pdf", "b.doc", "c.jpg", "d.zip", "e.xlsx", "missing.pdf"])
        XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
        XCTAssertEqual(diagnostics.first?.file, "content/c/a.md")
        XCTAssertEqual(diagnostics.first?.severity, .warning)
        XCTAssertTrue(diagnostics.first?.message.zh.hasSuffix("a.pdf、b.doc、c.jpg、d.zip、e.xlsx") == true, "\(diagnostics)")
    }
}
