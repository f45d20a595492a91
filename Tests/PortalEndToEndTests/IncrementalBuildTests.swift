import Foundation
@testable import PortalCore
import XCTest

/// Incremental builds (issue 8): a rebuild links the pages whose inputs are unchanged from the
/// live version, and its output is byte for byte that of a full build of the same content; a
/// change of content, template or configuration is never answered with a stale page.
final class IncrementalBuildTests: XCTestCase {
    private static let reusedLine = "unchanged files were reused from the previous version"

    /// The number of files a build says it reused (0 when it says nothing).
    private func reused(_ run: PortalRun) -> Int {
        guard let line = run.stdout.split(separator: "\n").first(where: { $0.contains(Self.reusedLine) }),
              let slash = line.range(of: " / ") else { return 0 }
        return Int(line[slash.upperBound...].split(separator: " ").first ?? "") ?? 0
    }

    /// The site built from scratch into a folder of its own, to compare with an incremental result.
    private func fullBuild(_ site: SiteFixture, now: String = "2021-12-31") throws -> [String: Data] {
        let output = site.root.appendingPathComponent("full-\(UUID().uuidString)")
        let run = try site.build(now: now, ["--output", output.path, "--full"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(reused(run), 0, "a --full build reuses nothing")
        return try TreeSnapshot.take(output)
    }

    private func linkCount(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        return (attributes[.referenceCount] as? NSNumber)?.intValue ?? 0
    }

    func testUnchangedRebuildReusesEveryCachedPageAndMatchesAFullBuild() throws {
        let site = try SiteFixture(fixture: "small")
        let first = try site.build()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(reused(first), 0, "the first build has nothing to reuse")
        let firstTree = try TreeSnapshot.take(site.output)

        let second = try site.build()
        XCTAssertEqual(second.status, 0, second.stderr)
        // Item pages (+ .gz), category pages, the attachment and the search index at least.
        XCTAssertGreaterThan(reused(second), 10, second.stdout)
        let item = site.output.appendingPathComponent("meetings/2021-01-15-first-meeting/index.html")
        XCTAssertEqual(try linkCount(item), 2, "the page is the previous version's file, linked")
        XCTAssertEqual(try TreeSnapshot.take(site.output), firstTree)
        XCTAssertEqual(try TreeSnapshot.take(site.output), try fullBuild(site))
    }

    func testAChangedItemIsRebuiltAndTheRestReused() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try site.page("/meetings/2021-03-01-second-meeting/")
        let unchanged = try TreeSnapshot.take(site.output)
        let published = site.output.resolvingSymlinksInPath()

        let path = "content/meetings/2021-03-01-second-meeting.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.write(text + "\n增补说明：会议纪要已归档。\n", to: path)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertGreaterThan(reused(run), 0)

        XCTAssertTrue(try site.page("/meetings/2021-03-01-second-meeting/").contains("会议纪要已归档"))
        XCTAssertEqual(try String(contentsOf: published.appendingPathComponent("meetings/2021-03-01-second-meeting/index.html"),
                                  encoding: .utf8), before, "the previous version is never written through")
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent("meetings/2021-03-01-second-meeting/index.html")), 1)
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent("meetings/2021-01-15-first-meeting/index.html")), 2)
        let after = try TreeSnapshot.take(site.output)
        XCTAssertNotEqual(after, unchanged)
        XCTAssertEqual(after, try fullBuild(site))
        // The search finds the new words: a new index version, patched from the live one — the
        // files the item touches written again, the others linked.
        let index = after.filter { $0.key.hasPrefix("/search/index/") }
        XCTAssertTrue(index.keys.allSatisfy { !unchanged.keys.contains($0) }, "a new index version")
        let folder = try XCTUnwrap(index.keys.first { $0.hasSuffix("/meta.json") }).dropLast("meta.json".count)
        let files = index.keys.map { site.output.appendingPathComponent(String($0.dropFirst())) }
        let links = try files.map { try linkCount($0) }
        // A linked file has three names: the previous version's, the new folder's, and the copy of
        // the previous folder carried for pages opened before the swap (SearchStep).
        XCTAssertTrue(links.contains(3), "unchanged index files are linked")
        XCTAssertTrue(links.contains(1), "the files the edit touches are written")
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent(String(folder.dropFirst()) + "meta.json")), 3)
        // Document files are raw DEFLATE of their JSON (RawDeflate).
        let document = try XCTUnwrap(index.first { file in
            file.key.contains("/d/") && RawDeflate.decompress(Array(file.value)).map { String(decoding: $0, as: UTF8.self) }?
                .contains("会议纪要已归档") == true
        })
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent(String(document.key.dropFirst()))), 1)
    }

    /// An edit that changes which strings are frequent cannot be patched into the index: it is built
    /// again, and the result is still that of a full build.
    func testAnEditThatReshapesTheSearchIndexBuildsItAgain() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let path = "content/meetings/2021-03-01-second-meeting.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        // Far above the small site's threshold (32): new frequent strings.
        try site.write(text + "\n" + String(repeating: "罕见的新词语，", count: 60) + "\n", to: path)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        let after = try TreeSnapshot.take(site.output)
        let meta = try XCTUnwrap(after.keys.first { $0.hasPrefix("/search/index/") && $0.hasSuffix("/meta.json") })
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent(String(meta.dropFirst()))), 1, "the index was built")
        XCTAssertEqual(after, try fullBuild(site))
        // And the next small edit patches that index again.
        try site.write(text + "\n" + String(repeating: "罕见的新词语，", count: 60) + "\n补充。\n", to: path)
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try TreeSnapshot.take(site.output), try fullBuild(site))
    }

    func testATemplateChangeReachesEveryPage() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let template = site.root.appendingPathComponent("templates/item.mustache")
        let text = try String(contentsOf: template, encoding: .utf8)
        try text.replacingOccurrences(of: "<article class=\"item\">", with: "<article class=\"item\" data-edition=\"2\">")
            .write(to: template, atomically: true, encoding: .utf8)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(reused(run), 0, "a template change invalidates every page")
        for url in ["/meetings/2021-01-15-first-meeting/", "/meetings/2021-03-01-second-meeting/", "/plans/2021-02-01-plan/"] {
            XCTAssertTrue(try site.page(url).contains("data-edition=\"2\""), url)
        }
        XCTAssertEqual(try TreeSnapshot.take(site.output), try fullBuild(site))
    }

    func testAConfigurationChangeReachesEveryPage() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let config = site.root.appendingPathComponent("content/site.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        let title = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("title:") })
        try text.replacingOccurrences(of: String(title), with: "title: 改名后的公开专栏").write(to: config, atomically: true, encoding: .utf8)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(reused(run), 0)
        XCTAssertTrue(try site.page("/meetings/2021-01-15-first-meeting/").contains("改名后的公开专栏"))
        XCTAssertEqual(try TreeSnapshot.take(site.output), try fullBuild(site))
    }

    func testLinksOfReusedPagesAreStillChecked() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        // The first meeting links to the plan; the meeting's file is unchanged, the plan goes.
        try site.remove("content/plans/2021-02-01-plan.md")
        try site.remove("content/plans/2021-02-01-plan.csv")
        let published = try TreeSnapshot.take(site.output)
        let run = try site.build()
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("content/meetings/2021-01-15-first-meeting.md:8"), run.stderr)
        XCTAssertTrue(run.stderr.contains("/plans/2021-02-01-plan/"), run.stderr)
        XCTAssertEqual(try TreeSnapshot.take(site.output), published, "nothing published")
    }

    func testAChangedAttachmentIsCopiedAgain() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        try site.write("序号,任务\n1,修订后的任务\n", to: "content/plans/2021-02-01-plan.csv")
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try site.page("/plans/2021-02-01-plan/2021-02-01-plan.csv"), "序号,任务\n1,修订后的任务\n")
        XCTAssertEqual(try TreeSnapshot.take(site.output), try fullBuild(site))
    }

    func testAFreshOutputFolderIsAFullBuild() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        // The output link is gone (a new web root, a cleaned server): nothing is reused.
        try FileManager.default.removeItem(at: site.output)
        let run = try site.build()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(reused(run), 0, run.stdout)
        XCTAssertEqual(try linkCount(site.output.appendingPathComponent("meetings/2021-01-15-first-meeting/index.html")), 1)
        // --full ignores the previous version even when there is one.
        let full = try site.build(now: "2021-12-31", ["--full"])
        XCTAssertEqual(reused(full), 0, full.stdout)
    }

    func testTheManifestAndStateLiveBesideTheOutputAndGoWithTheirVersion() throws {
        let site = try SiteFixture(fixture: "small")
        for _ in 0..<5 { XCTAssertEqual(try site.build().status, 0) }
        let versions = site.root.appendingPathComponent(".public.versions")
        let names = try FileManager.default.contentsOfDirectory(atPath: versions.path).sorted()
        // Each kept version with its completion mark, manifest and the search index's state, the
        // folder's marker and the history of what was live, nothing else.
        let folders = names.filter { $0.hasPrefix("v") && !$0.contains(".") }
        XCTAssertEqual(folders.count, 3, "three versions are kept: \(names)")
        XCTAssertEqual(names, ([".portal-versions", "history"] + folders.flatMap { [$0, $0 + ".complete", $0 + ".manifest", $0 + ".search"] }).sorted())
        XCTAssertFalse(try TreeSnapshot.take(site.output).keys.contains { $0.hasSuffix(".manifest") || $0.hasSuffix(".search") })
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.content.appendingPathComponent(".public.versions").path))
    }
}
