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

    /// `decode` on the bytes as read (see `readFile`).
    static func decode(_ bytes: UnsafeRawBufferPointer, file: String) -> Result<String, Diagnostic> {
        var bytes = UnsafeRawBufferPointer(rebasing: bytes[...])
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
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

    /// The bytes of a whole file, or nil when it cannot be read. One `open`, `fstat` and `read`
    /// into one buffer: `FileManager.contents(atPath:)` costs several more calls and copies per
    /// file, which counts when a site has ten thousand of them.
    ///
    /// - Parameter directory: an open folder that a relative `path` is in (`openat`: the folders
    ///   of the path are not looked up again for each file), or `AT_FDCWD`.
    static func readFile(_ path: String, in directory: Int32 = AT_FDCWD) -> [UInt8]? {
        let descriptor = openat(directory, path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // One byte more than the size: a file that filled it grew meanwhile and is read again.
        let capacity = max(Int(status.st_size), 0) + 1
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            while initialized < capacity {
                let count = read(descriptor, buffer.baseAddress! + initialized, capacity - initialized)
                if count > 0 {
                    initialized += count
                } else if count == 0 {
                    break
                } else if errno != EINTR {
                    failed = true
                    break
                }
            }
        }
        if failed { return nil }
        if bytes.count == capacity { return readGrowingFile(descriptor) }
        return bytes
    }

    /// The rest of a file that is longer than it was said to be, read to its end.
    private static func readGrowingFile(_ descriptor: Int32) -> [UInt8]? {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                return nil
            }
        }
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
