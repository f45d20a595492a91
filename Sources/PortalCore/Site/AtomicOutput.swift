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
        // which `outputProblem` explains (FileManager would only say "File exists").
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

    // MARK: Versions and pruning

    /// `v` and six digits: the name of a version.
    static func isVersionName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        return utf8.count == 7 && utf8[0] == UInt8(ascii: "v") && utf8[1...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Versions that are real folders (not links, not files), oldest first.
    private func versionNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.filter { Self.isVersionName($0) && isRealFolder($0) }.sorted()
    }

    /// `name` in the versions folder is a folder itself, not a link to one.
    func isRealFolder(_ name: String) -> Bool {
        var status = stat()
        return lstat(versionsFolder.appendingPathComponent(name).path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    private func exists(_ name: String) -> Bool {
        var status = stat()
        return lstat(versionsFolder.appendingPathComponent(name).path, &status) == 0
    }

    /// Numbers of every entry named like a version or a version's staging folder, whatever it
    /// is: a staging folder never takes a name already used.
    private func versionNumbers() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.compactMap { name in
            guard name.count >= 7, Self.isVersionName(String(name.prefix(7))) else { return nil }
            return Int(name.dropFirst().prefix(6))
        }
    }

    /// Keeps the newest `keepVersions` versions, the current one, the one before it in the
    /// history and `keeping` (live until the swap); removes leftovers of killed builds.
    private func prune(keeping: [String]) {
        guard isMarked else { return }
        let fileManager = FileManager.default
        let current = currentVersion()
        let protected = Set(keeping + [current, previousInHistory(current)].compactMap { $0 })
        let names = versionNames()
        for name in names.dropLast(keepVersions) where !protected.contains(name) {
            removeVersion(name)
        }
        let all = (try? fileManager.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        for name in all where Self.isVersionName(name) && !isRealFolder(name) && !protected.contains(name) {
            // A link named like a version (not portal's: portal writes folders) is unlinked,
            // never followed; a file of that name is left alone.
            if (try? fileManager.destinationOfSymbolicLink(atPath: versionsFolder.appendingPathComponent(name).path)) != nil {
                unlink(versionsFolder.appendingPathComponent(name).path)
            }
        }
        removeBesideFilesOfRemovedVersions()
        for name in all where name.contains(".staging-") || name.contains(".removing-") || name.contains(".partial-") {
            // A staging (or half-removed, or half-written) file of a running build carries its
            // pid; only dead builds' leftovers go.
            guard Self.isLeftoverName(name) else { continue }
            if let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid(), kill(pid, 0) == 0 { continue }
            if name.hasSuffix("-\(getpid())") { continue }
            FolderRemoval.remove(versionsFolder.appendingPathComponent(name).path)
        }
    }

    /// What a build keeps beside its version (`v000012.complete`, `BuildCache`'s manifest and
    /// states `v000012.manifest`, `v000012.search`) goes with it.
    private func removeBesideFilesOfRemovedVersions() {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        let kept = Set(versionNames())
        for name in all {
            guard let version = Self.version(besideWhich: name), !kept.contains(version) else { continue }
            var status = stat()
            let path = versionsFolder.appendingPathComponent(name).path
            // Portal writes files there; a folder of such a name is not its own.
            if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR { unlink(path) }
        }
    }

    /// `v000012.staging-<pid>`, `v000012.removing-<pid>`, `<name>.partial-<pid>` with a name
    /// portal writes (`history`, the marker, a version's beside-file): the leftovers of a build.
    private static func isLeftoverName(_ name: String) -> Bool {
        guard let dash = name.lastIndex(of: "-"), Int32(name[name.index(after: dash)...]) != nil else { return false }
        let stem = String(name[..<dash])
        for suffix in [".staging", ".removing", ".partial"] where stem.hasSuffix(suffix) {
            let base = String(stem.dropLast(suffix.count))
            if suffix == ".partial" {
                return base == historyName || base == markerName || version(besideWhich: base) != nil
            }
            return isVersionName(base)
        }
        return false
    }

    /// The version that `name` is kept beside (`v000012` for `v000012.manifest`); nil for a
    /// version itself and for a leftover of a build (`….staging-<pid>`, `….partial-<pid>`).
    private static func version(besideWhich name: String) -> String? {
        let utf8 = Array(name.utf8)
        guard utf8.count > 8, utf8[0] == UInt8(ascii: "v"), utf8[1..<7].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              utf8[7] == UInt8(ascii: "."), !utf8.contains(UInt8(ascii: "-")) else { return nil }
        return String(name.prefix(7))
    }

    /// Removes a version folder (a real folder: checked by the caller) and what is beside it:
    /// first renamed out of the list of versions (one atomic step, so a reader of the folder
    /// never sees half a version), then emptied by `FolderRemoval`.
    private func removeVersion(_ name: String) {
        let folder = versionsFolder.appendingPathComponent(name).path
        let doomed = folder + ".removing-\(getpid())"
        guard rename(folder, doomed) == 0 else { return }
        FolderRemoval.remove(doomed)
    }

    // MARK: Free space

    /// Free bytes for an unprivileged user on the file system holding `path`.
    public static let statvfsFreeSpace: @Sendable (String) -> UInt64? = { path in
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// The most any kept version's build took on disk, from their completion marks: the largest,
    /// so that a full build among them (the first one, a template change) counts.
    func lastBuildSize() -> UInt64? {
        versionNames().compactMap { name -> UInt64? in
            guard let data = FileManager.default.contents(atPath: versionsFolder.appendingPathComponent(name + Self.completeSuffix).path) else { return nil }
            return UInt64(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }.max()
    }

    /// Room a build needs: what the last one took, a fifth more and 16 MiB, for a site that grew
    /// and for what else writes to the disk meanwhile.
    static func neededSpace(lastBuild: UInt64) -> UInt64 {
        lastBuild + lastBuild / 5 + 16 << 20
    }

    /// Before a build: while the free space is less than the last build needed, removes the
    /// oldest versions — never the live one nor the one before it in the history. Pruning only
    /// after a build left a disk filled by versions full for good, every build failing. Returns
    /// the versions removed.
    @discardableResult
    func pruneIfShortOfSpace() -> [String] {
        guard let last = lastBuildSize() else { return [] }
        return pruneForSpace(needed: Self.neededSpace(lastBuild: last))
    }

    /// After a build failed for lack of space: removes every version but the live one and the
    /// one before it, so that the next build has room (and the disk does not stay full).
    @discardableResult
    public func pruneAfterRunningOutOfSpace() -> [String] {
        pruneForSpace(needed: nil)
    }

    /// Removes the oldest versions but the live one and the one before it, while the free space
    /// is below `needed` (all of them when `needed` is nil).
    private func pruneForSpace(needed: UInt64?) -> [String] {
        guard isMarked else { return [] }
        let live = currentVersion()
        let protected = Set([live, previousInHistory(live)].compactMap { $0 })
        var removed: [String] = []
        for name in versionNames() where !protected.contains(name) {
            if let needed {
                guard let free = freeSpace(versionsFolder.path), free < needed else { break }
            }
            removeVersion(name)
            removed.append(name)
        }
        if !removed.isEmpty { removeBesideFilesOfRemovedVersions() }
        return removed
    }
}

/// Removes a folder and everything in it, fast: a version of a big site is tens of thousands of
/// files, and removing the oldest is part of every build.
///
/// Entries are removed with `unlinkat` relative to their open folder, so no path is looked up
/// again (`FileManager` resolved each whole path, and asked about each file first), and the
/// sub-folders of a folder are emptied on all cores.
enum FolderRemoval {
    static func remove(_ path: String) {
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else {
            // Not a folder (a leftover file), or gone.
            unlink(path)
            return
        }
        removeContents(of: folder)
        close(folder)
        rmdir(path)
    }

    /// Everything in the open folder `directory`, the folder itself staying.
    private static func removeContents(of directory: Int32) {
        let (files, folders) = entries(of: directory)
        for name in files { unlinkat(directory, name, 0) }
        // Sub-folders in parallel when there are several (a category of item folders, the search
        // index's parts); nested calls share the same threads.
        let removeFolder: @Sendable (String) -> Void = { name in
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                removeContents(of: child)
                close(child)
            }
            unlinkat(directory, name, AT_REMOVEDIR)
        }
        if folders.count > 1 {
            folders.withUnsafeBufferPointer { names in
                nonisolated(unsafe) let names = names
                DispatchQueue.concurrentPerform(iterations: names.count) { removeFolder(names[$0]) }
            }
        } else {
            folders.forEach(removeFolder)
        }
    }

    /// The names in `directory`, files and folders apart. All are read before any is removed:
    /// removing entries while `readdir` walks a folder may make it skip some.
    private static func entries(of directory: Int32) -> (files: [String], folders: [String]) {
        var files: [String] = [], folders: [String] = []
        let copy = dup(directory)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return ([], [])
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = Int32(entry.pointee.d_type) == DT_DIR
            if Int32(entry.pointee.d_type) == DT_UNKNOWN {
                // Some file systems do not say: ask, without following a link.
                var status = stat()
                isFolder = fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFDIR
            }
            if isFolder { folders.append(name) } else { files.append(name) }
        }
        return (files, folders)
    }
}
