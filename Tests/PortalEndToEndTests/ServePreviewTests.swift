import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `portal serve`: the real binary as a child process on a free loopback port.
final class ServePreviewTests: XCTestCase {
    private var server: PreviewServerProcess?

    override func tearDown() {
        server?.kill()
        server = nil
        super.tearDown()
    }

    private func start(_ site: SiteFixture) throws -> PreviewServerProcess {
        let started = try PreviewServerProcess(arguments: ["serve", "--source", site.root.path, "--port", "0", "--now", "2021-12-31"])
        server = started
        return started
    }

    func testServesTheSiteWithDraftsMarkedAndTheReloadScript() throws {
        let site = try SiteFixture(fixture: "small")
        let preview = try start(site)

        let home = try XCTUnwrap(preview.get("/"))
        XCTAssertEqual(home.status, 200)
        XCTAssertTrue(home.body.contains("测试局政府信息公开"), home.body)
        XCTAssertTrue(home.body.contains("<script src=\"/__portal/reload.js\" data-version=\""), "pages reload on rebuilds")

        // The small site's draft: published only in the preview, marked 草稿.
        let draft = try XCTUnwrap(preview.get("/plans/2021-12-01-draft/"))
        XCTAssertEqual(draft.status, 200)
        XCTAssertTrue(draft.body.contains("class=\"portal-preview-draft\""), draft.body)
        XCTAssertTrue(draft.body.contains("草稿"))
        XCTAssertEqual(try XCTUnwrap(preview.get("/__portal/drafts.json")).body, "[\"/plans/2021-12-01-draft/\"]")
        XCTAssertFalse(try XCTUnwrap(preview.get("/meetings/2021-01-15-first-meeting/")).body.contains("portal-preview-draft"))

        XCTAssertEqual(try XCTUnwrap(preview.get("/meetings")).status, 301, "a folder without its slash redirects, as nginx does")
        XCTAssertEqual(try XCTUnwrap(preview.get("/no-such-page/")).status, 404)
        XCTAssertEqual(try XCTUnwrap(preview.get("/%2e%2e/%2e%2e/etc/passwd")).status, 400)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path), "the preview never writes public/")
    }

    func testASavedEditShowsUpAndABrokenEditKeepsTheLastGoodPageWithTheErrors() throws {
        let site = try SiteFixture(fixture: "small")
        let preview = try start(site)
        let page = "/meetings/2021-03-01-second-meeting/"
        let file = "content/meetings/2021-03-01-second-meeting.md"
        XCTAssertEqual(try XCTUnwrap(preview.get(page)).status, 200)
        let firstVersion = try XCTUnwrap(preview.get("/__portal/version")).body

        try site.write("---\ntitle: 局务会议第二次\ndate: 2021-03-01\nindex_no: 11370305MB2859012X/2021-00003\n---\n会议听取了预览修改后的汇报。\n",
                       to: file)
        let edited = preview.waitFor(page) { $0.contains("预览修改后的汇报") }
        XCTAssertNotNil(edited, "the saved edit is served within the deadline")
        XCTAssertNotEqual(try XCTUnwrap(preview.get("/__portal/version")).body, firstVersion, "open pages see a new version and reload")

        // An impossible date: the build fails, the page stays as it was, with the errors on top.
        try site.write("---\ntitle: 局务会议第二次\ndate: 2021-02-30\nindex_no: 11370305MB2859012X/2021-00003\n---\n改坏了的正文。\n",
                       to: file)
        let broken = try XCTUnwrap(preview.waitFor(page) { $0.contains("portal-preview-errors") }, "the error banner appears")
        XCTAssertTrue(broken.contains("预览修改后的汇报"), "the last good page is still served")
        XCTAssertFalse(broken.contains("改坏了的正文"))
        XCTAssertTrue(broken.contains("\(file):3"), "the banner names the file and line:\n\(broken)")
        XCTAssertTrue(broken.contains("2021-02-30"))
        XCTAssertTrue(preview.waitForOutput { $0.contains("\(file):3") }, "the terminal shows the error too")
        XCTAssertTrue(try XCTUnwrap(preview.get("/")).body.contains("portal-preview-errors"), "every page carries the banner")

        // Fixed: the banner goes away.
        try site.write("---\ntitle: 局务会议第二次\ndate: 2021-03-01\nindex_no: 11370305MB2859012X/2021-00003\n---\n改好了的正文。\n",
                       to: file)
        let fixed = preview.waitFor(page) { $0.contains("改好了的正文") }
        XCTAssertNotNil(fixed)
        XCTAssertFalse(fixed?.contains("portal-preview-errors") ?? true)
    }

    func testTemplateEditsRebuildToo() throws {
        let site = try SiteFixture(fixture: "small")
        let preview = try start(site)
        XCTAssertEqual(try XCTUnwrap(preview.get("/")).status, 200)
        let css = site.root.appendingPathComponent("templates/assets/preview-test.css")
        try Data(".preview-test-marker { color: red; }\n".utf8).write(to: css)
        let home = preview.waitFor("/") { _ in
            // The stylesheet is fingerprinted: a new rule gives it a new name.
            preview.stylesheet().map { $0.contains("preview-test-marker") } ?? false
        }
        XCTAssertNotNil(home)
    }

    func testSIGINTStopsThePreview() throws {
        let site = try SiteFixture(fixture: "small")
        let preview = try start(site)
        XCTAssertEqual(try XCTUnwrap(preview.get("/")).status, 200)
        let status = preview.interrupt()
        XCTAssertNotNil(status, "the preview exits within the deadline")
        XCTAssertTrue(status == 0 || status == 130, "exit status \(String(describing: status))")
    }
}

/// `portal serve` running as a child process, with its output collected and a small HTTP client.
final class PreviewServerProcess: @unchecked Sendable {
    struct Response {
        let status: Int
        let body: String
    }

    private let process: Process
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    private(set) var port = 0

    /// Starts the binary and waits (at most 60 s: the first build of a debug binary) for the line
    /// that says where it serves.
    init(arguments: [String]) throws {
        process = PortalRun.process(arguments)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data, toStdout: true)
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data, toStdout: false)
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let port = Self.port(in: output) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill()
        throw NSError(domain: "PreviewServerProcess", code: 1, userInfo: [NSLocalizedDescriptionKey:
            "portal serve did not report its address:\n\(output)\n\(errors)"])
    }

    var output: String { lock.withLock { stdoutText } }
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var errors: String { lock.withLock { stderrText } }

    private func append(_ data: Data, toStdout: Bool) {
        guard !data.isEmpty else { return }
        lock.withLock {
            if toStdout { stdoutText += String(decoding: data, as: UTF8.self) } else { stderrText += String(decoding: data, as: UTF8.self) }
        }
    }

    private static func port(in text: String) -> Int? {
        guard let range = text.range(of: "http://127.0.0.1:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// One GET, at most 10 s; nil when the server does not answer.
    func get(_ path: String) -> Response? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        request.timeoutInterval = 10
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        session.dataTask(with: request) { data, response, _ in
            if let http = response as? HTTPURLResponse {
                result.value = Response(status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self))
            }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 12)
        return result.value
    }

    /// Polls a page every 200 ms for at most 15 s until `condition` holds; returns its body.
    func waitFor(_ path: String, _ condition: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let response = get(path), condition(response.body) { return response.body }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return nil
    }

    /// Polls stderr for at most 15 s.
    func waitForOutput(_ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if condition(errors) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// The text of the stylesheet the home page links to.
    func stylesheet() -> String? {
        guard let home = get("/")?.body,
              let start = home.range(of: "href=\"/assets/style."),
              let end = home[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return get("/assets/style." + home[start.upperBound..<end])?.body
    }

    /// SIGINT, then waits at most 5 s; the exit status, or nil if it is still running.
    func interrupt() -> Int32? {
        process.interrupt()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func kill() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
        (process.standardOutput as? Pipe)?.fileHandleForReading.readabilityHandler = nil
        (process.standardError as? Pipe)?.fileHandleForReading.readabilityHandler = nil
    }

    private final class ResultBox: @unchecked Sendable {
        var value: Response?
    }

    /// Lets a test see a 301 itself instead of the page it points to.
    private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }
}
