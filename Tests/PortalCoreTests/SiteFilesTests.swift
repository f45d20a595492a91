import Foundation
@testable import PortalCore
import XCTest

/// `SiteFiles`, the one door to the site's files, on trees shaped to break a walk.
final class SiteFilesTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-sitefiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func testAFolderOfMoreSubFoldersThanTheProcessMayOpenIsWalkedWhole() throws {
        // More sub-folders than the process may hold open: opening each as it is found would fail.
        let count = 600  // more than the lowered limit below leaves free
        let wide = root.appendingPathComponent("content/wide")
        for index in 0..<count {
            let folder = wide.appendingPathComponent("f\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: folder.appendingPathComponent("a.txt"))
        }
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        // Room for what the test process holds open already (other tests' pipes, XCTest's own)
        // and the walk's 64, not for one descriptor per sub-folder.
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        var lowered = limit
        lowered.rlim_cur = rlim_t(open + 150)
        XCTAssertEqual(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered), 0)
        defer { setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) }
        let files = SiteFiles(siteRoot: root)
        XCTAssertEqual(files.problems, [])
        XCTAssertEqual(files.files(below: "content/wide").count, count)
    }

    func testADeepChainOfFoldersIsWalkedToItsEnd() throws {
        var path = "content"
        for _ in 0..<300 { path += "/d" }
        try FileManager.default.createDirectory(at: root.appendingPathComponent(path), withIntermediateDirectories: true)
        try Data("deep".utf8).write(to: root.appendingPathComponent(path + "/end.txt"))
        let files = SiteFiles(siteRoot: root)
        XCTAssertEqual(files.problems, [])
        guard case .bytes(let bytes) = files.read(path + "/end.txt") else { return XCTFail("not read") }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "deep")
    }

    func testALinkPutInPlaceAfterTheWalkIsStillNotFollowed() throws {
        try Data("title: x\n".utf8).write(to: root.appendingPathComponent("content/site.yaml"))
        let files = SiteFiles(siteRoot: root)
        XCTAssertEqual(files.problems, [])
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/site.yaml"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("content/site.yaml").path, withDestinationPath: "/etc/passwd")
        guard case .failed(let problem) = files.read("content/site.yaml") else { return XCTFail("a link was read") }
        XCTAssertTrue(problem.message.en.contains("symbolic links are not allowed"), "\(problem)")
    }

    func testAFolderOnTheWayThatBecameALinkIsNotFollowed() throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/meetings"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: root.appendingPathComponent("content/meetings/a.md"))
        let files = SiteFiles(siteRoot: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/meetings"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("content/meetings").path, withDestinationPath: "/etc")
        if case .bytes = files.read("content/meetings/passwd") { XCTFail("read through a link") }
        XCTAssertEqual(files.openFolder("content/meetings"), -1)
    }
}
