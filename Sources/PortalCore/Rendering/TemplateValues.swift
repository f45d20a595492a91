/// The values of one page for its template, recorded as two parts: the page's *shape* (its keys,
/// its flags, how long its lists are, which shared values it carries) and its *texts*, in order.
///
/// Pages of the same shape differ only in their texts, so `TemplateRenderer.render(_:_:)` renders
/// a template once per shape (`PageSkeleton`) and fills every later page of that shape with its
/// own texts, instead of walking the template with a dictionary for every page. What a template
/// sees is still exactly the dictionary `dictionary()` builds: the values are a faster way to
/// write that dictionary, not another kind of context.
struct TemplateValues {
    /// One text of a page: a string, a number (templates see `Int`, as the dictionaries did) or
    /// HTML already in UTF-8 bytes (a rendered Markdown body, never re-decoded).
    enum Text {
        case string(String)
        case number(Int)
        case bytes([UInt8])
    }

    /// Tags of the shape encoding. A key entry is `key`, the key's UTF-8, `keyEnd`, then its
    /// value; a shared entry is `shared`, the identity, `keyEnd`; an object is `objectStart`, its
    /// entries, `objectEnd`; a list is `listStart`, its elements' values, `listEnd`.
    enum Tag {
        static let key: UInt8 = 0x01
        static let shared: UInt8 = 0x02
        static let keyEnd: UInt8 = 0x00
        /// A text that is not empty and does not end in a line break.
        static let text: UInt8 = UInt8(ascii: "T")
        /// A text ending in a line break: swift-mustache indents what follows it in an indented
        /// partial, so the skeleton must see that break too.
        static let textEndingInLineBreak: UInt8 = UInt8(ascii: "L")
        /// The empty text: rendered as nothing, which swift-mustache treats differently from any
        /// other text in an indented partial; it has no slot.
        static let emptyText: UInt8 = UInt8(ascii: "E")
        static let number: UInt8 = UInt8(ascii: "N")
        static let yes: UInt8 = UInt8(ascii: "t")
        static let no: UInt8 = UInt8(ascii: "f")
        static let objectStart: UInt8 = UInt8(ascii: "{")
        static let objectEnd: UInt8 = UInt8(ascii: "}")
        static let listStart: UInt8 = UInt8(ascii: "[")
        static let listEnd: UInt8 = UInt8(ascii: "]")
    }

    private(set) var shape: [UInt8] = []
    /// The non-empty texts, in the order of their tags in `shape`.
    private(set) var texts: [Text] = []
    /// The shared dictionaries, in the order of their entries in `shape`.
    private(set) var shared: [[String: Any]] = []
    /// Set when a text could make the page render differently from its skeleton (see `addText`):
    /// such a page is rendered on its own.
    private(set) var rendersAlone = false

    init() {
        shape.reserveCapacity(256)
        texts.reserveCapacity(24)
    }

    // MARK: Writing values

    mutating func set(_ key: String, _ text: String) {
        appendKey(key)
        var bytes = text
        bytes.withUTF8 { addText(.string(text), utf8: $0) }
    }

    mutating func set(_ key: String, html: [UInt8]) {
        appendKey(key)
        html.withUnsafeBufferPointer { addText(.bytes(html), utf8: $0) }
    }

    mutating func set(_ key: String, _ number: Int) {
        appendKey(key)
        shape.append(Tag.number)
        texts.append(.number(number))
    }

    mutating func set(_ key: String, _ flag: Bool) {
        appendKey(key)
        shape.append(flag ? Tag.yes : Tag.no)
    }

    /// `key` is an object whose values `fill` sets.
    mutating func object(_ key: String, _ fill: (inout TemplateValues) -> Void) {
        appendKey(key)
        shape.append(Tag.objectStart)
        fill(&self)
        shape.append(Tag.objectEnd)
    }

    /// `key` is a list with an object per element, whose values `fill` sets.
    mutating func list<S: Sequence>(_ key: String, _ elements: S, _ fill: (inout TemplateValues, S.Element) -> Void) {
        appendKey(key)
        shape.append(Tag.listStart)
        for element in elements {
            shape.append(Tag.objectStart)
            fill(&self, element)
            shape.append(Tag.objectEnd)
        }
        shape.append(Tag.listEnd)
    }

    /// Merges `values` into the current object, its keys replacing any set before: the values
    /// every page of a section shares (the site block, the navigation, …). `identity` names them
    /// for the shape and must be unique among the values rendered through one `PageSkeletons`
    /// (`PageSkeletons.newIdentity`): values of the same identity are the same.
    mutating func merge(shared values: [String: Any], identity: String) {
        shape.append(Tag.shared)
        shape.append(contentsOf: identity.utf8)
        shape.append(Tag.keyEnd)
        shared.append(values)
    }

    /// Renders this page on its own, never from a skeleton (a value the markers cannot stand for).
    mutating func renderAlone() {
        rendersAlone = true
    }

    private mutating func appendKey(_ key: String) {
        shape.append(Tag.key)
        shape.append(contentsOf: key.utf8)
        shape.append(Tag.keyEnd)
    }

    /// swift-mustache treats a rendered text as opaque except in two places, both inside indented
    /// partials: whether it is empty, and whether the rendered output then ends in a line break
    /// (`Character` "\n": a LF not preceded by a CR). Both are part of the shape. A text that is a
    /// lone LF could join a CR before it into one `Character`, so it is not shared at all.
    private mutating func addText(_ text: Text, utf8: UnsafeBufferPointer<UInt8>) {
        guard let last = utf8.last else { return shape.append(Tag.emptyText) }
        if utf8.count == 1 && last == 0x0A { rendersAlone = true }
        let endsInLineBreak = last == 0x0A && (utf8.count < 2 || utf8[utf8.count - 2] != 0x0D)
        shape.append(endsInLineBreak ? Tag.textEndingInLineBreak : Tag.text)
        texts.append(text)
    }

    // MARK: Reading them back

    /// The dictionary the template renders, with `text(index, endsInLineBreak)` for the text of
    /// each slot: the page's own texts, or the skeleton's markers.
    func dictionary(textAt text: (Int, Bool) -> Any) -> [String: Any] {
        withoutActuallyEscaping(text) { text in
            var reader = ShapeReader(shape: shape, shared: shared, text: text)
            return reader.readObject(until: nil)
        }
    }

    /// The page's own dictionary: what the template would have received as a `[String: Any]`.
    func dictionary() -> [String: Any] {
        dictionary { index, _ in
            switch texts[index] {
            case .string(let string): return string
            case .number(let number): return number
            case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}

/// Walks a shape, building the dictionary it describes.
private struct ShapeReader {
    let shape: [UInt8]
    let shared: [[String: Any]]
    let text: (Int, Bool) -> Any
    var position = 0
    var nextText = 0
    var nextShared = 0

    init(shape: [UInt8], shared: [[String: Any]], text: @escaping (Int, Bool) -> Any) {
        self.shape = shape
        self.shared = shared
        self.text = text
    }

    private mutating func readName() -> String {
        let start = position
        while shape[position] != TemplateValues.Tag.keyEnd { position += 1 }
        defer { position += 1 }
        return String(decoding: shape[start..<position], as: UTF8.self)
    }

    /// Entries until `end` (or the end of the shape for the page itself).
    mutating func readObject(until end: UInt8?) -> [String: Any] {
        var object: [String: Any] = [:]
        while position < shape.count {
            let tag = shape[position]
            position += 1
            if tag == end { break }
            if tag == TemplateValues.Tag.shared {
                _ = readName()
                object.merge(shared[nextShared]) { _, new in new }
                nextShared += 1
            } else {
                let key = readName()
                object[key] = readValue()
            }
        }
        return object
    }

    private mutating func readValue() -> Any {
        typealias Tag = TemplateValues.Tag
        let tag = shape[position]
        position += 1
        switch tag {
        case Tag.text, Tag.textEndingInLineBreak, Tag.number:
            defer { nextText += 1 }
            return text(nextText, tag == Tag.textEndingInLineBreak)
        case Tag.emptyText:
            return ""
        case Tag.yes:
            return true
        case Tag.no:
            return false
        case Tag.objectStart:
            return readObject(until: Tag.objectEnd)
        default:
            precondition(tag == Tag.listStart, "malformed template values")
            var list: [Any] = []
            while shape[position] != Tag.listEnd { list.append(readValue()) }
            position += 1
            return list
        }
    }
}
