import Foundation
import XCTest

/// `portal build` shows one updating progress line on a terminal and nothing anywhere else; the
/// line never changes what is written, and Ctrl-C while it is shown leaves the terminal clean
/// and the published output as it was.
///
/// The terminal is a real pseudo-terminal (python3's `pty`): whether standard error is a terminal
/// is exactly what decides, so a pipe standing in for one would test nothing. Ctrl-C is the byte
/// 0x03 written to it, which the kernel turns into SIGINT as a keyboard does.
final class BuildProgressLineTests: XCTestCase {
    /// What the driver script reports.
    struct Run: Decodable {
        let exit: Int?
        /// Everything the terminal received (standard output and error), as text.
        let terminal: String
        let error: String?
    }

    /// The line drawn from the start of the build rather than after a second.
    static let atOnce = ["PORTAL_PROGRESS_DELAY": "0"]

    /// 1,000 generated items: a build of a few seconds (a debug binary), so the line has time
    /// to appear.
    private func largeSite() throws -> URL {
        try TerminalDriver.generatedSite(items: 1000, prefix: "portal-progress", removedAfter: self)
    }

    enum Mode: String {
        /// Until the build ends.
        case wait
        /// Ctrl-C once the item pages' count is on the line.
        case interrupt
        /// Ctrl-C 1.5 s in, whatever is on the terminal.
        case peek
    }

    /// Runs `portal build` in a pseudo-terminal (see `Mode`).
    private func buildInTerminal(site: URL, output: URL, extra: [String] = [], environment: [String: String] = [:],
                                 mode: Mode = .wait) throws -> Run {
        let arguments = ["build", "--source", site.path, "--output", output.path, "--now", "2026-01-01"] + extra
        return try TerminalDriver.run(Self.driver, [mode.rawValue,
                                                    String(decoding: try JSONSerialization.data(withJSONObject: environment), as: UTF8.self),
                                                    PortalRun.binary.path] + arguments, as: Run.self)
    }

    /// `1977` → `1,977`, written here again rather than taken from the code under test.
    private static func thousands(_ number: Int) -> String {
        number < 1000 ? String(number) : thousands(number / 1000) + "," + String(String(number % 1000 + 1000).dropFirst())
    }

    /// Every file below the published version and its bytes' hash, and where the output link points.
    private func snapshot(_ output: URL) throws -> [String: String] {
        let root = output.resolvingSymlinksInPath()
        var files: [String: String] = ["→": root.path]
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.path.dropFirst(root.path.count))] = String((try Data(contentsOf: url)).hashValue)
        }
        return files
    }

    func testTheLineShowsOnATerminalOnlyAndChangesNothingWritten() throws {
        let site = try largeSite()
        let scratch = site.deletingLastPathComponent()
        // The line at once (PORTAL_PROGRESS_DELAY=0), not after a second: on a fast machine the item
        // pages of 1,000 items take less than that.
        let terminal = try buildInTerminal(site: site, output: scratch.appendingPathComponent("tty"), environment: Self.atOnce)
        XCTAssertNil(terminal.error, terminal.error ?? "")
        XCTAssertEqual(terminal.exit, 0, terminal.terminal)
        // The line names the step in Chinese, then English, with the count of item pages.
        XCTAssertTrue(terminal.terminal.contains("\r生成信息页面 Item pages  "), "no progress line on a terminal:\n\(terminal.terminal)")
        // Counted out of the published items, as the closing line counts them (`（988 条公开信息）`).
        let published = try XCTUnwrap(terminal.terminal.firstMatch(of: /（([0-9]+) 条公开信息）/)?.1, terminal.terminal)
        XCTAssertTrue(terminal.terminal.contains("/\(Self.thousands(Int(published)!))\u{1B}[K"), "no count out of \(published):\n\(terminal.terminal)")
        // Cleared before the closing line: that line starts at the left margin of an empty line.
        XCTAssertNotNil(terminal.terminal.range(of: "\r\u{1B}[K已生成"), "the line is not cleared:\n\(terminal.terminal)")

        // 1.5 s into a build, long after the line would have appeared (at once, as above), nothing is drawn.
        let quiet = try buildInTerminal(site: site, output: scratch.appendingPathComponent("quiet"), extra: ["--quiet", "--full"],
                                        environment: Self.atOnce, mode: .peek)
        let ci = try buildInTerminal(site: site, output: scratch.appendingPathComponent("ci"), extra: ["--full"],
                                     environment: Self.atOnce.merging(["CI": "true"]) { $1 }, mode: .peek)
        for (name, run) in [("--quiet", quiet), ("CI", ci)] {
            XCTAssertNil(run.error, "\(name): \(run.error ?? "")")
            XCTAssertEqual(run.exit, -Int(SIGINT), "\(name): still building when looked at\n\(run.terminal)")
            XCTAssertFalse(run.terminal.contains("Item pages") || run.terminal.contains("\u{1B}["), "\(name) shows a line:\n\(run.terminal)")
        }

        // Not a terminal: standard error is a pipe, as in a log or CI.
        let piped = try PortalRun.run(["build", "--source", site.path, "--output", scratch.appendingPathComponent("pipe").path,
                                       "--now", "2026-01-01"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stderr, "", "nothing on standard error without a terminal")
        XCTAssertFalse(piped.stdout.contains("\r") || piped.stdout.contains("\u{1B}"), piped.stdout)

        // The same bytes with and without the line (the link targets differ by name only).
        var withLine = try snapshot(scratch.appendingPathComponent("tty"))
        var without = try snapshot(scratch.appendingPathComponent("pipe"))
        withLine["→"] = nil
        without["→"] = nil
        XCTAssertGreaterThan(withLine.count, 1000)
        XCTAssertEqual(withLine, without, "the progress line changed what was written")
    }

    func testCtrlCWhileTheLineIsShownLeavesTheTerminalCleanAndTheOutputAsItWas() throws {
        let site = try largeSite()
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        let first = try PortalRun.run(["build", "--source", site.path, "--output", output.path, "--now", "2026-01-01"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try snapshot(output)

        let run = try buildInTerminal(site: site, output: output, extra: ["--full"], environment: Self.atOnce, mode: .interrupt)
        XCTAssertNil(run.error, "\(run.error ?? "")\n\(run.terminal)")
        // Ended by the signal, as without the line: the shell sees an interrupted command.
        XCTAssertEqual(run.exit, -Int(SIGINT), run.terminal)
        // The last thing on the terminal clears the line (an echoed ^C is cleared with it).
        XCTAssertTrue(run.terminal.contains("Item pages"), run.terminal)
        XCTAssertTrue(run.terminal.hasSuffix("\r\u{1B}[K"), "the terminal is left with a line on it:\n\(run.terminal.debugDescription)")
        XCTAssertFalse(run.terminal.contains("已生成"), run.terminal)
        XCTAssertEqual(try snapshot(output), before, "the published output changed")
    }

    /// The pseudo-terminal driver: `mode env-json binary args…`. Prints one JSON object; every
    /// wait is bounded.
    static let driver = #"""
    import json, os, pty, re, select, signal, sys, time

    mode, extra_env, binary = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    arguments = sys.argv[4:]
    result = {"exit": None, "terminal": "", "error": None}
    pid, fd = pty.fork()
    if pid == 0:
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        env.update(NO_COLOR="1", TERM="xterm", **extra_env)
        os.execve(binary, [binary] + arguments, env)
    output = b""

    def pump(seconds):
        global output
        r, _, _ = select.select([fd], [], [], seconds)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            output += data
        return True

    try:
        started = time.time()
        interrupted = False
        while time.time() < started + 600:
            due = re.search(rb"Item pages  [0-9,]+/", output) if mode == "interrupt" else time.time() > started + 1.5
            if mode != "wait" and not interrupted and due:
                os.write(fd, b"\x03")
                interrupted = True
            if not pump(0.05):
                break
        _, status = os.waitpid(pid, 0)
        result["exit"] = os.waitstatus_to_exitcode(status)
        if mode != "wait" and not interrupted:
            result["error"] = "the line never showed a count of item pages"
    except Exception as e:
        result["error"] = str(e)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except Exception:
            pass
    result["terminal"] = output.decode("utf-8", "replace")
    print(json.dumps(result))
    """#
}
