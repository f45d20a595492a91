import Foundation
import XCTest

/// `--output` is only ever portal's own output (issue 15): a careless path is refused before
/// anything is moved or created, and nothing portal did not write is ever pruned.
final class OutputGuardTests: XCTestCase {
    private func run(in directory: URL, _ arguments: [String]) throws -> PortalRun {
        try PortalRun.run(arguments, in: directory)
    }

    private func build(_ site: SiteFixture, output: String, in directory: URL? = nil) throws -> PortalRun {
        try run(in: directory ?? site.root, ["build", "--source", site.root.path, "--output", output, "--now", "2021-12-31"])
    }

    /// Every entry below `folder` (links not followed) with its bytes or link target.
    private func snapshot(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let fileManager = FileManager.default
        for relative in try fileManager.subpathsOfDirectory(atPath: folder.path) {
            let path = folder.appendingPathComponent(relative).path
            if let target = try? fileManager.destinationOfSymbolicLink(atPath: path) {
                result[relative] = "-> " + target
            } else if let data = fileManager.contents(atPath: path) {
                result[relative] = data.base64EncodedString()
            } else {
                result[relative] = "folder"
            }
        }
        return result
    }

    private func assertRefused(_ run: PortalRun, naming path: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(run.status, 0, run.stdout, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(path), "the message names \(path): \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains("提示") && run.stderr.contains("hint"), "with a hint: \(run.stderr)", file: file, line: line)
        XCTAssertFalse(run.stdout.contains("Built"), run.stdout, file: file, line: line)
    }

    private func isLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    func testAFolderHoldingAUsersFileIsRefusedAndNeverTouchedBuildAfterBuild() throws {
        let site = try SiteFixture(fixture: "small")
        let folder = site.root.appendingPathComponent("X")
        try site.write("my thesis", to: "X/thesis.docx")
        for _ in 1...3 {
            let run = try build(site, output: folder.path)
            assertRefused(run, naming: folder.path)
            XCTAssertTrue(run.stderr.contains("已有文件的目录") && run.stderr.contains("already holds files"), run.stderr)
            XCTAssertFalse(isLink(folder), "X stays a real folder")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["thesis.docx"])
            XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("thesis.docx"), encoding: .utf8), "my thesis")
            XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".X.versions").path))
        }
    }

    func testTheSiteRootIsRefused() throws {
        let site = try SiteFixture(fixture: "small")
        let before = try snapshot(site.root)
        let run = try build(site, output: ".")
        assertRefused(run, naming: site.root.path)
        XCTAssertTrue(run.stderr.contains("网站根目录本身") && run.stderr.contains("is the site root itself"), run.stderr)
        XCTAssertEqual(try snapshot(site.root), before, "content/ and templates/ unchanged byte for byte")
        XCTAssertFalse(isLink(site.root))
        let versions = site.root.deletingLastPathComponent().appendingPathComponent(".\(site.root.lastPathComponent).versions")
        XCTAssertFalse(FileManager.default.fileExists(atPath: versions.path))
    }

    func testContentAndTemplatesAndAnythingInsideThemAreRefused() throws {
        let site = try SiteFixture(fixture: "small")
        let before = try snapshot(site.root)
        for output in ["content", "templates", "content/site.yaml", "content/meetings", "templates/assets", "content/new-folder"] {
            let run = try build(site, output: output)
            assertRefused(run, naming: site.root.appendingPathComponent(output).path)
            XCTAssertTrue(run.stderr.contains("位于网站的") && run.stderr.contains("is inside the site's"), "\(output): \(run.stderr)")
            XCTAssertEqual(try snapshot(site.root), before, "\(output): content/ and templates/ unchanged byte for byte")
        }
        XCTAssertFalse(isLink(site.content))
    }

    func testAFolderAboveTheSiteRootIsRefused() throws {
        // The site one level down, so that its parent is a folder of this test, not /tmp.
        let outer = try SiteFixture(fixture: "small")
        let inner = outer.root.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        for name in ["content", "templates"] {
            try FileManager.default.moveItem(at: outer.root.appendingPathComponent(name), to: inner.appendingPathComponent(name))
        }
        let before = try snapshot(outer.root)
        for (output, named) in [("..", outer.root.path), (outer.root.path, outer.root.path)] {
            let run = try run(in: inner, ["build", "--source", ".", "--output", output, "--now", "2021-12-31"])
            assertRefused(run, naming: named)
            XCTAssertTrue(run.stderr.contains("包含网站的") && run.stderr.contains("contains the site's"), run.stderr)
            XCTAssertEqual(try snapshot(outer.root), before, "\(output): nothing moved")
        }
        XCTAssertFalse(isLink(outer.root))
    }

    func testARegularFileIsRefused() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("notes", to: "notes.txt")
        let file = site.root.appendingPathComponent("notes.txt")
        let run = try build(site, output: file.path)
        assertRefused(run, naming: file.path)
        XCTAssertTrue(run.stderr.contains("是一个文件") && run.stderr.contains("is a file, not a folder"), run.stderr)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "notes")
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".notes.txt.versions").path))
    }

    func testASymbolicLinkToAnotherFolderIsRefused() throws {
        let site = try SiteFixture(fixture: "small")
        let elsewhere = site.root.appendingPathComponent("elsewhere")
        try site.write("keep", to: "elsewhere/keep.txt")
        try FileManager.default.createSymbolicLink(at: site.output, withDestinationURL: elsewhere)
        let run = try build(site, output: site.output.path)
        assertRefused(run, naming: site.output.path)
        XCTAssertTrue(run.stderr.contains("符号链接") && run.stderr.contains("is a symbolic link to"), run.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), elsewhere.path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path), ["keep.txt"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".public.versions").path))
    }

    func testAnEmptyFolderBecomesTheLink() throws {
        let site = try SiteFixture(fixture: "small")
        try FileManager.default.createDirectory(at: site.output, withIntermediateDirectories: true)
        let run = try build(site, output: site.output.path)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), ".public.versions/v000001")
        XCTAssertTrue(site.exists("/"))
        // Nothing was moved into the versions: the empty folder was removed, not kept as v000000.
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".public.versions/v000000").path))
    }

    func testAnAbsentOutputIsCreatedWithItsParentsAndAMarkedVersionsFolder() throws {
        let site = try SiteFixture(fixture: "small")
        let output = site.root.appendingPathComponent("srv/www/public")
        let first = try build(site, output: output.path)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
        let marker = site.root.appendingPathComponent("srv/www/.public.versions/.portal-versions")
        XCTAssertTrue(try String(contentsOf: marker, encoding: .utf8).contains("portal"))
        // Its own link is accepted from then on.
        XCTAssertEqual(try build(site, output: output.path).status, 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: output.path), ".public.versions/v000002")
    }

    func testAVersionsFolderWithoutPortalsMarkerIsNeverTouched() throws {
        let site = try SiteFixture(fixture: "small")
        // As an older portal (or a person) left it: versions, a note, and a link into it.
        for number in 1...5 { try site.write("old \(number)", to: ".public.versions/v00000\(number)/index.html") }
        try site.write("mine", to: ".public.versions/notes.txt")
        let versions = site.root.appendingPathComponent(".public.versions")
        let before = try snapshot(versions)
        for withLink in [false, true] {
            if withLink {
                try FileManager.default.createSymbolicLink(atPath: site.output.path, withDestinationPath: ".public.versions/v000005")
            }
            for _ in 1...2 {
                let run = try build(site, output: site.output.path)
                assertRefused(run, naming: versions.path)
                XCTAssertTrue(run.stderr.contains(".portal-versions"), run.stderr)
                XCTAssertTrue(run.stderr.contains("删除 \(site.output.path) 和 \(versions.path)"), run.stderr)
                XCTAssertEqual(try snapshot(versions), before, "nothing pruned, nothing added")
            }
            if withLink {
                XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), ".public.versions/v000005")
            } else {
                XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path))
            }
        }
    }
}
