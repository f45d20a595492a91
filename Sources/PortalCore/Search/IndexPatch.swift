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
        guard let (changed, texts, documentFiles) = changedDocuments(candidates, document: document, state: &state) else { return nil }
        var files = documentFiles
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
        let difference = Difference(changed: changed, texts: texts, trie: trie, maxLength: previous.maxLength,
                                    positionBits: previous.positionBits)
        // No frequent string may become rare (nor, below, a gram frequent).
        for (node, change) in difference.occurrenceChange {
            let occurrences = previous.frequentOccurrences[Int(node)] + change
            guard occurrences > threshold else { return nil }
            state.frequentOccurrences[Int(node)] = occurrences
        }

        // The entries to change, by shard: a backward gram lives in its base's entry.
        let shards = previous.postingShards
        var gramsByBase: [[UInt32]: [[UInt32]]] = [:]
        for gram in difference.gramsTouched { gramsByBase[trie.base(gram), default: []].append(gram) }
        var gramsByShard: [Int: [[UInt32]]] = [:]
        for base in gramsByBase.keys { gramsByShard[Int(IndexEncoding.fnv1a(base) % UInt32(shards)), default: []].append(base) }
        var nodesByShard: [Int: [Int32]] = [:]
        for node in difference.membership.keys {
            // In the shard of its first two scalars (`DocumentSetCoding`).
            nodesByShard[Int(IndexEncoding.fnv1a(Array(trie.scalars(node).prefix(2))) % UInt32(shards)), default: []].append(node)
        }
        // Each shard read, changed and encoded on its own, on all cores.
        let shardList = Set(gramsByShard.keys).union(nodesByShard.keys).sorted()
        let grams = gramsByShard, members = gramsByBase, nodes = nodesByShard
        let patched = parallelMap(shardList) { shard -> (bytes: [UInt8], estimate: Int)? in
            patchShard(shard, bases: grams[shard] ?? [], members: members, nodes: nodes[shard],
                       difference: difference, dropped: changed, trie: trie, documentCount: count)
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

    /// The documents among `candidates` whose file changes, old and new text as the corpus lays
    /// them out, and their new files; `state`'s per-document figures updated. Nil when an old
    /// file cannot be read back as the text the index was built from.
    private func changedDocuments(_ candidates: [Int], document: (Int) -> SearchDocument, state: inout SearchIndexState)
        -> (changed: [Int], texts: [ChangedText], files: [(path: String, bytes: [UInt8])])? {
        var changed: [Int] = []
        var texts: [ChangedText] = []
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
        return (changed, texts, files)
    }

    /// Shard `shard` of the previous index with the places of its grams `bases` (and of the
    /// backward grams stored in their entries, `members`) and the document sets of its frequent
    /// strings `nodes` changed; nil when it cannot be patched (a gram become frequent).
    private func patchShard(_ shard: Int, bases: [[UInt32]], members: [[UInt32]: [[UInt32]]], nodes: [Int32]?,
                            difference: Difference, dropped: [Int], trie: Trie, documentCount count: Int)
        -> (bytes: [UInt8], estimate: Int)? {
        let threshold = previous.threshold, positionBits = previous.positionBits
        guard let bytes = read("p/\(shard).bin"), var entries = Self.entries(bytes) else { return nil }
        var position: [[UInt8]: Int] = [:], inserted = false, estimate = 0
        for (offset, entry) in entries.enumerated() { position[entry.key] = offset }
        for base in bases {
            let key = Self.utf8(base)
            // The base's places and its backward grams', by the rest of their keys.
            var stored = GramEntry(places: [], extensions: [:])
            if let offset = position[key] {
                guard entries[offset].kind == 1 || entries[offset].kind == 3,
                      let old = GramEntry(entries[offset].payload, kind: entries[offset].kind) else { return nil }
                stored = old
            }
            var lists = [base: stored.places]
            for (rest, places) in stored.extensions { lists[base + rest] = places }
            for gram in members[base]! {
                var places = (lists[gram] ?? []).filter { !dropped.contains($0 >> positionBits) }
                estimate -= 3 * (lists[gram]?.count ?? 0)
                if let more = difference.gramsAdded[gram] {
                    places += more
                    places.sort()
                }
                guard places.count <= threshold else { return nil }
                estimate += 3 * places.count
                lists[gram] = places
            }
            let updated = GramEntry(places: lists[base]!, extensions: Dictionary(uniqueKeysWithValues: lists.compactMap {
                $0.key == base || $0.value.isEmpty ? nil : (Array($0.key[base.count...]), $0.value)
            }))
            guard let payload = updated.payload else { return nil }
            let kind: UInt8 = updated.extensions.isEmpty ? 1 : 3
            if let offset = position[key] {
                entries[offset].payload = payload
                entries[offset].kind = kind
            } else if !updated.places.isEmpty {
                position[key] = entries.count
                entries.append(Entry(key: key, kind: kind, payload: payload))
                inserted = true
            }
        }
        if let changedNodes = nodes {
            guard let change = Self.changingDocumentSets(&entries, nodes: changedNodes, changes: difference.membership, trie: trie,
                                                         documentCount: count) else { return nil }
            estimate += change
        }
        return (Self.encoded(entries, sorting: inserted), estimate)
    }

    // MARK: Reading and writing entries

    struct Entry {
        var key: [UInt8]
        var kind: UInt8
        var payload: [UInt8]
    }

    /// A key's scalars, from its UTF-8 (`utf8` backwards).
    static func scalars(_ utf8: [UInt8]) -> [UInt32] {
        String(decoding: utf8, as: UTF8.self).unicodeScalars.map(\.value)
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
        var grams = entries.filter { ($0.kind == 1 || $0.kind == 3) && $0.payload != [0] }
        if inserted {
            let keyed = grams.map { entry in
                let scalars = IndexPatch.scalars(entry.key)
                return (hash: scalars.reduce(IndexEncoding.hash64Basis) { IndexEncoding.hash64($0, $1) }, scalars: scalars, entry: entry)
            }
            grams = keyed.sorted { a, b in
                IndexEncoding.gramPrecedes(hash: a.hash, length: a.scalars.count, hash: b.hash, length: b.scalars.count) {
                    (a.scalars, b.scalars)
                }
            }.map(\.entry)
        }
        var bytes: [UInt8] = []
        for entry in grams + entries.filter({ $0.kind == 2 || $0.kind == 4 }) {
            IndexEncoding.appendEntry(key: entry.key, kind: entry.kind, payload: entry.payload, to: &bytes)
        }
        return bytes
    }

    /// A gram entry's payload read back: the base's coordinates (`PositionCoding`), and those of
    /// each backward gram stored in it, by the rest of its key (scalars), from their ranks.
    struct GramEntry {
        var places: [Int]
        var extensions: [[UInt32]: [Int]]

        init(places: [Int], extensions: [[UInt32]: [Int]]) {
            self.places = places
            self.extensions = extensions
        }

        init?(_ payload: [UInt8], kind: UInt8) {
            var reader = IndexReader(payload)
            guard let places = PositionCoding.read(&reader) else { return nil }
            self.places = places
            extensions = [:]
            guard kind == 3 else {
                if !reader.atEnd { return nil }
                return
            }
            guard let count = reader.varint() else { return nil }
            for _ in 0..<count {
                guard let length = reader.varint(), let rest = reader.slice(length), let size = reader.varint(),
                      let block = reader.slice(size), let ranks = PositionCoding.decoded(Array(block)),
                      ranks.allSatisfy({ $0 < places.count })
                else { return nil }
                extensions[IndexPatch.scalars(Array(rest))] = ranks.map { places[$0] }
            }
            if !reader.atEnd { return nil }
        }

        /// The payload as `IndexWriter` writes it; `[0]` (no place, which `encoded` leaves out)
        /// for none; nil when a backward gram's place is not one of the base's.
        var payload: [UInt8]? {
            if places.isEmpty { return extensions.isEmpty ? [0] : nil }
            var bytes = PositionCoding.encoded(places)
            guard !extensions.isEmpty else { return bytes }
            IndexEncoding.appendVarint(extensions.count, to: &bytes)
            var rank: [Int: Int] = [:]
            for (index, place) in places.enumerated() { rank[place] = index }
            for rest in extensions.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                var ranks: [Int] = []
                for place in extensions[rest]! {
                    guard let index = rank[place] else { return nil }
                    ranks.append(index)
                }
                IndexEncoding.appendString(IndexPatch.utf8(rest), to: &bytes)
                let block = PositionCoding.encoded(ranks)
                IndexEncoding.appendVarint(block.count, to: &bytes)
                bytes += block
            }
            return bytes
        }
    }

    /// Sets the changed documents' membership in the frequent strings `nodes` of a shard, and
    /// writes every frequent string's entry of the shard again: a string stored relative to its
    /// parent (`DocumentSetCoding`, kind 4) changes with its parent's set. Returns the change of
    /// the estimate (the sets' own payloads, as `IndexWriter` counts them); nil when an entry is
    /// missing or unreadable.
    static func changingDocumentSets(_ entries: inout [Entry], nodes: [Int32],
                                     changes: [Int32: [(document: Int, all: Bool, title: Bool)]], trie: Trie,
                                     documentCount: Int) -> Int? {
        typealias Sets = (all: DocumentSetCoding.Bitmap, title: DocumentSetCoding.Bitmap)
        // Every frequent string's sets, in file order, which puts a parent before its children.
        var sets: [[UInt32]: Sets] = [:]
        for entry in entries where entry.kind == 2 || entry.kind == 4 {
            let key = scalars(entry.key)
            if entry.kind == 2 {
                guard let own = DocumentSetCoding.sets(entry.payload, documentCount: documentCount) else { return nil }
                sets[key] = own
            } else {
                guard let parent = sets[Array(key.dropLast())],
                      let own = DocumentSetCoding.resolve(entry.payload, parent: parent) else { return nil }
                sets[key] = own
            }
        }
        var estimate = 0
        for node in nodes {
            let key = trie.scalars(node)
            guard var own = sets[key] else { return nil }
            estimate -= DocumentSetCoding.payload(all: own.all, title: own.title, documentCount: documentCount).count
            for change in changes[node]! {
                let bit: UInt64 = 1 << UInt64(change.document & 63)
                if change.all { own.all[change.document >> 6] |= bit } else { own.all[change.document >> 6] &= ~bit }
                if change.title { own.title[change.document >> 6] |= bit } else { own.title[change.document >> 6] &= ~bit }
            }
            estimate += DocumentSetCoding.payload(all: own.all, title: own.title, documentCount: documentCount).count
            sets[key] = own
        }
        for offset in entries.indices where entries[offset].kind == 2 || entries[offset].kind == 4 {
            let key = scalars(entries[offset].key), own = sets[key]!
            let payload = DocumentSetCoding.payload(all: own.all, title: own.title, documentCount: documentCount)
            if key.count >= 3, let parent = sets[Array(key.dropLast())] {
                let stored = DocumentSetCoding.entry(own: payload, parent: DocumentSetCoding.payload(
                    all: parent.all, title: parent.title, documentCount: documentCount), documentCount: documentCount)
                entries[offset].kind = stored.kind
                entries[offset].payload = stored.payload
            } else {
                entries[offset].kind = 2
                entries[offset].payload = payload
            }
        }
        return estimate
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
