import Foundation
import ZIPFoundation

/// The text of an attachment, for the privacy scan: text files in the encodings Chinese offices
/// save them in, and the words and cell values of Word (.docx) and Excel (.xlsx) files.
enum AttachmentText {
    /// Read as text, in any encoding `decode` accepts.
    static let textExtensions: Set<String> = ["md", "txt", "csv", "tsv", "json", "xml", "html", "htm", "yaml", "yml"]
    /// Office Open XML files: zip archives of XML parts.
    static let officeExtensions: Set<String> = ["xlsx", "docx"]

    /// At most this many bytes are decompressed from one office file: a zip bomb (gigabytes of
    /// zeros in a few kilobytes) must not take the build's memory or time. No real sheet or letter
    /// published as an attachment comes near it.
    static let decompressedLimit = 50_000_000

    enum Extracted {
        /// The text; `place` names where a line came from when lines mean nothing to the editor
        /// (office files); `complete` is false when only part of the file could be read.
        case text(String, place: (@Sendable (Int) -> (zh: String, en: String))?, complete: Bool)
        /// Not a format that can be read (PDF, images, .doc/.xls, archives) or a broken office file.
        case unscannable
    }

    static func fileExtension(_ file: String) -> String { (file as NSString).pathExtension.lowercased() }

    static func isScannable(_ file: String) -> Bool {
        let ext = fileExtension(file)
        return textExtensions.contains(ext) || officeExtensions.contains(ext)
    }

    static func extract(_ bytes: [UInt8], file: String, limit: Int = decompressedLimit) -> Extracted {
        let ext = fileExtension(file)
        if textExtensions.contains(ext) { return .text(decode(bytes), place: nil, complete: true) }
        guard officeExtensions.contains(ext), let archive = try? Archive(data: Data(bytes), accessMode: .read) else {
            return .unscannable
        }
        return ext == "docx" ? OfficeText.document(archive, limit: limit) : OfficeText.workbook(archive, limit: limit)
    }

    /// GB 18030 (a superset of GBK and GB 2312), as Foundation on Linux names it
    /// (`kCFStringEncodingGB_18030_2000` made an `NSStringEncoding`; `CFStringConvert…` itself is
    /// not there).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes a text file whatever it was saved as: UTF-8 (with or without a BOM), UTF-16 with a
    /// BOM or, without one, by its zero bytes (Notepad's “Unicode”), else GB 18030/GBK (Chinese
    /// Excel's CSV). Never fails: bytes no encoding takes are read as UTF-8 with replacement
    /// characters, which keeps their ASCII digits.
    static func decode(_ bytes: [UInt8]) -> String {
        let data = Data(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(validating: bytes.dropFirst(3), as: UTF8.self) { return text }
        if bytes.starts(with: [0xFF, 0xFE]), let text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian) { return text }
        if bytes.starts(with: [0xFE, 0xFF]), let text = String(data: data.dropFirst(2), encoding: .utf16BigEndian) { return text }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let sample = bytes.prefix(1024)
        if sample.count >= 4 {
            let evenZeros = stride(from: 0, to: sample.count, by: 2).filter { sample[sample.startIndex + $0] == 0 }.count
            let oddZeros = stride(from: 1, to: sample.count, by: 2).filter { sample[sample.startIndex + $0] == 0 }.count
            if oddZeros * 3 >= sample.count / 2, let text = String(data: data, encoding: .utf16LittleEndian) { return text }
            if evenZeros * 3 >= sample.count / 2, let text = String(data: data, encoding: .utf16BigEndian) { return text }
        }
        if let text = String(data: data, encoding: gb18030) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The text of .docx and .xlsx parts, read with a byte-level XML tokeniser (the parts are
/// machine-written; only element names, two attributes and text matter).
enum OfficeText {
    private struct LimitReached: Error {}

    /// Reads the named entries, together at most `limit` decompressed bytes. Entries whose
    /// declared size alone passes the limit are not inflated at all; the count of bytes actually
    /// inflated stops a file whose headers lie.
    private static func read(_ archive: Archive, entries: [Entry], limit: Int) -> (parts: [(String, [UInt8])], complete: Bool) {
        var total = 0
        var parts: [(String, [UInt8])] = []
        for entry in entries {
            guard total + Int(clamping: entry.uncompressedSize) <= limit else { return (parts, false) }
            var bytes: [UInt8] = []
            do {
                _ = try archive.extract(entry, skipCRC32: true) { chunk in
                    total += chunk.count
                    if total > limit { throw LimitReached() }
                    bytes.append(contentsOf: chunk)
                }
            } catch {
                return (parts, false)
            }
            parts.append((entry.path, bytes))
        }
        return (parts, true)
    }

    /// word/document.xml (and headers, footers, notes, comments): one line per paragraph.
    static func document(_ archive: Archive, limit: Int) -> AttachmentText.Extracted {
        let wanted = archive.filter { entry in
            let path = entry.path
            return path == "word/document.xml" || (path.hasPrefix("word/") && path.hasSuffix(".xml") && !path.dropFirst(5).contains("/")
                && ["header", "footer", "footnotes", "endnotes", "comments"].contains { path.dropFirst(5).hasPrefix($0) })
        }.sorted { ($0.path == "word/document.xml" ? 0 : 1, $0.path) < ($1.path == "word/document.xml" ? 0 : 1, $1.path) }
        guard wanted.contains(where: { $0.path == "word/document.xml" }) else { return .unscannable }
        let (parts, complete) = read(archive, entries: wanted, limit: limit)
        var lines: [String] = []
        var current: [UInt8] = []
        // Only the text of `w:t` runs: the white space between elements of a pretty-printed
        // part is no text of the document, and its line breaks would shift the paragraphs.
        var inText = false
        for (_, xml) in parts {
            tokenise(xml) { event in
                switch event {
                case .text(let text): if inText { current += oneLine(text) }
                case .open(let name, _, let selfClosing):
                    if (name == "w:t" || name == "w:delText") && !selfClosing { inText = true }
                    if name == "w:tab" { current.append(32) }
                    if name == "w:br" && selfClosing { lines.append(String(decoding: current, as: UTF8.self)); current = [] }
                case .close(let name):
                    if name == "w:t" || name == "w:delText" { inText = false }
                    if name == "w:p" { lines.append(String(decoding: current, as: UTF8.self)); current = [] }
                }
            }
            if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)); current = [] }
        }
        return .text(lines.joined(separator: "\n"), place: { ("第 \($0) 段", "paragraph \($0)") }, complete: complete)
    }

    /// xl/sharedStrings.xml and every xl/worksheets/sheet*.xml: one line per cell, its value
    /// (a shared string, an inline string, a formula's text or a number: an ID number typed as
    /// a number is stored as one, in scientific notation when long).
    static func workbook(_ archive: Archive, limit: Int) -> AttachmentText.Extracted {
        let shared = archive.filter { $0.path == "xl/sharedStrings.xml" }
        let sheets = archive.filter { $0.path.hasPrefix("xl/worksheets/") && $0.path.hasSuffix(".xml") && !$0.path.dropFirst(14).contains("/") }
            .sorted { $0.path.localizedStandardCompare($1.path) == .orderedAscending }
        guard !sheets.isEmpty else { return .unscannable }
        let (parts, complete) = read(archive, entries: shared + sheets, limit: limit)
        var strings: [[UInt8]] = []
        var lines: [String] = []
        var places: [(zh: String, en: String)] = []
        for (path, xml) in parts {
            if path == "xl/sharedStrings.xml" {
                var current: [UInt8] = []
                var inItem = false, inText = false, inPhonetic = false
                tokenise(xml) { event in
                    switch event {
                    case .open(let name, _, let selfClosing):
                        if name == "si" { inItem = !selfClosing; current = []; if selfClosing { strings.append([]) } }
                        if name == "t" && !selfClosing { inText = true }
                        if name == "rPh" && !selfClosing { inPhonetic = true }  // furigana, not shown
                    case .text(let text): if inItem && inText && !inPhonetic { current += oneLine(text) }
                    case .close(let name):
                        if name == "si" { strings.append(current); inItem = false }
                        if name == "t" { inText = false }
                        if name == "rPh" { inPhonetic = false }
                    }
                }
                continue
            }
            let sheet = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            var reference = "", type = "", value: [UInt8] = [], inCell = false, inValue = false
            tokenise(xml) { event in
                switch event {
                case .open(let name, let attributes, let selfClosing):
                    if name == "c" {
                        reference = attribute("r", in: attributes) ?? ""
                        type = attribute("t", in: attributes) ?? ""
                        value = []
                        inCell = !selfClosing
                    } else if inCell && (name == "v" || name == "t") && !selfClosing {
                        inValue = true
                    }
                case .text(let text): if inValue { value += oneLine(text) }
                case .close(let name):
                    if name == "v" || name == "t" { inValue = false }
                    if name == "c" && inCell {
                        inCell = false
                        var text = value
                        if type == "s" {
                            text = Int(String(decoding: value, as: UTF8.self)).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? []
                        } else if type == "" || type == "n" {
                            text = Array(plainDigits(String(decoding: value, as: UTF8.self)).utf8)
                        }
                        guard !text.isEmpty else { return }
                        lines.append(String(decoding: text, as: UTF8.self))
                        places.append(("工作表 \(sheet) 单元格 \(reference)", "sheet \(sheet), cell \(reference)"))
                    }
                }
            }
        }
        let found = places
        return .text(lines.joined(separator: "\n"),
                     place: { found.indices.contains($0 - 1) ? found[$0 - 1] : ("第 \($0) 个单元格", "cell \($0)") },
                     complete: complete)
    }

    /// Text of one cell or paragraph on one line (the lines are counted to name the place): a
    /// line break in a cell becomes a space.
    static func oneLine(_ text: ArraySlice<UInt8>) -> [UInt8] {
        text.map { $0 == 10 || $0 == 13 ? 32 : $0 }
    }

    /// A number as Excel stores it (`1.3812345678E10`) written out in digits (`13812345678`).
    static func plainDigits(_ value: String) -> String {
        let parts = value.uppercased().split(separator: "E", maxSplits: 1)
        guard parts.count == 2, let exponent = Int(parts[1]), exponent > 0, exponent < 40 else { return value }
        let mantissa = parts[0].split(separator: ".", maxSplits: 1)
        let whole = String(mantissa[0]), fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        guard fraction.count <= exponent, (whole + fraction).allSatisfy(\.isASCII) else { return value }
        return whole + fraction + String(repeating: "0", count: exponent - fraction.count)
    }

    enum XMLEvent {
        case open(name: String, attributes: ArraySlice<UInt8>, selfClosing: Bool)
        case close(name: String)
        /// Text as written (entities are left for `PrivacyText` to decode).
        case text(ArraySlice<UInt8>)
    }

    /// Tags and text of an XML part, in order; comments, declarations and CDATA markers skipped.
    static func tokenise(_ xml: [UInt8], _ handle: (XMLEvent) -> Void) {
        var index = 0
        let count = xml.count
        while index < count {
            guard xml[index] == UInt8(ascii: "<") else {
                let start = index
                while index < count, xml[index] != UInt8(ascii: "<") { index += 1 }
                handle(.text(xml[start..<index]))
                continue
            }
            var end = index + 1
            while end < count, xml[end] != UInt8(ascii: ">") { end += 1 }
            guard end < count else { return }
            let inside = xml[(index + 1)..<end]
            index = end + 1
            guard let first = inside.first, first != UInt8(ascii: "?"), first != UInt8(ascii: "!") else { continue }
            if first == UInt8(ascii: "/") {
                handle(.close(name: String(decoding: inside.dropFirst().prefix { $0 > 32 }, as: UTF8.self)))
                continue
            }
            let selfClosing = inside.last == UInt8(ascii: "/")
            let body = selfClosing ? inside.dropLast() : inside
            let name = body.prefix { $0 > 32 && $0 != UInt8(ascii: "/") }
            handle(.open(name: String(decoding: name, as: UTF8.self), attributes: body.dropFirst(name.count), selfClosing: selfClosing))
        }
    }

    /// The value of `name="…"` among a tag's attributes.
    static func attribute(_ name: String, in attributes: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: attributes, as: UTF8.self)
        for quote in ["\"", "'"] {
            if let range = text.range(of: " \(name)=\(quote)") ?? (text.hasPrefix("\(name)=\(quote)") ? text.range(of: "\(name)=\(quote)") : nil),
               let close = text[range.upperBound...].firstIndex(of: Character(quote)) {
                return String(text[range.upperBound..<close])
            }
        }
        return nil
    }
}
