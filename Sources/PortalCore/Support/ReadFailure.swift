import Foundation

/// Why a file of the site could not be read, from the system's error number.
public struct ReadFailure: Error, Sendable {
    public let code: Int32

    public var isMissing: Bool { code == ENOENT }

    /// The diagnostic for `path`, in words an editor or admin can act on.
    public func diagnostic(_ path: String, isFolder: Bool = false) -> Diagnostic {
        let whatZh = isFolder ? "文件夹" : "文件"
        let whatEn = isFolder ? "folder" : "file"
        switch code {
        case EACCES, EPERM:
            return Diagnostic(
                file: path, zh: "没有读取这个\(whatZh)的权限", en: "permission denied: this \(whatEn) cannot be read",
                hintZh: isFolder ? "运行 portal 的用户需要能读取并进入它：chmod a+rx \(path)" : "运行 portal 的用户需要能读取它：chmod a+r \(path)",
                hintEn: isFolder ? "The user running portal must be able to read and enter it: chmod a+rx \(path)" : "The user running portal must be able to read it: chmod a+r \(path)")
        case ELOOP:
            return SiteFiles.linkProblem(path, target: nil)
        case ENXIO:
            return SiteFiles.specialFileProblem(path, type: Int32(DT_UNKNOWN))
        case ENOENT:
            return Diagnostic(file: path, zh: "找不到这个\(whatZh)", en: "this \(whatEn) does not exist",
                              hintZh: "检查文件名（包括扩展名和大小写）。", hintEn: "Check the name, its extension and its case.")
        case ENOTDIR:
            return Diagnostic(file: path, zh: "路径中有一级是文件而不是文件夹", en: "a part of this path is a file, not a folder",
                              hintZh: "检查路径中各级文件夹的名字。", hintEn: "Check the names of the folders in the path.")
        case EISDIR:
            return Diagnostic(file: path, zh: "这是一个文件夹，不是文件", en: "this is a folder, not a file",
                              hintZh: "这里需要一个文件；把文件夹改名或移走。", hintEn: "A file is needed here; rename or move the folder.")
        default:
            let reason = String(cString: strerror(code))
            return Diagnostic(file: path, zh: "无法读取这个\(whatZh)：\(reason)", en: "cannot read this \(whatEn): \(reason)",
                              hintZh: "检查磁盘和文件权限；不清楚如何处理时，把这段信息发给网站的技术维护人员。",
                              hintEn: "Check the disk and the permissions; if unsure, send this message to the site's maintainer.")
        }
    }
}
