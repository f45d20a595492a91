import XCTest
@testable import PortalCore

/// Before a build, old versions are pruned when the disk has less free space than the last build
/// took (issue 15: a disk filled by versions stayed full, since pruning came only after a
/// successful build). The free space is injected; no disk is filled.
final class AtomicOutputSpaceTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-space-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// Free space reported to the output, changed by the test between calls.
    final class FakeDisk: @unchecked Sendable {
        private let lock = NSLock()
        private var rule: (Int) -> UInt64 = { _ in 1 << 40 }
        let versions: URL
        init(versions: URL) { self.versions = versions }
        /// `rule` gets how many versions are left.
        func set(_ rule: @escaping (Int) -> UInt64) { lock.withLock { self.rule = rule } }
        func free(_ path: String) -> UInt64? {
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: versions.path)) ?? [])
                .filter { AtomicOutput.isVersionName($0) }.count
            return lock.withLock { rule }(left)
        }
    }

    /// Publishes `count` versions holding an index page into an output that keeps them all; the
    /// disk seems to have lost `taken` bytes during each build.
    func publish(_ count: Int, taken: UInt64 = 300_000) throws -> (AtomicOutput, FakeDisk) {
        let output = root.appendingPathComponent("public")
        let disk = FakeDisk(versions: root.appendingPathComponent(".public.versions"))
        let atomic = AtomicOutput(output: output, keepVersions: 100, freeSpace: { disk.free($0) })
        for number in 1...count {
            let staging = try atomic.makeStagingFolder()
            try Data(String(repeating: "page \(number) ", count: 1000).utf8).write(to: staging.appendingPathComponent("index.html"))
            // The disk had `taken` bytes more before the build than after it.
            let freeBefore = try XCTUnwrap(atomic.freeSpaceNow()) + taken
            XCTAssertEqual(try atomic.publish(staging, freeBefore: freeBefore), String(format: "v%06d", number))
        }
        return (atomic, disk)
    }

    func versionsLeft(_ atomic: AtomicOutput) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: atomic.versionsFolder.path).filter { AtomicOutput.isVersionName($0) }.sorted()
    }

    func testShortOfSpaceTheOldestVersionsArePrunedUntilThereIsRoom() throws {
        let (atomic, disk) = try publish(5)
        let last = try XCTUnwrap(atomic.lastBuildSize())
        XCTAssertEqual(last, 300_000, "what the last build took is recorded")
        XCTAssertEqual(try String(contentsOf: atomic.versionsFolder.appendingPathComponent("v000005.complete"), encoding: .utf8), "300000\n")
        let needed = AtomicOutput.neededSpace(lastBuild: last)
        // Room enough once only three versions are left.
        disk.set { left in left > 3 ? needed - 1 : needed }

        let staging = try atomic.makeStagingFolder()
        XCTAssertEqual(try versionsLeft(atomic), ["v000003", "v000004", "v000005"])
        let names = try FileManager.default.contentsOfDirectory(atPath: atomic.versionsFolder.path)
        XCTAssertFalse(names.contains("v000001.complete"), "the completion marks go with their versions: \(names)")
        XCTAssertTrue(names.contains("v000003.complete"))
        atomic.discard(staging)
    }

    func testWithPlentyOfSpaceNothingIsPrunedBeforeTheBuild() throws {
        let (atomic, disk) = try publish(4)
        disk.set { _ in .max }
        XCTAssertEqual(atomic.pruneIfShortOfSpace(), [])
        // Nor when the free space is unknown.
        disk.set { _ in 0 }
        let unknown = AtomicOutput(output: atomic.output, keepVersions: 100, freeSpace: { _ in nil })
        XCTAssertEqual(unknown.pruneIfShortOfSpace(), [])
        XCTAssertEqual(try versionsLeft(atomic), ["v000001", "v000002", "v000003", "v000004"])
    }

    func testTheLiveAndThePreviousVersionAreNeverPrunedHoweverFullTheDisk() throws {
        let (atomic, disk) = try publish(5)
        // Live v000003, and v000002 before it in the history.
        XCTAssertEqual(try atomic.rollback().restored, "v000004")
        XCTAssertEqual(try atomic.rollback().restored, "v000003")
        disk.set { _ in 0 }
        XCTAssertEqual(atomic.pruneIfShortOfSpace(), ["v000001", "v000004", "v000005"])
        XCTAssertEqual(try versionsLeft(atomic), ["v000002", "v000003"])
        XCTAssertEqual(atomic.currentVersion(), "v000003")
        XCTAssertEqual(try atomic.rollback().restored, "v000002", "the previous version is still there to return to")
    }

    func testAfterRunningOutOfSpaceAllButTheLiveAndPreviousVersionsGoWhateverTheFreeSpaceSays() throws {
        let (atomic, _) = try publish(5)
        let unknown = AtomicOutput(output: atomic.output, keepVersions: 100, freeSpace: { _ in nil })
        XCTAssertEqual(unknown.pruneAfterRunningOutOfSpace(), ["v000001", "v000002", "v000003"])
        XCTAssertEqual(try versionsLeft(atomic), ["v000004", "v000005"])
    }

    func testAVersionsFolderWithoutMarkerIsRefusedAndUntouched() throws {
        let versions = root.appendingPathComponent(".public.versions")
        for name in ["v000001", "v000002", "v000003", "v000004"] {
            try FileManager.default.createDirectory(at: versions.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data("old".utf8).write(to: versions.appendingPathComponent("\(name)/index.html"))
        }
        let atomic = AtomicOutput(output: root.appendingPathComponent("public"), freeSpace: { _ in 0 })
        XCTAssertThrowsError(try atomic.makeStagingFolder()) { error in
            XCTAssertTrue("\(error)".contains(".portal-versions"), "\(error)")
        }
        XCTAssertEqual(atomic.pruneIfShortOfSpace(), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: versions.path).sorted(), ["v000001", "v000002", "v000003", "v000004"])
    }

    func testPruningUnlinksALinkNamedLikeAVersionWithoutFollowingIt() throws {
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: outside.appendingPathComponent("keep.txt"))
        let (atomic, _) = try publish(1)
        try FileManager.default.createSymbolicLink(at: atomic.versionsFolder.appendingPathComponent("v000000"), withDestinationURL: outside)
        let pruning = AtomicOutput(output: atomic.output, keepVersions: 2)
        for _ in 1...3 { try pruning.publish(try pruning.makeStagingFolder()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: atomic.versionsFolder.path)
        XCTAssertFalse(names.contains("v000000"), "\(names)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), ["keep.txt"])
    }
}
