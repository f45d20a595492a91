import Foundation
import XCTest

/// What the pseudo-terminal tests (`BuildProgressLineTests`, `ServeStopTests`) share: a python3
/// driver script that runs portal in a real terminal and prints one JSON object, and a generated
/// site large enough for a build to be watched or interrupted.
enum TerminalDriver {
    /// Runs `script` (python3 source) with `arguments` and decodes what it prints as `T`; when it
    /// prints something else, the error quotes it.
    static func run<T: Decodable>(_ script: String, _ arguments: [String], as type: T.Type) throws -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portal-terminal-\(UUID().uuidString).py")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", file.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw NSError(domain: "TerminalDriver", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "the driver said: \(String(decoding: data, as: UTF8.self))"])
        }
    }

    /// `items` generated items (`bench/generate`) in a new folder named after `prefix`, removed when
    /// `test` ends; returns the site (its `portal` folder).
    static func generatedSite(items: Int, prefix: String, removedAfter test: XCTestCase) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SiteFixture.repositoryRoot.appendingPathComponent("bench/generate").path,
                             "--items", String(items), "--out", folder.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "bench/generate")
        return folder.appendingPathComponent("portal")
    }
}
