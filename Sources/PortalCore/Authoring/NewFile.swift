import Foundation

/// Creating a file that must not exist yet: `O_EXCL`, so that an existing file — even one created
/// a moment ago by someone else — is never overwritten.
enum NewFile {
    /// - Parameter displayPath: the path relative to the site root, for messages.
    static func write(_ text: String, to url: URL, displayPath: String) throws(DiagnosticsError) {
        try write(Data(text.utf8), to: url, displayPath: displayPath)
    }

    /// The same for bytes (`portal init` copies binary template assets).
    static func write(_ data: Data, to url: URL, displayPath: String) throws(DiagnosticsError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw failure(displayPath, error.localizedDescription)
        }
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST {
                throw DiagnosticsError([Diagnostic(
                    file: displayPath, zh: "文件已存在，没有改动它", en: "the file already exists; it was left unchanged",
                    hintZh: "检查这个文件的内容；如需重新生成，先移走它。",
                    hintEn: "Look at that file; to make a new one, move it away first.")])
            }
            throw failure(displayPath, String(cString: strerror(code)))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            unlink(url.path)
            throw failure(displayPath, error.localizedDescription)
        }
    }

    private static func failure(_ path: String, _ reason: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(file: path, zh: "无法写入：\(reason)", en: "cannot write: \(reason)")])
    }
}
