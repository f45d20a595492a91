import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder the build writes into (the staging folder of an atomic build).
///
/// Safe to call from several threads at once: every call writes its own file.
public struct OutputFolder: Sendable {
    public let root: URL
    /// `portal check` renders every page to find every problem, but writes nothing.
    public let discardsWrites: Bool

    public init(root: URL) {
        self.root = root
        self.discardsWrites = false
    }

    private init(discarding: Void) {
        self.root = URL(fileURLWithPath: "/nonexistent")
        self.discardsWrites = true
    }

    /// An output that accepts every write and keeps nothing.
    public static let discarding = OutputFolder(discarding: ())

    /// Writes `data` at `relativePath` (`annual-reports/2021/statistics.json`), creating folders.
    public func write(_ data: Data, to relativePath: String) throws {
        if discardsWrites { return }
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.writeFile(data, at: url.path)
    }

    /// Plain open/write/close: `Data.write(to:)` on Linux syncs every file to disk, which costs
    /// more than rendering the page. The atomic swap, not the individual write, is what keeps a
    /// published site whole.
    static func writeFile(_ data: Data, at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                offset += written
            }
        }
    }

    /// Writes a page at its URL path: `/annual-reports/2021/` becomes `annual-reports/2021/index.html`;
    /// a path ending in `.html` is written as it is.
    public func writePage(_ html: String, at urlPath: String) throws {
        try write(Data(html.utf8), to: Self.file(forURLPath: urlPath))
    }

    public static func file(forURLPath urlPath: String) -> String {
        var path = urlPath
        while path.hasPrefix("/") { path.removeFirst() }
        if path.isEmpty || path.hasSuffix("/") { return path + "index.html" }
        return path
    }

    /// Copies a file from the content folder.
    public func copy(from source: URL, to relativePath: String) throws {
        if discardsWrites { return }
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.copyItem(at: source, to: url)
    }
}
