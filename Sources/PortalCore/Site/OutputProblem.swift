import Foundation

/// What a failed write of the output says: the system's error number behind a file-system error,
/// in words an editor or an admin can act on.
enum OutputProblem {
    /// The `errno` behind a file-system error, however it was wrapped.
    static func posixCode(of error: Error) -> Int32? {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? Error {
            return Int32((underlying as NSError).code)
        } else if nsError.domain == NSPOSIXErrorDomain {
            return Int32(nsError.code)
        } else if let posix = error as? POSIXError {
            return posix.code.rawValue
        }
        return nil
    }

    /// A file-system failure while writing the site (a full disk, a folder that is a file, no
    /// permission), said in words an editor or an admin can act on.
    static func diagnostic(_ error: Error, output: URL) -> Diagnostic {
        let code = posixCode(of: error)
        let english = code.map { String(cString: strerror($0)) } ?? error.localizedDescription
        let chinese: String
        switch code {
        case ENOSPC?, EDQUOT?: chinese = "磁盘空间不足"
        case EACCES?, EPERM?: chinese = "没有写入这个目录的权限"
        case ENOTDIR?: chinese = "路径中有一级不是目录而是文件"
        case EROFS?: chinese = "磁盘是只读的"
        // Any other failure: still said in Chinese first, the system's own words after it.
        default: chinese = "文件系统报错（\(english)）"
        }
        return Diagnostic(
            file: nil,
            zh: "无法写入输出目录 \(output.path)：\(chinese)",
            en: "cannot write the output folder \(output.path): \(english)",
            hintZh: "原有网站未受影响。请检查磁盘空间和目录权限，或换一个输出目录（--output）；不清楚如何处理时，把这段信息发给网站的技术维护人员。",
            hintEn: "The published site is unchanged. Check the free disk space, the permissions, and that every parent of the path is a folder; or choose another folder with --output.")
    }
}
