import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Incremental builds: a page whose inputs are unchanged since the live version is hard-linked
/// from that version instead of being rendered, compressed and written again.
///
/// Every cached file of a build is recorded with its *key*, a hash of everything it is made from
/// (see `BuildCache.salt` and the steps' keys). The record of a version is its manifest, kept
/// beside the version folder (`.public.versions/v000012.manifest`), never in the published site,
/// `content/` or `templates/`. The next build reads the manifest of the version `public` points
/// at: a file whose key it finds there is linked from that version, everything else is built.
/// So a fresh output folder (no live version, or none with a manifest) means a full build, and
/// a link always shares bytes a full build of the same inputs would have written: a key covers
/// the portal binary, every template and asset, `site.yaml`, the rendered header, navigation and
/// footer, and the file's own content.
///
/// Published versions are never written to: the staging folder's writes replace a linked file
/// instead of writing through it (`OutputFolder.writeFile`).
final class BuildCache: @unchecked Sendable {
    /// The live version's folder and its manifest (file path → key); nil for a full build.
    private let previousRoot: String?
    /// The live version's folder even for a full build: only read to carry over what pages opened
    /// before the swap still name (`carry`), never to reuse a file of the new version's own.
    private let liveRoot: String?
    private let previous: [String: Entry]
    /// Where the new version is staged.
    private let stagingRoot: String
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// A cached file's key, and what its step needs to know of it without building it again
    /// (an item page's links, for the link check).
    struct Entry {
        var key: UInt64
        var note: String
    }
    private var reusedFiles = 0
    /// Step states of the new version, by name (`keepState`).
    private var states: [String: [UInt8]] = [:]
    /// The previous version's folder and the staging folder, open: a page is linked by its path
    /// relative to them, so the kernel looks up three names for it instead of the whole path
    /// (ten thousand pages and their `.gz` on a big site's rebuild). −1 when not open.
    private let previousDescriptor: Int32
    private let stagingDescriptor: Int32

    /// The cache of a build into `staging`, reading the manifest of `atomic`'s live version
    /// (unless `readsPrevious` is false: a full build, which still records its own manifest).
    init(atomic: AtomicOutput, staging: URL, readsPrevious: Bool = true) {
        stagingRoot = staging.path
        var root: String?
        var manifest: [String: Entry] = [:]
        // Only a real version folder is read from: a link named like a version is not portal's
        // and is never followed.
        let live = atomic.currentVersion().flatMap { atomic.isRealFolder($0) ? $0 : nil }
        liveRoot = live.map { atomic.versionsFolder.appendingPathComponent($0).path }
        if readsPrevious, let current = live,
           let data = FileManager.default.contents(atPath: Self.manifestURL(atomic, version: current).path) {
            manifest = Self.parse([UInt8](data))
            root = atomic.versionsFolder.appendingPathComponent(current).path
        }
        previousRoot = manifest.isEmpty ? nil : root
        previous = manifest
        previousDescriptor = previousRoot.map { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } ?? -1
        stagingDescriptor = open(staging.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    deinit {
        if previousDescriptor >= 0 { close(previousDescriptor) }
        if stagingDescriptor >= 0 { close(stagingDescriptor) }
    }

    /// Files linked from the previous version so far.
    var reused: Int { lock.withLock { reusedFiles } }

    static func manifestURL(_ atomic: AtomicOutput, version: String) -> URL {
        atomic.versionsFolder.appendingPathComponent("\(version).manifest")
    }

    /// Links `relativePath` (and its `.gz` sibling, when the previous version has one) from the
    /// previous version when it was built from the same key. False when it must be built.
    func reuse(_ relativePath: String, key: UInt64) -> Bool {
        reuseWithNote(relativePath, key: key) != nil
    }

    /// `reuse`, returning the note recorded with the file (nil when it must be built).
    func reuseWithNote(_ relativePath: String, key: UInt64) -> String? {
        guard let entry = previous[relativePath], entry.key == key, linkFromPrevious(relativePath, to: relativePath)
        else { return nil }
        if linkat(previousDescriptor, relativePath + ".gz", stagingDescriptor, relativePath + ".gz", 0) != 0 && errno != ENOENT {
            unlinkat(stagingDescriptor, relativePath, 0)
            return nil
        }
        lock.withLock {
            entries[relativePath] = entry
            reusedFiles += 1
        }
        return entry.note
    }

    /// Hard-links the live version's file `from` to `to` in the new version (both relative), for
    /// a file the caller knows to hold the bytes it would write: a page whose key is unchanged
    /// (`reuse`, which records and counts it), or a search index document with the same hash of
    /// its content (neither recorded, as it belongs to a folder the index records, nor counted
    /// as reused: the index was built, not found unchanged). False when it could not be linked
    /// (it must be written then).
    func linkFromPrevious(_ from: String, to: String) -> Bool {
        guard previousRoot != nil, previousDescriptor >= 0, stagingDescriptor >= 0, makeStagingParents(of: to) else { return false }
        return linkat(previousDescriptor, from, stagingDescriptor, to, 0) == 0
    }

    /// `mkdir` (relative to the staging folder) for the folders of `relativePath`, the nearest
    /// first: one call when the others exist.
    private func makeStagingParents(of relativePath: String) -> Bool {
        guard let slash = relativePath.lastIndex(of: "/") else { return true }
        let parent = String(relativePath[..<slash])
        if mkdirat(stagingDescriptor, parent, 0o755) == 0 || errno == EEXIST { return true }
        guard errno == ENOENT, makeStagingParents(of: parent) else { return false }
        return mkdirat(stagingDescriptor, parent, 0o755) == 0 || errno == EEXIST
    }

    /// Links every file of the folder below `prefix` (`search/index/`) that the previous version
    /// built from `key`; for outputs that are a folder of many files built at once, named by
    /// their content (the search index). Returns the folder (ending in `/`), or nil when it must
    /// be built.
    func reuseFolder(prefix: String, key: UInt64) -> String? {
        guard previousRoot != nil,
              let folder = previous.first(where: { $0.key.hasPrefix(prefix) && $0.key.hasSuffix("/") && $0.value.key == key })?.key,
              linkFolder(folder, to: folder, except: [], key: key)
        else { return nil }
        return folder
    }

    /// Hard-links every file below the live version's folder `from` into the staging folder's
    /// `to` (both relative, ending in `/`), except the paths in `except` (relative to `from`).
    /// Folder by folder through directory descriptors (`linkat`): one `mkdir` a folder and two
    /// names looked up a file, instead of whole paths — tens of thousands of files for the search
    /// index. Returns how many files were linked, nil when one could not be.
    private func linkTree(_ from: String, to: String, except: Set<String>, root: String? = nil) -> Int? {
        guard let sourceRoot = root ?? previousRoot else { return nil }
        let source = sourceRoot + "/" + from, target = stagingRoot + "/" + to
        var folders: [(relative: String, files: [String])] = []
        func walk(_ relative: String) -> Bool {
            guard let entries = DirectoryEntry.entries(source + relative) else { return false }
            folders.append((relative, entries.filter { !$0.isDirectory && !except.contains(relative + $0.name) }.map(\.name)))
            return entries.filter(\.isDirectory).allSatisfy { walk(relative + $0.name + "/") }
        }
        guard walk(""), (try? OutputFolder.makeParentDirectories(of: target)) != nil else { return nil }
        // Parents come before their children in `folders`.
        for folder in folders where mkdir(target + folder.relative, 0o755) != 0 && errno != EEXIST { return nil }
        var work: [(folder: Int, files: Range<Int>)] = []
        for (index, folder) in folders.enumerated() {
            for start in stride(from: 0, to: folder.files.count, by: 1024) {
                work.append((index, start..<min(folder.files.count, start + 1024)))
            }
        }
        let allFolders = folders
        let linked = parallelMap(work) { part -> Bool in
            let folder = allFolders[part.folder]
            let from = open(source + folder.relative, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let into = open(target + folder.relative, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer {
                if from >= 0 { close(from) }
                if into >= 0 { close(into) }
            }
            guard from >= 0, into >= 0 else { return false }
            for name in folder.files[part.files] where linkat(from, name, into, name, 0) != 0 { return false }
            return true
        }
        guard !linked.contains(false) else { return nil }
        return folders.reduce(0) { $0 + $1.files.count }
    }

    /// The bytes of the live version's file at `relativePath`, even for a full build (`liveRoot`);
    /// nil without a live version.
    func liveFile(_ relativePath: String) -> [UInt8]? {
        guard let liveRoot, let data = FileManager.default.contents(atPath: liveRoot + "/" + relativePath) else { return nil }
        return [UInt8](data)
    }

    /// Hard-links the live version's folder `relativePath` (ending in `/`) to the same place in the
    /// new version, for readers whose open page still names it; even for a full build, since it
    /// is not the new version's own output. It is neither recorded in the manifest (so the next
    /// build neither reuses nor carries it again: it lives one build) nor counted as reused.
    /// False, with nothing left half-linked, when it could not be.
    func carry(_ relativePath: String) -> Bool {
        guard let liveRoot else { return false }
        if linkTree(relativePath, to: relativePath, except: [], root: liveRoot) != nil { return true }
        FolderRemoval.remove(stagingRoot + "/" + relativePath)
        return false
    }

    /// Whether the live version recorded `relativePath` (a file, or a folder ending in `/`).
    func previousHas(_ relativePath: String) -> Bool { previousRoot != nil && previous[relativePath] != nil }

    /// The bytes of the live version's file at `relativePath`; nil without a live version.
    func previousFile(_ relativePath: String) -> [UInt8]? {
        guard let previousRoot, let data = FileManager.default.contents(atPath: previousRoot + "/" + relativePath) else { return nil }
        return [UInt8](data)
    }

    /// What a step kept beside the live version under `name` (`keepState`); nil without one.
    func previousState(_ name: String) -> [UInt8]? {
        // Beside the version folder, as the manifest: `.public.versions/v000012.<name>`.
        guard let previousRoot, let data = FileManager.default.contents(atPath: "\(previousRoot).\(name)") else { return nil }
        return [UInt8](data)
    }

    /// Keeps `bytes` beside the new version under `name` (`.public.versions/v000012.<name>`), for
    /// the next build's `previousState`: what a step needs to update its output rather than build
    /// it again (the search index's counts).
    func keepState(_ name: String, _ bytes: [UInt8]) {
        lock.withLock { states[name] = bytes }
    }

    /// Links every file below the live version's folder `from` to the new version's folder `to`
    /// (both ending in `/`), except the paths in `except` (relative to the folder), and records
    /// `to` with `key`. False when a file could not be linked.
    func linkFolder(_ from: String, to: String, except: Set<String>, key: UInt64) -> Bool {
        guard let linked = linkTree(from, to: to, except: except) else { return false }
        lock.withLock {
            entries[to] = Entry(key: key, note: "")
            reusedFiles += linked
        }
        return true
    }

    /// Notes that `relativePath` (a file, or a folder ending in `/`) was built from `key`, with a
    /// note for the next build (one line, no tabs).
    func record(_ relativePath: String, key: UInt64, note: String = "") {
        // The manifest is tab-separated lines: a path or note that would break one is not cached.
        guard !relativePath.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }),
              !note.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return }
        lock.withLock { entries[relativePath] = Entry(key: key, note: note) }
    }

    /// Writes the manifest of the version just published as `version`.
    func save(_ atomic: AtomicOutput, version: String) {
        let text = Self.manifestText(lock.withLock { entries })
        let url = Self.manifestURL(atomic, version: version)
        // Written beside, then renamed: a half-written manifest is never read.
        let partial = url.path + ".partial-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: partial))
            if rename(partial, url.path) != 0 { unlink(partial) }
        } catch {
            // A missing manifest only means that the next build is a full one.
            unlink(partial)
        }
        // Beside the manifest, renamed into place likewise; a state that could not be written only
        // means that the next build makes that output from scratch.
        for (name, bytes) in lock.withLock({ states }) {
            let path = atomic.versionsFolder.appendingPathComponent("\(version).\(name)").path
            let partial = path + ".partial-\(getpid())"
            if (try? Data(bytes).write(to: URL(fileURLWithPath: partial))) == nil || rename(partial, path) != 0 { unlink(partial) }
        }
    }

    /// A manifest: one line a file, `<hex key>\t<path>\t<note>`, sorted (`parse` reads it back).
    static func manifestText(_ entries: [String: Entry]) -> String {
        entries.map { "\(String($0.value.key, radix: 16))\t\($0.key)\t\($0.value.note)\n" }.sorted().joined()
    }

    /// Reads a manifest's lines (`<hex key>\t<path>\t<note>`); a line that is not one is skipped.
    /// Byte by byte: a big site's manifest has tens of thousands of lines, read before any page is.
    static func parse(_ bytes: [UInt8]) -> [String: Entry] {
        var manifest: [String: Entry] = [:]
        manifest.reserveCapacity(bytes.count / 64)
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                defer { start = end + 1 }
                // The key, in hexadecimal, up to the first tab.
                var key: UInt64 = 0, index = start, digits = 0
                while index < end, bytes[index] != UInt8(ascii: "\t") {
                    let byte = bytes[index]
                    let value: UInt8
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                    default: value = 0xFF
                    }
                    guard value != 0xFF, digits < 16 else { digits = 0; break }
                    key = key << 4 | UInt64(value)
                    digits += 1
                    index += 1
                }
                guard digits > 0, index < end, bytes[index] == UInt8(ascii: "\t") else { continue }
                let pathStart = index + 1
                var pathEnd = pathStart
                while pathEnd < end && bytes[pathEnd] != UInt8(ascii: "\t") { pathEnd += 1 }
                guard pathEnd < end else { continue }
                let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[pathStart..<pathEnd]), as: UTF8.self)
                let note = String(decoding: UnsafeBufferPointer(rebasing: bytes[(pathEnd + 1)..<end]), as: UTF8.self)
                manifest[path] = Entry(key: key, note: note)
            }
        }
        return manifest
    }

    /// What every key starts from: the portal binary, every file of `templates/`, `site.yaml`,
    /// the shared header, navigation and footer as rendered, and whether drafts are shown.
    static func salt(site: SiteBuilder.LoadedSite, chrome: PageChrome, includeDrafts: Bool) -> UInt64 {
        var hash = ContentHash()
        var binary = stat()
        if stat("/proc/self/exe", &binary) == 0 {
            hash.combine(Int(binary.st_size))
            hash.combine(Int(binary.st_mtim.tv_sec))
            hash.combine(Int(binary.st_mtim.tv_nsec))
            hash.combine(Int(binary.st_ino))
        } else {
            // No way to tell this binary from another: never reuse.
            hash.combine(Int(getpid()))
            hash.combine(Int(Date().timeIntervalSince1970 * 1e9))
        }
        let files = site.content.files
        for relative in files.files(below: "templates") {
            hash.combine(relative)
            if case .bytes(let bytes) = files.read("templates/\(relative)") { hash.combine(Data(bytes)) }
        }
        if case .bytes(let bytes) = files.read("content/\(SiteConfig.fileName)") { hash.combine(Data(bytes)) }
        chrome.combineRendered(into: &hash)
        hash.combine(includeDrafts ? 1 : 0)
        return hash.value
    }
}
