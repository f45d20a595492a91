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
    /// Also write `<file>.gz` beside text files worth compressing (`GzipSiblings`), from the bytes
    /// in hand: cheaper than reading the whole site back afterwards.
    public let writesGzipSiblings: Bool
    /// The incremental build's cache: pages built from unchanged inputs are linked from the live
    /// version (`BuildCache`). Nil for a full build.
    let cache: BuildCache?
    /// `root.path`, kept: `URL.path` decodes the URL again on every call, once per file written.
    private let rootPath: String

    public init(root: URL, writesGzipSiblings: Bool = false) {
        self.init(root: root, writesGzipSiblings: writesGzipSiblings, cache: nil)
    }

    init(root: URL, writesGzipSiblings: Bool, cache: BuildCache?) {
        self.root = root
        self.rootPath = root.path
        self.discardsWrites = false
        self.writesGzipSiblings = writesGzipSiblings
        self.cache = cache
    }

    private init(discarding: Void) {
        self.root = URL(fileURLWithPath: "/nonexistent")
        self.rootPath = root.path
        self.discardsWrites = true
        self.writesGzipSiblings = false
        self.cache = nil
    }

    /// An output that accepts every write and keeps nothing.
    public static let discarding = OutputFolder(discarding: ())

    /// Writes `data` at `relativePath` (`annual-reports/2021/statistics.json`), creating folders;
    /// without a `.gz` sibling when `gzipSibling` is false (files nginx compresses on the fly).
    public func write(_ data: Data, to relativePath: String, gzipSibling: Bool = true) throws {
        try write(data, to: relativePath, gzipSibling: gzipSibling, level: .tight)
    }

    /// `write(_:to:gzipSibling:)` with the `.gz` sibling compressed at `level`.
    func write(_ data: Data, to relativePath: String, gzipSibling: Bool = true, level: Gzip.Level) throws {
        if discardsWrites { return }
        let path = rootPath + "/" + relativePath
        try Self.makeParentDirectories(of: path)
        try Self.writeFile(data, at: path)
        if writesGzipSiblings && gzipSibling { try GzipSiblings.writeSibling(of: data, at: path, level: level) }
    }

    /// `mkdir` for the parent folders of `path`, trying the nearest first: one system call for
    /// the common case where the folder exists, instead of a `stat` for every level.
    static func makeParentDirectories(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        if mkdir(parent, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        try makeParentDirectories(of: parent)
        if mkdir(parent, 0o755) != 0 && errno != EEXIST { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Plain open/write/close: `Data.write(to:)` on Linux syncs every file to disk, which costs
    /// more than rendering the page. The atomic swap, not the individual write, is what keeps a
    /// published site whole.
    ///
    /// A file already there is replaced, never written through: it may be a hard link into a
    /// published version (`BuildCache`).
    static func writeFile(_ data: Data, at path: String) throws {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == EEXIST {
            unlink(path)
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
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

    /// `writePage(_:at:)` for a page already in UTF-8 bytes; its `.gz` sibling compressed at
    /// `level` (`.fast` for item pages, the bulk of the site: see `Gzip.Level`).
    func writePage(_ html: Data, at urlPath: String, level: Gzip.Level = .tight) throws {
        try write(html, to: Self.file(forURLPath: urlPath), level: level)
    }

    /// Writes the page at `urlPath`, or links it from the live version when that was built from
    /// the same `key` (see `BuildCache`); `render` runs only when the page must be built.
    func writePage(at urlPath: String, key: UInt64, render: () throws -> Data) throws {
        let file = Self.file(forURLPath: urlPath)
        guard let cache, !discardsWrites else { return try writePage(try render(), at: urlPath) }
        if cache.reuse(file, key: key) { return }
        try write(try render(), to: file)
        cache.record(file, key: key)
    }

    public static func file(forURLPath urlPath: String) -> String {
        var path = urlPath
        while path.hasPrefix("/") { path.removeFirst() }
        if path.isEmpty || path.hasSuffix("/") { return path + "index.html" }
        return path
    }

    /// Copies a file of the site (`content/meetings/list.csv`), read through the site's one door
    /// to its files: a file that cannot be read is the editor's problem, named as such, not the
    /// output folder's.
    func copy(_ path: String, from files: SiteFiles, to relativePath: String) throws {
        if discardsWrites { return }
        switch files.read(path) {
        // Read and written like a page, so that a CSV attachment gets its .gz sibling too.
        case .bytes(let bytes): try write(Data(bytes), to: relativePath)
        case .missing: throw DiagnosticsError([ReadFailure(code: ENOENT).diagnostic(path)])
        case .failed(let problem): throw DiagnosticsError([problem])
        }
    }

    /// `copy`, or a link from the live version when the source file has the same size and
    /// modification time as when that version copied it.
    func copyKeepingUnchanged(_ path: String, from files: SiteFiles, to relativePath: String, salt: UInt64) throws {
        guard let cache, !discardsWrites else { return try copy(path, from: files, to: relativePath) }
        var status = stat()
        // Not following a link: a link is never read (and `SiteFiles` has refused it already).
        guard fstatat(AT_FDCWD, files.root.path + "/" + path, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            return try copy(path, from: files, to: relativePath)
        }
        var hash = ContentHash(salt)
        hash.combine(files.root.path + "/" + path)
        hash.combine(Int(status.st_size))
        hash.combine(Int(status.st_mtim.tv_sec))
        hash.combine(Int(status.st_mtim.tv_nsec))
        hash.combine(Int(status.st_ino))
        if cache.reuse(relativePath, key: hash.value) { return }
        try copy(path, from: files, to: relativePath)
        cache.record(relativePath, key: hash.value)
    }
}
