import Foundation
@testable import PortalCore
import XCTest

/// A few hundred random file names, symbolic links and FIFOs dropped into a built site: whatever
/// they are, the build either publishes a site whose every address a browser can follow, or
/// refuses naming each link and special file, leaving the live site as it was; and no file
/// outside the site is ever read.
final class HostileTreeFuzzTests: XCTestCase {
    /// splitmix64: the same seed gives the same trees, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = ["a", "名单", "-", "_", ".", "..", "#", "?", "%", "%2e", "\\", "\t", "\r", "\n", " ", "index.html",
                         "page", "feed.xml", ".gz", ".html", ".js", ".svg", "é", "\u{7f}", "\u{200b}", "2021-05-01-x", "&", "'", "\""]
    static let extensions = [".md", ".md", ".md", ".csv", ".pdf", ".html", ".js", ".gz", ".xlsx", ""]
    static let places = ["content/meetings", "content/plans", "content/personnel", "content/pages", "content",
                         "templates/partials", "templates/assets", "templates"]

    func testRandomNamesLinksAndFIFOsNeverLeakOrBreakTheLiveSite() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["PORTAL_FUZZ_SEED"] ?? "") ?? 20_211_231
        var random = Generator(state: seed)
        let secretFolder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-fuzz-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: secretFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: secretFolder) }
        let secret = "PORTAL-FUZZ-SECRET-\(seed)"
        let secretItem = "---\ntitle: \(secret)\ndate: 2021-05-01\nindex_no: 11370305MB2859012X/2021-00999\n---\n\(secret)\n"
        try Data(secretItem.utf8).write(to: secretFolder.appendingPathComponent("secret.md"))
        let targets = [secretFolder.appendingPathComponent("secret.md").path, secretFolder.path, "/etc/passwd",
                       "../site.yaml", "/no/such/file"]

        var names = 0, links = 0, published = 0, refused = 0
        for round in 0..<30 {
            let site = try SiteFixture(fixture: "small")
            let first = try site.build()
            XCTAssertEqual(first.status, 0, first.stderr)
            let before = try TreeSnapshot.take(site.output)
            var mustBeNamed: [String] = []
            var serial = 500 + round * 20
            for _ in 0..<Int.random(in: 8...14, using: &random) {
                let place = Self.places.randomElement(using: &random)!
                var name = (0..<Int.random(in: 1...3, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
                name += Self.extensions.randomElement(using: &random)!
                guard name != ".", name != "..", !name.contains("/"), name.utf8.count < 200 else { continue }
                let path = "\(place)/\(name)"
                let url = site.root.appendingPathComponent(place).appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if FileManager.default.fileExists(atPath: url.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil {
                    continue
                }
                names += 1
                // Every third round plants links and FIFOs; the others only names, so that some
                // rounds publish and their addresses are checked.
                switch round % 3 == 0 ? Int.random(in: 0..<10, using: &random) : 9 {
                case 0, 1:
                    let target = targets.randomElement(using: &random)!
                    XCTAssertEqual(symlink(target, url.path), 0, path)
                    mustBeNamed.append(path)
                    links += 1
                case 2:
                    XCTAssertEqual(mkfifo(url.path, 0o644), 0, path)
                    mustBeNamed.append(path)
                default:
                    serial += 1
                    let attachment = Bool.random(using: &random) ? "attachments:\n  - { file: \(YAMLScalar.doubleQuoted(name)), title: 附件 }\n" : ""
                    let text = name.hasSuffix(".md")
                        ? "---\ntitle: 测试\(serial)\ndate: 2021-05-01\nindex_no: 11370305MB2859012X/2021-\(String(format: "%05d", serial))\n\(attachment)---\n正文。\n"
                        : "附件内容 \(serial)\n"
                    try Data(text.utf8).write(to: url)
                }
            }
            let run = try PortalRun.run(["build", "--source", site.root.path, "--now", "2021-12-31"], timeout: 60)
            XCTAssertTrue(run.status == 0 || run.status == 1, "round \(round) (seed \(seed)): exit \(run.status)\n\(run.stderr)")
            XCTAssertFalse(run.stdout.contains(secret) || run.stderr.contains(secret), "round \(round): the secret was read")
            for path in mustBeNamed {
                XCTAssertEqual(run.status, 1, "round \(round): \(path) was accepted")
                XCTAssertTrue(run.stderr.contains(Self.shown(path)), "round \(round) (seed \(seed)): \(path.debugDescription) not named:\n\(run.stderr)")
            }
            let after = try TreeSnapshot.take(site.output)
            if run.status == 0 {
                published += 1
                for (file, data) in after {
                    XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(secret), "round \(round): secret in \(file)")
                    // Every address made from an editor's file name is one a browser can follow.
                    guard !file.hasPrefix("/assets/") else { continue }
                    for segment in file.split(separator: "/") {
                        XCTAssertFalse(segment.hasPrefix("."), "round \(round): hidden segment in \(file.debugDescription)")
                        XCTAssertFalse(segment.unicodeScalars.contains { "#?%\\".unicodeScalars.contains($0) || $0.properties.generalCategory == .control },
                                       "round \(round): unsafe segment in \(file.debugDescription)")
                    }
                }
                let sitemap = String(decoding: try XCTUnwrap(after["/sitemap.xml"], "round \(round): no sitemap"), as: UTF8.self)
                XCTAssertFalse(sitemap.contains("/../") || sitemap.contains("/./"), "round \(round): \(sitemap)")
            } else {
                refused += 1
                XCTAssertEqual(after, before, "round \(round) (seed \(seed)): the live site changed on a refused build")
            }
        }
        // The rounds must exercise both outcomes, or the test says nothing.
        XCTAssertGreaterThan(names, 200)
        XCTAssertGreaterThan(links, 10)
        XCTAssertGreaterThan(refused, 5)
        XCTAssertGreaterThan(published, 3)
        print("fuzz seed \(seed): \(names) names, \(links) links, \(published) rounds published, \(refused) refused")
    }

    /// A path as the diagnostics print it (a line break in a name is written `\n`).
    static func shown(_ path: String) -> String { DiagnosticPrinter.printable(path) }
}
