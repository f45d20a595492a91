import Foundation
import XCTest

/// Issue 18 end to end, as another agency would go: `portal init` with its own name, two items
/// from `portal new`, a build under a path of the county's site, and a crawl through the shipped
/// nginx location block with no broken link, no link leaving the column and nothing of the
/// default bureau.
final class NewAgencyColumnTests: XCTestCase {
    static let agency = "某某县发展和改革局"
    static let prefix = "11370322MB0000000A"

    func testInitNewBuildUnderAPathAndCrawlWithoutABrokenLink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-agency-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("fgj")

        // The site is made inside nginx's start-up, once the port its base_url names is known.
        let server = try NginxTestServer(root: site.appendingPathComponent("public"), layout: .location) { port in
            try? FileManager.default.removeItem(at: site)
            let created = try PortalRun.run(["init", site.path, "--agency", Self.agency, "--index-prefix", Self.prefix,
                                             "--base-url", "http://127.0.0.1:\(port)/fgj"])
            XCTAssertEqual(created.status, 0, created.stderr)
            for (category, title, date) in [("meetings", "县发展和改革局召开2021年第1次局务会议", "2021-03-01"),
                                            ("规划计划", "关于印发2021年工作要点的通知", "2021-03-02")] {
                let new = try PortalRun.run(["new", category, title, "--date", date, "--source", site.path, "--now", "2021-12-31"])
                XCTAssertEqual(new.status, 0, new.stderr)
                // The editor's work: the body written (with a link to the guide, as a site path),
                // the draft line deleted.
                let path = new.stdout.trimmingCharacters(in: .newlines)
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let edited = text.components(separatedBy: "\n").filter { !$0.hasPrefix("draft:") }
                    .map { $0.hasPrefix("（在此处填写正文") ? "依照[政府信息公开指南](/guide/)办理。" : $0 }
                try Data(edited.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
            }
            let build = try PortalRun.run(["build", "--source", site.path, "--now", "2021-12-31"])
            XCTAssertEqual(build.status, 0, build.stderr)
        }

        let crawl = try server.crawl(from: "/fgj/", limit: 2000)
        let (failures, seen, pages) = (crawl.failures, crawl.seen, crawl.pages.count)
        let leaving = BasePathServingTests.linksLeaving("/fgj/", crawl)
        var mentions: [String] = []
        for (path, html) in crawl.pages {
            for mark in ["临淄", "0533", "11370305MB2859012X"] where html.contains(mark) { mentions.append("\(path): \(mark)") }
        }
        XCTAssertEqual(failures, [], server.log)
        XCTAssertEqual(leaving, [], "no link may leave the column")
        XCTAssertEqual(mentions, [], "nothing of the default bureau")
        XCTAssertTrue(seen.contains("/fgj/meetings/2021-03-01-00001/"), seen.sorted().joined(separator: " "))
        XCTAssertTrue(seen.contains("/fgj/plans/2021-03-02-00002/"))
        XCTAssertTrue(seen.contains("/fgj/guide/"))
        XCTAssertTrue(seen.contains { $0.hasPrefix("/fgj/assets/style.") }, "the stylesheet loads")
        XCTAssertGreaterThan(pages, 15, "home, 12 categories, the items, the guide, search, statistics")
        let item = try server.get("/fgj/meetings/2021-03-01-00001/")
        XCTAssertTrue(item.text.contains(Self.agency), "the item names its agency")
        XCTAssertTrue(item.text.contains("href=\"/fgj/guide/\""), "a site path in a body is served under the column")
    }
}
