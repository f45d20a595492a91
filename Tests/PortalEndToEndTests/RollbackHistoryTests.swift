import Foundation
import XCTest

/// `portal rollback` walks back through the versions in the order they were live (issue 15), and
/// never publishes a version that is incomplete or not portal's own folder.
final class RollbackHistoryTests: XCTestCase {
    private func live(_ site: SiteFixture) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path)
    }

    private func rollback(_ site: SiteFixture) throws -> PortalRun {
        try PortalRun.run(["rollback", "--source", site.root.path])
    }

    private var versions: (SiteFixture) -> URL { { $0.root.appendingPathComponent(".public.versions") } }

    func testRollbackAfterABuildReturnsToTheVersionThatBuildReplaced() throws {
        let site = try SiteFixture(fixture: "small")
        for _ in 1...5 { XCTAssertEqual(try site.build().status, 0) }
        XCTAssertEqual(try live(site), ".public.versions/v000005")
        for expected in ["v000004", "v000003"] {
            let run = try rollback(site)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(try live(site), ".public.versions/\(expected)")
        }
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try live(site), ".public.versions/v000006")

        // Back to v000003, which was live before v000006 — not v000005, the number below.
        let run = try rollback(site)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try live(site), ".public.versions/v000003")
        XCTAssertTrue(run.stdout.contains("现在指向 v000003（之前为 v000006）"), run.stdout)
        XCTAssertTrue(run.stdout.contains("now serves v000003 (was v000006)"), run.stdout)
        XCTAssertTrue(site.exists("/"))
    }

    func testRollbackRefusesAVersionWithoutIndexHtml() throws {
        let site = try SiteFixture(fixture: "small")
        for _ in 1...2 { XCTAssertEqual(try site.build().status, 0) }
        try FileManager.default.removeItem(at: versions(site).appendingPathComponent("v000001/index.html"))
        let run = try rollback(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("不完整") && run.stderr.contains("the version is incomplete"), run.stderr)
        XCTAssertTrue(run.stderr.contains("v000001"), run.stderr)
        XCTAssertEqual(try live(site), ".public.versions/v000002", "the live version stays")
    }

    func testRollbackRefusesAVersionWithoutItsCompletionMark() throws {
        let site = try SiteFixture(fixture: "small")
        for _ in 1...2 { XCTAssertEqual(try site.build().status, 0) }
        try FileManager.default.removeItem(at: versions(site).appendingPathComponent("v000001.complete"))
        let run = try rollback(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("v000001.complete"), run.stderr)
        XCTAssertEqual(try live(site), ".public.versions/v000002")
    }

    func testAVersionThatIsALinkElsewhereIsRefusedAndNeverFollowed() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        // A folder outside that looks like a version, and a v000000 link to it put on top of the
        // history, as someone tampering with the versions folder would.
        let outside = site.root.appendingPathComponent("outside")
        try site.write("<html>not the site</html>", to: "outside/index.html")
        try site.write("secret", to: "outside/secret.txt")
        let folder = versions(site)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("v000000"), withDestinationURL: outside)
        try Data("1\n".utf8).write(to: folder.appendingPathComponent("v000000.complete"))
        try Data("v000000\nv000001\n".utf8).write(to: folder.appendingPathComponent("history"))

        let run = try rollback(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("不是 portal 写入的版本目录") && run.stderr.contains("not a version folder that portal wrote"), run.stderr)
        XCTAssertTrue(run.stderr.contains(outside.path), "it says where the link points: \(run.stderr)")
        XCTAssertEqual(try live(site), ".public.versions/v000001")

        // Later builds prune the link by unlinking it; what it pointed at stays.
        for _ in 1...4 { XCTAssertEqual(try site.build().status, 0) }
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("v000000").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path).sorted(), ["index.html", "secret.txt"])
    }

    func testRollbackWithNoPreviousVersionSaysSo() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let run = try rollback(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("没有比当前版本 v000001 更早的版本可回滚"), run.stderr)
        XCTAssertTrue(run.stderr.contains("there is no version older than the live v000001"), run.stderr)
        XCTAssertEqual(try live(site), ".public.versions/v000001")
    }

    func testRollbackRefusesAnOutputThatIsNotPortals() throws {
        let site = try SiteFixture(fixture: "small")
        try site.write("mine", to: "public/thesis.docx")
        let run = try rollback(site)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains(site.output.path), run.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.output.path), ["thesis.docx"])
    }
}
