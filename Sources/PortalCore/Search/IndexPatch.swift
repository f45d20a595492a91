import Foundation

/// Brings the previous build's search index up to date when a few documents changed in place
/// (same number of documents, same order): only the files those documents touch are made again,
/// and they are byte for byte what `SearchIndexBuilder` would write for the new documents.
///
/// Why that holds: the index is a function of the set of frequent strings (those occurring more
/// than `threshold` times) and of the occurrences of every string. An entry lists *all* the
/// occurrences of its string, and whether a string is a gram depends only on which strings are
/// frequent (a forward gram: not frequent, every proper prefix frequent; a backward one: not
/// frequent, every proper suffix frequent, some proper prefix not). So while the frequent strings,
/// the threshold, the position bits and the number of shards stay what they were, an edit changes
/// exactly the entries of the strings found in the old or the new text of the changed documents,
/// and the `d/` files of those documents. The patch checks each of those conditions from the
/// counts kept in `SearchIndexState`, and gives up (nil: build the index) when one would move:
/// a frequent string becoming rare or a rare one frequent, the threshold or the shard count
/// changing, too many documents changed, anything unreadable.
struct IndexPatch {
    /// More changed documents than this, or than a quarter of them: building is as quick.
    static let maximumChanged = 64

    /// The files that differ from the previous index folder (every other file is the same) and the
    /// state of the new index.
    struct Result {
        var files: [(path: String, bytes: [UInt8])]
        var state: SearchIndexState
    }

    let builder: SearchIndexBuilder
    let previous: SearchIndexState
    /// A file of the previous index folder, by its path there; nil when it cannot be read.
    let read: @Sendable (String) -> [UInt8]?

    /// The patched index for documents with `keys` (one a document, in index order), or nil when
    /// the index must be built. `document(i)` makes the new document `i`; only changed ones are made.
    func patch(keys: [UInt64], document: (Int) -> SearchDocument) -> Result? {
        let count = keys.count
        guard count > 0, count == previous.documentKeys.count, previous.maxLength == builder.maxLength,
              builder.threshold == 0 || builder.threshold == previous.threshold
        else { return nil }
        let candidates = (0..<count).filter { keys[$0] != previous.documentKeys[$0] }
        guard candidates.count <= min(Self.maximumChanged, max(1, count / 4)) else { return nil }

        var state = previous
        state.documentKeys = keys
        // The changed documents, old and new, as the corpus lays them out.
        var changed: [Int] = []
        var texts: [(old: [UInt32], oldTitle: Int, new: [UInt32], newTitle: Int)] = []
        var files: [(path: String, bytes: [UInt8])] = []
        for index in candidates {
            let path = SearchIndexBuilder.documentPath(index)
            guard let oldJSON = read(path).flatMap({ RawDeflate.decompress($0) }), let old = Self.document(fromJSON: oldJSON)
            else { return nil }
            let new = document(index)
            let json = SearchIndexBuilder.documentJSON(new)
            if json == oldJSON { continue }
            let oldTiers = SearchCorpus.tiers(of: old), newTiers = SearchCorpus.tiers(of: new)
            // The old file must read back as the text the index was built from.
            guard oldTiers.scalars.count == previous.textLengths[index] else { return nil }
            changed.append(index)
            texts.append((oldTiers.scalars, oldTiers.titleLength, newTiers.scalars, newTiers.titleLength))
            files.append((path, RawDeflate.compress(json)))
            state.documentHashes[index] = Fingerprint.hex(json)
            state.textLengths[index] = newTiers.scalars.count
            state.bodyLengths[index] = SearchCorpus.bodyLength(scalars: newTiers.scalars.count, titleLength: newTiers.titleLength)
        }
        state.version = SearchIndexBuilder.version(threshold: previous.threshold, maxLength: previous.maxLength,
                                                   documentHashes: state.documentHashes)
        guard !changed.isEmpty else { return Result(files: [], state: state) }

        // The global parameters must stay.
        let threshold = previous.threshold
        let newThreshold = builder.threshold > 0 ? builder.threshold : SearchIndexBuilder.defaultThreshold(scalars: state.corpusCount)
        guard newThreshold == threshold,
              state.positionBits == previous.positionBits
        else { return nil }

        // What the changed documents held before and hold now.
        let trie = Trie(previous)
        let maxLength = previous.maxLength, positionBits = previous.positionBits
        var occurrenceChange: [Int32: Int] = [:]
        var gramsAdded: [[UInt32]: [Int]] = [:]
        var gramsTouched: Set<[UInt32]> = []
        var membership: [Int32: [(document: Int, all: Bool, title: Bool)]] = [:]
        for (index, text) in zip(changed, texts) {
            let before = Scan(text.old, titleLength: text.oldTitle, trie: trie, maxLength: maxLength)
            let after = Scan(text.new, titleLength: text.newTitle, trie: trie, maxLength: maxLength)
            for (node, occurrences) in before.occurrences { occurrenceChange[node, default: 0] -= occurrences }
            for (node, occurrences) in after.occurrences { occurrenceChange[node, default: 0] += occurrences }
            for gram in before.grams.keys { gramsTouched.insert(gram) }
            for (gram, places) in after.grams {
                gramsTouched.insert(gram)
                gramsAdded[gram, default: []] += places.map { index << positionBits | $0 }
            }
            for node in before.inDocument.union(after.inDocument)
            where before.inDocument.contains(node) != after.inDocument.contains(node)
                || before.inTitle.contains(node) != after.inTitle.contains(node) {
                membership[node, default: []].append((index, after.inDocument.contains(node), after.inTitle.contains(node)))
            }
        }
        // No frequent string may become rare (nor, below, a gram frequent).
        for (node, change) in occurrenceChange {
            let occurrences = previous.frequentOccurrences[Int(node)] + change
            guard occurrences > threshold else { return nil }
            state.frequentOccurrences[Int(node)] = occurrences
        }

        // The entries to change, by shard.
        let shards = previous.postingShards
        var gramsByShard: [Int: [[UInt32]]] = [:]
        for gram in gramsTouched { gramsByShard[Int(IndexEncoding.fnv1a(gram) % UInt32(shards)), default: []].append(gram) }
        var nodesByShard: [Int: [Int32]] = [:]
        for node in membership.keys {
            nodesByShard[Int(IndexEncoding.fnv1a(trie.scalars(node)) % UInt32(shards)), default: []].append(node)
        }
        // Each shard read, changed and encoded on its own, on all cores.
        let read = self.read
        let shardList = Set(gramsByShard.keys).union(nodesByShard.keys).sorted()
        let grams = gramsByShard, nodes = nodesByShard, added = gramsAdded, changes = membership, dropped = changed
        let patched = parallelMap(shardList) { shard -> (bytes: [UInt8], estimate: Int)? in
            guard let bytes = read("p/\(shard).bin"), var entries = Self.entries(bytes) else { return nil }
            var position: [[UInt8]: Int] = [:], inserted = false, estimate = 0
            for (offset, entry) in entries.enumerated() { position[entry.key] = offset }
            for gram in grams[shard] ?? [] {
                let key = Self.utf8(gram)
                var places: [Int] = []
                if let offset = position[key] {
                    guard entries[offset].kind == 1,
                          let old = Self.places(entries[offset].payload, dropping: dropped, positionBits: positionBits)
                    else { return nil }
                    estimate -= 3 * old.count
                    places = old.kept
                }
                if let more = added[gram] {
                    places += more
                    places.sort()
                }
                guard places.count <= threshold else { return nil }
                estimate += 3 * places.count
                let payload = Self.placesPayload(places)
                if let offset = position[key] {
                    entries[offset].payload = payload
                } else if !places.isEmpty {
                    position[key] = entries.count
                    entries.append(Entry(key: key, kind: 1, payload: payload))
                    inserted = true
                }
            }
            for node in nodes[shard] ?? [] {
                guard let offset = position[Self.utf8(trie.scalars(node))], entries[offset].kind == 2,
                      let payload = Self.toggled(entries[offset].payload, changes: changes[node]!, documentCount: count)
                else { return nil }
                estimate += payload.count - entries[offset].payload.count
                entries[offset].payload = payload
            }
            return (Self.encoded(entries, sorting: inserted), estimate)
        }
        var estimate = previous.estimate
        for (shard, result) in zip(shardList, patched) {
            guard let result else { return nil }
            files.append(("p/\(shard).bin", result.bytes))
            estimate += result.estimate
        }
        state.estimate = estimate
        guard state.postingShards == shards else { return nil }
        return Result(files: files, state: state)
    }

    // MARK: The frequent strings

    /// The frequent strings of the previous index, to walk scalar by scalar.
    struct Trie {
        private var children: [UInt64: Int32] = [:]
        private let parent: [Int32]
        private let scalar: [UInt32]

        init(_ state: SearchIndexState) {
            parent = state.frequentParent
            scalar = state.frequentScalar
            children.reserveCapacity(parent.count)
            for node in parent.indices { children[Self.edge(parent[node], scalar[node])] = Int32(node) }
        }

        private static func edge(_ parent: Int32, _ scalar: UInt32) -> UInt64 { UInt64(UInt32(bitPattern: parent &+ 1)) << 32 | UInt64(scalar) }

        /// The node of the string of `node` (−1: the empty string) followed by `scalar`, if frequent.
        func child(_ node: Int32, _ scalar: UInt32) -> Int32? { children[Self.edge(node, scalar)] }

        func isFrequent(_ scalars: ArraySlice<UInt32>) -> Bool {
            var node: Int32 = -1
            for value in scalars {
                guard let next = child(node, value) else { return false }
                node = next
            }
            return true
        }

        func scalars(_ node: Int32) -> [UInt32] {
            var result: [UInt32] = []
            var current = node
            while current >= 0 {
                result.append(scalar[Int(current)])
                current = parent[Int(current)]
            }
            return result.reversed()
        }
    }

    /// What one document's text holds: the occurrences of each frequent string, which ones occur
    /// in it and in its title tier, and where each gram starts (stored positions, ascending).
    struct Scan {
        var occurrences: [Int32: Int] = [:]
        var inDocument: Set<Int32> = []
        var inTitle: Set<Int32> = []
        var grams: [[UInt32]: [Int]] = [:]

        init(_ text: [UInt32], titleLength: Int, trie: Trie, maxLength: Int) {
            let separator = SearchCorpus.separator
            func stored(_ position: Int) -> Int {
                position < titleLength ? position : SearchCorpus.titleBase + position - titleLength - 1
            }
            for start in text.indices where text[start] != separator {
                // Forward: the frequent strings starting here, then the gram that ends them (none
                // when they run to the field's end or to `maxLength`).
                var node: Int32 = -1, length = 0
                while start + length < text.count, text[start + length] != separator, length < maxLength {
                    guard let next = trie.child(node, text[start + length]) else {
                        grams[Array(text[start...start + length]), default: []].append(stored(start))
                        break
                    }
                    node = next
                    occurrences[node, default: 0] += 1
                    inDocument.insert(node)
                    if start < titleLength { inTitle.insert(node) }
                    length += 1
                }
            }
            var backward: [(gram: [UInt32], start: Int)] = []
            for end in text.indices where text[end] != separator {
                // Backward: the longest frequent string ending here and the scalar before it,
                // unless that string is a forward gram too (its prefix frequent).
                var length = 0
                while length < maxLength, end - length >= 0, text[end - length] != separator,
                      trie.isFrequent(text[(end - length)...end]) {
                    length += 1
                }
                let start = end - length
                guard length >= 1, length < maxLength, start >= 0, text[start] != separator,
                      !trie.isFrequent(text[start..<end])
                else { continue }
                backward.append((Array(text[start...end]), start))
            }
            // Forward and backward occurrences of one string are the same occurrences: a string is
            // one or the other. Starts ascend within each sweep; merge in order.
            for (gram, start) in backward { grams[gram, default: []].append(stored(start)) }
            for key in grams.keys { grams[key]!.sort() }
        }
    }

    // MARK: Reading and writing entries

    struct Entry {
        var key: [UInt8]
        var kind: UInt8
        var payload: [UInt8]
    }

    static func utf8(_ scalars: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in scalars { IndexEncoding.appendUTF8(value, to: &bytes) }
        return bytes
    }

    /// The entries of a `p/` shard, in file order.
    static func entries(_ bytes: [UInt8]) -> [Entry]? {
        var reader = IndexReader(bytes)
        var entries: [Entry] = []
        while !reader.atEnd {
            guard let keyLength = reader.varint(), let key = reader.slice(keyLength), let kind = reader.byte(),
                  let size = reader.varint(), let payload = reader.slice(size)
            else { return nil }
            entries.append(Entry(key: Array(key), kind: kind, payload: Array(payload)))
        }
        return entries
    }

    /// A shard's bytes: grams ordered by `hash64` of their scalars, then length, then scalars
    /// (already so in a shard read back, unless grams were `inserted`); then the frequent strings
    /// in the order they had. Grams left without a place are left out.
    static func encoded(_ entries: [Entry], sorting inserted: Bool) -> [UInt8] {
        var grams = entries.filter { $0.kind == 1 && $0.payload != [0] }
        if inserted {
            let keyed = grams.map { entry in
                let scalars = String(decoding: entry.key, as: UTF8.self).unicodeScalars.map(\.value)
                return (hash: scalars.reduce(IndexEncoding.hash64Basis) { IndexEncoding.hash64($0, $1) }, scalars: scalars, entry: entry)
            }
            grams = keyed.sorted { a, b in
                IndexEncoding.gramPrecedes(hash: a.hash, length: a.scalars.count, hash: b.hash, length: b.scalars.count) {
                    (a.scalars, b.scalars)
                }
            }.map(\.entry)
        }
        var bytes: [UInt8] = []
        for entry in grams + entries.filter({ $0.kind != 1 }) {
            IndexEncoding.appendEntry(key: entry.key, kind: entry.kind, payload: entry.payload, to: &bytes)
        }
        return bytes
    }

    /// A gram entry's stored coordinates (`PositionCoding`): how many there are, and those
    /// outside the documents `dropping` (ascending).
    static func places(_ payload: [UInt8], dropping: [Int], positionBits: Int) -> (count: Int, kept: [Int])? {
        guard let all = PositionCoding.decoded(payload) else { return nil }
        return (all.count, all.filter { !dropping.contains($0 >> positionBits) })
    }

    /// A gram entry's payload; `[0]` (no place, which `encoded` leaves out) for none.
    static func placesPayload(_ places: [Int]) -> [UInt8] {
        places.isEmpty ? [0] : PositionCoding.encoded(places)
    }

    /// A frequent string's payload (its document set, then its title-tier set) with the changed
    /// documents' membership set as given.
    static func toggled(_ payload: [UInt8], changes: [(document: Int, all: Bool, title: Bool)], documentCount: Int) -> [UInt8]? {
        var reader = IndexReader(payload)
        let words = (documentCount + 63) / 64
        guard var all = documentSet(&reader, words: words, documentCount: documentCount),
              var title = documentSet(&reader, words: words, documentCount: documentCount), reader.atEnd
        else { return nil }
        for change in changes {
            let bit: UInt64 = 1 << UInt64(change.document & 63)
            if change.all { all[change.document >> 6] |= bit } else { all[change.document >> 6] &= ~bit }
            if change.title { title[change.document >> 6] |= bit } else { title[change.document >> 6] &= ~bit }
        }
        var bytes: [UInt8] = []
        all.withUnsafeBufferPointer { IndexEncoding.appendDocumentSet($0.baseAddress!, words: words, documentCount: documentCount, to: &bytes) }
        title.withUnsafeBufferPointer { IndexEncoding.appendDocumentSet($0.baseAddress!, words: words, documentCount: documentCount, to: &bytes) }
        return bytes
    }

    /// Reads a set written by `IndexEncoding.appendDocumentSet` as a bitmap of words.
    private static func documentSet(_ reader: inout IndexReader, words: Int, documentCount: Int) -> [UInt64]? {
        var bits = [UInt64](repeating: 0, count: max(1, words))
        switch reader.byte() {
        case 0: return bits
        case 1:
            guard let count = reader.varint(), count <= documentCount else { return nil }
            var document = 0
            for _ in 0..<count {
                guard let step = reader.varint() else { return nil }
                document += step
                guard document < documentCount else { return nil }
                bits[document >> 6] |= 1 << UInt64(document & 63)
            }
            return bits
        case 2:
            guard let bytes = reader.slice((documentCount + 7) / 8) else { return nil }
            for (index, byte) in bytes.enumerated() { bits[index >> 3] |= UInt64(byte) << UInt64((index & 7) * 8) }
            return bits
        default: return nil
        }
    }

    /// The searchable fields of a `d/` file (`SearchIndexBuilder.documentJSON`).
    static func document(fromJSON bytes: [UInt8]) -> SearchDocument? {
        struct Fields: Decodable {
            let t: String, u: String, d: String, c: String, i: String, n: String, k: [String], b: String
        }
        guard let fields = try? JSONDecoder().decode(Fields.self, from: Data(bytes)) else { return nil }
        return SearchDocument(title: fields.t, url: fields.u, date: fields.d, section: fields.c, indexNo: fields.i,
                              docNo: fields.n, topics: fields.k, body: fields.b)
    }
}
