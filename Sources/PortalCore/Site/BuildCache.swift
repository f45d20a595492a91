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

    /// The cache of a build into `staging`, reading the manifest of `atomic`'s live version
    /// (unless `readsPrevious` is false: a full build, which still records its own manifest).
    init(atomic: AtomicOutput, staging: URL, readsPrevious: Bool = true) {
        stagingRoot = staging.path
        var root: String?
        var manifest: [String: Entry] = [:]
        if readsPrevious, let current = atomic.currentVersion(),
           let text = try? String(contentsOf: Self.manifestURL(atomic, version: current), encoding: .utf8) {
            manifest = Self.parse(text)
            root = atomic.versionsFolder.appendingPathComponent(current).path
        }
        previousRoot = manifest.isEmpty ? nil : root
        previous = manifest
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
        guard let previousRoot, let entry = previous[relativePath], entry.key == key else { return nil }
        let target = stagingRoot + "/" + relativePath
        guard (try? OutputFolder.makeParentDirectories(of: target)) != nil,
              link(previousRoot + "/" + relativePath, target) == 0
        else { return nil }
        if link(previousRoot + "/" + relativePath + ".gz", target + ".gz") != 0 && errno != ENOENT {
            unlink(target)
            return nil
        }
        lock.withLock {
            entries[relativePath] = entry
            reusedFiles += 1
        }
        return entry.note
    }

    /// Links every file of the folder below `prefix` (`search/index/`) that the previous version
    /// built from `key`; for outputs that are a folder of many files built at once, named by
    /// their content (the search index). Returns the folder (ending in `/`), or nil when it must
    /// be built.
    func reuseFolder(prefix: String, key: UInt64) -> String? {
        guard previousRoot != nil,
              let folder = previous.first(where: { $0.key.hasPrefix(prefix) && $0.key.hasSuffix("/") && $0.value.key == key })?.key
        else { return nil }
        return reuseFolder(folder, key: key) ? folder : nil
    }

    private func reuseFolder(_ folder: String, key: UInt64) -> Bool {
        guard let previousRoot, previous[folder]?.key == key else { return false }
        let files = Self.files(below: previousRoot + "/" + folder)
        let linked = parallelMap(files) { file -> Bool in
            let target = stagingRoot + "/" + folder + file
            guard (try? OutputFolder.makeParentDirectories(of: target)) != nil else { return false }
            return link(previousRoot + "/" + folder + file, target) == 0
        }
        guard !files.isEmpty, !linked.contains(false) else { return false }
        lock.withLock {
            entries[folder] = Entry(key: key, note: "")
            reusedFiles += files.count
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
        let lines = lock.withLock { entries.map { "\(String($0.value.key, radix: 16))\t\($0.key)\t\($0.value.note)\n" } }.sorted()
        let url = Self.manifestURL(atomic, version: version)
        // Written beside, then renamed: a half-written manifest is never read.
        let partial = url.path + ".partial-\(getpid())"
        do {
            try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: partial))
            if rename(partial, url.path) != 0 { unlink(partial) }
        } catch {
            // A missing manifest only means that the next build is a full one.
            unlink(partial)
        }
    }

    private static func parse(_ text: String) -> [String: Entry] {
        var manifest: [String: Entry] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let key = UInt64(fields[0], radix: 16) else { continue }
            manifest[String(fields[1])] = Entry(key: key, note: String(fields[2]))
        }
        return manifest
    }

    /// Paths of the regular files below `folder`, relative to it.
    private static func files(below folder: String) -> [String] {
        var files: [String] = []
        func walk(_ relative: String) {
            guard let directory = opendir(folder + relative) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                if entry.pointee.d_type == UInt8(DT_DIR) { walk(relative + name + "/") } else { files.append(relative + name) }
            }
        }
        walk("")
        return files
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
        let root = site.content.siteRoot
        let templates = root.appendingPathComponent("templates")
        for relative in ((try? FileManager.default.subpathsOfDirectory(atPath: templates.path)) ?? []).sorted() {
            hash.combine(relative)
            if let data = FileManager.default.contents(atPath: templates.appendingPathComponent(relative).path) { hash.combine(data) }
        }
        if let data = FileManager.default.contents(atPath: root.appendingPathComponent("content/\(SiteConfig.fileName)").path) {
            hash.combine(data)
        }
        chrome.combineRendered(into: &hash)
        hash.combine(includeDrafts ? 1 : 0)
        return hash.value
    }
}
