import Foundation
import XCTest

/// The preview server under abuse: oversized requests get 414/431 and leave it idle, a flood of
/// connections does not knock it over, idle connections are closed. Loopback only; every loop is
/// bounded in count and time.
final class ServeLimitsTests: XCTestCase {
    private var server: PreviewServerProcess?

    override func tearDown() {
        server?.kill()
        server = nil
        super.tearDown()
    }

    private func start() throws -> PreviewServerProcess {
        let site = try SiteFixture(fixture: "small")
        let started = try PreviewServerProcess(arguments: ["serve", "--source", site.root.path, "--port", "0", "--now", "2021-12-31"])
        server = started
        return started
    }

    // MARK: - A raw client

    /// A connected loopback socket with 10 s send and receive timeouts.
    private func connect(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends what it can (the server may close early: that is allowed), then reads until the
    /// server closes or 10 s pass.
    private func exchange(_ port: Int, _ request: [UInt8]) -> String {
        guard let fd = connect(port) else { return "" }
        defer { close(fd) }
        var offset = 0
        while offset < request.count {
            let sent = request.withUnsafeBufferPointer { send(fd, $0.baseAddress! + offset, request.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }
            offset += sent
        }
        return readAll(fd)
    }

    private func readAll(_ fd: Int32) -> String {
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func get(_ port: Int) -> String {
        exchange(port, Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
    }

    /// The server's CPU use over one second, in per cent of one core (utime + stime of /proc/<pid>/stat).
    private func cpuPercent(_ pid: Int32) throws -> Double {
        func ticks() throws -> Double {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            // Fields after the command name (which may hold spaces) in parentheses.
            let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
            return Double(fields[11])! + Double(fields[12])!  // utime, stime: fields 14 and 15
        }
        let before = try ticks()
        Thread.sleep(forTimeInterval: 1)
        return (try ticks() - before) / Double(sysconf(Int32(_SC_CLK_TCK))) * 100
    }

    // MARK: - Tests

    func testOversizedRequestsGet414And431AndLeaveTheServerIdle() throws {
        let preview = try start()
        let port = preview.port

        let longLine = Array("GET /".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20) + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let started = Date()
        let lineAnswer = exchange(port, longLine)
        XCTAssertTrue(lineAnswer.hasPrefix("HTTP/1.1 414 "), String(lineAnswer.prefix(200)))
        XCTAssertTrue(lineAnswer.contains("请求行超过"), "the answer names its cause")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)

        let bigHeader = Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8) + [UInt8](repeating: UInt8(ascii: "b"), count: 100 * 1024) + Array("\r\n\r\n".utf8)
        let headerAnswer = exchange(port, bigHeader)
        XCTAssertTrue(headerAnswer.hasPrefix("HTTP/1.1 431 "), String(headerAnswer.prefix(200)))

        let manyHeaders = Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8) + Array(String(repeating: "X-A: b\r\n", count: 100_000).utf8) + Array("\r\n".utf8)
        let countAnswer = exchange(port, manyHeaders)
        XCTAssertTrue(countAnswer.hasPrefix("HTTP/1.1 431 "), String(countAnswer.prefix(200)))

        XCTAssertTrue(get(port).hasPrefix("HTTP/1.1 200 "), "still serving")
        // A moment for the lingering closes to end, then the server must be idle.
        Thread.sleep(forTimeInterval: 0.5)
        let cpu = try cpuPercent(preview.pid)
        print("CPU after the oversized requests: \(String(format: "%.1f", cpu)) % of a core")
        XCTAssertLessThan(cpu, 20, "no thread keeps spinning after the clients left")
    }

    func testAThousandIdleConnectionsDoNotKnockItOver() throws {
        // Room for 1,100 sockets and the test's own descriptors.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 4096 {
            limit.rlim_cur = min(4096, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let preview = try start()
        let port = preview.port
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        let started = Date()
        for _ in 0..<1100 where Date().timeIntervalSince(started) < 60 {
            guard let fd = connect(port) else { break }
            sockets.append(fd)
        }
        XCTAssertGreaterThan(sockets.count, 1000, "connections opened")

        // The newest connection takes the place of an idle one: a real request is answered.
        let during = get(port)
        XCTAssertTrue(during.hasPrefix("HTTP/1.1 200 ") || during.hasPrefix("HTTP/1.1 503 "), String(during.prefix(200)))
        print("answer while 1,100 connections are open: \(during.prefix(15))")
        XCTAssertTrue(preview.isRunning, "the server survives\n\(preview.errors)")

        sockets.forEach { close($0) }
        sockets = []
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(get(port).hasPrefix("HTTP/1.1 200 "), "serving after they closed")
        XCTAssertTrue(preview.isRunning)
        XCTAssertFalse(preview.errors.contains("端口"), "never blames the port:\n\(preview.errors)")
    }

    func testAnIdleConnectionIsClosedAfterTheTimeout() throws {
        let preview = try start()
        // Silent from the start.
        let silent = try XCTUnwrap(connect(preview.port))
        defer { close(silent) }
        var started = Date()
        var byte: UInt8 = 0
        XCTAssertEqual(recv(silent, &byte, 1, 0), 0, "closed by the server (not by the 10 s receive timeout)")
        let silentSeconds = Date().timeIntervalSince(started)

        // Kept alive after a request, then silent.
        let kept = try XCTUnwrap(connect(preview.port))
        defer { close(kept) }
        let request = Array("GET /__portal/version HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        XCTAssertEqual(request.withUnsafeBufferPointer { send(kept, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }, request.count)
        started = Date()
        let answer = readAll(kept)
        let keptSeconds = Date().timeIntervalSince(started)
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 ") && answer.contains("Connection: keep-alive"), answer)
        print("idle connections closed after \(String(format: "%.2f", silentSeconds)) s (silent) and \(String(format: "%.2f", keptSeconds)) s (after a request)")
        for seconds in [silentSeconds, keptSeconds] {
            XCTAssertGreaterThan(seconds, 3)
            XCTAssertLessThan(seconds, 9.5)
        }
    }
}
