import XCTest
@testable import PortalCore

/// The manifest's lines, read byte by byte (`BuildCache.parse`): what `save` writes
/// (`manifestText`) reads back; anything else is skipped, never misread.
final class BuildCacheManifestTests: XCTestCase {
    func testLinesReadBackAndMalformedOnesAreSkipped() {
        let text = """
        100ddf85c005db1a\tmeetings/2021-01-15-first-meeting/index.html\t18 0 /plans/2021-02-01-plan/
        ff\tsearch/index/abc/\t
        0\t公开/中文路径.html\t备注\u{1F}第二个

        xyz\tbad/key.html\tnote
        123\tno-note-field.html
        12345678901234567\ttoo/long/key.html\t
        \tmissing/key.html\t
        """
        let manifest = BuildCache.parse(Array(text.utf8))
        XCTAssertEqual(Set(manifest.keys), ["meetings/2021-01-15-first-meeting/index.html", "search/index/abc/", "公开/中文路径.html"])
        XCTAssertEqual(manifest["meetings/2021-01-15-first-meeting/index.html"]?.key, 0x100d_df85_c005_db1a)
        XCTAssertEqual(manifest["meetings/2021-01-15-first-meeting/index.html"]?.note, "18 0 /plans/2021-02-01-plan/")
        XCTAssertEqual(manifest["search/index/abc/"]?.key, 0xff)
        XCTAssertEqual(manifest["search/index/abc/"]?.note, "")
        XCTAssertEqual(manifest["公开/中文路径.html"]?.note, "备注\u{1F}第二个")
    }

    func testWhatTheManifestWritesReadsBack() {
        let entries: [String: BuildCache.Entry] = [
            "meetings/2021-01-15-first-meeting/index.html": .init(key: 0x100d_df85_c005_db1a, note: "18 0 /plans/2021-02-01-plan/"),
            "search/index/abc/": .init(key: 0, note: ""),
            "公开/中文路径.html": .init(key: UInt64.max, note: "备注\u{1F}第二个"),
        ]
        let read = BuildCache.parse(Array(BuildCache.manifestText(entries).utf8))
        XCTAssertEqual(Set(read.keys), Set(entries.keys))
        for (path, entry) in entries {
            XCTAssertEqual(read[path]?.key, entry.key, path)
            XCTAssertEqual(read[path]?.note, entry.note, path)
        }
    }
}
