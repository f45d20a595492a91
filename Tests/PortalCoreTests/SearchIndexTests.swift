import XCTest
@testable import PortalCore

/// The promises `search.js` relies on, checked by brute force over a small corpus with a low
/// threshold so that frequent strings, long frequent runs and grams of every kind occur.
final class SearchIndexTests: XCTestCase {
    static let threshold = 3
    static let maxLength = 6

    /// `count` documents made of a few repeated phrases (frequent) and numbered ones (rare).
    static func documents(count: Int = 30) -> [SearchDocument] {
        let phrases = ["人力资源和社会保障局", "就业创业补贴", "社会保险", "公开招聘工作人员", "根据有关规定", "ABC窗口"]
        return (0..<count).map { n in
            var body = ""
            for k in 0..<(3 + n % 4) { body += phrases[(n * 7 + k * 3) % phrases.count] + "第\(n * 31 + k)号，" }
            body += n % 5 == 0 ? "\n\n人力资源和社会保障局人力资源和社会保障局" : "。"
            return SearchDocument(title: "关于\(phrases[n % phrases.count])的通知（\(n)）", url: "/x/\(n)/",
                                  date: String(format: "2021-%02d-%02d", 12 - n % 12, 1 + n % 28), section: "民生公益",
                                  indexNo: String(format: "11370305MB2859012X/2021-%05d", n + 1),
                                  docNo: n % 3 == 0 ? "临人社字〔2021〕\(n)号" : "", topics: n % 2 == 0 ? ["就业创业"] : [],
                                  body: body)
        }
    }

    /// Each document's fields as the index lays them out: (stored position of the field's start, text).
    static func fields(_ document: SearchDocument) -> [(base: Int, scalars: [UInt32])] {
        var normalizer = SearchNormalizer()
        var fields: [(Int, [UInt32])] = []
        for (tier, list) in [(0, document.titleFields), (SearchCorpus.titleBase, document.bodyFields)] {
            var position = tier
            for field in list {
                let scalars = normalizer.normalize(field)
                if scalars.isEmpty { continue }
                fields.append((position, scalars))
                position += scalars.count + 1
            }
        }
        return fields
    }

    struct Decoded {
        var meta: [String: Any] = [:]
        var frequent: Set<[UInt32]> = []
        var sets: [[UInt32]: (documents: [Int], title: [Int])] = [:]
        var positions: [[UInt32]: Set<[Int]>] = [:]
        /// Entries of each kind (1 a gram, 2 a frequent string's sets, 3 a gram with the backward
        /// grams it is the base of, 4 a frequent string's sets relative to its parent's).
        var kinds: [UInt8: Int] = [:]
    }

    /// Reads every file of the index back.
    static func decode(_ files: [(path: String, bytes: [UInt8])]) throws -> Decoded {
        var decoded = Decoded()
        let metaBytes = try XCTUnwrap(files.first { $0.path == "meta.json" }?.bytes)
        decoded.meta = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(metaBytes)) as? [String: Any])
        let documentCount = decoded.meta["documents"] as! Int
        let bits = decoded.meta["positionBits"] as! Int
        for scalar in (decoded.meta["frequentCharacters"] as! String).unicodeScalars { decoded.frequent.insert([scalar.value]) }
        for file in files {
            var reader = ByteReader(bytes: file.bytes)
            if file.path.hasPrefix("f/") {
                var previous: [UInt8] = []
                while !reader.atEnd {
                    let shared = reader.varint(), length = reader.varint()
                    let key = Array(previous[0..<shared]) + Array(reader.bytes[reader.offset..<reader.offset + length])
                    reader.offset += length
                    decoded.frequent.insert(String(decoding: key, as: UTF8.self).unicodeScalars.map(\.value))
                    previous = key
                }
            } else if file.path.hasPrefix("p/") {
                while !reader.atEnd {
                    let key = reader.string()
                    let kind = reader.byte()
                    decoded.kinds[kind, default: 0] += 1
                    let end = reader.varint() + reader.offset
                    if kind == 2 {
                        decoded.sets[key] = (reader.documentSet(documentCount), reader.documentSet(documentCount))
                    } else if kind == 4 {
                        // What the parent (the key without its last scalar, stored before it in
                        // the same shard) has and this string lacks: ranks in the parent's sets.
                        let parent = try XCTUnwrap(decoded.sets[Array(key.dropLast())], "the parent of a kind-4 entry before it")
                        func missing() -> Set<Int> {
                            let start = reader.offset
                            if reader.varint() == 0 { return [] }
                            reader.offset = start
                            return Set(reader.positions())
                        }
                        let all = missing(), title = missing()
                        decoded.sets[key] = (parent.documents.enumerated().filter { !all.contains($0.offset) }.map(\.element),
                                             parent.title.enumerated().filter { !title.contains($0.offset) }.map(\.element))
                    } else {
                        let coordinates = reader.positions()
                        decoded.positions[key] = Set(coordinates.map { [$0 >> bits, $0 & ((1 << bits) - 1)] })
                        // A base's backward grams: the rest of each one's key, and its
                        // occurrences as ranks among the base's.
                        if kind == 3 {
                            for _ in 0..<reader.varint() {
                                let suffix = reader.string()
                                let blockEnd = reader.varint() + reader.offset
                                let ranks = reader.positions()
                                XCTAssertEqual(reader.offset, blockEnd, "extension length")
                                XCTAssertNil(decoded.positions[key + suffix], "one entry a gram")
                                decoded.positions[key + suffix] = Set(ranks.map { [coordinates[$0] >> bits, coordinates[$0] & ((1 << bits) - 1)] })
                            }
                        }
                    }
                    XCTAssertEqual(reader.offset, end, "entry length")
                }
            }
        }
        return decoded
    }

    struct ByteReader {
        let bytes: [UInt8]
        var offset = 0
        var atEnd: Bool { offset >= bytes.count }
        mutating func byte() -> UInt8 { defer { offset += 1 }; return bytes[offset] }
        mutating func varint() -> Int {
            var value = 0, shift = 0
            while true {
                let b = byte()
                value |= Int(b & 0x7F) << shift
                if b < 0x80 { return value }
                shift += 7
            }
        }
        /// A gram's coordinates: their number, the first, then a Rice parameter k and each
        /// increase minus one as a unary quotient and k low bits, lowest bit of a byte first.
        mutating func positions() -> [Int] {
            let count = varint()
            var coordinate = varint()
            var coordinates = [coordinate]
            guard count > 1 else { return coordinates }
            let k = Int(byte())
            var bit = offset * 8
            let bytes = self.bytes
            func next() -> Int {
                defer { bit += 1 }
                return Int(bytes[bit / 8] >> UInt8(bit % 8)) & 1
            }
            for _ in 1..<count {
                var quotient = 0
                while next() == 1 { quotient += 1 }
                var low = 0
                for shift in 0..<k { low += next() << shift }
                coordinate += quotient << k + low + 1
                coordinates.append(coordinate)
            }
            offset = (bit + 7) / 8
            return coordinates
        }
        mutating func string() -> [UInt32] {
            let length = varint()
            defer { offset += length }
            return String(decoding: bytes[offset..<offset + length], as: UTF8.self).unicodeScalars.map(\.value)
        }
        mutating func documentSet(_ count: Int) -> [Int] {
            switch byte() {
            case 1:
                var previous = 0
                return (0..<varint()).map { _ in previous += varint(); return previous }
            case 2:
                let size = (count + 7) / 8
                defer { offset += size }
                return (0..<count).filter { bytes[offset + $0 / 8] & UInt8(1 << ($0 % 8)) != 0 }
            default:
                return []
            }
        }
    }

    /// Every substring (up to `maxLength` + 1) of every field: how often it occurs, and in which
    /// documents (all, title tier).
    static func census(_ documents: [SearchDocument], maxLength: Int = maxLength)
        -> [[UInt32]: (count: Int, documents: Set<Int>, title: Set<Int>)] {
        var census: [[UInt32]: (count: Int, documents: Set<Int>, title: Set<Int>)] = [:]
        for (index, document) in documents.enumerated() {
            for (base, scalars) in fields(document) {
                for start in 0..<scalars.count {
                    for length in 1...min(maxLength + 1, scalars.count - start) {
                        let key = Array(scalars[start..<start + length])
                        var entry = census[key] ?? (0, [], [])
                        entry.count += 1
                        entry.documents.insert(index)
                        if base < SearchCorpus.titleBase { entry.title.insert(index) }
                        census[key] = entry
                    }
                }
            }
        }
        return census
    }

    func build() -> SearchIndexBuilder.Files {
        SearchIndexBuilder(threshold: Self.threshold, maxLength: Self.maxLength).build(Self.documents())
    }

    func testTheFrequentStringsAreExactlyThoseOccurringMoreThanTheThreshold() throws {
        try checkFrequentStrings(threshold: Self.threshold, maxLength: Self.maxLength)
    }

    func testEveryFrequentStringStoresTheDocumentsThatContainIt() throws {
        try checkDocumentSets(threshold: Self.threshold, maxLength: Self.maxLength)
    }

    /// Both compact kinds occur in the test corpus, so the checks above read them: backward grams
    /// stored in their base's entry, and sets stored relative to the parent's.
    func testTheCorpusHasEveryKindOfEntry() throws {
        let kinds = try Self.decode(build().files).kinds
        for kind: UInt8 in [1, 2, 3, 4] { XCTAssertGreaterThan(kinds[kind] ?? 0, 0, "entries of kind \(kind): \(kinds)") }
    }

    /// The shortest non-frequent string from each position (forward) and to each position
    /// (backward) has an entry listing every place it occurs: the grams search.js aligns.
    func testEveryGramListsEveryPlaceItOccurs() throws {
        try checkGrams(threshold: Self.threshold, maxLength: Self.maxLength)
    }

    /// The same promises at the edges: strings cut at one or two scalars (every frequent run is
    /// then a run of maximal length), and long ones with a higher threshold.
    func testThePromisesHoldForEveryMaximumLength() throws {
        for (threshold, maxLength) in [(3, 1), (2, 2), (3, 3), (5, 12)] {
            try checkFrequentStrings(threshold: threshold, maxLength: maxLength)
            try checkDocumentSets(threshold: threshold, maxLength: maxLength)
            try checkGrams(threshold: threshold, maxLength: maxLength)
        }
    }

    /// How the index is computed (its pair tables hashed instead of indexed, its text in 32-bit
    /// symbols, its shards written in two groups as on a large site) never changes a byte of it:
    /// the paths no real site takes are held to the usual one.
    func testTheIndexIsTheSameWhicheverWayItIsComputed() {
        for (threshold, maxLength) in [(Self.threshold, Self.maxLength), (2, 2), (4, 32)] {
            let usual = SearchIndexBuilder(threshold: threshold, maxLength: maxLength).build(Self.documents())
            var hashed = SearchIndexBuilder(threshold: threshold, maxLength: maxLength)
            hashed.denseLimit = 0
            var wide = SearchIndexBuilder(threshold: threshold, maxLength: maxLength)
            wide.wideSymbols = true
            var grouped = SearchIndexBuilder(threshold: threshold, maxLength: maxLength)
            grouped.occurrencesPerGroup = 0
            for other in [hashed.build(Self.documents()), wide.build(Self.documents()), grouped.build(Self.documents())] {
                XCTAssertEqual(other.version, usual.version)
                XCTAssertEqual(other.files.map(\.path), usual.files.map(\.path))
                for (a, b) in zip(other.files, usual.files) { XCTAssertEqual(a.bytes, b.bytes, a.path) }
            }
        }
    }

    func checkFrequentStrings(threshold: Int, maxLength: Int) throws {
        let built = SearchIndexBuilder(threshold: threshold, maxLength: maxLength).build(Self.documents())
        let decoded = try Self.decode(built.files)
        let census = Self.census(Self.documents(), maxLength: maxLength)
        let expected = Set(census.filter { $0.key.count <= maxLength && $0.value.count > threshold }.keys)
        XCTAssertGreaterThan(expected.count, 20)
        XCTAssertEqual(decoded.frequent, expected, "threshold \(threshold), maxLength \(maxLength)")
        XCTAssertEqual(decoded.meta["threshold"] as? Int, threshold)
    }

    func checkDocumentSets(threshold: Int, maxLength: Int) throws {
        let built = SearchIndexBuilder(threshold: threshold, maxLength: maxLength).build(Self.documents())
        let decoded = try Self.decode(built.files)
        let census = Self.census(Self.documents(), maxLength: maxLength)
        for string in decoded.frequent {
            let stored = try XCTUnwrap(decoded.sets[string], "the set of \(string)")
            XCTAssertEqual(stored.documents, census[string]!.documents.sorted(), "documents of \(string), maxLength \(maxLength)")
            XCTAssertEqual(stored.title, census[string]!.title.sorted(), "title documents of \(string), maxLength \(maxLength)")
        }
    }

    func checkGrams(threshold: Int, maxLength: Int) throws {
        let documents = Self.documents()
        let decoded = try Self.decode(SearchIndexBuilder(threshold: threshold, maxLength: maxLength).build(documents).files)
        var grams: Set<[UInt32]> = []
        var expected: [[UInt32]: Set<[Int]>] = [:]
        for (index, document) in documents.enumerated() {
            for (base, scalars) in Self.fields(document) {
                for start in 0..<scalars.count {
                    for length in 1...min(maxLength, scalars.count - start) {
                        let key = Array(scalars[start..<start + length])
                        expected[key, default: []].insert([index, base + start])
                    }
                    // Forward gram at `start`, backward gram ending at `start + 1`.
                    for length in 1...min(maxLength, scalars.count - start) {
                        let key = Array(scalars[start..<start + length])
                        if !decoded.frequent.contains(key) { grams.insert(key); break }
                    }
                    for length in 1...min(maxLength, start + 1) {
                        let key = Array(scalars[start + 1 - length...start])
                        if !decoded.frequent.contains(key) { grams.insert(key); break }
                    }
                }
            }
        }
        if maxLength > 3 { XCTAssertGreaterThan(grams.filter { $0.count > 2 }.count, 20, "the corpus has long grams") }
        for gram in grams {
            XCTAssertEqual(decoded.positions[gram], expected[gram], "positions of \(String(decoding: gram.flatMap { Array(String(Unicode.Scalar($0)!).utf8) }, as: UTF8.self)), maxLength \(maxLength)")
        }
        XCTAssertEqual(Set(decoded.positions.keys), grams, "no other entries, maxLength \(maxLength)")
    }

    func testTheIndexIsTheSameOnEveryBuild() {
        let first = build(), second = build()
        XCTAssertEqual(first.version, second.version)
        XCTAssertEqual(first.files.map(\.path), second.files.map(\.path))
        XCTAssertTrue(zip(first.files, second.files).allSatisfy { $0.bytes == $1.bytes })
        // A changed document changes the version, so browsers never mix old and new shards.
        var documents = Self.documents()
        documents[3] = SearchDocument(title: "改过的标题", url: "/x/3/", date: "2021-01-01", section: "民生公益")
        XCTAssertNotEqual(SearchIndexBuilder(threshold: Self.threshold, maxLength: Self.maxLength).build(documents).version, first.version)
    }

    func testADocumentFileHoldsWhatAResultShows() throws {
        let files = build().files
        let document = Self.documents()[0]
        // Stored as raw DEFLATE of the JSON, which search.js inflates (DecompressionStream).
        let stored = try XCTUnwrap(files.first { $0.path == "d/0/0.bin" }?.bytes)
        let bytes = try XCTUnwrap(RawDeflate.decompress(stored))
        XCTAssertEqual(bytes, SearchIndexBuilder.documentJSON(document))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual(json["t"] as? String, document.title)
        XCTAssertEqual(json["u"] as? String, document.url)
        XCTAssertEqual(json["d"] as? String, document.date)
        XCTAssertEqual(json["c"] as? String, "民生公益")
        XCTAssertEqual(json["i"] as? String, document.indexNo)
        XCTAssertEqual(json["b"] as? String, document.body)
        XCTAssertEqual(files.filter { $0.path.hasPrefix("d/") }.count, 30)
    }

    func testShardHashesMatchTheBrowsers() {
        // search.js's fnv1a over UTF-8 gives these for the same keys.
        XCTAssertEqual(IndexEncoding.fnv1a("".unicodeScalars.map(\.value)), 0x811C_9DC5)
        XCTAssertEqual(IndexEncoding.fnv1a("a".unicodeScalars.map(\.value)), 0xE40C_292C)
        XCTAssertEqual(IndexEncoding.fnv1a("就业".unicodeScalars.map(\.value)), Self.fnv1aUTF8(Array("就业".utf8)))
    }

    /// Document files are JSON written byte by byte: the same as escaping scalar by scalar, the
    /// way `JSONSerialization` reads it back.
    func testDocumentJSONEscapesWhatJSONAndJavaScriptNeed() throws {
        let tricky = "引号\"反斜杠\\换行\n回车\r制表\t\u{1}\u{1F}\u{7F}\u{2028}\u{2029}\u{E2}€\u{2027}\u{202A}😀"
        var bytes: [UInt8] = []
        IndexEncoding.appendJSONString(tricky, to: &bytes)
        var expected = "\""
        for scalar in tricky.unicodeScalars {
            switch scalar.value {
            case 0x22: expected += "\\\""
            case 0x5C: expected += "\\\\"
            case 0x0A: expected += "\\n"
            case 0x0D: expected += "\\r"
            case 0x09: expected += "\\t"
            case 0x2028, 0x2029: expected += "\\u\(String(scalar.value, radix: 16))"
            case 0..<0x20: expected += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: expected.unicodeScalars.append(scalar)
            }
        }
        expected += "\""
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String, tricky)
    }

    static func fnv1aUTF8(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
