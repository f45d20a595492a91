import Foundation
import XCTest

/// The search index is written last, after every page (`StepResult.deferred`), and it is the
/// largest part of a big site's output: where a disk fills, it fills there. The build must still
/// fail as any failed build does — the output named, the staging folder gone, `public` the
/// version it was — on a real disk that really fills (a tmpfs of the test's own).
final class DiskFullDuringIndexTests: XCTestCase {
    private var mounted: URL?

    /// A tmpfs of `megabytes` mounted for this test and unmounted after it; skips the test where
    /// this process may not mount one (it needs root, as CI runs).
    private func smallDisk(megabytes: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mount = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder.path])
        guard mount == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw XCTSkip("mounting a tmpfs needs root (CI runs as root)")
        }
        addTeardownBlock {
            _ = try? Self.run("/bin/umount", [folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        return folder
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Bytes in the blocks below `folder` (`du`), each hard-linked file counted once.
    private static func diskBytes(_ folder: URL) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/du")
        process.arguments = ["-sk", folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (Int(output.split(separator: "\t").first ?? "") ?? 0) * 1024
    }

    private static func freeBytes(_ folder: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: folder.path)
        return (attributes[.systemFreeSize] as? NSNumber)?.intValue ?? 0
    }

    func testADiskThatFillsWhileTheIndexIsWrittenLeavesThePublishedSiteAsItWas() throws {
        let disk = try smallDisk(megabytes: 48)
        let source = try TerminalDriver.generatedSite(items: 300, prefix: "portal-disk-site", removedAfter: self)
        let output = disk.appendingPathComponent("public")
        // With the steps' timings on stderr: they say how far a build got.
        func build() throws -> PortalRun {
            try PortalRun.runTool("/usr/bin/env", ["PORTAL_TIMINGS=1", PortalRun.binary.path, "build", "--source", source.path,
                                                   "--output", output.path, "--now", "2026-01-01", "--full"])
        }

        let first = try build()
        XCTAssertEqual(first.status, 0, first.stderr)
        let live = output.resolvingSymlinksInPath()
        let published = try TreeSnapshot.take(output, includingCarried: true)
        let index = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: live.appendingPathComponent("search/index").path).first)
        let indexBytes = try Self.diskBytes(live.appendingPathComponent("search/index/\(index)"))
        let versionBytes = try Self.diskBytes(live)
        XCTAssertGreaterThan(indexBytes, 1024 * 1024, "an index large enough to fill the disk with")

        // Room for every page of the next build and half its index: the pages are written, the
        // index is not. (`--full`: the next build writes everything again, links nothing.)
        let room = versionBytes - indexBytes / 2
        let filler = disk.appendingPathComponent("filler")
        let fillerBytes = try Self.freeBytes(disk) - room
        XCTAssertGreaterThan(fillerBytes, 0)
        FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        let block = Data(count: 1 << 20)
        var written = 0
        while written + block.count <= fillerBytes {
            try handle.write(contentsOf: block)
            written += block.count
        }
        try handle.write(contentsOf: Data(count: fillerBytes - written))
        try handle.close()

        let second = try build()
        XCTAssertNotEqual(second.status, 0, "a build that ran out of space fails")
        XCTAssertTrue(second.stderr.contains("磁盘空间不足"), second.stderr)
        XCTAssertTrue(second.stderr.contains(output.path), "the output folder is named: \(second.stderr)")
        XCTAssertTrue(second.stderr.contains("\nSitemapStep "), "every step ran, the last one too: \(second.stderr)")
        XCTAssertFalse(second.stderr.contains("SearchStep.deferred"), "the index was not finished")
        XCTAssertEqual(output.resolvingSymlinksInPath(), live, "public is the version it was")
        XCTAssertEqual(try TreeSnapshot.take(output, includingCarried: true), published, "and every file of it as it was")
        let versions = try FileManager.default.contentsOfDirectory(atPath: disk.appendingPathComponent(".public.versions").path)
        XCTAssertFalse(versions.contains { $0.contains("staging") }, "no staging folder is left: \(versions)")

        // With the room back, the next build publishes.
        try FileManager.default.removeItem(at: filler)
        let third = try build()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertNotEqual(output.resolvingSymlinksInPath(), live)
    }
}
