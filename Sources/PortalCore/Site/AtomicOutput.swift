import Foundation

/// Publishes a build so that the output folder is never half-written.
///
/// The output path (`public/`) is a symbolic link to a complete version folder kept beside it in
/// `.<name>.versions/`. A build writes a new version folder, and only when everything succeeded a
/// new link is renamed over the old one: `rename(2)` is atomic, so nginx (whose `root` is the
/// output path) serves either the old site or the new one, never a mix. A failed or killed build
/// leaves the old version and the link untouched. Older versions are pruned, keeping a few for
/// rollback.
public struct AtomicOutput: Sendable {
    public let output: URL
    public let keepVersions: Int

    public init(output: URL, keepVersions: Int = 3) {
        self.output = output.standardizedFileURL
        self.keepVersions = max(2, keepVersions)
    }

    /// `.public.versions` beside `public`.
    public var versionsFolder: URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).versions")
    }

    /// Creates a fresh, empty staging folder for a new version.
    public func makeStagingFolder() throws -> URL {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: versionsFolder, withIntermediateDirectories: true)
        let existing = versionNumbers()
        let next = (existing.max() ?? 0) + 1
        let staging = versionsFolder.appendingPathComponent(String(format: "v%06d.staging-%d", next, getpid()))
        try? fileManager.removeItem(at: staging)
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        return staging
    }

    /// Makes `staging` the published version with one atomic rename, then prunes old versions.
    @discardableResult
    public func publish(_ staging: URL) throws -> String {
        let fileManager = FileManager.default
        let number = (versionNames().compactMap { Int($0.dropFirst()) }.max() ?? 0) + 1
        let name = String(format: "v%06d", number)
        let version = versionsFolder.appendingPathComponent(name)
        try fileManager.moveItem(at: staging, to: version)
        try migrateRealFolderIfNeeded()
        // The version live until now may still be answering requests that began before the swap,
        // and it is the one `rollback` returns to: it survives this prune whatever its number.
        let previous = currentVersion()
        try pointOutput(to: name)
        prune(keeping: previous)
        return name
    }

    /// Throws away a staging folder after a failed build.
    public func discard(_ staging: URL) {
        FolderRemoval.remove(staging.path)
    }

    /// Points the output at the newest version older than the live one, with the same atomic
    /// rename as a build. Newer versions stay (a later build or rollback prunes them as usual).
    /// Returns the name of the version now live.
    @discardableResult
    public func rollback() throws -> String {
        guard let current = currentVersion() else {
            throw DiagnosticsError([Diagnostic(
                file: nil,
                zh: "\(output.path) 不是 portal build 生成的版本链接，无法回滚",
                en: "\(output.path) is not the version link that portal build makes, so there is nothing to roll back",
                hintZh: "先用 portal build --output \(output.path) 生成一次网站；回滚只能回到其后保留的版本。",
                hintEn: "Build once with portal build --output \(output.path); a rollback can only return to versions kept since.")])
        }
        guard let previous = versionNames().last(where: { $0 < current }) else {
            throw DiagnosticsError([Diagnostic(
                file: nil,
                zh: "没有比当前版本 \(current) 更早的版本可回滚",
                en: "there is no version older than the live \(current) to roll back to",
                hintZh: "构建时保留最近 \(keepVersions) 个版本（在 \(versionsFolder.path) 中）。",
                hintEn: "A build keeps the newest \(keepVersions) versions (in \(versionsFolder.path)).")])
        }
        try pointOutput(to: previous)
        return previous
    }

    /// Name of the version folder the output points at, if it is a link into `versionsFolder`
    /// (made by a build, a rollback or by hand as `ln -sfn .public.versions/v000002 public`).
    public func currentVersion() -> String? {
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: output.path) else { return nil }
        let parent = ((destination as NSString).deletingLastPathComponent as NSString).lastPathComponent
        guard parent == versionsFolder.lastPathComponent else { return nil }
        return (destination as NSString).lastPathComponent
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

    /// A real folder at the output path (from an older build or a hand copy) cannot be replaced by
    /// a rename; it becomes version 0 once, so that nothing in it is lost.
    private func migrateRealFolderIfNeeded() throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let isLink = (try? fileManager.destinationOfSymbolicLink(atPath: output.path)) != nil
        guard !isLink, fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
        let target = versionsFolder.appendingPathComponent("v000000")
        try? fileManager.removeItem(at: target)
        try fileManager.moveItem(at: output, to: target)
    }

    private func versionNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.filter { $0.count == 7 && $0.hasPrefix("v") && Int($0.dropFirst()) != nil }.sorted()
    }

    private func versionNumbers() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix("v") else { return nil }
            return Int(name.dropFirst().prefix(6))
        }
    }

    /// Keeps the newest `keepVersions` versions, the current one and `previous` (live until the
    /// swap); removes leftovers of killed builds.
    private func prune(keeping previous: String?) {
        let fileManager = FileManager.default
        let current = currentVersion()
        let names = versionNames()
        for name in names.dropLast(keepVersions) where name != current && name != previous {
            remove(versionsFolder.appendingPathComponent(name))
        }
        let all = (try? fileManager.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        // What a build keeps beside its version (`BuildCache`'s manifest and states,
        // `v000012.manifest`, `v000012.search`) goes with it.
        let kept = Set(versionNames())
        for name in all {
            guard let version = Self.version(besideWhich: name), !kept.contains(version) else { continue }
            try? fileManager.removeItem(at: versionsFolder.appendingPathComponent(name))
        }
        for name in all where name.contains(".staging-") || name.contains(".removing-") || name.contains(".partial-") {
            // A staging (or half-removed, or half-written) file of a running build carries its
            // pid; only dead builds' leftovers go.
            if let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid(), kill(pid, 0) == 0 { continue }
            if name.hasSuffix("-\(getpid())") { continue }
            remove(versionsFolder.appendingPathComponent(name))
        }
    }

    /// The version that `name` is kept beside (`v000012` for `v000012.manifest`); nil for a
    /// version itself and for a leftover of a build (`….staging-<pid>`, `….partial-<pid>`).
    private static func version(besideWhich name: String) -> String? {
        let utf8 = Array(name.utf8)
        guard utf8.count > 8, utf8[0] == UInt8(ascii: "v"), utf8[1..<7].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              utf8[7] == UInt8(ascii: "."), !utf8.contains(UInt8(ascii: "-")) else { return nil }
        return String(name.prefix(7))
    }

    /// Removes a version folder: first renamed out of the list of versions (one atomic step, so
    /// a reader of the folder never sees half a version), then emptied by `FolderRemoval`.
    private func remove(_ folder: URL) {
        let doomed = folder.path.contains(".removing-") ? folder.path : folder.path + ".removing-\(getpid())"
        if doomed != folder.path, rename(folder.path, doomed) != 0 {
            try? FileManager.default.removeItem(at: folder)
            return
        }
        FolderRemoval.remove(doomed)
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
