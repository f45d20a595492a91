import XCTest
@testable import PortalCore

/// The faster ways of loading content must give exactly what the plain ways give.
final class LoadingFastPathTests: XCTestCase {
    // MARK: Personal-data scan

    /// The scan as it was, one byte at a time with the line counted on the way: the reference the
    /// eight-bytes-at-a-time scan must agree with.
    func referenceFindings(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var results: [String] = []
        var line = 1, runStart = -1, runLine = 1
        func endRun(at end: Int, next: UInt8) {
            let before: UInt8 = runStart > 0 ? bytes[runStart - 1] : 0
            func isGlue(_ byte: UInt8) -> Bool {
                (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 47 || byte == 42
            }
            guard end - runStart >= 11, !isGlue(before), !isGlue(next),
                  let finding = PrivacyScan.classify(Array(bytes[runStart..<end])) else { return }
            results.append("\(runLine) \(finding)")
        }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let isDigit = byte >= 48 && byte <= 57
            let isCheckX = (byte == UInt8(ascii: "X") || byte == UInt8(ascii: "x")) && runStart >= 0 && index - runStart == 17
            if isDigit || isCheckX {
                if runStart < 0 { runStart = index; runLine = line }
            } else if runStart >= 0 {
                endRun(at: index, next: byte)
                runStart = -1
            }
            if byte == 10 { line += 1 }
        }
        if runStart >= 0 { endRun(at: bytes.count, next: 0) }
        return results
    }

    func testTheScanFindsWhatAByteByByteScanFindsWhereverTheNumbersStand() {
        let numbers = ["110101199003077777", "37030519900307123X", "6222020200112233445", "13812345678",
                       "2021年3月15日", "12345678901", "0533-7180000", "138****5678", "11010119900307777712"]
        let fillers = ["", "a", "中", "中文", "\n", "x\n中", "1", "/", "*", " ", "ab", "第2次", "😀"]
        var cases = 0
        for number in numbers {
            for before in fillers {
                for after in fillers {
                    for padding in 0..<9 {
                        let text = String(repeating: "文", count: padding) + before + number + after + "\n" + number
                        // The scan of the source as written (the normalised scan, which also
                        // reads `13812345678*` as the reader does, is tested in PrivacyNormalisationTests).
                        var source = text
                        let found = source.withUTF8 { bytes in
                            PrivacyScan.sourceFindings(in: bytes).map { "\(bytes[..<$0.offset].filter { $0 == 10 }.count + 1) \($0.finding)" }
                        }
                        XCTAssertEqual(found, referenceFindings(text), text)
                        cases += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(cases, 1000)
    }

    // MARK: Front matter straight from the bytes

    func testSplittingTheBytesGivesWhatSplittingTheTextGives() throws {
        let texts = ["---\ntitle: 标题\n---\n正文\n", "---\n---\n", "---\n\n---", "---  \ntitle: x\n...\n正文",
                     "---\ntitle: x\n\n---\t\n\n第二段", "---\na: b\n---", "---\na: b\n--- \nbody\n---\nmore"]
        for text in texts {
            let plain = try FrontMatter.split(text, file: "a.md").get()
            var bytes = text
            let fromBytes = try XCTUnwrap(bytes.withUTF8 { FrontMatter.split(bytes: $0) }, text)
            XCTAssertEqual(fromBytes.yaml, plain.yaml, text)
            XCTAssertEqual(fromBytes.body, plain.body, text)
            XCTAssertEqual(fromBytes.bodyLine, plain.bodyLine, text)
            XCTAssertEqual(fromBytes.yamlLineOffset, plain.yamlLineOffset, text)
        }
        // Without the markers, or not UTF-8 in either part, the bytes are left to the usual way.
        for bytes: [UInt8] in [Array("title: x\n".utf8), Array("---\ntitle: x\n".utf8),
                               Array("---\ntitle: ".utf8) + [0xB1, 0xEA] + Array("\n---\n".utf8),
                               Array("---\n---\n".utf8) + [0xE6, 0xAD]] {
            XCTAssertNil(bytes.withUnsafeBufferPointer { FrontMatter.split(bytes: $0) })
        }
    }

    /// A whole site loads alike whichever way each file was read: files with a BOM, with CRLF
    /// line ends, with errors and without.
    func testFilesReadEitherWayLoadToTheSameItems() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-load-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/meetings"), withIntermediateDirectories: true)
        try Data("""
            title: 测试局
            agency: 测试局
            base_url: https://test.example.gov.cn/
            index_prefix: 11370305MB2859012X
            site_code: "1"
            categories:
              - { slug: meetings, name: 部门会议 }
            """.utf8).write(to: root.appendingPathComponent("content/site.yaml"))
        let item = "---\ntitle: 标题\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-000%02d\ntopics: [会议]\n---\n正文 13812345678\n"
        var files: [String: Data] = [:]
        files["a-plain.md"] = Data(String(format: item, 1).utf8)
        files["b-bom.md"] = Data([0xEF, 0xBB, 0xBF]) + Data(String(format: item, 2).utf8)
        files["c-crlf.md"] = Data(String(format: item, 3).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        files["d-quoted.md"] = Data(String(format: item, 4).replacingOccurrences(of: "title: 标题", with: "title: \"标题\"").utf8)
        files["e-error.md"] = Data(String(format: item, 5).replacingOccurrences(of: "2021-03-15", with: "2021-02-30").utf8)
        files["f-gbk.md"] = Data("---\ntitle: ".utf8) + Data([0xB1, 0xEA]) + Data("\n---\n".utf8)
        for (name, data) in files { try data.write(to: root.appendingPathComponent("content/meetings/\(name)")) }

        let (content, diagnostics) = ContentLoader.load(siteRoot: root)
        let items = try XCTUnwrap(content).items
        XCTAssertEqual(items.map(\.slug), ["a-plain", "b-bom", "c-crlf", "d-quoted"])
        for item in items {
            XCTAssertEqual(item.title, "标题")
            XCTAssertEqual(item.body, "正文 13812345678\n")
            XCTAssertEqual(item.bodyLine, 7)
            XCTAssertEqual(item.indexNoLine, 4)
        }
        XCTAssertEqual(Set(items.map(\.sourceHash)).count, 4, "each file's own bytes")
        let mobiles = diagnostics.filter { $0.message.en.contains("mobile number") }
        XCTAssertEqual(mobiles.map(\.line), [7, 7, 7, 7, 7], "\(mobiles)")
        XCTAssertTrue(diagnostics.contains { $0.file == "content/meetings/e-error.md" && $0.message.en.contains("not a valid date") })
        XCTAssertTrue(diagnostics.contains { $0.file == "content/meetings/f-gbk.md" && $0.line == 2 && $0.message.en.contains("not UTF-8") })
    }

    // MARK: Hash of a file's bytes

    func testTheSourceHashIsStableAndTellsEveryChangeApart() {
        var seen: [UInt64: [UInt8]] = [:]
        for length in 0...200 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let hash = bytes.withUnsafeBytes { SourceHash.of($0) }
            XCTAssertEqual(hash, bytes.withUnsafeBytes { SourceHash.of($0) }, "the same bytes, the same hash")
            XCTAssertNil(seen.updateValue(bytes, forKey: hash), "length \(length) collides")
            // Every single-bit change of a few positions (first, middle, last) shows.
            for position in Set([0, length / 2, length - 1]) where length > 0 {
                for bit in 0..<8 {
                    var changed = bytes
                    changed[position] ^= 1 << bit
                    XCTAssertNotEqual(changed.withUnsafeBytes { SourceHash.of($0) }, hash, "length \(length), byte \(position), bit \(bit)")
                }
            }
        }
        XCTAssertNotEqual([UInt8]().withUnsafeBytes { SourceHash.of($0, seed: 1) }, [UInt8]().withUnsafeBytes { SourceHash.of($0) })
    }

    // MARK: Parallel work

    func testParallelMapKeepsTheOrderAndEveryResult() {
        let results = parallelMap(Array(0..<10_000)) { [String(repeating: "x", count: $0 % 7), String($0)] }
        XCTAssertEqual(results, (0..<10_000).map { [String(repeating: "x", count: $0 % 7), String($0)] })
        XCTAssertEqual(parallelMap([5]) { $0 + 1 }, [6])
        XCTAssertEqual(parallelMap([Int]()) { $0 + 1 }, [])
    }
}
