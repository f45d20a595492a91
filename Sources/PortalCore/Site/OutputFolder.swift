import Foundation

/// A folder the build writes into (the staging folder of an atomic build).
///
/// Safe to call from several threads at once: every call writes its own file.
public struct OutputFolder: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Writes `data` at `relativePath` (`annual-reports/2021/statistics.json`), creating folders.
    public func write(_ data: Data, to relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
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
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.copyItem(at: source, to: url)
    }
}
