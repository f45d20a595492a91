import Foundation
import XCTest

/// Publishing under a running nginx: rebuilds and rollbacks swap whole versions, so no request
/// fails or gets a page that is half one version and half another.
final class NginxPublishingTests: XCTestCase {
    /// Two versions of the small fixture site. Every page carries the site title, so the title
    /// tells which version a response came from; version B also has one more meeting.
    static let titles = ["甲版测试局政府信息公开", "乙版测试局政府信息公开"]

    func setVersion(_ version: Int, of site: SiteFixture) throws {
        let yaml = try String(contentsOf: SiteFixture.fixturesRoot.appendingPathComponent("small/content/site.yaml"), encoding: .utf8)
        try site.write(yaml.replacingOccurrences(of: "title: 测试局政府信息公开", with: "title: \(Self.titles[version])"),
                       to: "content/site.yaml")
        let extra = "content/meetings/2021-04-01-fourth-meeting.md"
        if version == 1 {
            try site.write("""
            ---
            title: 第四次局务会议
            date: 2021-04-01
            index_no: 11370305MB2859012X/2021-00099
            ---

            只在乙版中出现的会议纪要。
            """, to: extra)
        } else if FileManager.default.fileExists(atPath: site.root.appendingPathComponent(extra).path) {
            try site.remove(extra)
        }
    }

    /// Which version a whole page belongs to, or why it is not a whole page of exactly one.
    static func version(of page: String) -> Result<Int, PageProblem> {
        guard page.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>") else {
            return .failure(PageProblem("the page does not end with </html> (\(page.utf8.count) bytes)"))
        }
        let found = titles.indices.filter { page.contains(titles[$0]) }
        guard found.count == 1 else { return .failure(PageProblem("the page carries \(found.count) versions' titles")) }
        return .success(found[0])
    }

    struct PageProblem: Error, Equatable, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func testRequestsDuringRepeatedRebuildsAllSucceedWithWholePages() throws {
        let site = try SiteFixture(fixture: "small")
        try setVersion(0, of: site)
        XCTAssertEqual(try site.build().status, 0)
        let server = try NginxTestServer(root: site.output)
        // Pages that exist in both versions: any failure below is the swap's fault.
        let paths = ["/", "/meetings/", "/meetings/page/2/", "/meetings/2021-01-15-first-meeting/",
                     "/plans/", "/plans/2021-02-01-plan/", "/personnel/", "/annual-reports/", "/404.html"]
        for path in paths { XCTAssertEqual(try server.get(path).status, 200, path) }

        // Four clients request pages (every fourth one gzip-compressed) until the rebuilds are
        // done; each is bounded by a request count and a deadline, whatever happens.
        let load = LoadRecord()
        let group = DispatchGroup()
        let deadline = Date().addingTimeInterval(120)
        for client in 0..<4 {
            DispatchQueue.global().async(group: group) {
                var request = 0
                while !load.isStopped, request < 4000, Date() < deadline {
                    let path = paths[(request + client) % paths.count]
                    let compressed = request % 4 == client % 4
                    request += 1
                    do {
                        let response = try server.get(path, headers: compressed ? ["Accept-Encoding": "gzip"] : [:])
                        guard response.status == 200 else {
                            load.fail("\(path) → \(response.status)")
                            continue
                        }
                        if response.header("content-encoding") == "gzip" {
                            load.keepCompressed(path: path, body: response.body)
                        } else {
                            switch Self.version(of: response.text) {
                            case .success(let version): load.saw(version)
                            case .failure(let problem): load.fail("\(path): \(problem)")
                            }
                        }
                    } catch {
                        load.fail("\(path): \(error)")
                    }
                }
            }
        }

        // Ten rebuilds alternating between the two versions, while the clients run.
        var builds: [Int32] = []
        for rebuild in 1...10 {
            try setVersion(rebuild % 2, of: site)
            builds.append(try site.build().status)
        }
        load.stop()
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success, "the clients must stop by themselves")

        XCTAssertEqual(builds, Array(repeating: 0, count: 10))
        XCTAssertEqual(load.failures, [], server.log)
        XCTAssertGreaterThan(load.requests, 100, "the clients must have run during the rebuilds")
        XCTAssertEqual(load.versionsSeen, [0, 1], "requests must have met both versions")
        // The compressed pages are whole too: gzip accepts them and they decompress to a page of
        // exactly one version.
        XCTAssertFalse(load.compressed.isEmpty)
        for (path, body) in load.compressed {
            let page = try XCTUnwrap(try GzipTool.decompress(body), "\(path): gzip rejects the compressed page")
            if case .failure(let problem) = Self.version(of: String(decoding: page, as: UTF8.self)) {
                XCTFail("\(path) (gzip): \(problem)")
            }
        }
        // Pruned as it went: the newest three versions, no staging leftovers, no stray links.
        let atomicFolder = site.root.appendingPathComponent(".public.versions")
        // (Each version's incremental-build manifest and search state sit beside it: IncrementalBuildTests.)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: atomicFolder.path).filter { $0.hasPrefix("v") && !$0.contains(".") }.sorted(),
                       ["v000009", "v000010", "v000011"])
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: site.root.path).contains { $0.contains(".link-") })
        XCTAssertEqual(Self.version(of: try server.get("/").text), .success(0), "the last build (version A) is live")
    }

    func testRollbackPutsThePreviousVersionBackUnderNginx() throws {
        let site = try SiteFixture(fixture: "small")
        try setVersion(0, of: site)
        XCTAssertEqual(try site.build().status, 0)
        try setVersion(1, of: site)
        XCTAssertEqual(try site.build().status, 0)
        let server = try NginxTestServer(root: site.output)
        XCTAssertEqual(Self.version(of: try server.get("/").text), .success(1))
        XCTAssertEqual(try server.get("/meetings/2021-04-01-fourth-meeting/").status, 200)

        let rollback = try PortalRun.run(["rollback", "--source", site.root.path])
        XCTAssertEqual(rollback.status, 0, rollback.stderr)
        XCTAssertTrue(rollback.stdout.contains("v000001"), "it says which version is live: \(rollback.stdout)")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), ".public.versions/v000001")

        // nginx follows the link on the next request: no reload, and the whole old version is
        // back, its compressed siblings included.
        XCTAssertEqual(Self.version(of: try server.get("/").text), .success(0))
        let compressed = try server.get("/meetings/", headers: ["Accept-Encoding": "gzip"])
        XCTAssertEqual(compressed.header("content-encoding"), "gzip")
        let page = String(decoding: try XCTUnwrap(try GzipTool.decompress(compressed.body)), as: UTF8.self)
        XCTAssertEqual(Self.version(of: page), .success(0))
        XCTAssertFalse(page.contains("第四次局务会议"))
        XCTAssertEqual(try server.get("/meetings/2021-04-01-fourth-meeting/").status, 404)

        // Nothing older is kept: the second rollback fails and changes nothing.
        let again = try PortalRun.run(["rollback", "--output", site.output.path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("没有比当前版本 v000001 更早的版本可回滚"), again.stderr)
        XCTAssertTrue(again.stderr.contains("there is no version older than the live v000001"), again.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), ".public.versions/v000001")

        // The next build publishes a new version on top, as usual.
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(Self.version(of: try server.get("/").text), .success(1))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), ".public.versions/v000003")
    }

    func testRollbackWithoutABuiltSiteFailsWithAMessage() throws {
        let site = try SiteFixture(fixture: "small")
        let run = try PortalRun.run(["rollback", "--source", site.root.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("不是 portal build 生成的版本链接"), run.stderr)
        XCTAssertTrue(run.stderr.contains("is not the version link that portal build makes"), run.stderr)
    }

    func testPruningKeepsTheNewestThreeAndTheVersionLiveBeforeTheSwap() throws {
        let site = try SiteFixture(fixture: "small")
        let versions = site.root.appendingPathComponent(".public.versions")
        func kept() throws -> [String] {
            // The versions themselves (their completion marks, manifests and search states sit
            // beside them, with the marker and the history).
            try FileManager.default.contentsOfDirectory(atPath: versions.path).filter { $0.hasPrefix("v") && !$0.contains(".") }.sorted()
        }
        for _ in 1...4 { XCTAssertEqual(try site.build().status, 0) }
        XCTAssertEqual(try kept(), ["v000002", "v000003", "v000004"])

        for _ in 1...2 { XCTAssertEqual(try PortalRun.run(["rollback", "--source", site.root.path]).status, 0) }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path), ".public.versions/v000002")

        // v000002 is not among the newest three any more, but it was live until this build's swap.
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try kept(), ["v000002", "v000003", "v000004", "v000005"])
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try kept(), ["v000004", "v000005", "v000006"])
    }
}

/// What the load test's clients saw, shared between their threads.
private final class LoadRecord: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var failureList: [String] = []
    private var seen: Set<Int> = []
    private var count = 0
    private var samples: [(String, Data)] = []

    var isStopped: Bool { lock.withLock { stopped } }
    var failures: [String] { lock.withLock { failureList } }
    var versionsSeen: Set<Int> { lock.withLock { seen } }
    var requests: Int { lock.withLock { count } }
    var compressed: [(String, Data)] { lock.withLock { samples } }

    func stop() { lock.withLock { stopped = true } }

    func fail(_ message: String) {
        lock.withLock {
            count += 1
            // Enough to see what went wrong; the count of failures is in the list's length.
            if failureList.count < 50 { failureList.append(message) }
        }
    }

    func saw(_ version: Int) {
        lock.withLock {
            count += 1
            seen.insert(version)
        }
    }

    /// Keeps a bounded sample of compressed bodies, checked with gzip after the run.
    func keepCompressed(path: String, body: Data) {
        lock.withLock {
            count += 1
            if samples.count < 60 || count % 50 == 0, samples.count < 120 { samples.append((path, body)) }
        }
    }
}
