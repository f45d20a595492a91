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
///   end at one (backward grams), so each occurs at most `threshold` times; its positions are
///   Rice-coded (`PositionCoding`). The forward grams
///   from the query's start, and the backward gram at its end, always cover a non-frequent query
///   of at most `maxLength` scalars; aligning their positions proves each match without a false
///   one (`search.js`, `cover`). In a shard, the grams come first, ordered by a 64-bit hash of
///   their scalars (`hash64`), then length, then text; then the frequent strings, in node order.
/// - `d/<n>/<id>.bin`: what a result shows (title, URL, date, section, 索引号, the text), one file
///   per document, so that a query fetches only the twenty it shows: JSON (`documentJSON`)
///   compressed as raw DEFLATE (`RawDeflate`), which halves the index on disk and what a query
///   downloads.
public struct SearchIndexBuilder: Sendable {
    /// Documents per folder of `d/`.
    static let documentsPerFolder = 256
    /// Target size of a `p/` shard and of an `f/` shard.
    static let postingShardTarget = 16 * 1024
    static let frequentShardTarget = 1024
    /// Index format, read by `search.js`.
    static let format = 3

    public let threshold: Int
    public let maxLength: Int
    /// Internal choices that never change the index, only how it is computed: tests set them to
    /// take the paths a real site never does (hashed pair tables, a text of 32-bit symbols).
    var denseLimit = PairTable.defaultDenseLimit
    /// Above this many gram occurrences, the postings are written in two groups of shards
    /// (`IndexWriter.defaultOccurrencesPerGroup`).
    var occurrencesPerGroup = IndexWriter.defaultOccurrencesPerGroup
    var wideSymbols = false

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
        buildWithState(documents, keys: documents.map { _ in 0 }).files
    }

    /// `build` into memory, with the state the next build patches from.
    func buildWithState(_ documents: [SearchDocument], keys: [UInt64]) -> (files: Files, state: SearchIndexState) {
        let collected = Collected()
        let state = try! buildWithState(documents, keys: keys) { _ in
            Destination(write: { path, bytes in collected.add(path, bytes) })
        }
        return (Files(files: collected.files.sorted { $0.path < $1.path }, version: state.version), state)
    }

    /// Where the files of one index folder go.
    struct Destination: Sendable {
        /// Writes a file (its path relative to the index folder); called from several threads.
        var write: @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void
        /// Puts a document's file at `path` by linking the file an earlier index holds for the
        /// same JSON (`hash`: `Fingerprint.hex` of it), instead of compressing and writing it
        /// again; false when there is none. So a rebuilt index shares every unchanged document's
        /// file with the version before it: the documents' text is stored once, not per version.
        var linkDocument: @Sendable (_ hash: String, _ path: String) -> Bool = { _, _ in false }
    }

    /// Builds the index and hands every file to the destination that `folder` makes from the
    /// version (a hash of the documents and of the parameters, so known before any file is), file
    /// by file and from several threads, so that the whole index is never held in memory at once.
    /// Returns what the next build needs to patch the index (`IndexPatch`), with `keys` (one a
    /// document: a hash of its source) to tell which documents changed.
    ///
    /// `earlierDocuments`: the hashes of the documents an earlier index has a file for, which
    /// `Destination.linkDocument` links (only the others are compressed).
    ///
    /// Takes the documents over: their text (about the Markdown's size) is let go of once the
    /// corpus and the documents' files hold it, before the analysis' peak of memory.
    func buildWithState(_ documents: consuming [SearchDocument], keys: [UInt64],
                        earlierDocuments: Set<String> = [],
                        folder: (String) -> Destination) throws -> SearchIndexState {
        precondition(keys.count == documents.count, "one key a document")
        let corpus = SearchCorpus(copy documents, wideSymbols: wideSymbols)
        let threshold = self.threshold > 0 ? self.threshold : Self.defaultThreshold(scalars: corpus.count)

        // The documents' files hold every field the index is made from: their hashes and the
        // parameters make the version.
        let failure = FirstFailure()
        let write: @Sendable (String, [UInt8]) throws -> Void
        let version: String
        var documentHashes: [String] = []
        do {
            // The last owner of the documents: they go at the end of this block (`consume`: the
            // parameter would otherwise keep them to the end of the function, through the analysis).
            let documents = consume documents
            // Compressed at once (their JSON is not kept: as large as the text), except the ones
            // an earlier index has, which are linked below.
            let documentFiles = parallelMap(Array(documents.indices)) { index in
                let json = Self.documentJSON(documents[index])
                let hash = Fingerprint.hex(json)
                return (bytes: earlierDocuments.contains(hash) ? nil : RawDeflate.compress(json), hash: hash)
            }
            documentHashes = documentFiles.map(\.hash)
            version = Self.version(threshold: threshold, maxLength: maxLength, documentHashes: documentHashes)
            let destination = folder(version)
            write = destination.write
            _ = parallelMap(Array(documentFiles.indices)) { index in
                let path = Self.documentPath(index), file = documentFiles[index]
                if file.bytes == nil && destination.linkDocument(file.hash, path) { return }
                failure.run { try write(path, file.bytes ?? RawDeflate.compress(Self.documentJSON(documents[index]))) }
            }
            try failure.rethrow()
        }
        Self.releaseFreedMemory()

        let writer = IndexWriter(corpus: corpus, threshold: threshold, maxLength: maxLength, denseLimit: denseLimit,
                                 occurrencesPerGroup: occurrencesPerGroup,
                                 write: write, failure: failure)
        let summary: IndexWriter.Summary
        switch corpus.symbols {
        case .narrow(let text): summary = try text.withUnsafeBufferPointer { try writer.write($0) }
        case .wide(let text): summary = try text.withUnsafeBufferPointer { try writer.write($0) }
        }
        var textLengths: [Int] = [], bodyLengths: [Int] = []
        for document in 0..<corpus.documentCount {
            let end = document + 1 < corpus.documentCount ? corpus.titleStart[document + 1] : corpus.count
            textLengths.append(end - corpus.titleStart[document])
            bodyLengths.append(end - 1 - corpus.bodyStart[document])
        }
        let state = SearchIndexState(
            version: version, threshold: threshold, maxLength: maxLength, estimate: summary.estimate,
            documentKeys: keys, documentHashes: documentHashes, textLengths: textLengths, bodyLengths: bodyLengths,
            frequentParent: summary.frequentParent, frequentScalar: summary.frequentScalar,
            frequentOccurrences: summary.frequentOccurrences)
        assert(state.corpusCount == corpus.count && state.positionBits == summary.positionBits
               && state.postingShards == summary.postingShards, "the state derives what the index was built with")
        return state
    }

    /// The index folder's name: a hash of the parameters and of every document's JSON (which holds
    /// every field the index is made from).
    static func version(threshold: Int, maxLength: Int, documentHashes: [String]) -> String {
        var summary = Array("format \(format) threshold \(threshold) maxLength \(maxLength)\n".utf8)
        for (index, hash) in documentHashes.enumerated() { summary += Array("\(documentPath(index)) \(hash)\n".utf8) }
        return String(Fingerprint.hex(summary).prefix(12))
    }

    /// Hands the pages of memory freed so far back to the system. The documents' strings and the
    /// corpus' per-document arrays are many blocks of a few kilobytes, made on several threads:
    /// freed, they stay in the allocator's arenas, where the large arrays of the analysis (each
    /// its own mapping) cannot reuse them, so without this they would count in the build's peak.
    static func releaseFreedMemory() {
        #if os(Linux) && canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// Where document `index`'s file goes in the index folder.
    static func documentPath(_ index: Int) -> String { "d/\(index / documentsPerFolder)/\(index).bin" }

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

    /// `d/…/<id>.bin` before compression: the fields a result shows and the browser searches to confirm and
    /// highlight a hit. Keys are short: there are ten thousand of these.
    static func documentJSON(_ document: SearchDocument) -> [UInt8] {
        var json: [UInt8] = []
        json.reserveCapacity(document.body.utf8.count + document.title.utf8.count * 2 + 160)
        func field(_ key: String, _ value: String) {
            json += Array(key.utf8)
            IndexEncoding.appendJSONString(value, to: &json)
        }
        field("{\"t\":", document.title)
        field(",\"u\":", document.url)
        field(",\"d\":", document.date)
        field(",\"c\":", document.section)
        field(",\"i\":", document.indexNo)
        field(",\"n\":", document.docNo)
        json += Array(",\"k\":[".utf8)
        for (index, topic) in document.topics.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            IndexEncoding.appendJSONString(topic, to: &json)
        }
        field("],\"b\":", document.body)
        json += Array("}\n".utf8)
        return json
    }
}

/// The first error of work done on several threads.
final class FirstFailure: @unchecked Sendable {
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

/// Consecutive ranges covering `0..<count`, about `parts` of them: work for `parallelMap`.
func parallelRanges(_ count: Int, parts: Int = 64) -> [Range<Int>] {
    let size = max(1, (count + parts - 1) / parts)
    return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
}

#if os(Linux) && canImport(Glibc)
/// glibc's `malloc_trim` (not in the Glibc module's headers): returns the free pages of every
/// arena to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
