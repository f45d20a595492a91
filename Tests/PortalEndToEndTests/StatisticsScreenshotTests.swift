import Foundation
import XCTest

/// The statistics pages as a reader sees them: the real binary builds the generated corpus, a
/// local HTTP server serves the output, and headless Chromium takes a screenshot of every
/// statistics page on a desktop and on a phone. The PNGs land in `Tests/screenshots/` for a human
/// to look at; the test asserts that each is a real, non-trivial image.
///
/// Needs `chromium` (Debian: apt-get install chromium fonts-noto-cjk; CI installs both).
final class StatisticsScreenshotTests: XCTestCase {
    static let screenshots = SiteFixture.repositoryRoot.appendingPathComponent("Tests/screenshots")

    func testEveryStatisticsPageRendersInHeadlessChromium() throws {
        guard let chromium = Self.findChromium() else {
            XCTFail("找不到 chromium，无法截图。 / chromium is not installed, so the statistics pages cannot be screenshot: "
                    + "install it with `apt-get install chromium fonts-noto-cjk` (see .ci/run).")
            return
        }
        let corpus = try StatisticsCorpus()
        let counted = corpus.byCategory[2021]!
        try corpus.declare(year: 2021, total: corpus.totals[2021]! + 3, byCategory: ["livelihood": counted["livelihood"]! - 2])
        let run = try corpus.build()
        XCTAssertEqual(run.status, 0, run.stderr)

        let server = try HTTPServer(root: corpus.site.output)
        defer { server.stop() }
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)

        var shots: [(path: String, width: Int, height: Int)] = [("/statistics/", 1280, 2600), ("/statistics/", 390, 5200)]
        for year in corpus.years { shots.append(("/statistics/\(year)/", 1280, 1800)) }
        shots.append(("/statistics/2021/", 390, 3400))
        for shot in shots {
            XCTAssertTrue(corpus.site.exists(shot.path), "\(shot.path) was not built")
            // statistics-1280.png, statistics-2021-390.png, …
            let name = shot.path.split(separator: "/").joined(separator: "-") + "-\(shot.width).png"
            let file = Self.screenshots.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: file)
            let result = try Self.run(chromium, [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=\(corpus.site.root.appendingPathComponent("chromium-profile").path)",
                "--window-size=\(shot.width),\(shot.height)", "--screenshot=\(file.path)",
                "http://127.0.0.1:\(server.port)\(shot.path)",
            ], timeout: 90)
            let data = FileManager.default.contents(atPath: file.path)
            XCTAssertNotNil(data, "no screenshot of \(shot.path) at \(shot.width) px: \(result)")
            guard let data else { continue }
            XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(file.lastPathComponent) is a PNG")
            // A blank or error page of this size compresses to a few KB; a page of tables and charts does not.
            XCTAssertGreaterThan(data.count, 40_000, "\(file.lastPathComponent) looks empty (\(data.count) bytes)")
        }
    }

    /// The first of the usual Chromium command names found on PATH.
    static func findChromium() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Runs a program, killing it after `timeout` seconds; returns its exit status and output.
    static func run(_ program: URL, _ arguments: [String], timeout: TimeInterval) throws -> String {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        deadline.cancel()
        return "exit \(process.terminationStatus): \(text.suffix(2000))"
    }

    /// `python3 -m http.server` on 127.0.0.1 and a port the system chose, serving one folder.
    final class HTTPServer {
        let process = Process()
        let port: Int

        init(root: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // Port 0: the system picks a free port, and the server prints it once it listens.
            process.arguments = ["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                                 root.resolvingSymlinksInPath().path, "0"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = ""
            while !line.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += String(decoding: chunk, as: UTF8.self)
            }
            // “Serving HTTP on 127.0.0.1 port 43123 (http://127.0.0.1:43123/) ...”
            guard let range = line.range(of: "port "),
                  let port = Int(line[range.upperBound...].prefix { $0.isNumber }) else {
                process.terminate()
                throw NSError(domain: "HTTPServer", code: 1,
                              userInfo: [NSLocalizedDescriptionKey: "python3 -m http.server did not start: \(line)"])
            }
            self.port = port
        }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
    }
}
