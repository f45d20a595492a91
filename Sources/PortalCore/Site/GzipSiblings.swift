import Foundation

/// Writes `<file>.gz` beside every text file worth compressing, for nginx's `gzip_static`: nginx
/// then sends the prepared bytes instead of compressing the same page on every request.
///
/// Only html, css, js, json, xml, svg and csv files over 1 KiB get one (smaller ones gain little
/// and nginx compresses them on the fly), and only when the compressed file is actually smaller.
/// The `.gz` bytes depend only on the file's bytes (`Gzip`), so the build stays byte-identical.
struct GzipSiblings: OutputFinisher {
    static let extensions: Set<String> = ["html", "css", "js", "json", "xml", "svg", "csv"]
    /// “Over 1 KiB”: a file of exactly 1024 bytes gets none.
    static let minimumSize = 1024

    func finish(_ folder: URL) throws {
        let files = Self.candidates(in: folder)
        let failures = parallelMap(files) { file -> Diagnostic? in
            do {
                let data = try Data(contentsOf: file)
                guard let compressed = Gzip.compress(data) else {
                    return Self.failure(file, in: folder, reason: "zlib")
                }
                if compressed.count >= data.count { return nil }
                try OutputFolder.writeFile(compressed, at: file.path + ".gz")
                return nil
            } catch {
                return Self.failure(file, in: folder, reason: "\(error)")
            }
        }.compactMap { $0 }
        if !failures.isEmpty { throw DiagnosticsError(failures) }
    }

    /// Every regular file below `folder` with one of `extensions` (any case) and over `minimumSize`.
    static func candidates(in folder: URL) -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            guard extensions.contains(url.pathExtension.lowercased()),
                  let values = try? url.resourceValues(forKeys: Set(keys)),
                  values.isRegularFile == true,
                  (values.fileSize ?? 0) > minimumSize
            else { continue }
            files.append(url)
        }
        return files
    }

    private static func failure(_ file: URL, in folder: URL, reason: String) -> Diagnostic {
        let relative = String(file.path.dropFirst(folder.path.count)).drop { $0 == "/" }
        return Diagnostic(file: nil,
                          zh: "无法写入压缩文件 \(relative).gz：\(reason)",
                          en: "could not write the compressed copy \(relative).gz: \(reason)")
    }
}
