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
    let responder: PreviewResponder
    private let log: @Sendable (String) -> Void
    private let listenSocket: Int32
    /// The port actually bound (useful with port 0).
    public let port: Int

    let lock = NSLock()
    private var connections: [Int: Connection] = [:]
    private var nextID = 0
    private var lastAcceptComplaint = Date.distantPast

    /// One accepted connection as the accepting thread sees it.
    /// Its mutable fields are read and written under the server's lock only.
    final class Connection: @unchecked Sendable {
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
    static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    static let noSignal: Int32 = 0
    #endif
}
