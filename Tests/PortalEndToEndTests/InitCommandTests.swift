import Foundation
import XCTest

/// `portal init DIR --agency … --index-prefix …`: a new agency's site that checks and builds as it
/// is, carries nothing of the default bureau, and never overwrites a site.
final class InitCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private static let agency = "某某县发展改革局"
    private static let prefix = "11370322MB0000000A"
    /// What identifies the default site's bureau: its name, its telephone area code, its prefix.
    private static let defaultBureau = ["临淄", "0533", "11370305MB2859012X", "桓公路"]

    private func initSite(_ site: URL, _ extra: [String] = []) throws -> PortalRun {
        try PortalRun.run(["init", site.path, "--agency", Self.agency, "--index-prefix", Self.prefix] + extra)
    }

    /// Every regular file below `root` with its bytes, hidden ones included, by relative path.
    private func snapshot(_ link: URL) throws -> [String: Data] {
        // public/ is a link to the current version: walk what it points at.
        let root = link.resolvingSymlinksInPath()
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        let base = root.path
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.resolvingSymlinksInPath().path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The editor's work on a new item: body written, draft line deleted.
    private func publish(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("draft:") }
            .map { $0.hasPrefix("（在此处填写正文") ? "本单位召开会议，研究部署有关工作。" : $0 }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    func testInitThenNewItemsCheckAndBuildWithTheNewAgencyOnly() throws {
        let site = folder.appendingPathComponent("fgj")
        let created = try initSite(site, ["--base-url", "https://www.example.gov.cn/fgj"])
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stdout.contains("portal build") && created.stdout.contains("Next"), created.stdout)

        let config = try String(contentsOf: site.appendingPathComponent("content/site.yaml"), encoding: .utf8)
        XCTAssertTrue(config.contains("agency: \(Self.agency)\n"), config)
        XCTAssertTrue(config.contains("title: \(Self.agency)政府信息公开\n"), config)
        XCTAssertTrue(config.contains("base_url: https://www.example.gov.cn/fgj/\n"), "--base-url gets its closing /:\n\(config)")
        XCTAssertTrue(config.contains("index_prefix: \(Self.prefix)\n"), config)
        for slug in ["meetings", "plans", "public-resources", "livelihood", "key-deployments", "finance", "services",
                     "personnel", "operations", "assurance", "catalog", "other"] {
            XCTAssertTrue(config.contains("slug: \(slug),"), slug)
            XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("content/\(slug)/.gitkeep").path), slug)
        }
        let ignore = try String(contentsOf: site.appendingPathComponent(".gitignore"), encoding: .utf8)
        for line in ["/public", "/.public.versions/", "/.public.link-*"] {
            XCTAssertTrue(ignore.contains(line + "\n"), ignore)
        }
        let guide = try String(contentsOf: site.appendingPathComponent("content/pages/guide.md"), encoding: .utf8)
        XCTAssertTrue(guide.contains("title: \(Self.agency)政府信息公开指南"), guide)
        for heading in ["## 一、主动公开", "## 二、依申请公开", "## 三、监督和救济", "【请填写：办公地址】"] {
            XCTAssertTrue(guide.contains(heading), heading)
        }

        // The templates written are the repository's, byte for byte.
        let templates = try snapshot(SiteFixture.repositoryRoot.appendingPathComponent("templates")).filter { !$0.key.hasPrefix(".") && !$0.key.contains("/.") }
        XCTAssertEqual(try snapshot(site.appendingPathComponent("templates")), templates)

        // A freshly initialised site checks clean: the .gitkeep markers are not content.
        let empty = try PortalRun.run(["check", "--source", site.path, "--now", "2021-12-31"])
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertFalse(empty.stderr.contains("warning") || empty.stderr.contains("警告："), empty.stderr)

        var paths: [String] = []
        for (category, title, date) in [("meetings", "县发展改革局召开2021年第1次局务会议", "2021-03-01"),
                                        ("规划计划", "关于印发2021年工作要点的通知", "2021-03-02")] {
            let new = try PortalRun.run(["new", category, title, "--date", date, "--source", site.path, "--now", "2021-12-31"])
            XCTAssertEqual(new.status, 0, new.stderr)
            paths.append(new.stdout.trimmingCharacters(in: .newlines))
        }
        XCTAssertTrue(paths[0].hasSuffix("content/meetings/2021-03-01-00001.md"), paths[0])
        XCTAssertTrue(paths[1].hasSuffix("content/plans/2021-03-02-00002.md"), paths[1])
        XCTAssertTrue(try String(contentsOfFile: paths[0], encoding: .utf8).contains("index_no: \(Self.prefix)/2021-00001\n"))
        for path in paths { try publish(path) }

        let check = try PortalRun.run(["check", "--source", site.path, "--now", "2021-12-31"])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertFalse(check.stderr.contains("错误 error"), check.stderr)
        let build = try PortalRun.run(["build", "--source", site.path, "--now", "2021-12-31"])
        XCTAssertEqual(build.status, 0, build.stderr)

        let output = try snapshot(site.appendingPathComponent("public"))
        let item = try XCTUnwrap(output["meetings/2021-03-01-00001/index.html"], output.keys.sorted().joined(separator: "\n"))
        XCTAssertTrue(String(decoding: item, as: UTF8.self).contains(Self.agency))
        XCTAssertTrue(String(decoding: try XCTUnwrap(output["guide/index.html"], output.keys.sorted().joined(separator: " ")), as: UTF8.self).contains("\(Self.agency)政府信息公开指南"))
        for (path, data) in output where !path.hasSuffix(".gz") {
            let text = String(decoding: data, as: UTF8.self)
            for mark in Self.defaultBureau {
                XCTAssertFalse(text.contains(mark), "public/\(path) mentions the default bureau (\(mark))")
            }
        }
    }

    func testInitRefusesAFolderHoldingASiteAndChangesNothing() throws {
        let site = folder.appendingPathComponent("site")
        XCTAssertEqual(try initSite(site).status, 0)
        let guide = site.appendingPathComponent("content/pages/guide.md")
        try Data("---\ntitle: 编辑改过的指南\n---\n正文。\n".utf8).write(to: guide)
        try FileManager.default.removeItem(at: site.appendingPathComponent("templates/layout.mustache"))
        let before = try snapshot(site)

        let again = try initSite(site)
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertTrue(again.stderr.contains("已有网站") && again.stderr.contains("already holds a site"), again.stderr)
        XCTAssertEqual(try snapshot(site), before, "a refused init changes nothing")

        // templates/ alone, or content/ alone, is a site too.
        for held in ["templates", "content"] {
            let other = folder.appendingPathComponent("only-\(held)")
            try FileManager.default.createDirectory(at: other.appendingPathComponent(held), withIntermediateDirectories: true)
            let refused = try initSite(other)
            XCTAssertEqual(refused.status, 1, held)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other.path), [held], "nothing added beside \(held)/")
        }
    }

    func testInitAcceptsAFolderWithAReadmeAndKeepsItsGitignore() throws {
        let site = folder.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("# 说明\n".utf8).write(to: site.appendingPathComponent("README.md"))
        try Data("*.tmp\n".utf8).write(to: site.appendingPathComponent(".gitignore"))
        let run = try initSite(site)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent(".gitignore"), encoding: .utf8), "*.tmp\n",
                       "the folder's own .gitignore is the editor's")
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("content/site.yaml").path))
    }

    func testInitRejectsABadPrefixOrAddressBeforeWritingAnything() throws {
        let site = folder.appendingPathComponent("bad")
        for extra in [["--index-prefix", "1137/0322"], ["--index-prefix", "1137 0322"]] {
            let run = try PortalRun.run(["init", site.path, "--agency", Self.agency] + extra)
            XCTAssertNotEqual(run.status, 0)
            XCTAssertTrue(run.stderr.contains("索引号前缀"), run.stderr)
        }
        let url = try initSite(site, ["--base-url", "www.example.gov.cn"])
        XCTAssertNotEqual(url.status, 0)
        XCTAssertTrue(url.stderr.contains("网站地址“www.example.gov.cn”无效"), url.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.path), "nothing written")
    }
}
