import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection of the preview server: reading a request's head, answering, closing.
extension PreviewServer {
    struct Head {
        var method: String
        var target: String
        var keepAlive: Bool
        var hasBody: Bool
    }

    func serve(_ connection: Connection) {
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
    fileprivate func readHead(_ reader: inout Reader, deadline: Date) throws -> Head {
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

    func sendAnswer(_ answer: PreviewResponse, to socket: Int32, isHead: Bool, keepAlive: Bool) -> Bool {
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
    func writeAll(_ data: Data, to socket: Int32, deadline: Date) -> Bool {
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
    func answerAndClose(_ socket: Int32, _ status: Int, _ phrase: String, _ message: String) {
        let answer = PreviewResponse.text(status, "\(status) \(phrase)\n\(message)\n")
        if sendAnswer(answer, to: socket, isHead: false, keepAlive: false) {
            lingeringClose(socket)
        }
    }

    /// Closing a socket with unread bytes resets it, and the client may lose the answer it has not
    /// read yet (a 414 after a 1 MB request line): stop sending, then read and drop what the
    /// client still sends, for at most 2 s and 4 MB, as nginx's lingering close does.
    func lingeringClose(_ socket: Int32) {
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
fileprivate enum HeadError: Error {
    case closed, timedOut, lineTooLong, headersTooLarge, malformed, badVersion
}

/// Buffered reads from a socket, line by line, each line bounded in bytes and time.
fileprivate struct Reader {
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
