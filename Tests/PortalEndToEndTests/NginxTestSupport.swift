import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A real nginx (the Debian package) serving one built site with the shipped `deploy/nginx.conf`,
/// on 127.0.0.1 and a free port, with its config, pid, logs and temp folders in a folder of its own.
///
/// The server block is used exactly as an administrator would: only its two `# EDIT` lines
/// (`listen`, `root`) are replaced, and it is included from a minimal `http {}` as Debian's
/// sites-enabled/ would include it.
///
/// Unchecked Sendable: after `init`, clients on several threads only read the immutable `port`.
final class NginxTestServer: @unchecked Sendable {
    static let serverBlock = SiteFixture.repositoryRoot.appendingPathComponent("deploy/nginx.conf")
    static let locationBlock = SiteFixture.repositoryRoot.appendingPathComponent("deploy/nginx-location.conf")

    /// How the site is served: by the whole-server block, or by the location block inside a
    /// server of some other site (whose own paths answer 404 "county site").
    enum Layout {
        case server
        case location
    }

    let port: UInt16
    let folder: URL
    private let process: Process

    /// Starts nginx with `root` set to `root` (the output link, as `portal build --output` names
    /// it) and waits until it accepts connections.
    /// - Parameter prepare: runs with the port before nginx starts (a site whose `base_url`
    ///   names the port is built there).
    init(root: URL, layout: Layout = .server, prepare: ((UInt16) throws -> Void)? = nil) throws {
        let binary = try Self.nginxBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("temp"), withIntermediateDirectories: true)

        var lastError = ""
        // A port found free can be taken before nginx binds it; a second port settles that.
        for _ in 0..<3 {
            let port = try Self.freePort()
            try prepare?(port)
            try Self.configure(folder: folder, port: port, root: root, layout: layout)
            let process = Process()
            process.executableURL = binary
            process.arguments = ["-p", folder.path, "-c", folder.appendingPathComponent("nginx.conf").path,
                                 "-e", folder.appendingPathComponent("error.log").path]
            let console = folder.appendingPathComponent("console.log")
            _ = FileManager.default.createFile(atPath: console.path, contents: nil)
            let handle = try FileHandle(forWritingTo: console)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            if Self.waitUntilListening(port: port, process: process) {
                self.port = port
                self.process = process
                return
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            lastError = Self.log(in: folder)
        }
        try? FileManager.default.removeItem(at: folder)
        throw NginxError("nginx did not start:\n\(lastError)")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Fast shutdown (SIGTERM to the master, which ends its workers); waits for it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// nginx's error log and console output, for failure messages.
    var log: String { Self.log(in: folder) }

    private static func log(in folder: URL) -> String {
        ["error.log", "console.log"].compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n")
    }

    /// What a crawl found: every same-site link seen, the HTML pages by path, the misses.
    struct Crawl {
        var seen: Set<String> = []
        var pages: [String: String] = [:]
        var failures: [String] = []
    }

    /// Follows every same-site link (`NginxServingTests.sameSiteLinks`) from `start`, as a reader
    /// clicking through would, up to `limit` distinct paths.
    func crawl(from start: String, limit: Int = 5000) throws -> Crawl {
        var crawl = Crawl()
        crawl.seen = [start]
        var queue = [start]
        while let path = queue.popLast(), crawl.seen.count < limit {
            let response = try get(path)
            guard response.status == 200 else {
                crawl.failures.append("\(path) → \(response.status)")
                continue
            }
            guard response.header("content-type")?.hasPrefix("text/html") == true else { continue }
            crawl.pages[path] = response.text
            for link in NginxServingTests.sameSiteLinks(in: response.text, on: path) where crawl.seen.insert(link).inserted {
                queue.append(link)
            }
        }
        return crawl
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> HTTPResponse {
        try HTTPResponse.get(path, port: port, headers: headers)
    }

    // MARK: Setting up

    /// The shipped server block with its two `# EDIT` lines replaced.
    static func serverBlock(port: UInt16, root: URL) throws -> String {
        let text = try String(contentsOf: serverBlock, encoding: .utf8)
        var edited = 0
        let lines = text.components(separatedBy: "\n").map { line -> String in
            guard line.contains("# EDIT") else { return line }
            let indent = String(line.prefix { $0 == " " })
            let directive = line.drop { $0 == " " }
            edited += 1
            if directive.hasPrefix("listen ") { return "\(indent)listen 127.0.0.1:\(port);" }
            if directive.hasPrefix("root ") { return "\(indent)root \(root.path);" }
            return line
        }
        guard edited == 2 else { throw NginxError("deploy/nginx.conf must mark exactly two lines `# EDIT`, found \(edited)") }
        return lines.joined(separator: "\n")
    }

    /// The shipped location block, its column path kept (`/fgj/`) and the output folder replaced,
    /// pasted into the server block of another site on the host, as an administrator would.
    static func serverWithLocationBlock(port: UInt16, root: URL) throws -> String {
        let text = try String(contentsOf: locationBlock, encoding: .utf8)
        let placeholder = "/srv/fgj/public/"
        guard text.contains(placeholder) else { throw NginxError("deploy/nginx-location.conf must name \(placeholder)") }
        let block = text.replacingOccurrences(of: placeholder, with: root.path + "/")
        return """
        server {
            listen 127.0.0.1:\(port);
            absolute_redirect off;
            location / {
                return 404 "county site";
            }
        \(block)
        }
        """
    }

    private static func configure(folder: URL, port: UInt16, root: URL, layout: Layout) throws {
        let block = folder.appendingPathComponent("portal.conf")
        let text = layout == .server ? try serverBlock(port: port, root: root) : try serverWithLocationBlock(port: port, root: root)
        try text.write(to: block, atomically: true, encoding: .utf8)
        let temp = folder.appendingPathComponent("temp").path
        // As root, workers drop to an unprivileged user, as in a real deployment: the built files
        // must be readable by someone other than their owner.
        let user = getuid() == 0 ? "user nobody \(getgrnam("nogroup") != nil ? "nogroup" : "nobody");" : ""
        let config = """
        \(user)
        daemon off;
        worker_processes 2;
        pid \(folder.appendingPathComponent("nginx.pid").path);
        error_log \(folder.appendingPathComponent("error.log").path) warn;
        events { worker_connections 512; }
        http {
            include \(try mimeTypes());
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path \(temp)/body;
            proxy_temp_path \(temp)/proxy;
            fastcgi_temp_path \(temp)/fastcgi;
            uwsgi_temp_path \(temp)/uwsgi;
            scgi_temp_path \(temp)/scgi;
            include \(block.path);
        }
        """
        try config.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
    }

    /// `/usr/sbin/nginx` (not on a normal user's PATH) or the first on PATH. CI installs the
    /// package (`.ci/run`); elsewhere the tests are skipped with the command that installs it.
    static func nginxBinary() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = ["/usr/sbin/nginx"] + path.split(separator: ":").map { "\($0)/nginx" }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return URL(fileURLWithPath: found)
        }
        let message = "nginx is not installed (apt-get install nginx)"
        if ProcessInfo.processInfo.environment["CI"] != nil { throw NginxError(message) }
        throw XCTSkip(message)
    }

    private static func mimeTypes() throws -> String {
        let path = "/etc/nginx/mime.types"
        guard FileManager.default.fileExists(atPath: path) else { throw NginxError("\(path) is missing (apt-get install nginx)") }
        return path
    }

    /// A port nobody listens on right now: bind port 0 on loopback and ask which one we got.
    private static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw NginxError("socket: \(errno)") }
        defer { close(socket) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw NginxError("bind: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Polls for at most 10 seconds; false if nginx exited or never listened.
    private static func waitUntilListening(port: UInt16, process: Process) -> Bool {
        for _ in 0..<200 {
            if !process.isRunning { return false }
            if let socket = try? HTTPResponse.connect(port: port) {
                close(socket)
                return true
            }
            usleep(50_000)
        }
        return false
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

struct NginxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One HTTP/1.1 exchange over a plain socket to 127.0.0.1, read byte for byte: unlike URLSession
/// it never decompresses a body behind the test's back, so a test sees exactly what nginx sent.
struct HTTPResponse {
    let status: Int
    /// Lower-cased names; a repeated header's values joined with ", ".
    let headers: [String: String]
    /// The body as sent (still gzip-compressed when `Content-Encoding: gzip`), chunks joined.
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// `GET path` with `Connection: close`; reads the whole response. Times out after 15 s.
    static func get(_ path: String, port: UInt16, headers: [String: String] = [:]) throws -> HTTPResponse {
        let socket = try connect(port: port)
        defer { close(socket) }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw NginxError("send failed for \(path): errno \(errno)") }
            sent += count
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw NginxError("recv failed for \(path): errno \(errno)") }
            received.append(contentsOf: buffer[0..<count])
        }
        return try parse(received, path: path)
    }

    static func connect(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw NginxError("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = NginxTestServer.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(socket)
            throw NginxError("connect: errno \(code)")
        }
        return socket
    }

    private static func parse(_ data: Data, path: String) throws -> HTTPResponse {
        let bytes = [UInt8](data)
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw NginxError("incomplete response head for \(path): \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw NginxError("bad status line for \(path): \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        var body = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try dechunk(body, path: path)
        } else if let length = headers["content-length"].flatMap({ Int($0) }), length != body.count {
            throw NginxError("\(path): Content-Length \(length) but \(body.count) bytes arrived")
        }
        return HTTPResponse(status: status, headers: headers, body: Data(body))
    }

    /// Joins the chunks of a chunked body; a body cut short (no final zero chunk) is an error.
    private static func dechunk(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)) else {
                throw NginxError("\(path): chunked body cut short")
            }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw NginxError("\(path): bad chunk size \(sizeText)")
            }
            if size == 0 { return output }
            let start = lineEnd.upperBound
            guard start + size + 2 <= bytes.count else { throw NginxError("\(path): chunk cut short") }
            output += bytes[start..<start + size]
            index = start + size + 2
        }
    }
}

/// `gzip` (Debian's essential package) as the independent judge of the build's `.gz` files.
enum GzipTool {
    /// `gzip -dc`: the decompressed bytes, or nil when gzip rejects the input.
    static func decompress(_ data: Data) throws -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Feed from another thread so a large output cannot block gzip while we are still writing.
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? result : nil
    }

    /// `gzip -t file`: true when gzip accepts the file as a whole, intact gzip stream.
    static func test(_ file: URL) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-t", file.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
