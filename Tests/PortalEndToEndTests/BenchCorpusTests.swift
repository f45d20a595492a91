import Foundation
import XCTest

/// The benchmark's corpus (`bench/generate`) stays a valid portal site and its Hugo twin stays a
/// valid Hugo site with the same pages: otherwise `bench/run` would time a failing build, or
/// compare portal with a Hugo site that makes different pages. No timing here: speed is measured
/// by `bench/run`, not by tests.
final class BenchCorpusTests: XCTestCase {
    /// `manifest.json`, written by bench/generate beside the two sites.
    struct Manifest: Decodable {
        let items: Int
        let published: Int
        let pageSize: Int
        let categories: [String: Int]
        let publishedURLs: [String]
        let draftURLs: [String]

        enum CodingKeys: String, CodingKey {
            case items, published, categories
            case pageSize = "page_size", publishedURLs = "published_urls", draftURLs = "draft_urls"
        }
    }

    private var folders: [URL] = []

    override func tearDown() {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        folders = []
        super.tearDown()
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        folders.append(folder)
        return folder
    }

    /// Runs a program found on the PATH; returns its exit status and its output (stdout + stderr).
    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func generate(items: Int, into folder: URL) throws -> Manifest {
        let script = SiteFixture.repositoryRoot.appendingPathComponent("bench/generate").path
        let result = try run(["python3", script, "--items", String(items), "--out", folder.path])
        XCTAssertEqual(result.status, 0, result.output)
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    /// One page per published item, none for drafts, every category index page.
    private func assertPages(in output: URL, match manifest: Manifest, tool: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        let root = output.resolvingSymlinksInPath()
        func exists(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
        }
        for url in manifest.publishedURLs where !exists(url + "index.html") {
            XCTFail("\(tool): no page for \(url)", file: file, line: line)
        }
        for url in manifest.draftURLs where exists(url) {
            XCTFail("\(tool): draft \(url) was published", file: file, line: line)
        }
        for (category, count) in manifest.categories {
            let pages = max(1, (count + manifest.pageSize - 1) / manifest.pageSize)
            XCTAssertTrue(exists("/\(category)/index.html"), "\(tool): /\(category)/", file: file, line: line)
            for number in stride(from: 2, through: pages, by: 1) {
                XCTAssertTrue(exists("/\(category)/page/\(number)/index.html"),
                              "\(tool): /\(category)/page/\(number)/", file: file, line: line)
            }
            XCTAssertFalse(exists("/\(category)/page/\(pages + 1)/"), "\(tool): /\(category)/page/\(pages + 1)/",
                           file: file, line: line)
        }
    }

    func testCorpusBuildsWithoutAnyDiagnostic() throws {
        let folder = try temporaryFolder()
        let manifest = try generate(items: 200, into: folder)
        XCTAssertEqual(manifest.items, 200)
        XCTAssertEqual(manifest.categories.count, 12, "every category of the content contract has items")
        XCTAssertTrue(manifest.categories.values.allSatisfy { $0 > 0 })
        XCTAssertGreaterThan(manifest.categories.values.max() ?? 0, manifest.pageSize, "some category is paginated")

        let output = folder.appendingPathComponent("out/public")
        let build = try PortalRun.run(["build", "--source", folder.appendingPathComponent("portal").path,
                                       "--output", output.path, "--now", "2026-01-01"])
        XCTAssertEqual(build.status, 0, build.stderr)
        // Not a single warning: a benchmark that times diagnostics would measure the wrong thing.
        XCTAssertFalse(build.stderr.contains("警告"), build.stderr)
        XCTAssertFalse(build.stderr.contains("错误"), build.stderr)
        XCTAssertTrue(build.stdout.contains("（\(manifest.published) 条公开信息）"), build.stdout)
        assertPages(in: output, match: manifest, tool: "portal")

        // Items link to each other (the link checker has real work) and have the body's shape.
        let items = Set(manifest.publishedURLs)
        let linked = manifest.publishedURLs.filter { url in
            let page = (try? String(contentsOf: output.resolvingSymlinksInPath()
                .appendingPathComponent(url + "index.html"), encoding: .utf8)) ?? ""
            let targets = page.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
            return targets.contains { items.contains(String($0)) && String($0) != url }
        }
        XCTAssertGreaterThan(linked.count, manifest.published / 4, "items link to other items")
        let sample = try String(contentsOf: output.resolvingSymlinksInPath()
            .appendingPathComponent(manifest.publishedURLs[0] + "index.html"), encoding: .utf8)
        XCTAssertTrue(sample.contains("<h2>"), "headings")
        XCTAssertTrue(sample.contains("<li>"), "lists")
    }

    func testCorpusIsDeterministicAndTheSameForBothTools() throws {
        let first = try temporaryFolder(), second = try temporaryFolder()
        _ = try generate(items: 150, into: first)
        _ = try generate(items: 150, into: second)
        let portalItems = try TreeSnapshot.take(first.appendingPathComponent("portal/content"))
        XCTAssertEqual(portalItems, try TreeSnapshot.take(second.appendingPathComponent("portal/content")))
        XCTAssertEqual(try TreeSnapshot.take(first.appendingPathComponent("hugo")),
                       try TreeSnapshot.take(second.appendingPathComponent("hugo")))

        // The item files are byte-identical in both sites; only Hugo has _index.md (section titles).
        let hugoItems = try TreeSnapshot.take(first.appendingPathComponent("hugo/content"))
            .filter { !$0.key.hasSuffix("/_index.md") }
        XCTAssertEqual(portalItems.filter { $0.key != "/site.yaml" }, hugoItems)
        XCTAssertGreaterThan(hugoItems.count, 140)
        // About 5 KB of Markdown per item.
        let average = hugoItems.values.map(\.count).reduce(0, +) / hugoItems.count
        XCTAssertTrue((4_000...6_000).contains(average), "average item size \(average) bytes")
    }

    func testHugoTwinMakesTheSamePages() throws {
        let folder = try temporaryFolder()
        let manifest = try generate(items: 300, into: folder)
        let output = folder.appendingPathComponent("hugo-out")
        let build = try run(["hugo", "--source", folder.appendingPathComponent("hugo").path,
                             "--destination", output.path, "--quiet"])
        XCTAssertEqual(build.status, 0, build.output)
        XCTAssertFalse(build.output.contains("WARN"), build.output)
        assertPages(in: output, match: manifest, tool: "Hugo")
        // Comparable work: the item page has the metadata table, the topic taxonomy exists.
        let item = try String(contentsOf: output.appendingPathComponent(manifest.publishedURLs[0] + "index.html"),
                              encoding: .utf8)
        for label in ["索引号", "发布机构", "发布日期", "主题分类"] {
            XCTAssertTrue(item.contains("<th scope=\"row\">\(label)</th>"), label)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("topics/index.html").path))
    }

    /// The lean twin (issue 20's comparison): the same pages of items, category lists, home and
    /// topics, and none of the feed, sitemap, 404 page or robots.txt the full twin adds.
    func testLeanHugoTwinMakesTheSamePagesAndNothingElse() throws {
        let folder = try temporaryFolder()
        let manifest = try generate(items: 300, into: folder)
        let output = folder.appendingPathComponent("hugo-lean-out")
        let build = try run(["hugo", "--source", folder.appendingPathComponent("hugo").path, "--config", "hugo-lean.toml",
                             "--destination", output.path, "--quiet"])
        XCTAssertEqual(build.status, 0, build.output)
        XCTAssertFalse(build.output.contains("WARN"), build.output)
        assertPages(in: output, match: manifest, tool: "Hugo lean")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("topics/index.html").path))
        let files = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: output.path))
        XCTAssertEqual(files.filter { $0.hasSuffix(".xml") || $0 == "404.html" || $0 == "robots.txt" }, [],
                       "the lean twin writes a feed, sitemap, 404 page or robots.txt")
    }
}
