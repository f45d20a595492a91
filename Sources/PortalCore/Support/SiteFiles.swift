import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one door through which a build reads the site: `content/` and `templates/`, nothing else.
///
/// Both folders are pushed by editors, and git stores symbolic links: a link committed as
/// `templates/partials/evil.mustache -> /etc/passwd` would put the server's files into every page.
/// So the whole of both trees is walked once, without following anything, and every symbolic link,
/// special file (FIFO, device, socket) and unreadable folder anywhere in them is a diagnostic. Files
/// are then opened relative to their open folder, one path component at a time, with `O_NOFOLLOW`,
/// so that a link put in place after the walk is refused too, and a FIFO never blocks a read
/// (`O_NONBLOCK`, then only regular files are read). Every failure to read is a diagnostic naming
/// the file: permission denied is an error, never a skip.
public final class SiteFiles: @unchecked Sendable {
    /// The folders of the site root that the build may read.
    public static let readableFolders = ["content", "templates"]

    public enum Kind: Sendable, Equatable {
        case file
        case folder
        case symbolicLink
        /// A FIFO, a device or a socket.
        case special
    }

    public struct Entry: Sendable, Equatable {
        public let name: String
        public let kind: Kind
    }

    /// What reading a file gave.
    public enum Read {
        case bytes([UInt8])
        case missing
        case failed(Diagnostic)
    }

    public let root: URL
    /// Every link, special file and unreadable folder found under `content/` and `templates/`.
    public let problems: [Diagnostic]

    /// The walk's problems inside `folder` (`content`, `templates`).
    public func problems(in folder: String) -> [Diagnostic] {
        problems.filter { $0.file == folder || $0.file?.hasPrefix(folder + "/") == true }
    }
    /// The walked folders by path relative to the root (`content`, `content/meetings`); their
    /// entries sorted by name. A folder that could not be read is absent (and is in `problems`).
    private let folders: [String: [Entry]]
    /// Relative paths of the entries that are links or special files (refused wherever asked for).
    private let refused: Set<String>
    /// What every walked entry is, by its path relative to the root: `kind(of:)` is asked once per
    /// attachment, and a category folder may hold thousands of entries.
    private let kinds: [String: Kind]
    private let rootDescriptor: Int32

    /// Walks `content/` and `templates/` below `siteRoot` (or the given folders of it).
    public init(siteRoot: URL, folders readable: [String] = SiteFiles.readableFolders) {
        root = siteRoot.standardizedFileURL
        rootDescriptor = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        var folders: [String: [Entry]] = [:]
        var problems: [Diagnostic] = []
        var refused: Set<String> = []
        if rootDescriptor >= 0 {
            for name in readable {
                Self.walk(name, in: rootDescriptor, folders: &folders, problems: &problems, refused: &refused)
            }
        }
        self.folders = folders
        self.problems = problems
        self.refused = refused
        var kinds: [String: Kind] = [:]
        kinds.reserveCapacity(folders.values.reduce(folders.count) { $0 + $1.count })
        for (folder, entries) in folders {
            kinds[folder] = .folder
            for entry in entries { kinds[folder + "/" + entry.name] = entry.kind }
        }
        self.kinds = kinds
    }

    deinit {
        if rootDescriptor >= 0 { close(rootDescriptor) }
    }

    // MARK: - Asking about the tree

    /// The entries of a walked folder (`content/meetings`), sorted by name; nil when it does not
    /// exist, is not a folder, or could not be read (that is in `problems`).
    public func entries(of folder: String) -> [Entry]? {
        folders[folder]
    }

    /// What is at `path` (relative to the root), as the walk found it; nil when nothing is.
    public func kind(of path: String) -> Kind? {
        kinds[path]
    }

    /// Every regular file below `folder`, as paths relative to it (`partials/footer.mustache`),
    /// sorted; links and special files are left out (they are in `problems`).
    public func files(below folder: String) -> [String] {
        var found: [String] = []
        var pending = [(folder, "")]
        while let (path, prefix) = pending.popLast() {
            for entry in folders[path] ?? [] {
                switch entry.kind {
                case .file: found.append(prefix + entry.name)
                case .folder: pending.append((path + "/" + entry.name, prefix + entry.name + "/"))
                case .symbolicLink, .special: break
                }
            }
        }
        return found.sorted()
    }

    // MARK: - Reading

    /// The bytes of the regular file at `path` (relative to the root, inside `content/` or
    /// `templates/`).
    public func read(_ path: String) -> Read {
        switch openFile(path) {
        case .failure(let failure): return failure.isMissing ? .missing : .failed(failure.diagnostic(path))
        case .success(let descriptor):
            defer { close(descriptor) }
            guard let bytes = Self.readAll(descriptor) else {
                return .failed(ReadFailure(code: errno).diagnostic(path))
            }
            return .bytes(bytes)
        }
    }

    /// The size of the regular file at the absolute `path`, proving that it can be opened for
    /// reading: an attachment is checked when the content is loaded, so that `check` finds what
    /// `build` would. For a file in a folder the walk has found free of links (the file itself is
    /// opened with `O_NOFOLLOW`, so a link there is refused still).
    public static func readableSize(ofFileAt path: String) -> Result<Int, ReadFailure> {
        switch openFile(named: path, in: AT_FDCWD) {
        case .failure(let failure): return .failure(failure)
        case .success(let descriptor):
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { return .failure(ReadFailure(code: errno)) }
            return .success(Int(status.st_size))
        }
    }

    /// An open descriptor of the folder at `path` (relative to the root), reached without
    /// following any link; -1 when it cannot be opened. The caller closes it.
    public func openFolder(_ path: String) -> Int32 {
        Self.openFolder(path, from: rootDescriptor)
    }

    /// `openFolder` from the open folder `base`, one component at a time with `O_NOFOLLOW`.
    static func openFolder(_ path: String, from base: Int32) -> Int32 {
        var descriptor = dup(base)
        guard descriptor >= 0 else { return -1 }
        for component in path.split(separator: "/") {
            let next = openat(descriptor, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(descriptor)
            guard next >= 0 else {
                errno = code
                return -1
            }
            descriptor = next
        }
        return descriptor
    }

    /// Opens the regular file at `path`, every folder of the way and the file itself without
    /// following a link.
    private func openFile(_ path: String) -> Result<Int32, ReadFailure> {
        if refused.contains(path) {
            return .failure(ReadFailure(code: kind(of: path) == .symbolicLink ? ELOOP : ENXIO))
        }
        let folderPath = (path as NSString).deletingLastPathComponent
        let folder = openFolder(folderPath)
        guard folder >= 0 else { return .failure(ReadFailure(code: errno)) }
        defer { close(folder) }
        return Self.openFile(named: (path as NSString).lastPathComponent, in: folder)
    }

    /// Opens the regular file `name` in the open folder `folder`: never a link (`O_NOFOLLOW`),
    /// never blocking on a FIFO (`O_NONBLOCK`), and only a regular file is handed back.
    static func openFile(named name: String, in folder: Int32) -> Result<Int32, ReadFailure> {
        let descriptor = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadFailure(code: errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            return .failure(ReadFailure(code: code))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .success(descriptor)
        case S_IFDIR: close(descriptor); return .failure(ReadFailure(code: EISDIR))
        default: close(descriptor); return .failure(ReadFailure(code: ENXIO))
        }
    }

    /// The bytes of the regular file `name` in the open folder `folder` (see `openFile(named:in:)`).
    static func readFile(named name: String, in folder: Int32) -> Result<[UInt8], ReadFailure> {
        switch openFile(named: name, in: folder) {
        case .failure(let failure): return .failure(failure)
        case .success(let descriptor):
            defer { close(descriptor) }
            guard let bytes = readAll(descriptor) else { return .failure(ReadFailure(code: errno)) }
            return .success(bytes)
        }
    }

    /// The whole file: one `fstat` and one `read` into one buffer (`FileManager.contents(atPath:)`
    /// costs several more calls and copies per file, which counts when a site has ten thousand).
    static func readAll(_ descriptor: Int32) -> [UInt8]? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // One byte more than the size: a file that filled it grew meanwhile and is read again.
        let capacity = max(Int(status.st_size), 0) + 1
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            while initialized < capacity {
                let count = Glibc.read(descriptor, buffer.baseAddress! + initialized, capacity - initialized)
                if count > 0 {
                    initialized += count
                } else if count == 0 {
                    break
                } else if errno != EINTR {
                    failed = true
                    break
                }
            }
        }
        if failed { return nil }
        if bytes.count < capacity { return bytes }
        // Longer than it was said to be: read again from the start, to its end.
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
        var all: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                all.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return all
            } else if errno != EINTR {
                return nil
            }
        }
    }

    // MARK: - The walk

    /// Records the folder `name` in the open folder `parent` and everything below it, without
    /// following links; an explicit stack, so that a deeply nested tree cannot exhaust the stack.
    /// How many folders the walk holds open at once, at most.
    static let maximumOpenFolders = 64

    private static func walk(_ name: String, in parent: Int32, folders: inout [String: [Entry]],
                             problems: inout [Diagnostic], refused: inout Set<String>) {
        var status = stat()
        guard fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            refused.insert(name)
            problems.append(linkProblem(name, target: linkTarget(name, in: parent)))
            return
        default:
            // A file where the folder should be: the loaders say what is missing.
            return
        }
        let first = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard first >= 0 else {
            problems.append(ReadFailure(code: errno).diagnostic(name, isFolder: true))
            return
        }
        var pending: [(descriptor: Int32, path: String)] = [(first, name)]
        while let (waiting, path) = pending.popLast() {
            let descriptor = waiting >= 0 ? waiting : openFolder(path, from: parent)
            guard descriptor >= 0 else {
                problems.append(ReadFailure(code: errno).diagnostic(path, isFolder: true))
                continue
            }
            guard let stream = fdopendir(descriptor) else {
                problems.append(ReadFailure(code: errno).diagnostic(path, isFolder: true))
                close(descriptor)
                continue
            }
            var entries: [Entry] = []
            errno = 0
            while let entry = readdir(stream) {
                let childName = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if childName == "." || childName == ".." { continue }
                let childPath = path + "/" + childName
                var type = Int32(entry.pointee.d_type)
                if type == DT_UNKNOWN {
                    // Some file systems do not say: ask, without following.
                    var childStatus = stat()
                    if fstatat(dirfd(stream), childName, &childStatus, AT_SYMLINK_NOFOLLOW) == 0 {
                        switch childStatus.st_mode & S_IFMT {
                        case S_IFDIR: type = Int32(DT_DIR)
                        case S_IFLNK: type = Int32(DT_LNK)
                        case S_IFREG: type = Int32(DT_REG)
                        default: type = Int32(DT_FIFO)
                        }
                    }
                }
                switch type {
                case Int32(DT_REG):
                    entries.append(Entry(name: childName, kind: .file))
                case Int32(DT_DIR):
                    entries.append(Entry(name: childName, kind: .folder))
                    // Opened here, relative to its parent, while few folders wait; past that it
                    // waits as a path (-1), so that a folder of thousands of sub-folders cannot
                    // use up the process's descriptors.
                    if pending.count >= maximumOpenFolders {
                        pending.append((-1, childPath))
                        continue
                    }
                    let child = openat(dirfd(stream), childName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if child >= 0 {
                        pending.append((child, childPath))
                    } else {
                        problems.append(ReadFailure(code: errno).diagnostic(childPath, isFolder: true))
                    }
                case Int32(DT_LNK):
                    entries.append(Entry(name: childName, kind: .symbolicLink))
                    refused.insert(childPath)
                    problems.append(linkProblem(childPath, target: linkTarget(childName, in: dirfd(stream))))
                default:
                    entries.append(Entry(name: childName, kind: .special))
                    refused.insert(childPath)
                    problems.append(specialFileProblem(childPath, type: type))
                }
            }
            closedir(stream)
            entries.sort { $0.name < $1.name }
            folders[path] = entries
        }
    }

    private static func linkTarget(_ name: String, in folder: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(folder, name, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func linkProblem(_ path: String, target: String?) -> Diagnostic {
        let pointing = target.map { "（指向 \($0)）" } ?? ""
        let pointingEn = target.map { " (pointing to \($0))" } ?? ""
        return Diagnostic(
            file: path,
            zh: "不能使用符号链接\(pointing)：网站只读取 content/ 和 templates/ 中的普通文件和文件夹",
            en: "symbolic links are not allowed\(pointingEn): the site reads only plain files and folders in content/ and templates/",
            hintZh: "删除这个链接，把所需的文件本身复制到这里（git 会把符号链接原样保存，所以提交前请检查）。",
            hintEn: "Delete the link and copy the file itself here (git stores symbolic links as links, so check before committing).")
    }

    static func specialFileProblem(_ path: String, type: Int32) -> Diagnostic {
        let (zh, en): (String, String)
        switch type {
        case Int32(DT_FIFO): (zh, en) = ("命名管道（FIFO）", "a named pipe (FIFO)")
        case Int32(DT_SOCK): (zh, en) = ("套接字（socket）", "a socket")
        case Int32(DT_CHR), Int32(DT_BLK): (zh, en) = ("设备文件", "a device file")
        default: (zh, en) = ("特殊文件", "a special file")
        }
        return Diagnostic(
            file: path,
            zh: "这是\(zh)，不是普通文件，不能放在网站内容中",
            en: "this is \(en), not a regular file; it cannot be part of the site",
            hintZh: "删除它；content/ 和 templates/ 中只能有普通文件和文件夹。",
            hintEn: "Delete it; content/ and templates/ may hold only regular files and folders.")
    }
}
