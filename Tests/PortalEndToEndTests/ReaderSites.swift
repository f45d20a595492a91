import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// The sites the reader tests look at, each built once per test run by the real binary:
/// the repository's own default site (content/ and templates/ as they are) and the `small`
/// fixture, whose page_size of 2 gives category indexes several pages.
final class ReaderSite: @unchecked Sendable {
    let root: URL
    let output: URL
    let baseURL: String

    private init(root: URL, output: URL, baseURL: String) {
        self.root = root
        self.output = output
        self.baseURL = baseURL
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: ReaderSite] = [:]

    /// The repository's default site (临淄区人社局), built with `--now 2022-06-30`.
    static func defaultSite() throws -> ReaderSite {
        try cached("default") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-reader-\(UUID().uuidString)")
            let output = folder.appendingPathComponent("public")
            let run = try PortalRun.run(["build", "--source", SiteFixture.repositoryRoot.path, "--output", output.path,
                                         "--now", "2022-06-30"])
            guard run.status == 0 else { throw Failure("the default site does not build:\n\(run.stderr)") }
            return ReaderSite(root: folder, output: output, baseURL: "https://rsj.linzi.gov.cn/")
        }
    }

    /// The `small` fixture: two pages of meetings, an attachment, a future and an expired item.
    static func smallSite() throws -> ReaderSite {
        try cached("small") {
            let fixture = try SiteFixture(fixture: "small")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-reader-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: fixture.root, to: folder)
            let output = folder.appendingPathComponent("public")
            let run = try PortalRun.run(["build", "--source", folder.path, "--output", output.path, "--now", "2021-12-31"])
            guard run.status == 0 else { throw Failure("the small fixture does not build:\n\(run.stderr)") }
            let yaml = try String(contentsOf: folder.appendingPathComponent("content/site.yaml"), encoding: .utf8)
            let base = yaml.split(separator: "\n").first { $0.hasPrefix("base_url:") }
                .map { $0.dropFirst("base_url:".count).split(separator: "#")[0].trimmingCharacters(in: .whitespaces) } ?? ""
            return ReaderSite(root: folder, output: output, baseURL: base.hasSuffix("/") ? base : base + "/")
        }
    }

    private static func cached(_ key: String, _ make: () throws -> ReaderSite) throws -> ReaderSite {
        lock.lock()
        defer { lock.unlock() }
        if let site = built[key] { return site }
        if built.isEmpty {
            // The sites are shared by several test classes, so they go when the test process ends.
            atexit {
                for site in ReaderSite.built.values { try? FileManager.default.removeItem(at: site.root) }
            }
        }
        let site = try make()
        built[key] = site
        return site
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Reading the output

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: file(for: path).path)
    }

    func html(_ path: String) throws -> String {
        try String(contentsOf: file(for: path), encoding: .utf8)
    }

    func file(for path: String) -> URL {
        let relative = String(path.drop { $0 == "/" })
        return output.appendingPathComponent(relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative)
    }

    /// The page paths `/sitemap.xml` lists (following a sitemap index), in its order.
    func sitemapPaths() throws -> [String] {
        var paths: [String] = []
        let document = try XMLDocument(data: try Data(contentsOf: file(for: "/sitemap.xml")))
        let root = try XCTUnwrap(document.rootElement())
        let locations = (root.elements(forName: "url") + root.elements(forName: "sitemap"))
            .compactMap { $0.elements(forName: "loc").first?.stringValue }
        for location in locations {
            XCTAssertTrue(location.hasPrefix(baseURL), "\(location) is an absolute URL under base_url")
            let path = "/" + location.dropFirst(baseURL.count)
            if root.name == "sitemapindex" {
                let part = try XMLDocument(data: try Data(contentsOf: file(for: path)))
                for url in part.rootElement()?.elements(forName: "url") ?? [] {
                    if let loc = url.elements(forName: "loc").first?.stringValue {
                        paths.append("/" + (loc.dropFirst(baseURL.count).removingPercentEncoding ?? ""))
                    }
                }
            } else {
                paths.append(path.removingPercentEncoding ?? path)
            }
        }
        return paths
    }

    /// Every HTML file of the output as its URL path (`/meetings/x/`, `/404.html`).
    func allHTMLPaths() throws -> [String] {
        let base = output.resolvingSymlinksInPath().path
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: base)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".html") else { continue }
            if relative == "index.html" { paths.append("/") }
            else if relative.hasSuffix("/index.html") { paths.append("/" + relative.dropLast("index.html".count)) }
            else { paths.append("/" + relative) }
        }
        return paths.sorted()
    }
}
