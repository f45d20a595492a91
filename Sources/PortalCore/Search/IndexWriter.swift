import Foundation

/// Writes `p/`, `f/` and `meta.json` (see `SearchIndexBuilder`) from the analysis of the corpus.
///
/// Tens of millions of gram occurrences but far fewer distinct grams: every gram gets its number
/// from the analysis (a frequent string plus one symbol), so its hashes are computed once per
/// gram, not per occurrence, and its place in the output (shard, then hash) is fixed before any
/// occurrence is touched. The occurrences are then put in that order, in text order within each
/// gram (forward grams from the analysis' gram at each position, backward ones from a second
/// sweep), and encoded shard by shard on all cores.
struct IndexWriter {
    let corpus: SearchCorpus
    let threshold: Int
    let maxLength: Int
    let denseLimit: Int
    let write: @Sendable (String, [UInt8]) throws -> Void
    let failure: FirstFailure

    /// What the next build needs to patch the index instead of building it (`SearchIndexState`).
    struct Summary {
        var estimate: Int
        var postingShards: Int
        var positionBits: Int
        /// The frequent strings in node order: parent node (−1: none), last scalar, occurrences.
        var frequentParent: [Int32]
        var frequentScalar: [UInt32]
        var frequentOccurrences: [Int]
    }

    func write<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(_ text: UnsafeBufferPointer<Symbol>) throws -> Summary {
        let count = corpus.count
        let scalars = corpus.scalars
        nonisolated(unsafe) let text = text

        // Forward grams and the frequent strings with their documents; then the backward grams
        // that are not forward grams too.
        let (strings, forward) = FrequentStrings.analyze(text, scalars: scalars, symbolCounts: corpus.symbolCounts,
                                                         threshold: threshold, maxLength: maxLength, corpus: corpus,
                                                         denseLimit: denseLimit)
        let trie = BackwardGrams.Trie(strings, symbols: scalars.count)
        let backward = BackwardGrams(text, trie: trie, forward: forward, maxLength: maxLength, corpus: corpus)

        // Every gram, forward ones first: its length and number of occurrences.
        let forwardCount = forward.count, gramCount = forward.count + backward.count
        let lengths = forward.length + backward.node.map { trie.depth[Int($0)] + 1 }
        let occurrences = forward.occurrences + backward.occurrences
        /// The symbols of a gram: a forward gram is a frequent string and a symbol, a backward one
        /// a symbol and a frequent string.
        @Sendable func symbols(_ gram: Int) -> [UInt32] {
            if gram < forwardCount {
                let parent = Int(forward.parent[gram])
                return (parent < 0 ? [] : strings.symbols(parent)) + [forward.lastSymbol[gram]]
            }
            return [backward.firstSymbol[gram - forwardCount]] + strings.symbols(Int(backward.node[gram - forwardCount]))
        }

        // Hashes of the frequent strings, prefix by prefix, and of every gram from them (forward
        // grams) or from its text (backward grams).
        let nodeCount = strings.count
        var nodeFNV = [UInt32](repeating: 0, count: nodeCount)
        var nodeHash = [UInt64](repeating: 0, count: nodeCount)
        var nodeKeys = [[UInt8]](repeating: [], count: nodeCount)
        for node in 0..<nodeCount {
            let parent = Int(strings.parent[node]), scalar = scalars[Int(strings.lastSymbol[node])]
            nodeFNV[node] = IndexEncoding.fnv1a(parent < 0 ? IndexEncoding.fnv1aBasis : nodeFNV[parent], scalar)
            nodeHash[node] = IndexEncoding.hash64(parent < 0 ? IndexEncoding.hash64Basis : nodeHash[parent], scalar)
            nodeKeys[node] = parent < 0 ? [] : nodeKeys[parent]
            IndexEncoding.appendUTF8(scalar, to: &nodeKeys[node])
        }
        let gramFNV: [UInt32], gramHash: [UInt64]
        do {
            let nodeFNV = nodeFNV, nodeHash = nodeHash
            let parts = parallelMap(parallelRanges(gramCount)) { range -> [(UInt32, UInt64)] in
                range.map { gram in
                    if gram < forwardCount {
                        let parent = Int(forward.parent[gram]), scalar = scalars[Int(forward.lastSymbol[gram])]
                        return (IndexEncoding.fnv1a(parent < 0 ? IndexEncoding.fnv1aBasis : nodeFNV[parent], scalar),
                                IndexEncoding.hash64(parent < 0 ? IndexEncoding.hash64Basis : nodeHash[parent], scalar))
                    }
                    var fnv = IndexEncoding.fnv1aBasis, hash = IndexEncoding.hash64Basis
                    for symbol in symbols(gram) {
                        let scalar = scalars[Int(symbol)]
                        fnv = IndexEncoding.fnv1a(fnv, scalar)
                        hash = IndexEncoding.hash64(hash, scalar)
                    }
                    return (fnv, hash)
                }
            }.flatMap { $0 }
            gramFNV = parts.map(\.0)
            gramHash = parts.map(\.1)
        }

        // Shards: sized by the occurrences and the frequent strings' entries.
        let total = occurrences.reduce(0) { $0 + Int($1) }
        var estimate = total * 3
        for node in 0..<nodeCount { estimate += nodeKeys[node].count + strings.documentSets[node].count + 4 }
        let shardCount = IndexEncoding.shardCount(totalBytes: estimate, target: SearchIndexBuilder.postingShardTarget)

        // The grams of each shard, in their order there.
        var shardGramStart = [Int](repeating: 0, count: shardCount + 1)
        for gram in 0..<gramCount where occurrences[gram] > 0 { shardGramStart[Int(gramFNV[gram] % UInt32(shardCount)) + 1] += 1 }
        for shard in 0..<shardCount { shardGramStart[shard + 1] += shardGramStart[shard] }
        var order = [UInt32](repeating: 0, count: shardGramStart[shardCount])
        do {
            var next = shardGramStart
            for gram in 0..<gramCount where occurrences[gram] > 0 {
                let shard = Int(gramFNV[gram] % UInt32(shardCount))
                order[next[shard]] = UInt32(gram)
                next[shard] += 1
            }
        }
        let gramLengths = lengths
        order.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let order = buffer
            let bounds = shardGramStart
            _ = parallelMap(parallelRanges(shardCount)) { range in
                for shard in range where bounds[shard + 1] - bounds[shard] > 1 {
                    var grams = UnsafeMutableBufferPointer(rebasing: order[bounds[shard]..<bounds[shard + 1]])
                    grams.sort { a, b in
                        let a = Int(a), b = Int(b)
                        return IndexEncoding.gramPrecedes(hash: gramHash[a], length: Int(gramLengths[a]),
                                                          hash: gramHash[b], length: Int(gramLengths[b])) {
                            (symbols(a).map { scalars[Int($0)] }, symbols(b).map { scalars[Int($0)] })
                        }
                    }
                }
                return 0
            }
        }

        // Where each gram's occurrences go, then every occurrence put there, in text order:
        // forward grams from the forward analysis, the others from a second backward sweep.
        var cursor = [UInt32](repeating: 0, count: gramCount)
        precondition(total < Int(UInt32.max), "more gram occurrences than 32-bit places can hold")
        var shardOccurrenceStart = [Int](repeating: 0, count: shardCount + 1)
        do {
            var running = 0
            for shard in 0..<shardCount {
                shardOccurrenceStart[shard] = running
                for index in shardGramStart[shard]..<shardGramStart[shard + 1] {
                    let gram = Int(order[index])
                    cursor[gram] = UInt32(running)
                    running += Int(occurrences[gram])
                }
            }
            shardOccurrenceStart[shardCount] = running
        }
        // Forward grams: the text in ranges, each range's grams counted first, so that each range
        // starts writing after the occurrences of the ranges before it.
        let ranges = parallelRanges(count, parts: ProcessInfo.processInfo.activeProcessorCount)
        let rangeCounts = parallelMap(ranges) { range in
            var counts = [UInt32](repeating: 0, count: forwardCount)
            forward.at.withUnsafeBufferPointer { at in
                for position in range where at[position] < Grams.run { counts[Int(at[position])] += 1 }
            }
            return counts
        }
        var rangeCursors: [[UInt32]] = []
        do {
            var next = Array(cursor[..<forwardCount])
            for counts in rangeCounts {
                rangeCursors.append(next)
                for gram in 0..<forwardCount { next[gram] += counts[gram] }
            }
        }
        let backwardFirst = cursor[forwardCount...].map { Int($0) }
        let places = [UInt32](unsafeUninitializedCapacity: total) { buffer, initialized in
            nonisolated(unsafe) let places = buffer.baseAddress!
            let forwardTasks: [@Sendable () -> Void] = zip(ranges, rangeCursors).map { range, start in
                {
                    var cursor = start
                    forward.at.withUnsafeBufferPointer { at in
                        cursor.withUnsafeMutableBufferPointer { cursor in
                            for position in range where at[position] < Grams.run {
                                let gram = Int(at[position])
                                places[Int(cursor[gram])] = UInt32(position)
                                cursor[gram] += 1
                            }
                        }
                    }
                }
            }
            let tasks = forwardTasks + backward.placing(text, trie: trie, forward: forward, maxLength: maxLength,
                                                        first: backwardFirst, into: places)
            _ = parallelMap(tasks) { task in task() }
            initialized = total
        }

        // The frequent strings' entries, by shard in node order.
        var frequentStart = [Int](repeating: 0, count: shardCount + 1)
        for node in 0..<nodeCount { frequentStart[Int(nodeFNV[node] % UInt32(shardCount)) + 1] += 1 }
        for shard in 0..<shardCount { frequentStart[shard + 1] += frequentStart[shard] }
        var frequentOrder = [Int](repeating: 0, count: nodeCount)
        do {
            var next = frequentStart
            for node in 0..<nodeCount {
                let shard = Int(nodeFNV[node] % UInt32(shardCount))
                frequentOrder[next[shard]] = node
                next[shard] += 1
            }
        }

        // The shards.
        let positionBits = corpus.positionBits
        let finder = SearchCorpus.DocumentFinder(corpus)
        let sortedGrams = order, gramOccurrences = occurrences, gramStart = shardGramStart
        let occurrenceStart = shardOccurrenceStart, keys = nodeKeys, frequent = frequentOrder, frequentBounds = frequentStart
        let write = self.write, failure = self.failure
        _ = parallelMap(parallelRanges(shardCount, parts: 256)) { range in
            let bytes = ByteWriter()
            for shard in range {
                bytes.removeAll()
                var offset = occurrenceStart[shard]
                for index in gramStart[shard]..<gramStart[shard + 1] {
                    let gram = Int(sortedGrams[index])
                    let occurrences = Int(gramOccurrences[gram]), length = Int(gramLengths[gram])
                    // An occurrence's coordinate: document number × 2^`positionBits` + stored position.
                    @inline(__always) func coordinate(_ place: Int) -> Int {
                        let position = Int(places[place])
                        let document = finder.document(position)
                        return document << positionBits | finder.local(position, in: document)
                    }
                    let firstCoordinate = coordinate(offset), lastCoordinate = coordinate(offset + occurrences - 1)
                    // Room for the key (a length and 4 bytes a scalar at most), its kind, the
                    // payload's length (5 bytes at most: reserved, then moved up to its size) and
                    // the occurrences.
                    bytes.reserve(10 + 4 * length + 1 + 5
                                  + PositionCoding.bound(count: occurrences, span: lastCoordinate - firstCoordinate))
                    var cursor = bytes.end
                    // The key, from the text of its first occurrence.
                    let first = Int(places[offset])
                    var keyLength = 0
                    for position in first..<first + length { keyLength += IndexEncoding.utf8Length(scalars[Int(text[position])]) }
                    IndexEncoding.putVarint(keyLength, &cursor)
                    for position in first..<first + length { IndexEncoding.putUTF8(scalars[Int(text[position])], &cursor) }
                    cursor.pointee = 1
                    cursor += 1
                    // Its occurrences, ascending (`PositionCoding`).
                    let sizeAt = cursor
                    cursor += 5
                    let payloadStart = cursor
                    let start = offset
                    PositionCoding.put(count: occurrences, first: firstCoordinate, last: lastCoordinate, &cursor) {
                        coordinate(start + $0)
                    }
                    let payloadSize = cursor - payloadStart
                    var sizeEnd = sizeAt
                    IndexEncoding.putVarint(payloadSize, &sizeEnd)
                    if sizeEnd != payloadStart {
                        sizeEnd.update(from: payloadStart, count: payloadSize)
                        cursor = sizeEnd + payloadSize
                    }
                    bytes.end = cursor
                    offset += occurrences
                }
                for index in frequentBounds[shard]..<frequentBounds[shard + 1] {
                    let node = frequent[index]
                    var entry: [UInt8] = []
                    IndexEncoding.appendEntry(key: keys[node], kind: 2, payload: strings.documentSets[node], to: &entry)
                    bytes.append(entry)
                }
                let file = bytes.bytes
                failure.run { try write("p/\(shard).bin", file) }
            }
            return 0
        }
        try failure.rethrow()

        // The frequent strings of two scalars or more, by their first two scalars.
        var frequentLists: [(lead: UInt32, key: [UInt8])] = []
        var unigrams: [UInt32] = []
        for node in 0..<nodeCount {
            let parent = Int(strings.parent[node])
            if parent < 0 {
                unigrams.append(scalars[Int(strings.lastSymbol[node])])
            } else {
                // The hash of the first two scalars is that of the ancestor two scalars long.
                var lead = node
                while strings.parent[Int(strings.parent[lead])] >= 0 { lead = Int(strings.parent[lead]) }
                frequentLists.append((nodeFNV[lead], nodeKeys[node]))
            }
        }
        // Sized by their front-coded bytes (roughly the last scalar of each and two bytes).
        let frequentShardCount = IndexEncoding.shardCount(totalBytes: frequentLists.count * 5,
                                                          target: SearchIndexBuilder.frequentShardTarget)
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
        {"format":\(SearchIndexBuilder.format),"documents":\(corpus.documentCount),"threshold":\(threshold),"maxLength":\(maxLength),\
        "titleBase":\(SearchCorpus.titleBase),"positionBits":\(positionBits),"frequentShards":\(frequentShardCount),"postingShards":\(shardCount),\
        "documentsPerFolder":\(SearchIndexBuilder.documentsPerFolder),"frequentCharacters":\(IndexEncoding.jsonString(String(unigramText)))}

        """
        try write("meta.json", Array(meta.utf8))
        return Summary(estimate: estimate, postingShards: shardCount, positionBits: positionBits,
                       frequentParent: strings.parent, frequentScalar: strings.lastSymbol.map { scalars[Int($0)] },
                       frequentOccurrences: strings.occurrences)
    }
}
