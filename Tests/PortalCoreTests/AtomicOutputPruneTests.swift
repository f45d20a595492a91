import XCTest
@testable import PortalCore

/// Publishing prunes old versions whole — nested folders, links, what the build kept beside them —
/// and nothing outside them.
final class AtomicOutputPruneTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-prune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// A small file, without the sync to disk that `Data.write(to:)` makes on Linux.
    func write(_ text: String, to url: URL) {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0, url.path)
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(descriptor, $0.baseAddress!, $0.count - 1) }
        close(descriptor)
    }

    /// A version like a site's: many small folders of a few files, one big folder, links.
    func fill(_ folder: URL, outside: URL) throws {
        let fileManager = FileManager.default
        for section in 0..<3 {
            for page in 0..<20 {
                let pageFolder = folder.appendingPathComponent("s\(section)/p\(page)")
                try fileManager.createDirectory(at: pageFolder, withIntermediateDirectories: true)
                write("page", to: pageFolder.appendingPathComponent("index.html"))
                write("gz", to: pageFolder.appendingPathComponent("index.html.gz"))
            }
        }
        let big = folder.appendingPathComponent("search/index/p")
        try fileManager.createDirectory(at: big, withIntermediateDirectories: true)
        for part in 0..<100 { write("\(part)", to: big.appendingPathComponent("\(part)")) }
        write("home", to: folder.appendingPathComponent("index.html"))
        // Links are removed, never followed.
        try fileManager.createSymbolicLink(at: folder.appendingPathComponent("outside-folder"), withDestinationURL: outside)
        try fileManager.createSymbolicLink(at: folder.appendingPathComponent("s0/outside-file"),
                                           withDestinationURL: outside.appendingPathComponent("keep.txt"))
    }

    func testPruningRemovesOldVersionsWithWhatIsBesideThemAndLeavesLinkedFilesAlone() throws {
        let fileManager = FileManager.default
        let outside = root.appendingPathComponent("outside")
        try fileManager.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: outside.appendingPathComponent("keep.txt"))
        let atomic = AtomicOutput(output: root.appendingPathComponent("public"))
        let deadPid = Int32.max - 1

        for number in 1...5 {
            if number == 5 {
                // Leftovers of a killed build: a staging folder, a half-written state.
                let leftover = atomic.versionsFolder.appendingPathComponent("v000009.staging-\(deadPid)")
                try fill(leftover, outside: outside)
                try Data("partial".utf8).write(to: atomic.versionsFolder.appendingPathComponent("v000004.manifest.partial-\(deadPid)"))
            }
            let staging = try atomic.makeStagingFolder()
            try fill(staging, outside: outside)
            let version = try atomic.publish(staging)
            XCTAssertEqual(version, String(format: "v%06d", number))
            for suffix in ["manifest", "search"] {
                try Data(suffix.utf8).write(to: atomic.versionsFolder.appendingPathComponent("\(version).\(suffix)"))
            }
        }

        let names = try fileManager.contentsOfDirectory(atPath: atomic.versionsFolder.path).sorted()
        // The marker, the history of what was live, each kept version with its completion mark
        // and what the build kept beside it.
        XCTAssertEqual(names, [".portal-versions", "history",
                               "v000003", "v000003.complete", "v000003.manifest", "v000003.search",
                               "v000004", "v000004.complete", "v000004.manifest", "v000004.search",
                               "v000005", "v000005.complete", "v000005.manifest", "v000005.search"])
        XCTAssertEqual(try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8), "keep")
        XCTAssertEqual(try fileManager.contentsOfDirectory(atPath: outside.path), ["keep.txt"])
        // The kept versions are whole.
        let kept = atomic.versionsFolder.appendingPathComponent("v000003")
        XCTAssertEqual(try fileManager.contentsOfDirectory(atPath: kept.appendingPathComponent("search/index/p").path).count, 100)
        XCTAssertEqual(try fileManager.contentsOfDirectory(atPath: kept.appendingPathComponent("s2").path).count, 20)
        XCTAssertEqual(try fileManager.destinationOfSymbolicLink(atPath: atomic.output.path), ".public.versions/v000005")
    }
}
