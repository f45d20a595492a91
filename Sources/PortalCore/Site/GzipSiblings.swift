import Foundation

/// Writes `<file>.gz` beside every text file worth compressing, for nginx's `gzip_static`: nginx
/// then sends the prepared bytes instead of compressing the same page on every request.
///
/// Only html, css, js, json, xml, svg and csv files over 1 KiB get one (smaller ones gain little
/// and nginx compresses them on the fly), and only when the compressed file is actually smaller.
/// The `.gz` bytes depend only on the file's bytes (`Gzip`), so the build stays byte-identical.
enum GzipSiblings {
    static let extensions: Set<String> = ["html", "css", "js", "json", "xml", "svg", "csv"]
    /// “Over 1 KiB”: a file of exactly 1024 bytes gets none.
    static let minimumSize = 1024

    /// Writes `<path>.gz` when the file deserves one (see above).
    static func writeSibling(of data: Data, at path: String) throws {
        guard data.count > minimumSize, let dot = path.lastIndex(of: "."),
              extensions.contains(path[path.index(after: dot)...].lowercased())
        else { return }
        guard let compressed = Gzip.compress(data) else {
            throw DiagnosticsError([Diagnostic(file: nil, zh: "无法压缩 \(path)（libdeflate 出错）", en: "could not compress \(path) (libdeflate failed)")])
        }
        if compressed.count < data.count { try OutputFolder.writeFile(compressed, at: path + ".gz") }
    }
}
