import Foundation

/// A template rendered once for a page shape (`TemplateValues`): its output cut into the bytes
/// every page of that shape shares and the slots where each page's own texts go, escaped or not.
///
/// It is made by rendering the template with swift-mustache, as for any page, but with a marker
/// in place of each text; the output is then split at the markers. swift-mustache handles a text
/// as an opaque value everywhere except where the templates cannot use it when skeletons are on
/// (`TemplateRenderer.sharesRenderings`: no transforms, no dynamic partials) and where the shape
/// records it (empty or not, line break at the end), so every page of the shape renders as the
/// skeleton filled with its texts, byte for byte. A marker also says how the template's content
/// type treated it: HTML-escaped by `PortalHTMLContentType`, or inserted as it is. Any other
/// outcome (another content type, a text printed inside a collection's description) makes the
/// shape unusable, and its pages are rendered one by one as before.
final class PageSkeleton: Sendable {
    /// Where a page's text goes: after `constant[..<offset]`, the text `text`, escaped or not.
    struct Slot {
        let offset: Int
        let text: Int
        let escaped: Bool
    }

    /// The bytes every page of the shape shares, slots cut out.
    let constant: [UInt8]
    let slots: [Slot]

    private init(constant: [UInt8], slots: [Slot]) {
        self.constant = constant
        self.slots = slots
    }

    // MARK: Markers

    /// U+E000 and U+E001 (private use) around a marker.
    private static let start: [UInt8] = [0xEE, 0x80, 0x80]
    private static let end: [UInt8] = [0xEE, 0x80, 0x81]
    /// After the number: "<" and "<" + U+0301, which `PortalHTMLContentType` escapes to
    /// `&lt;&lt;` + U+0301 but swift-mustache's own HTML type (which works on `Character`s) would
    /// not, and a backslash, which Swift doubles when it prints a string inside a collection.
    private static let probe = "<<\u{301}\\"
    private static let rawProbe = Array(probe.utf8)
    private static let escapedProbe = Array(HTMLText.escape(probe).utf8)

    /// The marker of text `index`; a text ending in a line break keeps its break after the marker.
    static func marker(_ index: Int, endsInLineBreak: Bool) -> String {
        "\u{E000}\(index)\(probe)\u{E001}" + (endsInLineBreak ? "\n" : "")
    }

    /// Whether `text` holds a marker's delimiters (such templates or shared values are never
    /// rendered with markers).
    static func holdsMarkerCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\u{E000}" || $0 == "\u{E001}" }
    }

    /// Splits the output of a template rendered with markers. Nil when a marker is not found
    /// whole, its text has the wrong kind, or anything looks like a marker printed another way.
    static func parse(_ output: String, lineBreakAfter: (Int) -> Bool?) -> PageSkeleton? {
        let bytes = Array(output.utf8)
        var constant: [UInt8] = []
        constant.reserveCapacity(bytes.count)
        var slots: [Slot] = []
        var position = 0
        func matches(_ pattern: [UInt8], at index: Int) -> Bool {
            index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
        while position < bytes.count {
            guard matches(start, at: position) else {
                // A delimiter of the end kind outside a marker: something was cut or reordered.
                if matches(end, at: position) { return nil }
                constant.append(bytes[position])
                position += 1
                continue
            }
            position += start.count
            var index = 0
            let digitsStart = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39, position - digitsStart < 9 {
                index = index * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            guard position > digitsStart, let lineBreak = lineBreakAfter(index) else { return nil }
            let escaped: Bool
            if matches(rawProbe, at: position) {
                escaped = false
                position += rawProbe.count
            } else if matches(escapedProbe, at: position) {
                escaped = true
                position += escapedProbe.count
            } else {
                return nil
            }
            guard matches(end, at: position) else { return nil }
            position += end.count
            if lineBreak {
                guard position < bytes.count, bytes[position] == 0x0A else { return nil }
                position += 1
            }
            slots.append(Slot(offset: constant.count, text: index, escaped: escaped))
        }
        // A marker printed through `debugDescription` (a collection rendered by `{{.}}`) shows
        // its delimiters as `\u{E000}`.
        let printed = Array("u{e000}".utf8)
        let lowered = constant.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for index in lowered.indices where lowered[index] == printed[0] && lowered[index...].starts(with: printed) {
            return nil
        }
        return PageSkeleton(constant: constant, slots: slots)
    }

    // MARK: Filling

    /// The page: the shared bytes with `texts` in their slots.
    func fill(_ texts: [TemplateValues.Text]) -> Data {
        var size = constant.count
        for slot in slots { size += Self.size(of: texts[slot.text], escaped: slot.escaped) }
        guard size > 0 else { return Data() }
        // Out of memory is not a page to write empty.
        guard let memory = malloc(size) else { fatalError("out of memory for a page of \(size) bytes") }
        let buffer = memory.bindMemory(to: UInt8.self, capacity: size)
        var written = 0
        constant.withUnsafeBufferPointer { constant in
            var copied = 0
            func copyConstant(upTo offset: Int) {
                (buffer + written).update(from: constant.baseAddress! + copied, count: offset - copied)
                written += offset - copied
                copied = offset
            }
            for slot in slots {
                copyConstant(upTo: slot.offset)
                Self.withUTF8(of: texts[slot.text]) { text in
                    if slot.escaped {
                        written += Self.escape(text, into: buffer + written)
                    } else if !text.isEmpty {
                        (buffer + written).update(from: text.baseAddress!, count: text.count)
                        written += text.count
                    }
                }
            }
            copyConstant(upTo: constant.count)
        }
        precondition(written == size, "page skeleton filled with \(written) of \(size) bytes")
        return Data(bytesNoCopy: memory, count: size, deallocator: .free)
    }

    private static func withUTF8<R>(of text: TemplateValues.Text, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch text {
        case .string(var string): return string.withUTF8(body)
        case .bytes(let bytes): return bytes.withUnsafeBufferPointer(body)
        case .number(let number):
            var string = String(number)
            return string.withUTF8(body)
        }
    }

    private static func size(of text: TemplateValues.Text, escaped: Bool) -> Int {
        withUTF8(of: text) { bytes in
            guard escaped else { return bytes.count }
            var size = bytes.count
            for byte in bytes {
                switch byte {
                case 0x3C, 0x3E: size += 3   // &lt; &gt;
                case 0x26, 0x27: size += 4   // &amp; &#39;
                case 0x22: size += 5         // &quot;
                default: break
                }
            }
            return size
        }
    }

    /// `HTMLText.escape`, written straight into the page; returns the bytes written.
    private static func escape(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        func put(_ entity: StaticString) {
            let count = entity.utf8CodeUnitCount
            (output + written).update(from: entity.utf8Start, count: count)
            written += count
        }
        for byte in text {
            switch byte {
            case 0x3C: put("&lt;")
            case 0x3E: put("&gt;")
            case 0x26: put("&amp;")
            case 0x22: put("&quot;")
            case 0x27: put("&#39;")
            default:
                output[written] = byte
                written += 1
            }
        }
        return written
    }
}

/// The skeletons of one template library, by template and shape. Shared by the threads of a
/// build: a shape seen for the first time may be rendered by two threads at once, which only
/// costs time (both get the same skeleton).
final class PageSkeletons: @unchecked Sendable {
    enum Entry {
        case skeleton(PageSkeleton)
        /// The shape cannot be rendered with markers: its pages are rendered one by one.
        case unusable
    }

    /// Enough for every shape of a big site (sections × metadata rows × attachments …); a site
    /// with more renders the rest page by page rather than keep growing.
    static let capacity = 4096

    private let lock = NSLock()
    private var entries: [ShapeKey: Entry] = [:]
    private var lastIdentity: UInt64 = 0

    /// A number for a set of shared values (`TemplateValues.merge`) that no other set rendered
    /// through these skeletons has, so a skeleton is never filled with another set's values.
    func newIdentity() -> UInt64 {
        lock.withLock {
            lastIdentity += 1
            return lastIdentity
        }
    }

    func entry(template: String, shape: [UInt8]) -> Entry? {
        let key = ShapeKey(template: template, bytes: shape)
        return lock.withLock { entries[key] }
    }

    /// How many shapes have a usable skeleton.
    var usableCount: Int {
        lock.withLock {
            entries.values.count { entry in
                if case .skeleton = entry { return true }
                return false
            }
        }
    }

    func store(_ entry: Entry, template: String, shape: [UInt8]) {
        let key = ShapeKey(template: template, bytes: shape)
        lock.withLock {
            if entries.count < Self.capacity { entries[key] = entry }
        }
    }

    /// A template and a shape; hashes the shape's bytes at once rather than element by element.
    private struct ShapeKey: Hashable {
        let template: String
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            hasher.combine(template)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}
