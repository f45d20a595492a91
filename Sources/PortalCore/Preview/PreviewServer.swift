import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTP/1.1 server of `portal serve`: blocking sockets, one thread per connection, and a bound
/// on everything a client controls.
///
/// Why not a server library: FlyingFox (used before) has no limit on the request line, the
/// headers or the number of connections, and no idle timeout — a 1 MB request line kept it busy
/// after the client left, and 1,100 idle connections ran it out of descriptors. Its decoder cannot
/// be bounded from outside, and a bounded reader in front of it would have to parse HTTP anyway.
/// The preview only answers GET and HEAD from memory, so a small server whose every read has a
/// byte limit and a deadline is simpler to trust than a wrapper around one that has neither.
public final class PreviewServer: @unchecked Sendable {
    /// What one client may use. The defaults are generous for a browser and small for an attacker.
    public struct Limits: Sendable {
        /// The request line (`GET /path HTTP/1.1`), beyond which the answer is 414 (nginx: 8 KiB).
        public var requestLineBytes = 8 * 1024
        /// All header lines together, beyond which the answer is 431.
        public var headerBytes = 32 * 1024
        /// The number of header lines, beyond which the answer is 431.
        public var headerCount = 100
        /// Connections served at once. A new one beyond it takes the place of the connection idle
        /// the longest, or gets 503 when every connection is in the middle of a request.
        public var connections = 64
        /// Seconds a connection may wait, silent, for its next request before it is closed.
        public var idleSeconds: Double = 5
        /// Seconds from the first byte of a request to the end of its headers (a client that
        /// trickles its headers in is cut off: 408).
        public var requestSeconds: Double = 10
        /// Seconds a response may take to be sent.
        public var writeSeconds: Double = 10

        public init() {}
    }

    /// Why the server could not listen, in both languages.
    public struct ListenError: Error, Sendable {
        public let zh: String
        public let en: String
        /// `EADDRINUSE` and the like, for the caller's hint.
        public let code: Int32
    }

    public let limits: Limits
    private let responder: PreviewResponder
    private let log: @Sendable (String) -> Void
    private let listenSocket: Int32
    /// The port actually bound (useful with port 0).
    public let port: Int

    private let lock = NSLock()
    private var connections: [Int: Connection] = [:]
    private var nextID = 0
    private var lastAcceptComplaint = Date.distantPast

    /// One accepted connection as the accepting thread sees it.
    /// Its mutable fields are read and written under the server's lock only.
    private final class Connection: @unchecked Sendable {
        let socket: Int32
        let id: Int
        /// Waiting for the first byte of a request: it may be closed to make room.
        var idle = true
        var idleSince = Date()
        /// Shut down to make room; the thread serving it closes it.
        var evicted = false
        init(socket: Int32, id: Int) {
            self.socket = socket
            self.id = id
        }
    }

    /// Binds and listens at once (so that a port in use is reported before the first build);
    /// connections wait in the backlog until `start()`.
    /// - Parameter log: receives a line for problems worth telling the terminal (out of descriptors).
    public init(ip: String, port: Int, limits: Limits = Limits(), responder: PreviewResponder,
                log: @escaping @Sendable (String) -> Void) throws {
        self.limits = limits
        self.responder = responder
        self.log = log
        // A client that leaves mid-response must not kill the process (the default of SIGPIPE).
        signal(SIGPIPE, SIG_IGN)
        let isIPv6 = ip.contains(":")
        #if os(Linux)
        let stream = Int32(SOCK_STREAM.rawValue)
        #else
        let stream = SOCK_STREAM
        #endif
        let fd = socket(isIPv6 ? AF_INET6 : AF_INET, stream, 0)
        guard fd >= 0 else { throw Self.listenError("创建套接字", "create a socket", errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        // A preview stopped and started again gets its port back at once (no TIME_WAIT wait).
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))

        var result: Int32
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port)).bigEndian
            guard inet_pton(AF_INET6, ip, &address.sin6_addr) == 1 else {
                close(fd)
                throw ListenError(zh: "“\(ip)”不是 IPv6 地址", en: "“\(ip)” is not an IPv6 address", code: EINVAL)
            }
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port)).bigEndian
            guard inet_pton(AF_INET, ip, &address.sin_addr) == 1 else {
                close(fd)
                throw ListenError(zh: "“\(ip)”不是 IPv4 地址", en: "“\(ip)” is not an IPv4 address", code: EINVAL)
            }
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Self.listenError("绑定 \(ip):\(port)", "bind \(ip):\(port)", code)
        }
        // A long backlog: a burst of connections waits for the accepting thread instead of being
        // dropped (it drains them quickly: each is admitted, or refused with 503, at once).
        guard listen(fd, 1024) == 0 else {
            let code = errno
            close(fd)
            throw Self.listenError("监听 \(ip):\(port)", "listen on \(ip):\(port)", code)
        }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let boundPort: UInt16 = withUnsafePointer(to: &bound) { pointer in
            isIPv6 ? pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }
                   : pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
        }
        listenSocket = fd
        self.port = Int(UInt16(bigEndian: boundPort))
    }

    private static func listenError(_ zh: String, _ en: String, _ code: Int32) -> ListenError {
        let cause = String(cString: strerror(code))
        return ListenError(zh: "无法\(zh)：\(cause)", en: "cannot \(en): \(cause)", code: code)
    }

    /// Accepts connections on a thread of its own, for as long as the process runs.
    public func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "portal-serve-accept"
        thread.start()
    }

    private func acceptLoop() {
        while true {
            let client = accept(listenSocket, nil, nil)
            guard client >= 0 else {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                // Out of descriptors (EMFILE, ENFILE) or memory: the pending connections wait in
                // the backlog until some close. Never a reason to stop serving.
                complainAboutAccept(code)
                usleep(100_000)
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            admit(client)
        }
    }

    private func complainAboutAccept(_ code: Int32) {
        let now = Date()
        let due = lock.withLock {
            guard now.timeIntervalSince(lastAcceptComplaint) > 10 else { return false }
            lastAcceptComplaint = now
            return true
        }
        guard due else { return }
        let cause = String(cString: strerror(code))
        let hint = code == EMFILE || code == ENFILE
            ? "（打开的文件太多，等已有连接关闭后继续） / (too many open files; waiting for connections to close)" : ""
        log("预览服务器暂时无法接受新连接：\(cause)\(hint) / The preview cannot accept connections for now: \(cause)")
    }

    /// Gives the connection a thread, making room by closing the connection idle the longest when
    /// all places are taken; 503 when none is idle.
    private func admit(_ client: Int32) {
        let connection: Connection? = lock.withLock {
            let live = connections.values.filter { !$0.evicted }
            if live.count >= limits.connections {
                // Threads of evicted connections are on their way out; count them too so that a
                // flood cannot pile them up faster than they end.
                guard connections.count < 2 * limits.connections,
                      let oldest = live.filter(\.idle).min(by: { $0.idleSince < $1.idleSince })
                else { return nil }
                oldest.evicted = true
                // Wakes its thread (blocked in poll) with end-of-file: it closes the socket itself,
                // so that the number is never reused while that thread still holds it.
                shutdown(oldest.socket, Int32(SHUT_RDWR))
            }
            nextID += 1
            let connection = Connection(socket: client, id: nextID)
            connections[nextID] = connection
            return connection
        }
        guard let connection else {
            Self.refuse(client)
            return
        }
        let thread = Thread { [self] in
            serve(connection)
            lock.withLock { connections[connection.id] = nil }
            close(connection.socket)
        }
        thread.name = "portal-serve-connection"
        thread.start()
    }

    /// Too many connections busy: a short 503 sent without waiting, then closed.
    private static func refuse(_ client: Int32) {
        let body = "503 预览服务器的连接数已满，请稍后重试。 / 503 Too many connections to the preview; try again shortly.\n"
        let text = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        var bytes = Array(text.utf8)
        _ = send(client, &bytes, bytes.count, Int32(MSG_DONTWAIT) | noSignal)
        close(client)
    }

    #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    // MARK: - One connection

    private struct Head {
        var method: String
        var target: String
        var keepAlive: Bool
        var hasBody: Bool
    }

    private func serve(_ connection: Connection) {
        var reader = Reader(socket: connection.socket)
        while true {
            // Silent for `idleSeconds`, or shut down to make room: closed.
            guard reader.waitForData(seconds: limits.idleSeconds) else { return }
            let stillOurs = lock.withLock {
                connection.idle = false
                return !connection.evicted
            }
            guard stillOurs else { return }
            let head: Head
            do {
                head = try readHead(&reader, deadline: Date().addingTimeInterval(limits.requestSeconds))
            } catch let error as HeadError {
                switch error {
                case .closed: return
                case .timedOut: answerAndClose(connection.socket, 408, "Request Timeout", "请求头没有在 \(Int(limits.requestSeconds)) 秒内发完。 / The request headers took over \(Int(limits.requestSeconds)) s.")
                case .lineTooLong: answerAndClose(connection.socket, 414, "URI Too Long", "请求行超过 \(limits.requestLineBytes) 字节。 / The request line is over \(limits.requestLineBytes) bytes.")
                case .headersTooLarge: answerAndClose(connection.socket, 431, "Request Header Fields Too Large", "请求头超过 \(limits.headerBytes) 字节或 \(limits.headerCount) 行。 / The request headers are over \(limits.headerBytes) bytes or \(limits.headerCount) lines.")
                case .malformed: answerAndClose(connection.socket, 400, "Bad Request", "请求格式不正确。 / The request is malformed.")
                case .badVersion: answerAndClose(connection.socket, 505, "HTTP Version Not Supported", "只支持 HTTP/1.0 和 HTTP/1.1。 / Only HTTP/1.0 and HTTP/1.1 are supported.")
                }
                return
            } catch {
                return
            }

            let (rawPath, query) = Self.split(head.target)
            let answer: PreviewResponse
            if let rawPath {
                answer = responder.respond(method: head.method, rawPath: rawPath, query: query)
            } else {
                answer = .text(400, "400 Bad Request\n")
            }
            // A request with a body is not read on: its body would be taken for the next request.
            let keepAlive = head.keepAlive && !head.hasBody
            guard sendAnswer(answer, to: connection.socket, isHead: head.method == "HEAD", keepAlive: keepAlive) else { return }
            guard keepAlive else {
                lingeringClose(connection.socket)
                return
            }
            lock.withLock {
                connection.idle = true
                connection.idleSince = Date()
            }
        }
    }

    /// The request line and headers, each read with its byte limit and all of it by `deadline`.
    private func readHead(_ reader: inout Reader, deadline: Date) throws -> Head {
        var requestLine = ""
        // RFC 9112 2.2: empty lines before the request line are ignored (a few of them).
        for _ in 0..<4 {
            guard let line = try reader.line(limit: limits.requestLineBytes, deadline: deadline) else {
                throw HeadError.lineTooLong
            }
            requestLine = line
            if !line.isEmpty { break }
        }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "-") }),
              !parts[1].isEmpty
        else { throw HeadError.malformed }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            throw parts[2].hasPrefix("HTTP/") ? HeadError.badVersion : HeadError.malformed
        }
        var head = Head(method: String(parts[0]), target: String(parts[1]), keepAlive: parts[2] == "HTTP/1.1", hasBody: false)

        var headerBytes = 0, headerCount = 0
        while true {
            let remaining = limits.headerBytes - headerBytes
            guard remaining > 0, let line = try reader.line(limit: remaining, deadline: deadline) else {
                throw HeadError.headersTooLarge
            }
            if line.isEmpty { break }
            headerBytes += line.utf8.count + 2
            headerCount += 1
            guard headerCount <= limits.headerCount else { throw HeadError.headersTooLarge }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else { throw HeadError.malformed }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "connection":
                let options = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if options.contains("close") { head.keepAlive = false }
                if options.contains("keep-alive") && parts[2] == "HTTP/1.0" { head.keepAlive = true }
            case "content-length":
                if value != "0" { head.hasBody = true }
            case "transfer-encoding":
                head.hasBody = true
            default:
                break
            }
        }
        return head
    }

    /// The raw (still percent-encoded) path and query of a request target; nil path for a target
    /// that is not a path (`*`, garbage). An absolute URL (`http://host/path`) is taken by its path.
    static func split(_ target: String) -> (path: String?, query: String) {
        var rest = Substring(target)
        if let scheme = rest.range(of: "://"), rest[..<scheme.lowerBound].allSatisfy({ $0.isLetter }) {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        guard rest.hasPrefix("/") else { return (nil, "") }
        if let mark = rest.firstIndex(of: "?") {
            return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
        }
        return (String(rest), "")
    }

    private func sendAnswer(_ answer: PreviewResponse, to socket: Int32, isHead: Bool, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(answer.status) \(Self.phrase(answer.status))\r\n"
        for header in answer.headers where !header.name.contains("\r") && !header.value.contains("\r")
            && !header.value.contains("\n") {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(answer.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Data(head.utf8)
        if !isHead { bytes.append(answer.body) }
        return writeAll(bytes, to: socket, deadline: Date().addingTimeInterval(limits.writeSeconds))
    }

    /// Every byte by the deadline, or false (the client is gone or not reading).
    private func writeAll(_ data: Data, to socket: Int32, deadline: Date) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                guard Self.wait(socket, events: Int16(POLLOUT), until: deadline) else { return false }
                let sent = send(socket, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_DONTWAIT) | Self.noSignal)
                if sent < 0 {
                    if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }

    /// An error answer, then the connection closed.
    private func answerAndClose(_ socket: Int32, _ status: Int, _ phrase: String, _ message: String) {
        let answer = PreviewResponse.text(status, "\(status) \(phrase)\n\(message)\n")
        if sendAnswer(answer, to: socket, isHead: false, keepAlive: false) {
            lingeringClose(socket)
        }
    }

    /// Closing a socket with unread bytes resets it, and the client may lose the answer it has not
    /// read yet (a 414 after a 1 MB request line): stop sending, then read and drop what the
    /// client still sends, for at most 2 s and 4 MB, as nginx's lingering close does.
    private func lingeringClose(_ socket: Int32) {
        shutdown(socket, Int32(SHUT_WR))
        let deadline = Date().addingTimeInterval(2)
        var dropped = 0
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while dropped < 4 * 1024 * 1024, Self.wait(socket, events: Int16(POLLIN), until: deadline) {
            let count = recv(socket, &scratch, scratch.count, Int32(MSG_DONTWAIT))
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            if count <= 0 { return }
            dropped += count
        }
    }

    /// Waits for `events`; false on timeout or when the socket is in error. A hang-up counts as
    /// ready: the read or write that follows sees it.
    static func wait(_ socket: Int32, events: Int16, until deadline: Date) -> Bool {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            if ready > 0 { return true }
        }
    }

    /// The reason phrase of every status the preview answers with (`PreviewResponder` and the
    /// limits above); anything else would go out as a bare "Status".
    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 414: return "URI Too Long"
        case 431: return "Request Header Fields Too Large"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }
}

/// Why a request head could not be read.
private enum HeadError: Error {
    case closed, timedOut, lineTooLong, headersTooLarge, malformed, badVersion
}

/// Buffered reads from a socket, line by line, each line bounded in bytes and time.
private struct Reader {
    let socket: Int32
    private var buffer: [UInt8] = []
    /// How far `buffer` has been searched for a line end, so that a long line arriving in small
    /// pieces is scanned once (not from the start on every piece).
    private var scanned = 0

    init(socket: Int32) {
        self.socket = socket
    }

    /// True when a request has started (buffered bytes, or data or a hang-up on the socket) within
    /// `seconds`; false on silence, end of file or error.
    mutating func waitForData(seconds: Double) -> Bool {
        if !buffer.isEmpty { return true }
        guard PreviewServer.wait(socket, events: Int16(POLLIN), until: Date().addingTimeInterval(seconds)) else { return false }
        return fill(deadline: Date().addingTimeInterval(seconds))
    }

    /// One line without its CR LF (a bare LF is accepted too); nil when it is longer than `limit`
    /// bytes. Throws `closed` when the client leaves and `timedOut` at the deadline.
    mutating func line(limit: Int, deadline: Date) throws -> String? {
        while true {
            if let end = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var lineEnd = end
                if lineEnd > 0, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                guard lineEnd <= limit else { return nil }
                let line = String(decoding: buffer[..<lineEnd], as: UTF8.self)
                buffer.removeSubrange(...end)
                scanned = 0
                return line
            }
            scanned = buffer.count
            // No line end within the limit (+2 for CR LF): no need to read further.
            guard buffer.count <= limit + 1 else { return nil }
            guard PreviewServer.wait(socket, events: Int16(POLLIN), until: deadline) else {
                throw deadline.timeIntervalSinceNow <= 0 ? HeadError.timedOut : HeadError.closed
            }
            guard fill(deadline: deadline) else { throw HeadError.closed }
        }
    }

    /// Appends what the socket has (at most 16 KiB); false at end of file or on an error.
    private mutating func fill(deadline: Date) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = recv(socket, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                guard PreviewServer.wait(socket, events: Int16(POLLIN), until: deadline) else { return false }
                continue
            }
            return false
        }
    }
}
