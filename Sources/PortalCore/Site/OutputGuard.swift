import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `--output` may be: only something portal can replace by its link without losing anything.
///
/// A build replaces the output by a symbolic link and later prunes what is in the versions folder
/// beside it, so a careless `--output` (a folder with someone's files, the site root, `content/`)
/// would be taken over and deleted. The guard runs before anything is moved or created and
/// accepts only: nothing at the path, an empty folder, or portal's own link into its own marked
/// versions folder. Everything else is refused with a message naming the path.
extension AtomicOutput {
    /// What is at the output path, once the guard accepted it.
    public enum State: Sendable, Equatable {
        /// Nothing yet: the first build creates the link (and missing parents).
        case absent
        /// An empty folder: removed with `rmdir` when the first version is published.
        case emptyFolder
        /// Portal's link to `version` in its own marked versions folder.
        case link(version: String)
    }

    /// Checks that the output (and the versions folder beside it) is portal's to write, without
    /// changing anything. Throws `DiagnosticsError` naming the path and the reason otherwise.
    @discardableResult
    public func verify() throws -> State {
        let paths = ResolvedPaths(output: output, versionsFolder: versionsFolder)
        if let siteRoot { try verifyClear(of: siteRoot, paths) }

        var state: State = .absent
        var status = stat()
        // A failed lstat other than "nothing there" (a parent that is a file, no permission) is
        // left to the write that follows, which explains it in its own words (`OutputProblem`).
        if lstat(output.path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                guard let version = versionLinked(paths) else {
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: output.path)) ?? "?"
                    throw refusal(zh: "\(output.path) 是指向 \(target) 的符号链接，不是 portal 生成的版本链接",
                                  en: "\(output.path) is a symbolic link to \(target), not the version link that portal build makes")
                }
                state = .link(version: version)
            case S_IFDIR:
                guard Self.isEmptyFolder(output.path) else {
                    throw refusal(zh: "\(output.path) 是一个已有文件的目录，portal 不会接管或删除它",
                                  en: "\(output.path) is a folder that already holds files; portal will not take it over or delete it")
                }
                state = .emptyFolder
            default:
                throw refusal(zh: "\(output.path) 是一个文件，不是目录", en: "\(output.path) is a file, not a folder")
            }
        }

        if lstat(versionsFolder.path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw refusal(zh: "输出目录旁的 \(versionsFolder.path) 不是目录（是文件或符号链接），portal 不会使用它",
                              en: "\(versionsFolder.path) beside the output is not a folder (a file or a symbolic link); portal will not use it")
            }
            guard isMarked else {
                throw DiagnosticsError([Diagnostic(
                    file: nil,
                    zh: "\(versionsFolder.path) 没有 portal 的标记文件 \(Self.markerName)：它不是这个版本的 portal 建立的（可能由旧版 portal 或手工建立），portal 不会使用或删除其中任何内容",
                    en: "\(versionsFolder.path) has no portal marker file \(Self.markerName): it was not made by this version of portal (maybe by an older portal, or by hand), so portal will neither use nor delete anything in it",
                    hintZh: "如果它是旧版 portal 生成的：先确认其中没有需要保留的文件，然后删除 \(output.path) 和 \(versionsFolder.path)，再运行 portal build。否则请用 --output 另选一个新的或空的目录。",
                    hintEn: "If an older portal made it: check that nothing in it needs keeping, delete \(output.path) and \(versionsFolder.path), and build again. Otherwise choose a new or empty folder with --output.")])
            }
        } else if case .link = state {
            // The link's versions folder is gone: the link is not portal's any more.
            throw refusal(zh: "\(output.path) 是符号链接，但它旁边没有 portal 的版本目录 \(versionsFolder.path)",
                          en: "\(output.path) is a symbolic link, but portal's versions folder \(versionsFolder.path) is not beside it")
        }
        return state
    }

    /// Refuses an output that is the site root, is inside or above `content/` or `templates/`,
    /// or whose versions folder would be inside them: a build would move or prune the sources.
    private func verifyClear(of siteRoot: URL, _ paths: ResolvedPaths) throws {
        let root = ResolvedPaths.resolve(siteRoot.path)
        let sources = ["content", "templates"].map { ($0, ResolvedPaths.resolve(siteRoot.appendingPathComponent($0).path)) }
        let hint = (zh: "请用 --output 指定网站根目录、content/ 和 templates/ 之外的新目录或空目录，例如默认的 <网站根目录>/public。",
                    en: "Choose with --output a new or empty folder outside the site root's content/ and templates/, such as the default <site root>/public.")
        if paths.output == root {
            throw refusal(zh: "输出目录 \(output.path) 就是网站根目录本身，生成会移走 content/ 和 templates/",
                          en: "the output folder \(output.path) is the site root itself; a build would move content/ and templates/ away",
                          hint: hint)
        }
        for (name, source) in sources {
            if ResolvedPaths.isSameOrInside(paths.output, source) || ResolvedPaths.isSameOrInside(paths.versions, source) {
                throw refusal(zh: "输出目录 \(output.path) 位于网站的 \(name)/ 之中（\(source)），生成会移走或删除其中的文件",
                              en: "the output folder \(output.path) is inside the site's \(name)/ (\(source)); a build would move or delete files in it",
                              hint: hint)
            }
            if ResolvedPaths.isSameOrInside(source, paths.output) {
                throw refusal(zh: "输出目录 \(output.path) 包含网站的 \(name)/（\(source)），生成会移走它",
                              en: "the output folder \(output.path) contains the site's \(name)/ (\(source)); a build would move it away",
                              hint: hint)
            }
        }
        if ResolvedPaths.isSameOrInside(root, paths.output) {
            throw refusal(zh: "输出目录 \(output.path) 包含网站根目录 \(root)，生成会移走它",
                          en: "the output folder \(output.path) contains the site root \(root); a build would move it away",
                          hint: hint)
        }
    }

    /// The version the output links to, when it is a link into this output's versions folder
    /// (`.public.versions/v000012`, as a build or rollback writes it, or the same path written
    /// absolutely); nil for a link anywhere else.
    private func versionLinked(_ paths: ResolvedPaths) -> String? {
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: output.path) else { return nil }
        let target = destination.hasPrefix("/") ? destination : paths.outputParent + "/" + destination
        let standardized = URL(fileURLWithPath: target).standardizedFileURL
        let name = standardized.lastPathComponent
        guard Self.isVersionName(name),
              ResolvedPaths.resolve(standardized.deletingLastPathComponent().path) == paths.versions else { return nil }
        return name
    }

    /// Whether the versions folder carries portal's marker (a regular file, not a link).
    var isMarked: Bool {
        var status = stat()
        return lstat(versionsFolder.appendingPathComponent(Self.markerName).path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    private func refusal(zh: String, en: String, hint: (zh: String, en: String)? = nil) -> DiagnosticsError {
        let hint = hint ?? (
            zh: "--output 只能是新的（尚不存在的）目录、空目录，或 portal 以前生成的输出链接。要接管以前手工建立的目录，请先把它移到别处（如 mv \(output.path) \(output.path).old），再运行 portal build。",
            en: "--output must be a new (not yet existing) folder, an empty folder, or an output link portal made before. To take over an old hand-made folder, move it away first (e.g. mv \(output.path) \(output.path).old), then build again.")
        return DiagnosticsError([Diagnostic(file: nil, zh: zh, en: en, hintZh: hint.zh, hintEn: hint.en)])
    }

    /// True for a folder with no entry at all (hidden ones count).
    static func isEmptyFolder(_ path: String) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { return false }
        }
        return true
    }
}

/// The output and its versions folder as real paths, so that `..`, links and relative spellings
/// compare equal: the output's parent is resolved, the output's own name is not (it may be
/// portal's link, which must be judged as a link, not by where it points).
struct ResolvedPaths {
    let outputParent: String
    let output: String
    let versions: String

    init(output url: URL, versionsFolder: URL) {
        outputParent = Self.resolve(url.deletingLastPathComponent().path)
        output = Self.join(outputParent, url.lastPathComponent)
        versions = Self.join(outputParent, versionsFolder.lastPathComponent)
    }

    /// The real path of `path`, or for a path that does not exist yet, the real path of its
    /// nearest existing ancestor with the rest appended.
    static func resolve(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        guard parent != url.path, !url.path.isEmpty, url.path != "/" else { return url.path }
        return join(resolve(parent), url.lastPathComponent)
    }

    static func join(_ parent: String, _ name: String) -> String {
        parent.hasSuffix("/") ? parent + name : parent + "/" + name
    }

    /// `path` is `folder` or below it.
    static func isSameOrInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
