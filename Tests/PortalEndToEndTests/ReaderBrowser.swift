import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol (`--remote-debugging-pipe`), for the
/// reader tests: it emulates a phone or a desktop at an exact width (plain `--window-size` cannot
/// go below 500 px in new headless mode), serves the built site itself by answering every request
/// from the output folder (`Fetch` interception, with the Content-Security-Policy of
/// `deploy/nginx.conf`, so no HTTP server and no port are needed), collects console errors, runs
/// checks in the page and takes full-page screenshots.
///
/// Everything is synchronous on the calling thread: commands are written to the pipe and the
/// answer is awaited with `poll`, handling events (requests to serve, console messages) in
/// between. Every wait has a deadline, so a hung browser fails the test instead of hanging it.
final class ReaderBrowser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The host name pages are loaded from; requests to it are answered from `siteRoot`.
    static let host = "portal.test"

    /// The first Chromium found on PATH (or `$CHROMIUM`).
    static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// What loading one page produced besides the page itself.
    struct PageLoad {
        /// Console errors, uncaught exceptions and browser log errors (failed loads, CSP violations).
        var errors: [String] = []
        /// Paths requested from the site that do not exist.
        var missing: [String] = []
    }

    var siteRoot: URL
    /// The path the site is served under (`/fgj/` for a site whose `base_url` has that path, as
    /// deploy/nginx-location.conf serves it); a request outside it is a miss.
    var basePath = "/"
    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let profile: URL
    private var buffer = Data()
    private var nextID = 0
    private var session = ""
    private var current = PageLoad()
    private var firedEvents: [(method: String, params: [String: Any])] = []
    private let contentSecurityPolicy: String

    init(executable: String, siteRoot: URL) throws {
        self.siteRoot = siteRoot
        contentSecurityPolicy = Self.deployedContentSecurityPolicy()
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("portal-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        signal(SIGPIPE, SIG_IGN)   // a browser that dies must fail a test, not kill the runner

        // Two pipes, moved above the standard descriptors so that dup2 onto 3 and 4 never meets
        // one of them already sitting there.
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw Failure(description: "pipe() failed: \(errno)") }
            let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10), write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
            close(fds[0]); close(fds[1])
            return (read, write)
        }
        let commands = try pipePair(), answers = try pipePair()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commands.read, 3)
        posix_spawn_file_actions_adddup2(&actions, answers.write, 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, profile.appendingPathComponent("chromium.log").path,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let arguments = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
            "--font-render-hinting=none", "--lang=zh-CN", "about:blank",
        ]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, environ)
        close(commands.read)
        close(answers.write)
        guard status == 0 else {
            close(commands.write); close(answers.read)
            throw Failure(description: "could not start \(executable): error \(status)")
        }
        pid = child
        toBrowser = commands.write
        fromBrowser = answers.read

        let target = try command("Target.createTarget", ["url": "about:blank"], session: nil)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target: \(target)") }
        let attached = try command("Target.attachToTarget", ["targetId": targetID, "flatten": true], session: nil)
        guard let sessionID = attached["sessionId"] as? String else { throw Failure(description: "no session: \(attached)") }
        session = sessionID
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] { _ = try command(domain) }
        _ = try command("Page.setLifecycleEventsEnabled", ["enabled": true])
        _ = try command("Fetch.enable", ["patterns": [["urlPattern": "*"]]])
    }

    deinit { shutDown() }

    private var isShutDown = false

    /// Ends the browser: asks it to close, then kills it if it has not gone within five seconds.
    func shutDown() {
        if isShutDown { return }
        isShutDown = true
        _ = try? send("Browser.close", [:], session: nil)
        var status: Int32 = 0
        var reaped = false
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true; break }
            usleep(100_000)
        }
        if !reaped {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        close(toBrowser)
        close(fromBrowser)
        try? FileManager.default.removeItem(at: profile)
    }

    // MARK: Pages

    /// Loads `path` of the site in a viewport `width` CSS pixels wide (a phone below 500 px: touch
    /// viewport, `width=device-width` honoured) and waits for its load event — and, on a page with
    /// scripts (search), until its network has been idle for half a second, so that what the
    /// script fetches has arrived. Returns the console errors and missing files of this load.
    @discardableResult
    func load(_ path: String, width: Int, height: Int = 900) throws -> PageLoad {
        _ = try command("Emulation.setDeviceMetricsOverride",
                        ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500])
        current = PageLoad()
        firedEvents.removeAll()
        let navigation = try command("Page.navigate", ["url": "http://\(Self.host)\(path)"])
        if let error = navigation["errorText"] as? String { throw Failure(description: "\(path): \(error)") }
        let loader = navigation["loaderId"] as? String
        func lifecycle(_ name: String) throws {
            try waitForEvent("Page.lifecycleEvent", timeout: 30) { params in
                params["name"] as? String == name && (loader == nil || params["loaderId"] as? String == loader)
            }
        }
        try lifecycle("load")
        if (try evaluate("document.scripts.length") as? NSNumber)?.intValue ?? 0 > 0 { try lifecycle("networkIdle") }
        return current
    }

    /// Runs JavaScript in the page and returns its JSON value (promises are awaited).
    func evaluate(_ expression: String) throws -> Any? {
        let result = try command("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw Failure(description: "script failed: \((exception["exception"] as? [String: Any])?["description"] ?? exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// A PNG of the whole page, not only the viewport.
    func screenshot() throws -> Data {
        let size = try evaluate("[document.documentElement.scrollWidth, Math.ceil(document.documentElement.scrollHeight)]") as? [Any]
        let width = (size?.first as? NSNumber)?.intValue ?? 1280
        let height = min((size?.last as? NSNumber)?.intValue ?? 900, 16_000)
        let shot = try command("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": 0, "width": width, "height": height, "scale": 1],
        ], timeout: 60)
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot data")
        }
        return data
    }

    /// Presses a key as a keyboard user would (`Tab`, `Enter`).
    func press(_ key: String, code: Int) throws {
        for type in ["keyDown", "keyUp"] {
            _ = try command("Input.dispatchKeyEvent", ["type": type, "key": key, "code": key,
                                                        "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code])
        }
    }

    /// `print` to lay the page out as it prints, `""` to go back to the screen.
    func emulateMedia(_ media: String) throws {
        _ = try command("Emulation.setEmulatedMedia", ["media": media])
    }

    // MARK: Protocol

    private func send(_ method: String, _ params: [String: Any], session: String?) throws -> Int {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0)
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(toBrowser, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "the browser is gone (write failed, errno \(errno))")
                }
                offset += written
            }
        }
        return nextID
    }

    /// Sends a command to the page (or, with `session: nil`, to the browser) and waits for its answer.
    @discardableResult
    func command(_ method: String, _ params: [String: Any] = [:], timeout: TimeInterval = 30) throws -> [String: Any] {
        try command(method, params, session: session, timeout: timeout)
    }

    private func command(_ method: String, _ params: [String: Any], session: String?, timeout: TimeInterval = 30) throws -> [String: Any] {
        let id = try send(method, params, session: session.flatMap { $0.isEmpty ? nil : $0 })
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let message = try readMessage(until: deadline, waitingFor: method)
            if let answer = message["id"] as? Int {
                guard answer == id else { continue }   // the answer to a fire-and-forget command
                if let error = message["error"] as? [String: Any] {
                    throw Failure(description: "\(method) failed: \(error["message"] ?? error)")
                }
                return message["result"] as? [String: Any] ?? [:]
            }
            try handleEvent(message)
        }
    }

    private func waitForEvent(_ name: String, timeout: TimeInterval, where matches: ([String: Any]) -> Bool) throws {
        if firedEvents.contains(where: { $0.method == name && matches($0.params) }) { return }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let message = try readMessage(until: deadline, waitingFor: name)
            guard message["id"] == nil else { continue }
            try handleEvent(message)
            if message["method"] as? String == name, matches(message["params"] as? [String: Any] ?? [:]) { return }
        }
    }

    private func readMessage(until deadline: Date, waitingFor what: String) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let body = buffer[buffer.startIndex..<end]
                buffer = Data(buffer[(end + 1)...])
                guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { continue }
                return object
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { throw Failure(description: "timed out waiting for \(what)") }
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 5) * 1000))
            if ready < 0 && errno != EINTR { throw Failure(description: "poll failed: \(errno)") }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(fromBrowser, &chunk, chunk.count)
            if count == 0 { throw Failure(description: "the browser closed the connection while waiting for \(what)") }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(description: "read failed: \(errno)")
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    private func handleEvent(_ message: [String: Any]) throws {
        guard let method = message["method"] as? String else { return }
        let params = message["params"] as? [String: Any] ?? [:]
        firedEvents.append((method, params))
        switch method {
        case "Fetch.requestPaused":
            try serve(params)
        case "Runtime.consoleAPICalled":
            let type = params["type"] as? String ?? ""
            guard type == "error" || type == "assert" else { return }
            let args = (params["args"] as? [[String: Any]] ?? []).map { "\($0["value"] ?? $0["description"] ?? "")" }
            current.errors.append("console.\(type): \(args.joined(separator: " "))")
        case "Runtime.exceptionThrown":
            let details = params["exceptionDetails"] as? [String: Any] ?? [:]
            let description = (details["exception"] as? [String: Any])?["description"] ?? details["text"] ?? ""
            current.errors.append("uncaught: \(description)")
        case "Log.entryAdded":
            let entry = params["entry"] as? [String: Any] ?? [:]
            guard entry["level"] as? String == "error" else { return }
            current.errors.append("\(entry["source"] ?? "log"): \(entry["text"] ?? "") \(entry["url"] ?? "")")
        default:
            break
        }
    }

    // MARK: Serving the site

    /// Answers a request the way `deploy/nginx.conf` does: files from the output folder, a folder
    /// without its slash redirected, a miss answered 404 with /404.html. Other hosts are refused,
    /// so a page that loads anything from elsewhere shows up as an error.
    private func serve(_ params: [String: Any]) throws {
        guard let requestID = params["requestId"] as? String else { return }
        let address = (params["request"] as? [String: Any])?["url"] as? String ?? ""
        // URLComponents keeps the trailing slash that URL.path drops.
        guard let url = URLComponents(string: address), url.host == Self.host else {
            _ = try send("Fetch.failRequest", ["requestId": requestID, "errorReason": "BlockedByClient"], session: session)
            return
        }
        var path = url.percentEncodedPath.removingPercentEncoding ?? url.percentEncodedPath
        if basePath != "/" {
            path = path.hasPrefix(basePath) ? "/" + path.dropFirst(basePath.count) : "/outside-the-base-path" + path
        }
        var file = siteRoot.appendingPathComponent(String(path.drop { $0 == "/" }))
        var isFolder: ObjCBool = false
        var status = 200
        var headers: [[String: String]] = []
        var body = Data()
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), isFolder.boolValue, !path.hasSuffix("/") {
            status = 301
            headers.append(["name": "Location", "value": url.percentEncodedPath + "/" + (url.percentEncodedQuery.map { "?" + $0 } ?? "")])
        } else {
            if isFolder.boolValue { file = file.appendingPathComponent("index.html") }
            if let data = FileManager.default.contents(atPath: file.path), !path.contains("/.") {
                body = data
            } else {
                status = 404
                if path != "/favicon.ico" { current.missing.append(path) }
                file = siteRoot.appendingPathComponent("404.html")
                body = FileManager.default.contents(atPath: file.path) ?? Data()
            }
            headers.append(["name": "Content-Type", "value": Self.contentType(of: file.pathExtension)])
        }
        headers.append(["name": "Content-Security-Policy", "value": contentSecurityPolicy])
        headers.append(["name": "X-Content-Type-Options", "value": "nosniff"])
        _ = try send("Fetch.fulfillRequest", ["requestId": requestID, "responseCode": status,
                                              "responseHeaders": headers, "body": body.base64EncodedString()],
                     session: session)
    }

    static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "application/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    /// The Content-Security-Policy the shipped nginx server block sends, so that an inline script
    /// or style that production would block fails here too; a strict same-origin policy when the
    /// file is not there.
    static func deployedContentSecurityPolicy() -> String {
        let fallback = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
        let conf = SiteFixture.repositoryRoot.appendingPathComponent("deploy/nginx.conf")
        guard let text = try? String(contentsOf: conf, encoding: .utf8) else { return fallback }
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            guard let header = line.range(of: "Content-Security-Policy \"") else { continue }
            let rest = line[header.upperBound...]
            if let end = rest.firstIndex(of: "\"") { return String(rest[..<end]) }
        }
        return fallback
    }
}
