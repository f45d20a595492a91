import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decodes a content file the way editors save them: UTF-8, with or without a BOM, with Windows
/// (CRLF) or Unix line ends. Anything else (GBK from a Chinese Windows editor is the usual case) is
/// a diagnostic that says how to re-save the file.
public enum SourceText {
    public static func decode(_ data: Data, file: String) -> Result<String, Diagnostic> {
        data.withUnsafeBytes { decode($0, file: file) }
    }

    /// `decode` on the bytes as read (see `SiteFiles.read`).
    static func decode(_ bytes: UnsafeRawBufferPointer, file: String) -> Result<String, Diagnostic> {
        var bytes = UnsafeRawBufferPointer(rebasing: bytes[...])
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
        if let utf16 = utf16Problem(bytes, file: file) { return .failure(utf16) }
        guard let text = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else {
            return .failure(Diagnostic(
                file: file, line: firstInvalidLine(Data(bytes)),
                zh: "文件不是 UTF-8 编码（可能是 GBK/GB2312）", en: "the file is not UTF-8 (probably GBK/GB2312)",
                hintZh: "用编辑器“另存为”并选择 UTF-8 编码；记事本中选择“UTF-8”。",
                hintEn: "Use “Save as” in your editor and choose the UTF-8 encoding."))
        }
        // A carriage return byte is never part of a longer UTF-8 sequence, so the raw bytes tell;
        // `memchr` reads them many at a time (the String's byte view went one by one).
        if let base = bytes.baseAddress, memchr(base, 13, bytes.count) != nil {
            return .success(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        }
        return .success(text)
    }

    /// A file saved as UTF-16 (Windows Notepad's “Unicode”): a UTF-16 byte-order mark, or a zero
    /// byte beside nearly every ASCII character. Said as such, not as “maybe GBK”.
    static func utf16Problem(_ bytes: UnsafeRawBufferPointer, file: String) -> Diagnostic? {
        let isMarked = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        let sample = bytes.prefix(512)
        let zeros = sample.lazy.filter { $0 == 0 }.count
        guard isMarked || (sample.count >= 8 && zeros * 4 >= sample.count) else { return nil }
        return Diagnostic(
            file: file, zh: "文件是 UTF-16 编码（记事本中的“Unicode”），不是 UTF-8",
            en: "the file is UTF-16 (Notepad's “Unicode”), not UTF-8",
            hintZh: "用编辑器“另存为”并选择 UTF-8 编码；记事本中选择“UTF-8”。",
            hintEn: "Use “Save as” in your editor and choose the UTF-8 encoding.")
    }

    /// Whether a text holds nothing but white space (checked on bytes; stops at the first other byte).
    public static func isBlank(_ text: String) -> Bool {
        !text.utf8.contains { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 0x0B && $0 != 0x0C }
            && !text.unicodeScalars.contains { !$0.properties.isWhitespace }
    }

    /// The line of the first byte sequence that is not valid UTF-8, so the editor can find it.
    static func firstInvalidLine(_ data: Data) -> Int? {
        var line = 1
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            if byte == 0x0A { line += 1; index += 1; continue }
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return line
            }
            if index + length > data.endIndex { return line }
            for offset in 1..<length where data[index + offset] & 0xC0 != 0x80 { return line }
            index += length
        }
        return nil
    }
}
