import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The search page in a real browser: the fixture site `Tests/Fixtures/sites/search` is built
/// with the real binary, served by `python3 -m http.server`, and `/search/?q=…` is loaded in
/// headless Chromium (`--dump-dom`), which runs `search.js` against the static index.
final class SearchBrowserTests: XCTestCase {
    static let loanNotice = "/livelihood/2021-03-15-guarantee-loans/"
    static let subsidyGuide = "/livelihood/2021-02-01-subsidy-guide/"
    static let recruitment = "/personnel/2021-06-01-recruitment/"
    static let results = "/personnel/2021-09-01-results/"

    private var site: SiteFixture?
    private var server: SearchTestServer?

    override func tearDown() {
        server?.stop()
        server = nil
        site = nil
        super.tearDown()
    }

    /// The fixture, built and served (once per test).
    private func served() throws -> SearchTestServer {
        if let server { return server }
        let site = try SiteFixture(fixture: "search")
        let run = try site.build(now: "2021-12-31")
        XCTAssertEqual(run.status, 0, run.stderr)
        self.site = site
        let server = try SearchTestServer(root: site.output)
        self.server = server
        return server
    }

    private func search(_ query: String) throws -> SearchPage {
        let chromium = try XCTUnwrap(SearchTestServer.chromium(), """
            找不到 Chromium，无法在真实浏览器中测试搜索页面；请安装 Debian 软件包 chromium（.ci/run 会安装）。
            Chromium is missing, so the search page cannot be tested in a real browser: install the Debian package chromium (.ci/run does).
            """)
        let server = try served()
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "q", value: query)]
        let page = try server.dumpDOM(chromium: chromium, path: "/search/" + (components.string ?? ""))
        XCTAssertEqual(page.consoleMessages, [], "the search page writes nothing to the console")
        XCTAssertEqual(page.failedRequests, [], "every file the search page asks for exists")
        XCTAssertEqual(page.state, "done", "the search finished: \(page.status)")
        return page
    }

    /// A browser without `DecompressionStream('deflate-raw')` (Chromium before 103, Safari before
    /// 16.4, older cores of domestic browsers) reads the documents through the script's own
    /// inflate: the same results, snippets and highlights. The served copy of the search page
    /// takes the platform's away before `search.js` runs, as such a browser would lack it.
    func testAnswersAreTheSameWithoutThePlatformsDecompression() throws {
        let withPlatform = try search("创业担保贷款")
        let page = try XCTUnwrap(site?.output.appendingPathComponent("search/index.html"))
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains("</head>"), "the search page has a head to add to")
        try html.replacingOccurrences(of: "</head>", with: "<script>window.DecompressionStream = undefined;</script></head>")
            .write(to: page, atomically: false, encoding: .utf8)
        let withScript = try search("创业担保贷款")
        XCTAssertEqual(withScript.resultURLs, withPlatform.resultURLs)
        XCTAssertEqual(withScript.count, withPlatform.count)
        XCTAssertEqual(withScript.status, withPlatform.status)
        XCTAssertTrue(withScript.html.contains("<mark>创业担保贷款</mark>"), "the snippet, inflated by the script, highlights the hit")
        XCTAssertEqual(withScript.resultsHTML, withPlatform.resultsHTML, "the same results, snippet for snippet")
    }

    func testAnIndexNumberFindsItsItemFirst() throws {
        // The subsidy guide mentions this 索引号 in its body; the item that has it comes first.
        let page = try search("11370305MB2859012X/2021-00007")
        XCTAssertEqual(page.resultURLs.first, Self.loanNotice)
        XCTAssertEqual(Set(page.resultURLs), [Self.loanNotice, Self.subsidyGuide])
        XCTAssertEqual(page.count, 2)
        XCTAssertTrue(page.html.contains("<mark>11370305MB2859012X/2021-00007</mark>"), "the hit is highlighted")
    }

    func testAChineseWordFindsItsItemsTitleHitsFirst() throws {
        let page = try search("创业担保贷款")
        // In the loan notice's title, in the guide's body only; the unpublished draft is not found.
        XCTAssertEqual(page.resultURLs, [Self.loanNotice, Self.subsidyGuide])
        XCTAssertEqual(page.count, 2)
        XCTAssertTrue(page.status.contains("共找到 2 条"), page.status)
        XCTAssertTrue(page.html.contains("<mark>创业担保贷款</mark>"), "the snippet highlights the hit")
        XCTAssertTrue(page.html.contains("民生公益"), "results name their category")
        XCTAssertTrue(page.html.contains("2021-03-15"), "results show their date")
    }

    func testAPhraseMatchesExactlyNotWordByWord() throws {
        // 事业单位工作人员 is in two titles; 工作人员公告 only in one.
        XCTAssertEqual(try search("事业单位工作人员").resultURLs, [Self.results, Self.recruitment])
        XCTAssertEqual(try search("工作人员公告").resultURLs, [Self.recruitment])
        // Two words: both must occur.
        XCTAssertEqual(try search("招聘 公示期").resultURLs, [Self.results])
    }

    func testFullWidthAndCaseAreIgnored() throws {
        XCTAssertEqual(try search("abc窗口").resultURLs, [Self.loanNotice])
        XCTAssertEqual(try search("０５３３-７１８００２５").resultURLs, [Self.loanNotice])
    }

    func testAStringThatDoesNotOccurShowsNoResults() throws {
        let page = try search("龘靐齉")
        XCTAssertEqual(page.count, 0)
        XCTAssertEqual(page.resultURLs, [])
        XCTAssertTrue(page.status.contains("没有找到"), page.status)
    }

    func testTheEmptyQueryAsksForOne() throws {
        let chromium = try XCTUnwrap(SearchTestServer.chromium(), "chromium is missing")
        let page = try served().dumpDOM(chromium: chromium, path: "/search/")
        XCTAssertEqual(page.consoleMessages, [])
        XCTAssertEqual(page.resultURLs, [])
        XCTAssertTrue(page.status.contains("请输入"), page.status)
        XCTAssertTrue(page.html.contains("<noscript>"), "readers without JavaScript are told why")
        // The script is a fingerprinted file (the CSP forbids inline scripts), and the only one.
        XCTAssertNotNil(page.html.range(of: #"<script src="/assets/search\.[0-9a-f]{16}\.js" defer=""></script>"#,
                                         options: .regularExpression), "the fingerprinted search script")
        XCTAssertEqual(page.html.components(separatedBy: "<script").count - 1, 1, "no other script")
    }
}

/// What the browser made of a search page.
struct SearchPage {
    let html: String
    let consoleMessages: [String]
    let failedRequests: [String]

    /// Result links, in order.
    var resultURLs: [String] {
        matches(of: #"class="search-result-title"><a href="([^"]+)""#)
    }
    /// The count search.js found (`data-count` of the result list), or nil before it ran.
    var count: Int? { matches(of: #"data-count="(\d+)""#).first.flatMap { Int($0) } }
    var state: String? { matches(of: #"data-state="([a-z]+)""#).first }
    var status: String { matches(of: #"id="search-status"[^>]*>([^<]*)<"#).first ?? "" }
    /// The result list as the page shows it: titles, snippets with their highlights, dates.
    var resultsHTML: String {
        matches(of: #"(<ol id="search-results"[\s\S]*?</ol>)"#).first ?? ""
    }

    private func matches(of pattern: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return expression.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }
}

/// `python3 -m http.server` on a free local port, serving a built site, and Chromium runs against it.
final class SearchTestServer {
    let port: Int
    private let process: Process
    private let log: URL

    static func chromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    init(root: URL) throws {
        port = try Self.freePort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("portal-search-http-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", String(port), "-d", root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // Ready when it accepts a connection.
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            usleep(50_000)
        }
        stop()
        throw NSError(domain: "SearchTestServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "python3 -m http.server did not start"])
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    /// Loads `path` in headless Chromium and returns the DOM after the page's scripts ran, the
    /// console messages and the requests the server answered with an error.
    func dumpDOM(chromium: String, path: String) throws -> SearchPage {
        let before = (try? String(contentsOf: log, encoding: .utf8))?.count ?? 0
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("portal-search-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: chromium)
        browser.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--user-data-dir=\(profile.path)", "--no-first-run", "--enable-logging=stderr", "--v=0",
                             "--virtual-time-budget=5000", "--dump-dom", "http://127.0.0.1:\(port)\(path)"]
        let errors = profile.appendingPathExtension("log")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let out = Pipe()
        browser.standardOutput = out
        browser.standardError = try FileHandle(forWritingTo: errors)
        try browser.run()
        let html = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        let errData = (try? Data(contentsOf: errors)) ?? Data()
        // Chromium prints every console message as `…:INFO:CONSOLE(line)] "message", source: …`.
        let console = String(decoding: errData, as: UTF8.self).split(separator: "\n")
            .filter { $0.contains(":CONSOLE") }.map(String.init)
        let served = String((try? String(contentsOf: log, encoding: .utf8))?.dropFirst(before) ?? "")
        // http.server logs `"GET /path HTTP/1.1" 404 -`; the browser's own favicon probe is not the page's.
        let failed = served.split(separator: "\n").filter { line in
            line.range(of: #"" [45]\d\d "#, options: .regularExpression) != nil && !line.contains("/favicon.ico")
        }.map(String.init)
        return SearchPage(html: html, consoleMessages: console, failedRequests: failed)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw NSError(domain: "SearchTestServer", code: 2) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw NSError(domain: "SearchTestServer", code: 3) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
