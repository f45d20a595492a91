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
        try? FileManager.default.removeItem(at: staging)
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
            removeInParallel(versionsFolder.appendingPathComponent(name))
        }
        let all = (try? fileManager.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        // An incremental build's manifest (`BuildCache`) goes with its version.
        let kept = Set(versionNames())
        for name in all where name.hasSuffix(".manifest") && !kept.contains(String(name.dropLast(".manifest".count))) {
            try? fileManager.removeItem(at: versionsFolder.appendingPathComponent(name))
        }
        for name in all where name.contains(".staging-") || name.contains(".removing-") {
            // A staging (or half-removed) folder of a running build carries its pid; only dead
            // builds' folders go.
            if let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid(), kill(pid, 0) == 0 { continue }
            if name.hasSuffix("-\(getpid())") { continue }
            try? fileManager.removeItem(at: versionsFolder.appendingPathComponent(name))
        }
    }

    /// Removes a version folder: first renamed out of the list of versions (one atomic step, so
    /// a reader of the folder never sees half a version), then its top-level entries removed on
    /// all cores — a version of a big site is hundreds of thousands of files.
    private func removeInParallel(_ folder: URL) {
        let fileManager = FileManager.default
        let doomed = folder.deletingLastPathComponent()
            .appendingPathComponent("\(folder.lastPathComponent).removing-\(getpid())")
        guard rename(folder.path, doomed.path) == 0 else {
            try? fileManager.removeItem(at: folder)
            return
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: doomed.path)) ?? []
        _ = parallelMap(entries) { entry in
            try? FileManager.default.removeItem(at: doomed.appendingPathComponent(entry))
        }
        try? fileManager.removeItem(at: doomed)
    }
}
