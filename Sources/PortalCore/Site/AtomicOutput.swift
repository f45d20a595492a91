import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishes a build so that the output folder is never half-written.
///
/// The output path (`public/`) is a symbolic link to a complete version folder kept beside it in
/// `.<name>.versions/`. A build writes a new version folder, and only when everything succeeded a
/// new link is renamed over the old one: `rename(2)` is atomic, so nginx (whose `root` is the
/// output path) serves either the old site or the new one, never a mix. A failed or killed build
/// leaves the old version and the link untouched. Older versions are pruned, keeping a few for
/// rollback.
///
/// Portal only ever writes, prunes or removes what it made itself: the versions folder carries a
/// marker file (`markerName`) written when portal creates it, the output must pass `verify()`
/// (see OutputGuard.swift), and pruning touches only entries named as portal names them.
///
/// Beside each version `vNNNNNN` the folder holds `vNNNNNN.complete` (written when the version is
/// published: the bytes of disk its build took), the build cache's `vNNNNNN.manifest` and `.search`, and
/// `history`: the versions that were live, oldest first, one a line, for `rollback`.
public struct AtomicOutput: Sendable {
    public let output: URL
    public let keepVersions: Int
    /// The site whose `content/` and `templates/` the output must stay clear of; nil when the
    /// caller has no site (unit tests of publishing itself).
    public let siteRoot: URL?
    /// Free bytes on the file system holding a path; nil when unknown. `statvfs` but for tests.
    let freeSpace: @Sendable (String) -> UInt64?

    /// The file that marks a versions folder as portal's.
    public static let markerName = ".portal-versions"
    /// The versions that were live, oldest first.
    public static let historyName = "history"
    /// Beside a version once it is complete: `v000012.complete`, holding the bytes of disk its
    /// build took (empty when unknown).
    public static let completeSuffix = ".complete"

    public init(output: URL, siteRoot: URL? = nil, keepVersions: Int = 3,
                freeSpace: @escaping @Sendable (String) -> UInt64? = AtomicOutput.statvfsFreeSpace) {
        self.output = output.standardizedFileURL
        self.siteRoot = siteRoot?.standardizedFileURL
        self.keepVersions = max(2, keepVersions)
        self.freeSpace = freeSpace
    }

    /// `.public.versions` beside `public`.
    public var versionsFolder: URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).versions")
    }

    /// Creates a fresh, empty staging folder for a new version, after checking the output
    /// (`verify`) and, when the disk is short of what the last build took, pruning old versions.
    public func makeStagingFolder() throws -> URL {
        try verify()
        try makeVersionsFolder()
        pruneIfShortOfSpace()
        let next = (versionNumbers().max() ?? 0) + 1
        let staging = versionsFolder.appendingPathComponent(String(format: "v%06d.staging-%d", next, getpid()))
        FolderRemoval.remove(staging.path)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        return staging
    }

    /// Creates the versions folder with its marker when it does not exist yet.
    private func makeVersionsFolder() throws {
        var status = stat()
        guard lstat(versionsFolder.path, &status) != 0 else { return }
        let parent = versionsFolder.deletingLastPathComponent()
        // Only a missing parent is made: for a parent that is a file, mkdir below says ENOTDIR,
        // which `OutputProblem` explains (FileManager would only say "File exists").
        if lstat(parent.path, &status) != 0 {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        guard mkdir(versionsFolder.path, 0o755) == 0 else {
            let code = errno
            // Made meanwhile by another build: it is portal's only if it is marked.
            if code == EEXIST, isMarked { return }
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        let text = """
        This folder belongs to portal: it holds the versions of the site that `portal build` \
        published to \(output.lastPathComponent) beside it. portal prunes old versions here; \
        do not keep other files in it.
        本目录属于 portal：保存 portal build 发布到旁边 \(output.lastPathComponent) 的各个网站版本，\
        portal 会自动删除旧版本，请勿在此存放其他文件。

        """
        try writeAtomically(Data(text.utf8), to: versionsFolder.appendingPathComponent(Self.markerName))
    }

    /// Free bytes where the versions are kept, now; nil when unknown. Taken before a build and
    /// given to `publish`, so that the build's need is known to the next one.
    public func freeSpaceNow() -> UInt64? {
        freeSpace(versionsFolder.path)
    }

    /// Makes `staging` the published version with one atomic rename, then prunes old versions.
    /// `freeBefore` (`freeSpaceNow()` before the staging folder was filled) lets it record what
    /// the build took on disk.
    @discardableResult
    public func publish(_ staging: URL, freeBefore: UInt64? = nil) throws -> String {
        // Checked again: the output could have changed during the build, and a rename over a
        // file would replace it.
        let state = try verify()
        // Any entry named like a version counts (a link or file too): a new version never takes
        // a name already used. Staging folders do not: this build's own is one.
        let used = ((try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []).filter(Self.isVersionName)
        let number = (used.compactMap { Int($0.dropFirst()) }.max() ?? 0) + 1
        let name = String(format: "v%06d", number)
        let version = versionsFolder.appendingPathComponent(name)
        // An empty folder cannot be renamed over; it goes (nothing in it is lost), and if
        // something was put into it during the build, rmdir fails and it stays untouched.
        if state == .emptyFolder, rmdir(output.path) != 0 {
            let code = errno
            try verify()
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        guard rename(staging.path, version.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // What the build took, from the free space before and now: O(1), where adding up the
        // version's files cost a fifth of a rebuild of a big site. Hard-linked pages take nothing,
        // so a rebuild records little, a full build (or a template change) the whole site.
        let taken = freeBefore.flatMap { before in freeSpaceNow().map { before > $0 ? before - $0 : 0 } }
        try writeAtomically(Data("\(taken.map(String.init) ?? "")\n".utf8), to: versionsFolder.appendingPathComponent(name + Self.completeSuffix))
        // The version live until now may still be answering requests that began before the swap,
        // and it is the one `rollback` returns to: it survives this prune whatever its number.
        let previous = currentVersion()
        try pointOutput(to: name)
        var history = readHistory()
        if let previous, history.last != previous { history.append(previous) }
        history.append(name)
        prune(keeping: [previous].compactMap { $0 })
        // Pruned versions leave the history: a rollback could not return to them anyway.
        // A history that cannot be written only makes rollback fall back on the live link.
        try? writeHistory(history.filter { isRealFolder($0) })
        return name
    }

    /// Throws away a staging folder after a failed build.
    public func discard(_ staging: URL) {
        FolderRemoval.remove(staging.path)
    }

    /// Puts back the version that was live before the live one, following the history of what
    /// was live (so after a build, a rollback returns to the version the build replaced, not to
    /// the version numbered just below), with the same atomic rename as a build. Newer versions
    /// stay (a later build prunes them as usual). Returns the version put back and the one that
    /// was live.
    @discardableResult
    public func rollback() throws -> (restored: String, was: String) {
        guard case .link(let current) = try verify() else {
            throw DiagnosticsError([Diagnostic(
                file: nil,
                zh: "\(output.path) 不是 portal build 生成的版本链接，无法回滚",
                en: "\(output.path) is not the version link that portal build makes, so there is nothing to roll back",
                hintZh: "先用 portal build --output \(output.path) 生成一次网站；回滚只能回到其后保留的版本。",
                hintEn: "Build once with portal build --output \(output.path); a rollback can only return to versions kept since.")])
        }
        var history = readHistory()
        if let live = history.lastIndex(of: current) {
            history.removeSubrange(live...)
        }
        // (A live version missing from the history, from a hand-made link or a history that
        // could not be written, counts as being on top of it.)
        // Versions pruned since they were live are skipped.
        while let top = history.last, !exists(top) { history.removeLast() }
        guard let target = history.last else {
            throw DiagnosticsError([Diagnostic(
                file: nil,
                zh: "没有比当前版本 \(current) 更早的版本可回滚：在它之前上线的版本都已删除，或从未有过",
                en: "there is no version older than the live \(current) to roll back to: the versions live before it were pruned, or there were none",
                hintZh: "每次生成保留最近 \(keepVersions) 个版本以及之前上线的那个版本（在 \(versionsFolder.path) 中），回滚沿着上线的先后顺序每次后退一个版本。",
                hintEn: "A build keeps the newest \(keepVersions) versions and the one live before it (in \(versionsFolder.path)); each rollback goes one step back through the versions in the order they were live.")])
        }
        try verifyRestorable(target)
        try pointOutput(to: target)
        try? writeHistory(history)
        return (target, current)
    }

    /// Refuses a version that is not a real folder portal completed: a link (never followed, it
    /// may point anywhere), a file, a folder without `index.html` or without its completion mark.
    private func verifyRestorable(_ name: String) throws {
        let path = versionsFolder.appendingPathComponent(name).path
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            let what = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { "指向 \($0) 的符号链接 / a symbolic link to \($0)" } ?? "文件 / a file"
            throw DiagnosticsError([Diagnostic(
                file: nil,
                zh: "不能回滚到 \(path)：它不是 portal 写入的版本目录（它是\(what)），portal 不会跟随或发布它",
                en: "cannot roll back to \(path): it is not a version folder that portal wrote (it is \(what)); portal will not follow or publish it",
                hintZh: "检查是谁在 \(versionsFolder.path) 中放了它并删除它；当前上线的版本保持不变。",
                hintEn: "Find out who put it in \(versionsFolder.path) and remove it; the live version is unchanged.")])
        }
        let index = path + "/index.html", complete = path + Self.completeSuffix
        guard lstat(index, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              lstat(complete, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw DiagnosticsError([Diagnostic(
                file: nil,
                zh: "不能回滚到 \(name)：这个版本不完整（缺少 index.html 或发布完成标记 \(name)\(Self.completeSuffix)）",
                en: "cannot roll back to \(name): the version is incomplete (no index.html, or no completion mark \(name)\(Self.completeSuffix))",
                hintZh: "当前上线的版本保持不变。请重新运行 portal build 发布一个完整的新版本。",
                hintEn: "The live version is unchanged. Run portal build to publish a complete new version.")])
        }
    }

    /// Name of the version folder the output points at, if it is a link into `versionsFolder`
    /// (made by a build, a rollback or by hand as `ln -sfn .public.versions/v000002 public`).
    public func currentVersion() -> String? {
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: output.path) else { return nil }
        let parent = ((destination as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let name = (destination as NSString).lastPathComponent
        guard parent == versionsFolder.lastPathComponent, Self.isVersionName(name) else { return nil }
        return name
    }

    /// Replaces the link at `output` by one to `versionName`, atomically.
    private func pointOutput(to versionName: String) throws {
        let relativeTarget = "\(versionsFolder.lastPathComponent)/\(versionName)"
        let temporaryLink = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).link-\(getpid())")
        unlink(temporaryLink.path)
        guard symlink(relativeTarget, temporaryLink.path) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard rename(temporaryLink.path, output.path) == 0 else {
            let code = errno
            unlink(temporaryLink.path)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    // MARK: History

    /// The versions that were live, oldest first (lines that are not a version name are skipped).
    func readHistory() -> [String] {
        guard let data = FileManager.default.contents(atPath: versionsFolder.appendingPathComponent(Self.historyName).path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter(Self.isVersionName)
    }

    private func writeHistory(_ versions: [String]) throws {
        try writeAtomically(Data(versions.map { $0 + "\n" }.joined().utf8), to: versionsFolder.appendingPathComponent(Self.historyName))
    }

    /// The version live before `live` in the history (the one a rollback returns to).
    func previousInHistory(_ live: String?) -> String? {
        var history = readHistory()
        if let live, let index = history.lastIndex(of: live) { history.removeSubrange(index...) }
        return history.last(where: isRealFolder)
    }

    /// Written beside, then renamed: a half-written file is never read (a leftover
    /// `….partial-<pid>` of a killed build is pruned).
    private func writeAtomically(_ data: Data, to url: URL) throws {
        let partial = url.path + ".partial-\(getpid())"
        do {
            try OutputFolder.writeFile(data, at: partial)
            guard rename(partial, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            unlink(partial)
            throw error
        }
    }
}
