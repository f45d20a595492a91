import Foundation

/// Notices edits under `content/` and `templates/` by polling modification times: simple, the same
/// on every system, and blind to nothing an editor's program can do (save in place, save by
/// rename, delete, add).
///
/// A change is reported once the folders have been quiet for one poll, so that saving several
/// files, or an editor's write-then-rename, leads to one rebuild rather than a burst of them.
public final class SourceWatcher: @unchecked Sendable {
    /// What is compared between polls: a save changes at least one of these.
    struct Stamp: Hashable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var inode: UInt64
    }

    private let roots: [URL]
    private let interval: TimeInterval
    private let onChange: @Sendable () -> Void

    /// - Parameters:
    ///   - roots: the folders to watch, recursively.
    ///   - interval: seconds between polls.
    ///   - onChange: called on the watcher's thread after a change has settled; the next change is
    ///     noticed only after it returns (a rebuild never overlaps another).
    public init(roots: [URL], interval: TimeInterval = 0.4, onChange: @escaping @Sendable () -> Void) {
        self.roots = roots
        self.interval = interval
        self.onChange = onChange
    }

    private var baseline: [String: Stamp]?

    /// Records the files as they are now, to compare the first poll with (call it before the build
    /// that `start` follows); without it the first poll compares with the files at `start`, and
    /// misses a save made in between.
    public func takeBaseline() {
        baseline = Self.snapshot(roots)
    }

    /// Starts polling on a thread of its own, for as long as the process runs.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "portal-serve-watcher"
        thread.start()
    }

    private func run() {
        var last = baseline ?? Self.snapshot(roots)
        var settling = false
        while true {
            Thread.sleep(forTimeInterval: interval)
            let now = Self.snapshot(roots)
            if now != last {
                // Still changing: wait for a quiet poll. Comparing with the state before the
                // rebuild also catches saves made while it ran.
                last = now
                settling = true
            } else if settling {
                settling = false
                onChange()
            }
        }
    }

    /// Every file below the roots with its stamp. Hidden files and editor backups (`.x.swp`,
    /// `x~`) are left out: they change while the editor types, and the build never reads them.
    static func snapshot(_ roots: [URL]) -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        func walk(_ path: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
                let child = path + "/" + name
                var info = stat()
                // `lstat`: a link is watched as itself, never followed out of the site (a link to
                // `/` would have walked the whole disk); the build refuses it anyway.
                guard lstat(child, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    walk(child)
                } else {
                    #if canImport(Darwin)
                    let modified = info.st_mtimespec
                    #else
                    let modified = info.st_mtim
                    #endif
                    stamps[child] = Stamp(seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec),
                                          size: Int64(info.st_size), inode: UInt64(info.st_ino))
                }
            }
        }
        for root in roots { walk(root.path) }
        return stamps
    }
}
