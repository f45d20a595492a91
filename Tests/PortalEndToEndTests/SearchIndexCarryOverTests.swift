import Foundation
import XCTest

/// Issue 16: a search page opened before a rebuild names the index folder of its own build.
/// Each version also carries the live version's index folder (hard-linked) for one build, and
/// `search.js` moves to the folder `/search/current.json` names when a file of its own is gone.
final class SearchIndexCarryOverTests: XCTestCase {
    static let item = "content/livelihood/2021-02-01-subsidy-guide.md"

    /// Appends a line to one item, so that the next build has a new search index.
    private func edit(_ site: SiteFixture, adding line: String) throws {
        let text = try String(contentsOf: site.root.appendingPathComponent(Self.item), encoding: .utf8)
        try site.write(text + "\n\(line)\n", to: Self.item)
    }

    /// The index folder `/search/current.json` names (`/search/index/<version>/`).
    private func currentIndex(_ output: URL) throws -> String {
        let data = try Data(contentsOf: output.appendingPathComponent("search/current.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(object["index"] as? String)
    }

    /// The index folders of the published version.
    private func indexFolders(_ output: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("search/index").path)
            .map { "/search/index/\($0)/" })
    }

    /// The files of an index folder, relative to the output (`/search/index/<version>/meta.json`).
    private func files(of folder: String, in output: URL) throws -> [String] {
        try TreeSnapshot.take(output, includingCarried: true).keys.filter { $0.hasPrefix(folder) }.sorted()
    }

    /// The inode of the file at `path` below `folder` (a version folder or the output link).
    private func inode(_ path: String, in folder: URL) throws -> UInt64 {
        let url = folder.resolvingSymlinksInPath().appendingPathComponent(String(path.dropFirst()))
        return try XCTUnwrap((try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.uint64Value)
    }

    /// Real binary, real nginx: v1's index files still answer 200 after one rebuild, 404 after two.
    func testNginxStillServesThePreviousIndexAfterOneRebuildAndNotAfterTwo() throws {
        let site = try SiteFixture(fixture: "search")
        XCTAssertEqual(try site.build().status, 0)
        let server = try NginxTestServer(root: site.output)
        let page = try server.get("/search/")
        XCTAssertEqual(page.status, 200)
        let first = try currentIndex(site.output)
        XCTAssertTrue(page.text.contains("data-index=\"\(first)\""), "/search/ names the folder current.json names")
        XCTAssertEqual(try indexFolders(site.output), [first], "a first build has one index folder")
        let v1Files = try files(of: first, in: site.output)
        let v1 = site.output.resolvingSymlinksInPath()
        XCTAssertGreaterThan(v1Files.count, 3)
        let current = try server.get("/search/current.json")
        XCTAssertEqual(current.status, 200)
        XCTAssertEqual(current.header("Cache-Control"), "no-cache", "a reader's browser asks again each time")

        try edit(site, adding: "第一次增补：申领材料改为线上提交。")
        let second = try site.build()
        XCTAssertEqual(second.status, 0, second.stderr)
        let secondIndex = try currentIndex(site.output)
        XCTAssertNotEqual(secondIndex, first)
        XCTAssertEqual(try indexFolders(site.output), [first, secondIndex])
        for path in v1Files {
            XCTAssertEqual(try server.get(path).status, 200, "\(path) after one rebuild")
            XCTAssertEqual(try inode(path, in: site.output), try inode(path, in: v1),
                           "\(path) is linked from the previous version, not copied")
        }
        XCTAssertFalse(try String(contentsOf: site.output.appendingPathComponent("sitemap.xml"), encoding: .utf8).contains("/search/index/"),
                       "the sitemap lists no index folder")

        try edit(site, adding: "第二次增补：办理时限缩短为五个工作日。")
        let third = try site.build()
        XCTAssertEqual(third.status, 0, third.stderr)
        let thirdIndex = try currentIndex(site.output)
        XCTAssertEqual(try indexFolders(site.output), [secondIndex, thirdIndex], "the carried folder lives one build")
        for path in v1Files { XCTAssertEqual(try server.get(path).status, 404, "\(path) after two rebuilds") }
        XCTAssertEqual(try server.get(String(secondIndex) + "meta.json").status, 200)
        XCTAssertEqual(try server.get(thirdIndex + "meta.json").status, 200)

        // An unchanged rebuild has one folder: the live one is the current one.
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try indexFolders(site.output), [thirdIndex])
    }

    /// Headless Chromium: a page opened on v1, two rebuilds (v1's folder gone), then a query typed
    /// in that page finds what only the newest build has, through the retry.
    func testAPageOpenedTwoBuildsAgoRetriesWithTheCurrentIndex() throws {
        let executable = try XCTUnwrap(ReaderBrowser.locate(), """
            找不到 Chromium，无法在真实浏览器中测试搜索页面；请安装 Debian 软件包 chromium（.ci/run 会安装）。
            Chromium is missing, so the search page cannot be tested in a real browser: install the Debian package chromium (.ci/run does).
            """)
        let site = try SiteFixture(fixture: "search")
        XCTAssertEqual(try site.build().status, 0)
        let first = try currentIndex(site.output)
        let browser = try ReaderBrowser(executable: executable, siteRoot: site.output)
        defer { browser.shutDown() }
        let load = try browser.load("/search/", width: 1280)
        XCTAssertEqual(load.errors, [])
        XCTAssertEqual(try browser.evaluate("document.getElementById('search-form').getAttribute('data-index')") as? String, first)

        try edit(site, adding: "第一次增补：申领材料改为线上提交。")
        XCTAssertEqual(try site.build().status, 0)
        try edit(site, adding: "第二次增补：办理时限缩短为五个工作日。")
        XCTAssertEqual(try site.build().status, 0)
        let newest = try currentIndex(site.output)
        XCTAssertFalse(try indexFolders(site.output).contains(first), "the page's own folder is gone")

        let outcome = try XCTUnwrap(browser.evaluate("""
            new Promise(function (resolve) {
              var form = document.getElementById('search-form');
              document.getElementById('search-input').value = '办理时限缩短';
              form.requestSubmit();
              var deadline = Date.now() + 20000;
              (function check() {
                var state = form.getAttribute('data-state');
                if (state === 'done' || state === 'error' || Date.now() > deadline) {
                  resolve({
                    state: state,
                    status: document.getElementById('search-status').textContent,
                    index: form.getAttribute('data-index'),
                    address: location.pathname + location.search,
                    results: Array.from(document.querySelectorAll('.search-result-title a')).map(function (a) { return a.getAttribute('href'); })
                  });
                } else setTimeout(check, 50);
              })();
            })
            """) as? [String: Any])
        let status = outcome["status"] as? String ?? ""
        XCTAssertEqual(outcome["state"] as? String, "done", status)
        XCTAssertFalse(status.contains("稍后再试"), status)
        XCTAssertEqual(outcome["results"] as? [String], [SearchBrowserTests.subsidyGuide], status)
        XCTAssertEqual(outcome["index"] as? String, newest, "the page moved to the current index")
        XCTAssertEqual(outcome["address"] as? String,
                       "/search/?q=" + "办理时限缩短".utf8.map { String(format: "%%%02X", $0) }.joined(),
                       "the address is the query's link")
    }

    /// The current index of an incremental rebuild is byte for byte that of `--full` builds, fresh
    /// or into the same output; the carried folder is linked whatever the kind of build, and is
    /// neither in the manifest nor in the sitemap.
    func testTheCurrentIndexOfIncrementalAndFullBuildsIsTheSame() throws {
        let site = try SiteFixture(fixture: "search")
        XCTAssertEqual(try site.build().status, 0)
        let first = try currentIndex(site.output)
        try edit(site, adding: "第一次增补：申领材料改为线上提交。")
        XCTAssertEqual(try site.build().status, 0)
        let incremental = try TreeSnapshot.take(site.output)
        let withCarried = try TreeSnapshot.take(site.output, includingCarried: true)
        XCTAssertTrue(withCarried.keys.contains { $0.hasPrefix(first) }, "the previous folder is carried")
        XCTAssertFalse(incremental.keys.contains { $0.hasPrefix(first) })

        let fresh = site.root.appendingPathComponent("full-\(UUID().uuidString)")
        XCTAssertEqual(try site.build(["--output", fresh.path, "--full"]).status, 0)
        XCTAssertEqual(try TreeSnapshot.take(fresh, includingCarried: true), incremental,
                       "a fresh --full build is the incremental one without the carried folder")

        // The manifest records only the current folder: the next build neither reuses nor carries
        // the carried one.
        let live = site.output.resolvingSymlinksInPath()
        let manifest = try String(contentsOf: URL(fileURLWithPath: live.path + ".manifest"), encoding: .utf8)
        XCTAssertFalse(manifest.contains(String(first.dropFirst())), "the carried folder is not in the manifest")

        // --full into the same output: the same current index, and the live folder carried too.
        let second = try currentIndex(site.output)
        let secondVersion = site.output.resolvingSymlinksInPath()
        try edit(site, adding: "第二次增补：办理时限缩短为五个工作日。")
        XCTAssertEqual(try site.build(["--full"]).status, 0)
        let full = try TreeSnapshot.take(site.output)
        XCTAssertEqual(try indexFolders(site.output), [second, try currentIndex(site.output)])
        XCTAssertEqual(try inode(second + "meta.json", in: site.output), try inode(second + "meta.json", in: secondVersion),
                       "carried by a --full build too, linked")
        let fresh2 = site.root.appendingPathComponent("full-\(UUID().uuidString)")
        XCTAssertEqual(try site.build(["--output", fresh2.path, "--full"]).status, 0)
        XCTAssertEqual(try TreeSnapshot.take(fresh2), full)
        // And the incremental build of the same content, over the --full one, again.
        XCTAssertEqual(try site.build().status, 0)
        XCTAssertEqual(try TreeSnapshot.take(site.output), full)
    }

    /// Issue 20: a new item renumbers the documents, so the index is built again rather than
    /// patched; but every document whose text it already had is linked from the live version's
    /// index (same inode), not compressed and written again, and only the new one is written. The
    /// index is still byte for byte that of a fresh `--full` build.
    func testARebuiltIndexLinksTheDocumentsItAlreadyHad() throws {
        let site = try SiteFixture(fixture: "search")
        XCTAssertEqual(try site.build().status, 0)
        let first = try currentIndex(site.output)
        let v1 = site.output.resolvingSymlinksInPath()
        let v1Documents = try files(of: first, in: site.output).filter { $0.hasPrefix(first + "d/") }
        XCTAssertGreaterThan(v1Documents.count, 3)
        var v1Inodes: [UInt64: Data] = [:]
        for path in v1Documents {
            v1Inodes[try inode(path, in: v1)] = try Data(contentsOf: v1.appendingPathComponent(String(path.dropFirst())))
        }

        try site.write("""
            ---
            title: 关于高校毕业生就业见习补贴申领的通知
            date: 2021-11-20
            index_no: 11370305MB2859012X/2021-00031
            topics: [就业创业]
            ---
            见习单位可于每月10日前申领上月补贴。

            """, to: "content/livelihood/2021-11-20-trainee-subsidy.md")
        let rebuilt = try site.build()
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stderr)
        let second = try currentIndex(site.output)
        XCTAssertNotEqual(second, first)
        let v2 = site.output.resolvingSymlinksInPath()
        let v2Documents = try files(of: second, in: site.output).filter { $0.hasPrefix(second + "d/") }
        XCTAssertEqual(v2Documents.count, v1Documents.count + 1, "one document more")
        var linked = 0, written: [String] = []
        for path in v2Documents {
            let bytes = try Data(contentsOf: v2.appendingPathComponent(String(path.dropFirst())))
            if let earlier = v1Inodes[try inode(path, in: v2)] {
                XCTAssertEqual(bytes, earlier, "\(path) is linked to a file with the same bytes")
                linked += 1
            } else {
                written.append(path)
                XCTAssertFalse(v1Inodes.values.contains(bytes), "\(path) has the bytes of a file it could have linked")
            }
        }
        XCTAssertEqual(linked, v1Documents.count, "every document the first index had is linked")
        XCTAssertEqual(written.count, 1, "only the new document is written: \(written)")
        let newest = try Data(contentsOf: v2.appendingPathComponent(String(try XCTUnwrap(written.first).dropFirst())))
        XCTAssertFalse(newest.isEmpty)

        let fresh = site.root.appendingPathComponent("full-\(UUID().uuidString)")
        XCTAssertEqual(try site.build(["--output", fresh.path, "--full"]).status, 0)
        XCTAssertEqual(try TreeSnapshot.take(fresh), try TreeSnapshot.take(site.output),
                       "the rebuilt index is the one a fresh --full build writes")
    }

    /// A site keeps its own copy of `search.js`: after an upgrade of portal that changed the index
    /// format, an old copy would answer every reader 稍后再试. The build stops with an error naming
    /// the file and how to fix it, and the published site stays as it was; `portal check` says the same.
    func testAnOldSearchScriptStopsTheBuildAndSaysWhichFileToReplace() throws {
        let site = try SiteFixture(fixture: "small")
        XCTAssertEqual(try site.build().status, 0)
        let before = try TreeSnapshot.take(site.output)
        let path = "templates/assets/search.js"
        let script = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        let current = try XCTUnwrap(script.range(of: #"INDEX_FORMAT = [0-9]+"#, options: .regularExpression))
        try site.write(script.replacingCharacters(in: current, with: "INDEX_FORMAT = 2"), to: path)

        let run = try site.build()
        XCTAssertNotEqual(run.status, 0, "an old search script stops the build")
        for expected in ["搜索脚本 templates/assets/search.js 是旧版本（读索引格式 2）", "the search script templates/assets/search.js is an old one",
                         "复制 templates/assets/search.js"] {
            XCTAssertTrue(run.stderr.contains(expected), "\(expected) in: \(run.stderr)")
        }
        XCTAssertEqual(try TreeSnapshot.take(site.output), before, "the published site is unchanged")
        let check = try PortalRun.run(["check", "--source", site.root.path, "--now", "2021-12-31"])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stderr.contains("是旧版本（读索引格式 2）"), check.stderr)

        // The repository's script builds again.
        try site.write(script, to: path)
        XCTAssertEqual(try site.build().status, 0)
    }

}
