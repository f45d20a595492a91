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
    let occurrencesPerGroup: Int
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
        // The analysis' passes freed as much as the occurrences' places are about to take.
        SearchIndexBuilder.releaseFreedMemory()

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
        // Only forward grams have entries of their own (a backward gram is stored in the entry
        // of its base, below): their hashes follow from their frequent string's.
        var fnvs = [UInt32](repeating: 0, count: forwardCount), hashes = [UInt64](repeating: 0, count: forwardCount)
        for gram in 0..<forwardCount {
            let parent = Int(forward.parent[gram]), scalar = scalars[Int(forward.lastSymbol[gram])]
            fnvs[gram] = IndexEncoding.fnv1a(parent < 0 ? IndexEncoding.fnv1aBasis : nodeFNV[parent], scalar)
            hashes[gram] = IndexEncoding.hash64(parent < 0 ? IndexEncoding.hash64Basis : nodeHash[parent], scalar)
        }
        let gramFNV = fnvs, gramHash = hashes
        let extensions = Self.extensions(strings: strings, forward: forward, backward: backward, scalars: scalars,
                                         symbolsOf: symbols)

        // Shards: sized by the occurrences and the frequent strings' entries.
        let total = occurrences.reduce(0) { $0 + Int($1) }
        var estimate = total * 3
        for node in 0..<nodeCount { estimate += nodeKeys[node].count + strings.documentSets[node].count + 4 }
        let shardCount = IndexEncoding.shardCount(totalBytes: estimate, target: SearchIndexBuilder.postingShardTarget)

        // The grams of each shard, in their order there.
        var shardGramStart = [Int](repeating: 0, count: shardCount + 1)
        for gram in 0..<forwardCount where occurrences[gram] > 0 { shardGramStart[Int(gramFNV[gram] % UInt32(shardCount)) + 1] += 1 }
        for shard in 0..<shardCount { shardGramStart[shard + 1] += shardGramStart[shard] }
        var order = [UInt32](repeating: 0, count: shardGramStart[shardCount])
        do {
            var next = shardGramStart
            for gram in 0..<forwardCount where occurrences[gram] > 0 {
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
        // The shards are written in groups, each from the occurrences of its own grams alone, so
        // that only a group's occurrences are held at once (4 bytes each: on 10,000 items, 118 MB
        // for all of them). A group's occurrences are its shards' forward grams', shard by shard,
        // then the backward grams' stored in them.
        let groupCount = total > occurrencesPerGroup ? 2 : 1
        let groupShards = (0...groupCount).map { $0 * shardCount / groupCount }
        var shardOccurrenceStart = [Int](repeating: 0, count: shardCount + 1)
        var groupOccurrenceStart = [Int](repeating: 0, count: groupCount + 1)
        do {
            var running = 0
            for group in 0..<groupCount {
                groupOccurrenceStart[group] = running
                for shard in groupShards[group]..<groupShards[group + 1] {
                    shardOccurrenceStart[shard] = running
                    for index in shardGramStart[shard]..<shardGramStart[shard + 1] {
                        let gram = Int(order[index])
                        cursor[gram] = UInt32(running)
                        running += Int(occurrences[gram])
                    }
                }
                for index in shardGramStart[groupShards[group]]..<shardGramStart[groupShards[group + 1]] {
                    for gram in extensions.of(Int(order[index])) {
                        cursor[gram] = UInt32(running)
                        running += Int(occurrences[gram])
                    }
                }
            }
            groupOccurrenceStart[groupCount] = running
            shardOccurrenceStart[shardCount] = running
        }
        let gramFirstPlace = cursor
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
        // The frequent strings' entries, by shard in node order.
        var frequentStart = [Int](repeating: 0, count: shardCount + 1)
        // A frequent string's entry goes in the shard of its first two scalars (`DocumentSetCoding`).
        var leadFNV = [UInt32](repeating: 0, count: nodeCount)
        for node in 0..<nodeCount {
            let parent = Int(strings.parent[node])
            leadFNV[node] = parent < 0 || strings.parent[parent] < 0 ? nodeFNV[node] : leadFNV[parent]
        }
        for node in 0..<nodeCount { frequentStart[Int(leadFNV[node] % UInt32(shardCount)) + 1] += 1 }
        for shard in 0..<shardCount { frequentStart[shard + 1] += frequentStart[shard] }
        var frequentOrder = [Int](repeating: 0, count: nodeCount)
        do {
            var next = frequentStart
            for node in 0..<nodeCount {
                let shard = Int(leadFNV[node] % UInt32(shardCount))
                frequentOrder[next[shard]] = node
                next[shard] += 1
            }
        }

        // The shards, group by group.
        let positionBits = corpus.positionBits
        let finder = SearchCorpus.DocumentFinder(corpus)
        let sortedGrams = order, gramOccurrences = occurrences, gramStart = shardGramStart
        let occurrenceStart = shardOccurrenceStart, keys = nodeKeys, frequent = frequentOrder, frequentBounds = frequentStart
        let write = self.write, failure = self.failure
        let backwardFirst = cursor[forwardCount...].map { Int($0) }
        for group in 0..<groupCount {
            let groupLow = groupOccurrenceStart[group], groupHigh = groupOccurrenceStart[group + 1]
            let groupPlaces = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, groupHigh - groupLow))
            defer { groupPlaces.deallocate() }
            do {
                nonisolated(unsafe) let places = groupPlaces
                let forwardTasks: [@Sendable () -> Void] = zip(ranges, rangeCursors).map { range, start in
                    {
                        var cursor = start
                        forward.at.withUnsafeBufferPointer { at in
                            cursor.withUnsafeMutableBufferPointer { cursor in
                                for position in range where at[position] < Grams.run {
                                    let gram = Int(at[position])
                                    let place = Int(cursor[gram])
                                    cursor[gram] += 1
                                    if place >= groupLow && place < groupHigh { places[place - groupLow] = UInt32(position) }
                                }
                            }
                        }
                    }
                }
                let tasks = forwardTasks + backward.placing(text, trie: trie, forward: forward, maxLength: maxLength,
                                                            first: backwardFirst, into: places, from: groupLow, to: groupHigh)
                _ = parallelMap(tasks) { task in task() }
            }
            // Occurrence `i` of the whole order (`cursor`), for `i` in this group.
            nonisolated(unsafe) let groupBase = UnsafePointer(groupPlaces)
            @inline(__always) @Sendable func placed(_ index: Int) -> UInt32 { groupBase[index - groupLow] }

            let firstShard = groupShards[group]
            _ = parallelMap(parallelRanges(groupShards[group + 1] - firstShard, parts: 256)) { range in
                let bytes = ByteWriter()
                /// Writes the backward grams `members` stored in the entry of a base whose occurrences
                /// are `baseCount` from `baseStart` on: the rest of each one's key, and which of the
                /// base's occurrences are its own, as their ascending ranks.
                func putExtensions(_ members: ArraySlice<Int>, baseStart start: Int, baseCount occurrences: Int,
                                   baseLength length: Int, _ cursor: inout UnsafeMutablePointer<UInt8>) {
                    IndexEncoding.putVarint(members.count, &cursor)
                    for extensionGram in members {
                        let extensionStart = Int(gramFirstPlace[extensionGram])
                        let extensionCount = Int(gramOccurrences[extensionGram])
                        let extensionFirst = Int(placed(extensionStart))
                        var suffixLength = 0
                        for position in extensionFirst + length..<extensionFirst + Int(gramLengths[extensionGram]) {
                            suffixLength += IndexEncoding.utf8Length(scalars[Int(text[position])])
                        }
                        IndexEncoding.putVarint(suffixLength, &cursor)
                        for position in extensionFirst + length..<extensionFirst + Int(gramLengths[extensionGram]) {
                            IndexEncoding.putUTF8(scalars[Int(text[position])], &cursor)
                        }
                        // The ranks: both lists ascend, and every occurrence of the backward
                        // gram starts one of its base.
                        var ranks = [Int](repeating: 0, count: extensionCount)
                        // Found by bisection in what is left of the base's list.
                        var low = 0
                        for index in 0..<extensionCount {
                            let place = placed(extensionStart + index)
                            var high = occurrences - 1
                            while low < high {
                                let middle = (low + high) >> 1
                                if placed(start + middle) < place { low = middle + 1 } else { high = middle }
                            }
                            assert(placed(start + low) == place, "a backward gram starts where its base does")
                            ranks[index] = low
                            low += 1
                        }
                        IndexEncoding.putSized(&cursor) { cursor in
                            PositionCoding.put(count: extensionCount, first: ranks[0], last: ranks[extensionCount - 1],
                                               &cursor) { ranks[$0] }
                        }
                    }
                }
                for shard in range.lowerBound + firstShard..<range.upperBound + firstShard {
                    bytes.removeAll()
                    var offset = occurrenceStart[shard]
                    for index in gramStart[shard]..<gramStart[shard + 1] {
                        let gram = Int(sortedGrams[index])
                        let occurrences = Int(gramOccurrences[gram]), length = Int(gramLengths[gram])
                        // An occurrence's coordinate: document number × 2^`positionBits` + stored position.
                        @inline(__always) func coordinate(_ place: Int) -> Int {
                            let position = Int(placed(place))
                            let document = finder.document(position)
                            return document << positionBits | finder.local(position, in: document)
                        }
                        let firstCoordinate = coordinate(offset), lastCoordinate = coordinate(offset + occurrences - 1)
                        let ownExtensions = extensions.of(gram)
                        // Room for the key (a length and 4 bytes a scalar at most), its kind, the
                        // payload's length (5 bytes at most: reserved, then moved up to its size),
                        // the occurrences and the backward grams it is the base of.
                        var room = 10 + 4 * length + 1 + 5 + PositionCoding.bound(count: occurrences, span: lastCoordinate - firstCoordinate)
                        if !ownExtensions.isEmpty {
                            room += 5
                            for extensionGram in ownExtensions {
                                room += 10 + 4 * Int(gramLengths[extensionGram]) + 5
                                    + PositionCoding.bound(count: Int(gramOccurrences[extensionGram]), span: occurrences)
                            }
                        }
                        bytes.reserve(room)
                        var cursor = bytes.end
                        // The key, from the text of its first occurrence.
                        let first = Int(placed(offset))
                        var keyLength = 0
                        for position in first..<first + length { keyLength += IndexEncoding.utf8Length(scalars[Int(text[position])]) }
                        IndexEncoding.putVarint(keyLength, &cursor)
                        for position in first..<first + length { IndexEncoding.putUTF8(scalars[Int(text[position])], &cursor) }
                        cursor.pointee = ownExtensions.isEmpty ? 1 : 3
                        cursor += 1
                        // Its occurrences, ascending (`PositionCoding`).
                        let start = offset
                        IndexEncoding.putSized(&cursor) { cursor in
                            PositionCoding.put(count: occurrences, first: firstCoordinate, last: lastCoordinate, &cursor) {
                                coordinate(start + $0)
                            }
                            // Then each backward gram it is the base of (`Extensions`).
                            if !ownExtensions.isEmpty {
                                putExtensions(ownExtensions, baseStart: start, baseCount: occurrences, baseLength: length, &cursor)
                            }
                        }
                        bytes.end = cursor
                        offset += occurrences
                    }
                    for index in frequentBounds[shard]..<frequentBounds[shard + 1] {
                        let node = frequent[index]
                        var entry: [UInt8] = []
                        let parent = Int(strings.parent[node])
                        let stored = parent < 0 || strings.parent[parent] < 0
                            ? (kind: UInt8(2), payload: strings.documentSets[node])
                            : DocumentSetCoding.entry(own: strings.documentSets[node], parent: strings.documentSets[parent],
                                                      documentCount: corpus.documentCount)
                        IndexEncoding.appendEntry(key: keys[node], kind: stored.kind, payload: stored.payload, to: &entry)
                        bytes.append(entry)
                    }
                    let file = bytes.bytes
                    failure.run { try write("p/\(shard).bin", file) }
                }
                return 0
            }
            try failure.rethrow()
        }

        let frequentShardCount = try writeFrequentStrings(strings, scalars: scalars, nodeFNV: nodeFNV, nodeKeys: nodeKeys)
        try writeMeta(strings, scalars: scalars, positionBits: positionBits, frequentShards: frequentShardCount,
                      postingShards: shardCount)
        return Summary(estimate: estimate, postingShards: shardCount, positionBits: positionBits,
                       frequentParent: strings.parent, frequentScalar: strings.lastSymbol.map { scalars[Int($0)] },
                       frequentOccurrences: strings.occurrences)
    }
}
