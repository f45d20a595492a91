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
    static func writeSibling(of data: Data, at path: String, level: Gzip.Level = .tight) throws {
        guard data.count > minimumSize, let dot = path.lastIndex(of: "."),
              extensions.contains(path[path.index(after: dot)...].lowercased())
        else { return }
        guard let compressed = Gzip.compress(data, level: level) else {
            // libdeflate fails only when it cannot get memory for its tables.
            throw DiagnosticsError([Diagnostic(
                file: nil, zh: "内存不足，无法生成网站文件的压缩副本（.gz）", en: "out of memory while writing the compressed copies (.gz) of the site's files",
                hintZh: "关闭其他占用内存的程序后重新运行 portal build。原有网站未受影响。",
                hintEn: "Close other programs that use much memory and run portal build again. The published site is unchanged.")])
        }
        if compressed.count < data.count { try OutputFolder.writeFile(compressed, at: path + ".gz") }
    }
}
