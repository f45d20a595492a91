import Foundation
import XCTest

/// The build reads only the site's own plain files: a symbolic link or a special file anywhere in
/// `content/` or `templates/` is an error naming it, a file that cannot be read is an error naming
/// it (never a skip), `check` finds what `build` finds, and the live site stays as it was.
final class ReadingBoundaryTests: XCTestCase {
    /// A file outside the site whose text must never reach the output.
    var secretFolder: URL!
    let secret = "PORTAL-SECRET-\(UUID().uuidString)"

    override func setUpWithError() throws {
        secretFolder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: secretFolder, withIntermediateDirectories: true)
        // Shaped like each kind of file the build reads, so that a followed link would parse.
        try Data("\(secret)\n".utf8).write(to: secretFolder.appendingPathComponent("secret.mustache"))
        try Data("---\ntitle: \(secret)\ndate: 2021-05-01\nindex_no: 11370305MB2859012X/2021-00901\n---\n\(secret)\n".utf8)
            .write(to: secretFolder.appendingPathComponent("secret.md"))
        try Data("body { content: \"\(secret)\"; }\n".utf8).write(to: secretFolder.appendingPathComponent("secret.css"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: secretFolder)
    }

    /// A fixture site built once, so that there is a live version to keep.
    func builtSite() throws -> (SiteFixture, [String: Data]) {
        let site = try SiteFixture(fixture: "small")
        let first = try site.build()
        XCTAssertEqual(first.status, 0, first.stderr)
        return (site, try TreeSnapshot.take(site.output))
    }

    /// Builds and checks a site that must be refused for `path`: both exit 1 naming it with
    /// `expected`, the live version is unchanged, and the secret is nowhere in the output.
    func assertRefused(_ site: SiteFixture, before: [String: Data], naming path: String, _ expected: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let build = try PortalRun.run(["build", "--source", site.root.path, "--now", "2021-12-31"], timeout: 60)
        XCTAssertEqual(build.status, 1, build.stderr, file: file, line: line)
        XCTAssertTrue(build.stderr.contains(path), "\(path) not named:\n\(build.stderr)", file: file, line: line)
        XCTAssertTrue(build.stderr.contains(expected), "“\(expected)” missing:\n\(build.stderr)", file: file, line: line)
        XCTAssertFalse(build.stderr.contains(secret), file: file, line: line)
        let after = try TreeSnapshot.take(site.output)
        XCTAssertEqual(after, before, "the live site changed", file: file, line: line)
        for (name, data) in after {
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(secret), "secret in \(name)", file: file, line: line)
        }
        let check = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"], timeout: 60)
        XCTAssertEqual(check.status, 1, "check passed where build fails:\n\(check.stderr)", file: file, line: line)
        XCTAssertTrue(check.stderr.contains(path), "check does not name \(path):\n\(check.stderr)", file: file, line: line)
    }

    func link(_ relativePath: String, in site: SiteFixture, to target: URL) throws {
        let url = site.root.appendingPathComponent(relativePath)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: url, withDestinationURL: target)
    }

    // MARK: - Symbolic links

    func testAPartialLinkedToAServerFileIsRefusedAndNeverRead() throws {
        let (site, before) = try builtSite()
        try link("templates/partials/evil.mustache", in: site, to: secretFolder.appendingPathComponent("secret.mustache"))
        let footer = site.root.appendingPathComponent("templates/partials/footer.mustache")
        try (String(contentsOf: footer, encoding: .utf8) + "{{>evil}}\n").write(to: footer, atomically: true, encoding: .utf8)
        try assertRefused(site, before: before, naming: "templates/partials/evil.mustache", "symbolic links are not allowed")
    }

    func testEveryLinkedFileOrFolderTheBuildReadsIsRefused() throws {
        let cases: [(path: String, target: String)] = [
            ("content/site.yaml", "secret.md"),
            ("content/plans", ""),
            ("content/meetings/2021-05-01-linked.md", "secret.md"),
            ("content/plans/2021-02-01-plan.csv", "secret.md"),
            ("content/pages/guide.md", "secret.md"),
            ("content/annual-reports/2021/index.md", "secret.md"),
            ("content/annual-reports/2021/statistics.yaml", "secret.md"),
            ("content/annual-reports/2021", ""),
            ("templates/item.mustache", "secret.mustache"),
            ("templates/assets/style.css", "secret.css"),
            ("templates/assets/extra.css", "secret.css"),
            ("templates/partials", ""),
        ]
        for (path, target) in cases {
            let (site, before) = try builtSite()
            if path.hasPrefix("content/annual-reports") { try site.addTheDefaultSiteReports() }
            try link(path, in: site, to: target.isEmpty ? secretFolder : secretFolder.appendingPathComponent(target))
            try assertRefused(site, before: before, naming: path, "symbolic links are not allowed")
        }
    }

    func testTheContentAndTemplatesFoldersThemselvesMayNotBeLinks() throws {
        for folder in ["content", "templates"] {
            let (site, before) = try builtSite()
            let moved = site.root.appendingPathComponent("real-\(folder)")
            try FileManager.default.moveItem(at: site.root.appendingPathComponent(folder), to: moved)
            try link(folder, in: site, to: moved)
            try assertRefused(site, before: before, naming: folder, "symbolic links are not allowed")
        }
    }

    // MARK: - Special files

    func testAFIFONamedLikeAnItemNeitherHangsNorIsRead() throws {
        let (site, before) = try builtSite()
        for path in ["content/meetings/x.md", "templates/partials/fifo.mustache", "templates/assets/fifo.css"] {
            XCTAssertEqual(mkfifo(site.root.appendingPathComponent(path).path, 0o644), 0)
        }
        try assertRefused(site, before: before, naming: "content/meetings/x.md", "named pipe (FIFO)")
        let run = try PortalRun.run(["build", "--source", site.root.path, "--now", "2021-12-31"], timeout: 60)
        XCTAssertTrue(run.stderr.contains("templates/partials/fifo.mustache"), run.stderr)
        XCTAssertTrue(run.stderr.contains("templates/assets/fifo.css"), run.stderr)
    }

    func testASocketInContentIsRefused() throws {
        let (site, before) = try builtSite()
        let path = site.content.appendingPathComponent("meetings/s.md").path
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(socketDescriptor, 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        try assertRefused(site, before: before, naming: "content/meetings/s.md", "socket")
    }

    // MARK: - Encodings named right

    func testAUTF16FileIsCalledUTF16NotGBK() throws {
        let (site, before) = try builtSite()
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("---\ntitle: 标题\n---\n".data(using: .utf16LittleEndian)!)
        try utf16.write(to: site.content.appendingPathComponent("meetings/2021-05-01-utf16.md"))
        try assertRefused(site, before: before, naming: "content/meetings/2021-05-01-utf16.md", "the file is UTF-16")
        let run = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"], timeout: 60)
        XCTAssertFalse(run.stderr.contains("GBK"), run.stderr)
    }

    // MARK: - Unreadable files, as a user who is not root

    /// Runs the real binary as `nobody` on a site that user owns, after `prepare` took away some
    /// permission; root reads everything, so these cases need another user (CI runs as root).
    func assertRefusedAsNobody(naming path: String, _ expected: String, withReports: Bool = false,
                               prepare: (SiteFixture) throws -> Void, file: StaticString = #filePath, line: UInt = #line) throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to run portal as another user") }
        let site = try SiteFixture(fixture: "small")
        if withReports { try site.addTheDefaultSiteReports() }
        try site.write("---\ntitle: 指南\n---\n指南正文。\n", to: "content/pages/guide.md")
        XCTAssertEqual(chmod(site.root.path, 0o755), 0)
        let chown = try PortalRun.runTool("/bin/chown", ["-R", "nobody:nogroup", site.root.path])
        XCTAssertEqual(chown.status, 0, chown.stderr)
        let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PortalRun.binary.path]
        let first = try PortalRun.runTool(asNobody[0], Array(asNobody.dropFirst()) + ["build", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertEqual(first.status, 0, first.stderr, file: file, line: line)
        let before = try TreeSnapshot.take(site.output)
        try prepare(site)
        for command in ["build", "check"] {
            let run = try PortalRun.runTool(asNobody[0], Array(asNobody.dropFirst()) + [command, "--source", site.root.path, "--now", "2021-12-31"])
            XCTAssertEqual(run.status, 1, "\(command) passed:\n\(run.stdout)\n\(run.stderr)", file: file, line: line)
            XCTAssertTrue(run.stderr.contains(path), "\(command) does not name \(path):\n\(run.stderr)", file: file, line: line)
            XCTAssertTrue(run.stderr.contains(expected), "\(command): “\(expected)” missing:\n\(run.stderr)", file: file, line: line)
            XCTAssertFalse(run.stderr.contains("cannot write the output folder"), run.stderr, file: file, line: line)
        }
        XCTAssertEqual(try TreeSnapshot.take(site.output), before, "the live site changed", file: file, line: line)
    }

    func testAnUnreadableCategoryFolderIsAnErrorNotAMissingCategory() throws {
        try assertRefusedAsNobody(naming: "content/meetings", "permission denied") { site in
            XCTAssertEqual(chmod(site.content.appendingPathComponent("meetings").path, 0o000), 0)
        }
    }

    func testAnUnreadableItemPageAndReportAreErrors() throws {
        for path in ["content/meetings/2021-01-15-first-meeting.md", "content/pages/guide.md",
                     "content/annual-reports/2021/statistics.yaml", "content/annual-reports/2021/index.md"] {
            try assertRefusedAsNobody(naming: path, "permission denied", withReports: true) { site in
                XCTAssertEqual(chmod(site.root.appendingPathComponent(path).path, 0o000), 0)
            }
        }
    }

    func testAnUnreadableSiteYamlIsNotCalledMissing() throws {
        try assertRefusedAsNobody(naming: "content/site.yaml", "permission denied") { site in
            XCTAssertEqual(chmod(site.content.appendingPathComponent("site.yaml").path, 0o000), 0)
        }
    }

    func testAnUnreadableStylesheetOrTemplateStopsTheBuildInsteadOfTruncatingIt() throws {
        for path in ["templates/assets/style.css", "templates/item.mustache", "templates/partials"] {
            try assertRefusedAsNobody(naming: path, "permission denied") { site in
                XCTAssertEqual(chmod(site.root.appendingPathComponent(path).path, 0o000), 0)
            }
        }
    }

    func testAnUnreadableAttachmentIsNamedAsTheAttachmentNotTheOutputFolder() throws {
        try assertRefusedAsNobody(naming: "content/plans/2021-02-01-plan.csv", "permission denied") { site in
            XCTAssertEqual(chmod(site.content.appendingPathComponent("plans/2021-02-01-plan.csv").path, 0o000), 0)
        }
    }
}

extension SiteFixture {
    /// The default site's annual reports, with its site.yaml (the reports count its categories).
    func addTheDefaultSiteReports() throws {
        let source = SiteFixture.repositoryRoot.appendingPathComponent("content")
        try FileManager.default.copyItem(at: source.appendingPathComponent("annual-reports"), to: content.appendingPathComponent("annual-reports"))
        try FileManager.default.removeItem(at: content.appendingPathComponent("site.yaml"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("site.yaml"), to: content.appendingPathComponent("site.yaml"))
    }
}
