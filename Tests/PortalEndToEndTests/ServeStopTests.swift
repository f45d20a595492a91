import Foundation
import XCTest

/// `portal serve` stops on Ctrl-C typed in a real terminal and on SIGTERM, whatever it is doing,
/// and takes its temporary folder with it.
///
/// Ctrl-C goes through a pseudo-terminal (python3's `pty`, which .ci/run installs): the byte 0x03
/// written to the terminal makes the kernel send SIGINT to the foreground process group, exactly
/// as a keyboard does. A SIGINT sent with `kill` from a test is not the same: an earlier version
/// passed that test and still ignored Ctrl-C in a terminal.
final class ServeStopTests: XCTestCase {
    /// What the driver script reports.
    struct Stop: Decodable {
        let exit: Int?
        let seconds: Double?
        /// Seconds from the signal until the temporary folder was gone.
        let removedAfter: Double?
        let hadFolder: Bool
        let leftFolders: [String]
        let error: String?
        let output: String
    }

    /// Runs `portal serve` on `site` in a pseudo-terminal, waits for `when`, then stops it with
    /// `how`: "ctrl-c" (0x03 to the terminal) or "term" (SIGTERM with kill).
    /// - Parameter when: "idle" (serving, after one answered request), "rebuild" (just after a
    ///   touched content file made it start rebuilding) or "first-build" (before it serves at all).
    private func stop(site: URL, when: String, how: String, touch: String? = nil) throws -> Stop {
        try TerminalDriver.run(Self.driver, [PortalRun.binary.path, site.path, when, how, touch ?? ""], as: Stop.self)
    }

    private func assertStopped(_ stop: Stop, status: Int, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(stop.error, "\(what): \(stop.error ?? "")\n\(stop.output)", file: file, line: line)
        XCTAssertTrue(stop.hadFolder, "\(what): the temporary folder existed while it ran", file: file, line: line)
        XCTAssertEqual(stop.exit, status, "\(what): exit status\n\(stop.output)", file: file, line: line)
        // The goal is under a second; the bound is generous for a loaded machine.
        XCTAssertLessThan(stop.seconds ?? 99, 3, "\(what): stops at once", file: file, line: line)
        XCTAssertEqual(stop.leftFolders, [], "\(what): the temporary folder is removed", file: file, line: line)
        print("\(what): stopped in \(String(format: "%.3f", stop.seconds ?? -1)) s, folder gone after \(String(format: "%.3f", stop.removedAfter ?? -1)) s")
    }

    /// 2,000 items from the benchmark's generator: a build long enough to be interrupted.
    private func largeSite() throws -> URL {
        try TerminalDriver.generatedSite(items: 2000, prefix: "portal-serve-big", removedAfter: self)
    }

    private func firstItem(of site: URL) throws -> String {
        let content = site.appendingPathComponent("content/meetings")
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: content.path).sorted().first { $0.hasSuffix(".md") })
        return content.appendingPathComponent(name).path
    }

    func testCtrlCAndSIGTERMStopTheDefaultSite() throws {
        let root = SiteFixture.repositoryRoot
        assertStopped(try stop(site: root, when: "idle", how: "ctrl-c"), status: 130, "default site, idle, Ctrl-C")
        assertStopped(try stop(site: root, when: "idle", how: "term"), status: 0, "default site, idle, SIGTERM")
        assertStopped(try stop(site: root, when: "first-build", how: "ctrl-c"), status: 130, "default site, first build, Ctrl-C")
    }

    func testCtrlCAndSIGTERMStopALargeSiteIdleAndMidBuild() throws {
        let site = try largeSite()
        let item = try firstItem(of: site)
        assertStopped(try stop(site: site, when: "first-build", how: "ctrl-c"), status: 130, "large site, first build, Ctrl-C")
        assertStopped(try stop(site: site, when: "idle", how: "ctrl-c"), status: 130, "large site, idle, Ctrl-C")
        assertStopped(try stop(site: site, when: "rebuild", how: "ctrl-c", touch: item), status: 130, "large site, rebuilding, Ctrl-C")
        assertStopped(try stop(site: site, when: "rebuild", how: "term", touch: item), status: 0, "large site, rebuilding, SIGTERM")
    }

    /// The pseudo-terminal driver. Prints one JSON object; every wait is bounded.
    static let driver = #"""
    import json, os, pty, re, select, signal, socket, sys, time

    binary, site, when, how, touch = sys.argv[1:6]
    tmp = os.environ.get("TMPDIR") or "/tmp"
    result = {"exit": None, "seconds": None, "hadFolder": False, "leftFolders": [], "error": None, "output": ""}
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, NO_COLOR="1")
        os.execve(binary, [binary, "serve", "--source", site, "--port", "0"], env)
    output = b""

    def pump(seconds):
        global output
        r, _, _ = select.select([fd], [], [], seconds)
        if r:
            try:
                output += os.read(fd, 65536)
            except OSError:
                return False
        return True

    def wait_for(pattern, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            m = re.search(pattern, output)
            if m:
                return m
            if not pump(0.05):
                return None
        return None

    def folders():
        return sorted(n for n in os.listdir(tmp) if n.startswith("portal-serve-%d-" % pid))

    start = None
    try:
        if when == "first-build":
            if not wait_for(rb"\xe6\xad\xa3\xe5\x9c\xa8\xe7\x94\x9f\xe6\x88\x90", 60):  # 正在生成
                raise Exception("no build started")
        else:
            m = wait_for(rb"http://127\.0\.0\.1:(\d+)/", 300)
            if not m:
                raise Exception("no address")
            port = int(m.group(1))
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            if not s.recv(64).startswith(b"HTTP/1.1 "):
                raise Exception("no HTTP answer")
            s.close()
            if when == "rebuild":
                os.utime(touch)
                with open(touch, "a") as f:
                    f.write("\n")
                if not wait_for(rb"\xe6\xa3\x80\xe6\xb5\x8b\xe5\x88\xb0\xe4\xbf\xae\xe6\x94\xb9", 20):  # 检测到修改
                    raise Exception("no rebuild started")
        result["hadFolder"] = bool(folders())
        start = time.time()
        if how == "ctrl-c":
            os.write(fd, b"\x03")
        else:
            os.kill(pid, signal.SIGTERM)
        status = None
        while time.time() - start < 10:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                result["seconds"] = time.time() - start
                result["exit"] = os.waitstatus_to_exitcode(status)
                break
            pump(0.01)
        if result["exit"] is None:
            result["error"] = "still running 10 s after the signal"
    except Exception as e:
        result["error"] = str(e)
    finally:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if not done:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        # The folder goes at once for a small site; a large one is finished by a detached `rm`.
        deadline = time.time() + 10
        while folders() and time.time() < deadline:
            time.sleep(0.05)
        result["removedAfter"] = (time.time() - start) if start else None
        result["leftFolders"] = folders()
        for name in result["leftFolders"]:
            os.system("rm -rf '%s/%s'" % (tmp, name))
        result["output"] = output.decode("utf-8", "replace")[-3000:]
        print(json.dumps(result))
    """#
}
