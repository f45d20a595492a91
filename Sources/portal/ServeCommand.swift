import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import PortalCore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "在本机预览网站，保存后自动刷新。 / Preview the site locally; pages reload when you save.",
        discussion: """
        生成网站（包括草稿，标为“草稿”）到一个临时目录（不是 public/），并在 http://127.0.0.1:1313/ \
        提供预览。修改并保存 content/ 或 templates/ 中的文件后自动重新生成，打开的页面自动刷新。\
        内容有错误时，终端和页面顶部都会列出错误，页面仍显示上一次生成成功的网站。按 Ctrl-C 停止。
        Builds the site, drafts included (marked 草稿), into a temporary folder (never public/) and \
        serves it on http://127.0.0.1:1313/. Saving a file in content/ or templates/ rebuilds the \
        site and reloads open pages. On errors the terminal and a banner on every page list them, \
        and the last site that built stays in view. Ctrl-C stops it.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp(
        "端口，默认 1313；0 表示任选一个空闲端口。 / The port; default 1313; 0 picks a free one.",
        valueName: "PORT"))
    var port: Int = 1313

    @Option(name: .long, help: ArgumentHelp(
        "监听地址，默认 127.0.0.1（只有本机能访问）；0.0.0.0 让局域网中的其他电脑也能访问（包括草稿）。 / The address to listen on; default 127.0.0.1 (this computer only); 0.0.0.0 lets other computers in, drafts included.",
        valueName: "ADDRESS"))
    var host: String = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port “\(port)”无效，应为 0 到 65535。 / --port “\(port)” must be 0 to 65535.")
        }
        _ = try listenAddress()
    }

    func run() throws {
        let fixedToday: PlainDate? = site.now == nil ? nil : try site.today()
        let contentFolder = site.siteRoot.appendingPathComponent("content")
        guard FileManager.default.fileExists(atPath: contentFolder.path) else {
            Console.report([Diagnostic(file: nil, zh: "找不到 \(contentFolder.path)", en: "\(contentFolder.path) does not exist",
                                       hintZh: "在网站根目录中运行，或用 --source 指定网站根目录。",
                                       hintEn: "Run it in the site root, or name the site root with --source.")])
            throw ExitCode(1)
        }

        Self.removeWorkFoldersOfDeadPreviews()
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("portal-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let preview = PreviewSite(siteRoot: site.siteRoot, workFolder: work, today: { fixedToday ?? .today() })

        // Ctrl-C (and a plain kill) stop at once; the temporary build goes with the process.
        let stopSignals = ([SIGINT, SIGTERM] as [Int32]).map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                try? FileManager.default.removeItem(at: work)
                ServeConsole.say("已停止预览。 / Preview stopped.")
                Foundation.exit(0)
            }
            source.resume()
            return source
        }

        let reporter = RebuildReporter()
        ServeConsole.say("正在生成预览（含草稿）…… / Building the preview (drafts included)…")
        reporter.report(preview.rebuild(), first: true)

        let server = try makeServer(handler: PreviewHandler(responder: PreviewResponder(site: preview)))
        Task {
            do {
                try await server.run()
            } catch {
                Console.report([Diagnostic(
                    file: nil, zh: "无法在 \(host):\(port) 上提供预览：\(error)", en: "cannot serve on \(host):\(port): \(error)",
                    hintZh: "端口可能已被占用（例如另一个 portal serve），用 --port 换一个端口。",
                    hintEn: "The port may be in use (another portal serve?); choose another with --port.")])
                try? FileManager.default.removeItem(at: work)
                Foundation.exit(1)
            }
        }
        Task {
            try await server.waitUntilListening(timeout: 30)
            let url = Self.url(of: await server.listeningAddress) ?? "http://\(host):\(port)/"
            ServeConsole.say("预览地址：\(url)  （保存文件后自动刷新，按 Ctrl-C 停止） / Serving at \(url) (reloads on save; Ctrl-C to stop)")
            if !Self.isLoopback(host) {
                ServeConsole.say("注意：其他电脑也能访问这个预览，包括草稿。 / Note: other computers can reach this preview, drafts included.")
            }
        }

        let watcher = SourceWatcher(roots: [contentFolder, site.siteRoot.appendingPathComponent("templates")]) {
            ServeConsole.say("检测到修改，正在重新生成…… / Change detected, rebuilding…")
            reporter.report(preview.rebuild(), first: false)
        }
        watcher.start()
        withExtendedLifetime(stopSignals) { dispatchMain() }
    }

    private func listenAddress() throws -> (ip: String, isIPv6: Bool) {
        let ip = host == "localhost" ? "127.0.0.1" : host
        let isIPv6 = ip.contains(":")
        var buffer = [UInt8](repeating: 0, count: 16)
        guard inet_pton(isIPv6 ? AF_INET6 : AF_INET, ip, &buffer) == 1 else {
            throw ValidationError("--host “\(host)”不是 IP 地址，例如 127.0.0.1、0.0.0.0 或 ::1。 / --host “\(host)” is not an IP address such as 127.0.0.1, 0.0.0.0 or ::1.")
        }
        return (ip, isIPv6)
    }

    private func makeServer(handler: PreviewHandler) throws -> HTTPServer {
        let (ip, isIPv6) = try listenAddress()
        if isIPv6 {
            return HTTPServer(address: try .inet6(ip6: ip, port: UInt16(port)), logger: .disabled, handler: handler)
        }
        return HTTPServer(address: try .inet(ip4: ip, port: UInt16(port)), logger: .disabled, handler: handler)
    }

    private static func url(of address: Socket.Address?) -> String? {
        switch address {
        case .ip4(let ip, let port): return "http://\(ip == "0.0.0.0" ? "127.0.0.1" : ip):\(port)/"
        case .ip6(let ip, let port): return "http://[\(ip == "::" ? "::1" : ip)]:\(port)/"
        default: return nil
        }
    }

    /// A preview killed outright (SIGKILL, a crash) cannot clean up after itself; the next one
    /// removes the folders whose process is gone.
    private static func removeWorkFoldersOfDeadPreviews() {
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("portal-serve-") {
            let parts = name.split(separator: "-")
            guard parts.count == 4, let pid = Int32(parts[2]), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }
}

/// Hands the preview's requests to the engine's `PreviewResponder`.
private struct PreviewHandler: HTTPHandler {
    let responder: PreviewResponder

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let answer = responder.respond(method: request.method.rawValue, rawPath: request.target.path(),
                                       query: request.target.query())
        var headers = HTTPHeaders()
        for header in answer.headers { headers[HTTPHeader(header.name)] = header.value }
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)), headers: headers,
                            body: request.method == .HEAD ? Data() : answer.body)
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

/// Prints what each rebuild did, the way `portal build` does; warnings only when they changed,
/// so that a site with known warnings does not repeat them on every save.
private final class RebuildReporter: @unchecked Sendable {
    private var lastWarnings: [Diagnostic] = []

    func report(_ outcome: PreviewSite.Outcome, first: Bool) {
        switch outcome {
        case .built(let summary):
            if first || summary.warnings != lastWarnings { Console.report(summary.warnings) }
            lastWarnings = summary.warnings
            ServeConsole.say(String(format: "已生成 %d 个页面（%d 条信息，含 %d 条草稿），用时 %.2f 秒。 / Built %d pages (%d items, %d drafts) in %.2f s.",
                                    summary.pageCount, summary.publishedItems, summary.draftURLs.count, summary.seconds,
                                    summary.pageCount, summary.publishedItems, summary.draftURLs.count, summary.seconds))
        case .failed(let diagnostics):
            Console.report(diagnostics)
            lastWarnings = []
            ServeConsole.say(first
                ? "网站还没有生成成功：改正错误并保存后自动重试。 / The site did not build: fix the errors and save to retry."
                : "预览没有更新，页面仍显示上一次生成成功的网站；改正并保存后自动重试。 / The preview was not updated; pages show the last site that built. Fix and save to retry.")
        }
    }
}

/// stdout for a long-running command: flushed line by line, so that a log or a test reading the
/// pipe sees each line when it happens.
private enum ServeConsole {
    static func say(_ text: String) {
        Console.say(text)
        fflush(nil)  // every C stream: stdout is all print() uses
    }
}
