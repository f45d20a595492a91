import Foundation
import Glibc

/// The versions kept beside the output: their names, pruning the oldest, and room on the disk.
extension AtomicOutput {
    // MARK: Versions and pruning

    /// `v` and six digits: the name of a version.
    static func isVersionName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        return utf8.count == 7 && utf8[0] == UInt8(ascii: "v") && utf8[1...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Versions that are real folders (not links, not files), oldest first.
    func versionNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.filter { Self.isVersionName($0) && isRealFolder($0) }.sorted()
    }

    /// `name` in the versions folder is a folder itself, not a link to one.
    func isRealFolder(_ name: String) -> Bool {
        var status = stat()
        return lstat(versionsFolder.appendingPathComponent(name).path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    func exists(_ name: String) -> Bool {
        var status = stat()
        return lstat(versionsFolder.appendingPathComponent(name).path, &status) == 0
    }

    /// Numbers of every entry named like a version or a version's staging folder, whatever it
    /// is: a staging folder never takes a name already used.
    func versionNumbers() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: versionsFolder.path)) ?? []
        return names.compactMap { name in
            guard name.count >= 7, Self.isVersionName(String(name.prefix(7))) else { return nil }
            return Int(name.dropFirst().prefix(6))
        }
    }

    /// Keeps the newest `keepVersions` versions, the current one, the one before it in the
    /// history and `keeping` (live until the swap); removes leftovers of killed builds.
    func prune(keeping: [String]) {
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
    func removeBesideFilesOfRemovedVersions() {
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
    static func isLeftoverName(_ name: String) -> Bool {
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
    static func version(besideWhich name: String) -> String? {
        let utf8 = Array(name.utf8)
        guard utf8.count > 8, utf8[0] == UInt8(ascii: "v"), utf8[1..<7].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              utf8[7] == UInt8(ascii: "."), !utf8.contains(UInt8(ascii: "-")) else { return nil }
        return String(name.prefix(7))
    }

    /// Removes a version folder (a real folder: checked by the caller) and what is beside it:
    /// first renamed out of the list of versions (one atomic step, so a reader of the folder
    /// never sees half a version), then emptied by `FolderRemoval`.
    func removeVersion(_ name: String) {
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
    func pruneForSpace(needed: UInt64?) -> [String] {
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
    static func removeContents(of directory: Int32) {
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
    static func entries(of directory: Int32) -> (files: [String], folders: [String]) {
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
