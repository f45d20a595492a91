import ArgumentParser
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
        // From here on Ctrl-C, SIGTERM and a closed terminal stop the preview and take the
        // temporary build with them, whatever it is doing (the first build included).
        StopSignals.install { _ in
            Self.removeWorkFolder(work)
            ServeConsole.say("已停止预览。 / Preview stopped.")
        }
        let preview = PreviewSite(siteRoot: site.siteRoot, workFolder: work, today: { fixedToday ?? .today() })

        // Listen before the first build, so that a port in use is told at once rather than after it.
        let server: PreviewServer
        do {
            let (ip, _) = try listenAddress()
            server = try PreviewServer(ip: ip, port: port, responder: PreviewResponder(site: preview)) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        } catch let error as PreviewServer.ListenError {
            let inUse = error.code == EADDRINUSE
            Console.report([Diagnostic(
                file: nil, zh: "无法在 \(host):\(port) 上提供预览：\(error.zh)", en: "cannot serve on \(host):\(port): \(error.en)",
                hintZh: inUse ? "端口已被占用（例如另一个 portal serve），用 --port 换一个端口，或用 --port 0 任选一个。"
                    : error.code == EACCES ? "1024 以下的端口需要管理员权限，换一个更大的端口。" : "检查 --host 和 --port。",
                hintEn: inUse ? "The port is in use (another portal serve?); choose another with --port, or --port 0 for any free one."
                    : error.code == EACCES ? "Ports below 1024 need root; choose a higher one." : "Check --host and --port.")])
            Self.removeWorkFolder(work)
            throw ExitCode(1)
        }

        let reporter = RebuildReporter()
        let watcher = SourceWatcher(roots: [contentFolder, site.siteRoot.appendingPathComponent("templates")]) {
            ServeConsole.say("检测到修改，正在重新生成…… / Change detected, rebuilding…")
            reporter.report(preview.rebuild(), first: false)
        }
        // The files as the first build reads them: a save made during that build, or just after
        // the address is shown, is seen by the first poll.
        watcher.takeBaseline()
        ServeConsole.say("正在生成预览（含草稿）…… / Building the preview (drafts included)…")
        reporter.report(preview.rebuild(), first: true)

        server.start()
        let url = Self.url(host: host, port: server.port)
        ServeConsole.say("预览地址：\(url)  （保存文件后自动刷新，按 Ctrl-C 停止） / Serving at \(url) (reloads on save; Ctrl-C to stop)")
        if !Self.isLoopback(host) {
            ServeConsole.say("注意：其他电脑也能访问这个预览，包括草稿。 / Note: other computers can reach this preview, drafts included.")
        }

        watcher.start()
        // The main thread has nothing left to do; the stop signals end the process from their thread.
        while true { pause() }
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

    private static func url(host: String, port: Int) -> String {
        switch host {
        case "0.0.0.0": return "http://127.0.0.1:\(port)/"
        case "::": return "http://[::1]:\(port)/"
        case "localhost": return "http://127.0.0.1:\(port)/"
        default: return host.contains(":") ? "http://[\(host)]:\(port)/" : "http://\(host):\(port)/"
        }
    }

    /// Removes the temporary build, even while a rebuild is writing into it: the folder is moved
    /// aside and a plain file takes its name, so that the rebuild's next write under it fails
    /// instead of bringing the folder back.
    ///
    /// Deleting a large build takes seconds on a busy disk (2,000 items: 12,000 files, 1–3 s), more
    /// than a stop should take; so a detached `rm -rf` deletes it, we wait for it up to 0.7 s (a small
    /// site is gone by then), and past that it finishes alone after we exit. If even that is
    /// interrupted, the next preview removes the folders of previews that are gone.
    static func removeWorkFolder(_ work: URL) {
        let aside = work.path + ".stopping"
        guard rename(work.path, aside) == 0 else {
            try? FileManager.default.removeItem(at: work)
            return
        }
        let blocker = open(work.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if blocker >= 0 { close(blocker) }
        if let remover = spawnRemoval(of: aside) {
            let deadline = Date().addingTimeInterval(0.7)
            var status: Int32 = 0
            while waitpid(remover, &status, WNOHANG) == 0, Date() < deadline { usleep(10_000) }
        } else {
            try? FileManager.default.removeItem(atPath: aside)
        }
        unlink(work.path)
    }

    /// `rm -rf -- path` in a process group of its own, so that a second Ctrl-C does not stop it too.
    private static func spawnRemoval(of path: String) -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let arguments: [UnsafeMutablePointer<CChar>?] = ["rm", "-rf", "--", path].map { (text: String) in strdup(text) }
        defer { arguments.forEach { free($0) } }
        var pid = pid_t()
        let result = (arguments + [nil]).withUnsafeBufferPointer { argv in
            posix_spawn(&pid, "/bin/rm", nil, &attributes, UnsafeMutablePointer(mutating: argv.baseAddress!), environ)
        }
        return result == 0 ? pid : nil
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

/// Prints what each rebuild did, the way `portal build` does; warnings only when they changed,
/// so that a site with known warnings does not repeat them on every save.
private final class RebuildReporter: @unchecked Sendable {
    private var lastWarnings: [Diagnostic] = []

    func report(_ outcome: PreviewSite.Outcome, first: Bool) {
        guard !StopSignals.stopping else { return }
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

/// SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) stop `portal serve`.
///
/// Not a `DispatchSource`: on Linux, libdispatch reads signals through a signalfd that only sees
/// them while they are blocked, but `dispatchMain()` parks the main thread in `sigsuspend` with
/// nothing blocked, so each signal went to that thread and was ignored — Ctrl-C did nothing. Here
/// a plain handler, which may run on any thread, writes the signal's number to a pipe (`write` is
/// one of the few calls allowed in a handler), and a thread of our own reads it, cleans up and ends
/// the process; it does not wait for a running build, which keeps writing into a folder that is
/// already gone until `_exit` ends it.
enum StopSignals {
    nonisolated(unsafe) fileprivate static var pipeWrite: Int32 = -1
    nonisolated(unsafe) fileprivate static var received: Int32 = 0
    /// Set when the stop begins: a rebuild that fails because its folder went away says nothing.
    nonisolated(unsafe) static var stopping = false

    /// - Parameter cleanUp: runs once, on the stopping thread, before the process ends with 130
    ///   (SIGINT), 129 (SIGHUP) or 0 (SIGTERM, a requested stop).
    static func install(cleanUp: @escaping @Sendable (Int32) -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        let readEnd = ends[0]
        pipeWrite = ends[1]
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let stopper = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) != 1 { guard errno == EINTR else { return } }
            let number = Int32(byte)
            stopping = true
            cleanUp(number)
            fflush(nil)
            // `_exit`, not `exit`: the other threads (a build, the server) are still running, and
            // `exit`'s destructors would pull the ground from under them.
            _exit(number == SIGINT ? 130 : number == SIGHUP ? 129 : 0)
        }
        stopper.name = "portal-serve-stop"
        stopper.start()

        var wanted = sigset_t()
        sigemptyset(&wanted)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, stopSignalHandler)
            sigaddset(&wanted, number)
        }
        // A parent may have started us with them blocked; threads started from now on inherit this.
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }
}

/// Async-signal-safe: a counter and `write`. A second signal (Ctrl-C pressed again while the
/// temporary folder is being removed) ends the process at once.
private func stopSignalHandler(_ number: Int32) {
    StopSignals.received += 1
    if StopSignals.received > 1 { _exit(number == SIGINT ? 130 : number == SIGHUP ? 129 : 0) }
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(StopSignals.pipeWrite, &byte, 1)
}
