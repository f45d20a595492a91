import Foundation

/// Builds the static search index: every file below `/search/index/<version>/`.
///
/// What the browser can do with it (`templates/assets/search.js`): find the documents that
/// contain a query string exactly, as a substring of a field, in Chinese or not, and count them
/// exactly, while fetching only a few small files.
///
/// - `meta.json`: sizes, parameters, and the frequent single characters.
/// - `f/<n>.bin`: the frequent strings (see `FrequentStrings`) of two scalars or more, sharded by
///   their first two scalars, so that one file per query position tells which substrings of the
///   query are frequent; sorted and front-coded (bytes shared with the previous string, then the
///   rest as a string).
/// - `p/<n>.bin`: entries sharded by a hash of their key. A frequent string's entry is its set of
///   documents (and of title-tier documents). A gram's entry is every position where it occurs:
///   the grams are the shortest non-frequent strings that start at a position (forward grams) or
///   end at one (backward grams), so each occurs at most `threshold` times. The forward grams
///   from the query's start, and the backward gram at its end, always cover a non-frequent query
///   of at most `maxLength` scalars; aligning their positions proves each match without a false
///   one (`search.js`, `cover`).
/// - `d/<n>/<id>.json`: what a result shows (title, URL, date, section, 索引号, the text), one file
///   per document, so that a query fetches only the twenty it shows.
public struct SearchIndexBuilder {
    /// Documents per folder of `d/`.
    static let documentsPerFolder = 256
    /// Target size of a `p/` shard and of an `f/` shard.
    static let postingShardTarget = 8 * 1024
    static let frequentShardTarget = 1024
    /// Index format, read by `search.js`.
    static let format = 1

    public let threshold: Int
    public let maxLength: Int

    public init(threshold: Int? = nil, maxLength: Int = 32) {
        self.threshold = threshold ?? 0
        self.maxLength = maxLength
    }

    /// The occurrence count above which a string is frequent: a fixed share of the corpus, so
    /// that no gram's positions weigh more than a few kilobytes, and at least 32.
    static func defaultThreshold(scalars: Int) -> Int { max(32, scalars / 4000) }

    /// The index files, by path relative to the index folder, and the version that names the folder.
    public struct Files: Sendable {
        public var files: [(path: String, bytes: [UInt8])]
        public var version: String
    }

    /// Builds the index into memory (for tests and small sites).
    public func build(_ documents: [SearchDocument]) -> Files {
        let collected = Collected()
        let version = try! build(documents) { version in { path, bytes in collected.add(path, bytes) } }
        return Files(files: collected.files.sorted { $0.path < $1.path }, version: version)
    }

    /// Builds the index and hands every file to the writer that `folder` makes from the version
    /// (a hash of the documents and of the parameters, so known before any file is), file by
    /// file and from several threads, so that the whole index is never held in memory at once.
    /// Returns the version.
    public func build(_ documents: [SearchDocument],
                      folder: (String) -> @Sendable (String, [UInt8]) throws -> Void) throws -> String {
        let corpus = SearchCorpus(documents)
        let text = corpus.text
        let threshold = self.threshold > 0 ? self.threshold : Self.defaultThreshold(scalars: text.count)
        let maxLength = self.maxLength

        // The documents' files hold every field the index is made from: their hashes and the
        // parameters make the version.
        let failure = FirstFailure()
        let write: @Sendable (String, [UInt8]) throws -> Void
        let version: String
        do {
            let documentFiles = parallelMap(Array(documents.enumerated())) { index, document in
                let json = Array(Self.documentJSON(document).utf8)
                return (path: "d/\(index / Self.documentsPerFolder)/\(index).json", bytes: json, hash: Fingerprint.hex(json))
            }
            var summary = Array("format \(Self.format) threshold \(threshold) maxLength \(maxLength)\n".utf8)
            for file in documentFiles { summary += Array("\(file.path) \(file.hash)\n".utf8) }
            version = String(Fingerprint.hex(summary).prefix(12))
            write = folder(version)
            _ = parallelMap(documentFiles) { file in failure.run { try write(file.path, file.bytes) } }
            try failure.rethrow()
        }

        // Forward and backward gram lengths; the backward ones come from the same analysis of
        // the text read backwards (a suffix of the text is a prefix of the reversed text).
        // Both at once, one per core.
        let analyses = parallelMap([false, true]) { reversed in
            FrequentStrings.analyze(text, reversed: reversed, threshold: threshold, maxLength: maxLength,
                                    corpus: reversed ? nil : corpus)
        }
        let (forwardLengths, strings) = analyses[0]
        let backwardLengths = analyses[1].gramLengths

        // Every gram occurrence (start, length): forward grams at every position, and the
        // backward grams that are not also forward grams (a property of the string alone).
        // Enumerated per chunk of the text, once to count and once to place them by shard, so
        // that they are never all listed in text order as well.
        let count = text.count
        let chunkSize = max(1, (count + 63) / 64)
        let chunks = stride(from: 0, to: count, by: chunkSize).map { $0..<min(count, $0 + chunkSize) }
        @Sendable func forEachGram(in range: Range<Int>, _ body: (Int, Int) -> Void) {
            for position in range where forwardLengths[position] > 0 { body(position, Int(forwardLengths[position])) }
            for index in range where text[index] != SearchCorpus.separator {
                let length = Int(backwardLengths[count - index - 1])
                guard length > 0 else { continue }
                let start = index + 1 - length
                if Int(forwardLengths[start]) != length { body(start, length) }
            }
        }
        let gramCount = parallelMap(chunks) { range in
            var grams = 0
            forEachGram(in: range) { _, _ in grams += 1 }
            return grams
        }.reduce(0, +)

        // Entries of the frequent strings: their document sets.
        let documentCount = corpus.documentCount
        let frequentEntries: [(key: [UInt8], hash: UInt32, payload: [UInt8])] = parallelMap(Array(0..<strings.count)) { node in
            let scalars = strings.string(node)
            var payload: [UInt8] = []
            IndexEncoding.appendDocumentSet(strings.documents[node].documents, documentCount: documentCount, to: &payload)
            IndexEncoding.appendDocumentSet(strings.titleDocuments[node].documents, documentCount: documentCount, to: &payload)
            return (IndexEncoding.utf8(scalars), IndexEncoding.fnv1a(scalars), payload)
        }
        let positionBits = corpus.positionBits
        let estimate = gramCount * 3 + frequentEntries.reduce(0) { $0 + $1.key.count + $1.payload.count + 4 }
        let shardCount = IndexEncoding.shardCount(totalBytes: estimate, target: Self.postingShardTarget)

        // Gram occurrences grouped by shard: a counting sort by chunk keeps each group in text order.
        @Sendable func shard(_ start: Int, _ length: Int) -> Int {
            Int(IndexEncoding.fnv1a(text[start..<start + length]) % UInt32(shardCount))
        }
        let chunkCounts: [[Int32]] = parallelMap(chunks) { range in
            var counts = [Int32](repeating: 0, count: shardCount)
            forEachGram(in: range) { start, length in counts[shard(start, length)] += 1 }
            return counts
        }
        var shardStart = [Int](repeating: 0, count: shardCount + 1)
        var chunkOffsets = [[Int]](repeating: [Int](repeating: 0, count: shardCount), count: chunks.count)
        var total = 0
        for shard in 0..<shardCount {
            shardStart[shard] = total
            for chunk in 0..<chunks.count {
                chunkOffsets[chunk][shard] = total
                total += Int(chunkCounts[chunk][shard])
            }
        }
        shardStart[shardCount] = total
        var groupedStart = [UInt32](repeating: 0, count: total)
        var groupedLength = [UInt8](repeating: 0, count: total)
        groupedStart.withUnsafeMutableBufferPointer { startBuffer in
            groupedLength.withUnsafeMutableBufferPointer { lengthBuffer in
                // Each chunk writes only its own slots.
                nonisolated(unsafe) let starts = startBuffer, lengths = lengthBuffer
                let offsets = chunkOffsets
                _ = parallelMap(Array(0..<chunks.count)) { chunk -> Int in
                    var next = offsets[chunk]
                    forEachGram(in: chunks[chunk]) { start, length in
                        let target = shard(start, length)
                        starts[next[target]] = UInt32(start)
                        lengths[next[target]] = UInt8(length)
                        next[target] += 1
                    }
                    return 0
                }
            }
        }
        let starts = groupedStart, lengths = groupedLength
        var byShard = [[Int]](repeating: [], count: shardCount)
        for (index, entry) in frequentEntries.enumerated() { byShard[Int(entry.hash % UInt32(shardCount))].append(index) }
        let frequentByShard = byShard, shardBounds = shardStart

        _ = parallelMap(Array(0..<shardCount)) { shard in
            text.withUnsafeBufferPointer { text in
                var bytes: [UInt8] = []
                // Occurrences of this shard, by gram (a 64-bit hash of it, then its text) and position.
                var occurrences: [GramOccurrence] = (shardBounds[shard]..<shardBounds[shard + 1]).map { index in
                    let start = Int(starts[index]), length = Int(lengths[index])
                    return GramOccurrence(hash: Self.hash64(text[start..<start + length]), start: UInt32(start), length: UInt8(length))
                }
                // Stable: the occurrences of a gram stay in text order.
                occurrences.sort { a, b in a.hash != b.hash ? a.hash < b.hash : a.length < b.length }
                Self.separateCollisions(&occurrences, text)
                var grams = 0
                var index = 0
                var payload: [UInt8] = []
                while index < occurrences.count {
                    let first = occurrences[index]
                    let gram = text[Int(first.start)..<Int(first.start) + Int(first.length)]
                    var end = index + 1
                    while end < occurrences.count, occurrences[end].hash == first.hash, occurrences[end].length == first.length,
                          text[Int(occurrences[end].start)..<Int(occurrences[end].start) + Int(first.length)].elementsEqual(gram) {
                        end += 1
                    }
                    payload.removeAll(keepingCapacity: true)
                    Self.appendPositions(occurrences[index..<end], corpus, positionBits: positionBits, to: &payload)
                    IndexEncoding.appendString(IndexEncoding.utf8(gram), to: &bytes)
                    bytes.append(1)
                    IndexEncoding.appendVarint(payload.count, to: &bytes)
                    bytes.append(contentsOf: payload)
                    grams += 1
                    index = end
                }
                for entry in frequentByShard[shard] {
                    IndexEncoding.appendString(frequentEntries[entry].key, to: &bytes)
                    bytes.append(2)
                    IndexEncoding.appendVarint(frequentEntries[entry].payload.count, to: &bytes)
                    bytes.append(contentsOf: frequentEntries[entry].payload)
                }
                failure.run { try write("p/\(shard).bin", bytes) }
                return grams
            }
        }
        try failure.rethrow()

        // The frequent strings of two scalars or more, by their first two scalars.
        var frequentLists: [(lead: UInt32, key: [UInt8])] = []
        var unigrams: [UInt32] = []
        for node in 0..<strings.count {
            let scalars = strings.string(node)
            if scalars.count == 1 {
                unigrams.append(scalars[0])
            } else {
                frequentLists.append((IndexEncoding.fnv1a(scalars.prefix(2)), IndexEncoding.utf8(scalars)))
            }
        }
        // Sized by their front-coded bytes (roughly the last scalar of each and two bytes).
        let frequentShardCount = IndexEncoding.shardCount(totalBytes: frequentLists.count * 5,
                                                          target: Self.frequentShardTarget)
        var frequentShards = [[[UInt8]]](repeating: [], count: frequentShardCount)
        for entry in frequentLists { frequentShards[Int(entry.lead % UInt32(frequentShardCount))].append(entry.key) }

        for (shard, keys) in frequentShards.enumerated() {
            var bytes: [UInt8] = []
            // Front-coded: a frequent string's prefixes are frequent too, so most share all but
            // their last scalar with the one before.
            var previous: [UInt8] = []
            for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                var shared = 0
                while shared < min(previous.count, key.count) && previous[shared] == key[shared] { shared += 1 }
                IndexEncoding.appendVarint(shared, to: &bytes)
                IndexEncoding.appendString(Array(key[shared...]), to: &bytes)
                previous = key
            }
            try write("f/\(shard).bin", bytes)
        }
        var unigramText = String.UnicodeScalarView()
        for value in unigrams.sorted() { if let scalar = Unicode.Scalar(value) { unigramText.append(scalar) } }
        let meta = """
        {"format":\(Self.format),"documents":\(documentCount),"threshold":\(threshold),"maxLength":\(maxLength),\
        "titleBase":\(SearchCorpus.titleBase),"positionBits":\(positionBits),"frequentShards":\(frequentShardCount),"postingShards":\(shardCount),\
        "documentsPerFolder":\(Self.documentsPerFolder),"frequentCharacters":\(IndexEncoding.jsonString(String(unigramText)))}

        """
        try write("meta.json", Array(meta.utf8))
        return version
    }

    /// Files built in memory, from several threads.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var files: [(path: String, bytes: [UInt8])] = []
        func add(_ path: String, _ bytes: [UInt8]) {
            lock.lock()
            files.append((path, bytes))
            lock.unlock()
        }
    }

    /// The first error of work done on several threads.
    private final class FirstFailure: @unchecked Sendable {
        private let lock = NSLock()
        private var error: Error?
        func run(_ body: () throws -> Void) {
            do { try body() } catch {
                lock.lock()
                if self.error == nil { self.error = error }
                lock.unlock()
            }
        }
        func rethrow() throws {
            if let error { throw error }
        }
    }

    /// One occurrence of a gram, while a shard is sorted.
    struct GramOccurrence {
        var hash: UInt64
        var start: UInt32
        var length: UInt8
    }

    /// FNV-1a, 64 bit, over scalar values: groups a shard's occurrences by gram before the text
    /// itself is compared.
    @inline(__always)
    static func hash64(_ scalars: Slice<UnsafeBufferPointer<UInt32>>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in scalars { hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Two different grams with the same 64-bit hash (never seen, but possible) must not share an
    /// entry: within each run of equal hash and length, orders by text, then position.
    static func separateCollisions(_ occurrences: inout [GramOccurrence], _ text: UnsafeBufferPointer<UInt32>) {
        var index = 0
        while index < occurrences.count {
            let first = occurrences[index]
            var end = index + 1
            var mixed = false
            while end < occurrences.count && occurrences[end].hash == first.hash && occurrences[end].length == first.length {
                if !mixed {
                    for offset in 0..<Int(first.length) where text[Int(first.start) + offset] != text[Int(occurrences[end].start) + offset] {
                        mixed = true
                        break
                    }
                }
                end += 1
            }
            if mixed {
                occurrences[index..<end].sort { a, b in
                    for offset in 0..<Int(a.length) where text[Int(a.start) + offset] != text[Int(b.start) + offset] {
                        return text[Int(a.start) + offset] < text[Int(b.start) + offset]
                    }
                    return a.start < b.start
                }
            }
            index = end
        }
    }

    /// A gram's occurrences (ascending): their number, then their coordinates (document number ×
    /// 2^`positionBits` + stored position), the first as is, then the increases.
    static func appendPositions(_ occurrences: ArraySlice<GramOccurrence>, _ corpus: SearchCorpus, positionBits: Int,
                                to payload: inout [UInt8]) {
        IndexEncoding.appendVarint(occurrences.count, to: &payload)
        var previous = 0
        var document = 0
        for occurrence in occurrences {
            let start = Int(occurrence.start)
            // Occurrences ascend: look for the document from the last one on.
            if document + 1 < corpus.documentCount, start >= corpus.titleStart[document + 1] {
                document = corpus.document(at: start, from: document + 1)
            }
            let body = corpus.bodyStart[document]
            let local = start < body ? start - corpus.titleStart[document] : SearchCorpus.titleBase + start - body
            let coordinate = document << positionBits | local
            IndexEncoding.appendVarint(coordinate - previous, to: &payload)
            previous = coordinate
        }
    }

    /// `d/…/<id>.json`: the fields a result shows and the browser searches to confirm and
    /// highlight a hit. Keys are short: there are ten thousand of these.
    static func documentJSON(_ document: SearchDocument) -> String {
        let topics = document.topics.map(IndexEncoding.jsonString).joined(separator: ",")
        return "{\"t\":\(IndexEncoding.jsonString(document.title)),\"u\":\(IndexEncoding.jsonString(document.url))," +
            "\"d\":\(IndexEncoding.jsonString(document.date)),\"c\":\(IndexEncoding.jsonString(document.section))," +
            "\"i\":\(IndexEncoding.jsonString(document.indexNo)),\"n\":\(IndexEncoding.jsonString(document.docNo))," +
            "\"k\":[\(topics)],\"b\":\(IndexEncoding.jsonString(document.body))}\n"
    }
}

/// Runs `transform` on consecutive ranges of `0..<count` on all cores and joins the results in order.
func parallelChunks<R: Sendable>(_ count: Int, _ transform: @Sendable (Range<Int>) -> [R]) -> [R] {
    let chunk = max(1, (count + 63) / 64)
    let ranges = stride(from: 0, to: count, by: chunk).map { $0..<min(count, $0 + chunk) }
    return parallelMap(ranges, transform).flatMap { $0 }
}
