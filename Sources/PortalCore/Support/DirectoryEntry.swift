import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One entry of a folder, read with `readdir`: its type comes with its name, so listing a
/// category of thousands of items costs no system call per file (`FileManager` made a `stat`
/// and a `readlink` for each).
struct DirectoryEntry {
    let name: String
    /// A folder, or a link to one (links are followed here, as `FileManager.fileExists` does).
    let isDirectory: Bool
    /// The entry itself is a symbolic link.
    let isSymbolicLink: Bool

    /// The entries of `path` (without `.` and `..`), sorted by name; empty if it cannot be read.
    static func list(_ path: String) -> [DirectoryEntry] { entries(path) ?? [] }

    /// `list`, nil when the folder cannot be read.
    static func entries(_ path: String) -> [DirectoryEntry]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var type = Int32(entry.pointee.d_type)
            if type == DT_UNKNOWN {
                // Some file systems do not say: ask.
                var status = stat()
                if lstat(path + "/" + name, &status) == 0 {
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFLNK: type = Int32(DT_LNK)
                    default: type = Int32(DT_REG)
                    }
                }
            }
            var isDirectory = type == DT_DIR
            if type == DT_LNK {
                var status = stat()
                isDirectory = stat(path + "/" + name, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
            }
            entries.append(DirectoryEntry(name: name, isDirectory: isDirectory, isSymbolicLink: type == DT_LNK))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
