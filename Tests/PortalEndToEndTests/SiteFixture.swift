import Foundation
import XCTest

/// A throw-away site folder for one test: a copy of a fixture content tree (or generated content)
/// with the repository's real templates, built by the real `portal` binary.
final class SiteFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixturesRoot = repositoryRoot.appendingPathComponent("Tests/Fixtures/sites")

    let root: URL
    var content: URL { root.appendingPathComponent("content") }
    var output: URL { root.appendingPathComponent("public") }

    /// - Parameter fixture: a folder under `Tests/Fixtures/sites`, or nil for an empty content folder.
    init(fixture: String?) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if let fixture {
            try FileManager.default.copyItem(at: Self.fixturesRoot.appendingPathComponent(fixture).appendingPathComponent("content"), to: content)
        } else {
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: Self.repositoryRoot.appendingPathComponent("templates"),
                                         to: root.appendingPathComponent("templates"))
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ text: String, to relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
    }

    /// Runs `portal build --source <root> --now <now>` plus extra arguments.
    @discardableResult
    func build(now: String = "2021-12-31", _ extra: [String] = []) throws -> PortalRun {
        try PortalRun.run(["build", "--source", root.path, "--now", now] + extra)
    }

    /// The text of a page of the built site at a URL path (`/meetings/`).
    func page(_ urlPath: String) throws -> String {
        var path = urlPath
        if path.hasSuffix("/") { path += "index.html" }
        return try String(contentsOf: output.appendingPathComponent(String(path.dropFirst())), encoding: .utf8)
    }

    func exists(_ urlPath: String) -> Bool {
        var path = urlPath
        if path.hasSuffix("/") { path += "index.html" }
        return FileManager.default.fileExists(atPath: output.appendingPathComponent(String(path.dropFirst())).path)
    }
}

/// One run of the real `portal` binary.
struct PortalRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The binary built beside the test bundle by `swift build` / `swift test`.
    static var binary: URL {
        Bundle.main.bundleURL.appendingPathComponent("portal")
    }

    /// A `portal` process with the given arguments and colour off, not yet started.
    static func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        return process
    }

    static func run(_ arguments: [String]) throws -> PortalRun {
        try runTool(binary.path, arguments)
    }

    /// `run`, killed after `timeout` seconds (a hang is a failure, not a stuck suite).
    static func run(_ arguments: [String], timeout: TimeInterval) throws -> PortalRun {
        try runTool(binary.path, arguments, timeout: timeout)
    }

    /// `run` in `directory`, so that a relative path (`--output .`) means what an admin typed.
    static func run(_ arguments: [String], in directory: URL) throws -> PortalRun {
        try runTool(binary.path, arguments, in: directory)
    }

    /// Any program, with colour off, its output collected, killed after `timeout` seconds.
    static func runTool(_ path: String, _ arguments: [String], in directory: URL? = nil,
                        timeout: TimeInterval = 300) throws -> PortalRun {
        let process = process(arguments)
        process.executableURL = URL(fileURLWithPath: path)
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let killed = Killed()
        let killer = DispatchWorkItem { if process.isRunning { killed.mark(); process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        // Read before waiting so a chatty run cannot fill the pipe and block.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        let timedOut = killed.value
        return PortalRun(status: timedOut ? -1 : process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self) + (timedOut ? "\n[killed after \(timeout) s]" : ""))
    }
}

/// Whether `runTool`'s timer stopped the process (set on a Dispatch thread, read after the wait).
private final class Killed: @unchecked Sendable {
    private let lock = NSLock()
    private var killed = false
    func mark() { lock.withLock { killed = true } }
    var value: Bool { lock.withLock { killed } }
}

/// Every file below a folder with its bytes' hash, to compare whole outputs byte for byte.
enum TreeSnapshot {
    /// Without the search index folder a rebuild carries over from the version before it for
    /// pages opened before the swap (`SearchStep`) unless `includingCarried`: it depends on the
    /// previous build, not on the content, so a fresh build never has it.
    static func take(_ folder: URL, includingCarried: Bool = false) throws -> [String: Data] {
        let files = try takeAll(folder)
        guard !includingCarried, let current = files["/search/current.json"],
              let object = try? JSONSerialization.jsonObject(with: current) as? [String: Any],
              let index = object["index"] as? String else { return files }
        return files.filter { !$0.key.hasPrefix("/search/index/") || $0.key.hasPrefix(index) }
    }

    private static func takeAll(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = folder.resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(url.resolvingSymlinksInPath().path.dropFirst(base.path.count))
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }
}
