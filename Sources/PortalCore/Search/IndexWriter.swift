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

    /// Above this many occurrences, the shards are written in two groups (`write`): halves the
    /// peak memory of placing them (4 bytes an occurrence), for a second sweep of the text. At
    /// 10,000 items (29.5 M occurrences) the sweep cost 0.1–0.3 s for 35 MB, so only larger sites
    /// take it: at 50,000 items (147 M) it saves about 290 MB.
    static let defaultOccurrencesPerGroup = 64_000_000

    func write<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(_ text: UnsafeBufferPointer<Symbol>) throws -> Summary {
        let scalars = corpus.scalars
        // Forward grams and the frequent strings with their documents; then the backward grams
        // that are not forward grams too.
        let (strings, forward) = FrequentStrings.analyze(text, scalars: scalars, symbolCounts: corpus.symbolCounts,
                                                         threshold: threshold, maxLength: maxLength, corpus: corpus,
                                                         denseLimit: denseLimit)
        let trie = BackwardGrams.Trie(strings, symbols: scalars.count)
        let backward = BackwardGrams(text, trie: trie, forward: forward, maxLength: maxLength, corpus: corpus)
        // The analysis' passes freed as much as the occurrences' places are about to take.
        SearchIndexBuilder.releaseFreedMemory()

        let analysis = Analysis(strings: strings, forward: forward, backward: backward, trie: trie)
        let hashes = Hashes(analysis, scalars: scalars)
        let extensions = Self.extensions(strings: strings, forward: forward, backward: backward, scalars: scalars,
                                         symbolsOf: analysis.symbols)
        let shards = layOutShards(analysis, hashes: hashes)
        let places = layOutOccurrences(analysis, shards: shards, extensions: extensions)
        let ranges = forwardRanges(analysis, firstPlace: places.firstPlace)
        let frequent = Self.frequentEntries(strings, nodeFNV: hashes.nodeFNV, shardCount: shards.count)
        let finder = SearchCorpus.DocumentFinder(corpus)
        for group in 0..<places.groupCount {
            let groupPlaces = placeOccurrences(of: group, text: text, analysis: analysis, places: places, ranges: ranges)
            defer { groupPlaces.deallocate() }
            try writeShards(of: group, text: text, placed: Placed(base: groupPlaces, low: places.groupStart[group]),
                            analysis: analysis, nodeKeys: hashes.nodeKeys, shards: shards, places: places,
                            extensions: extensions, frequent: frequent, finder: finder)
        }

        let frequentShardCount = try writeFrequentStrings(strings, scalars: scalars, nodeFNV: hashes.nodeFNV, nodeKeys: hashes.nodeKeys)
        try writeMeta(strings, scalars: scalars, positionBits: corpus.positionBits, frequentShards: frequentShardCount,
                      postingShards: shards.count)
        return Summary(estimate: shards.estimate, postingShards: shards.count, positionBits: corpus.positionBits,
                       frequentParent: strings.parent, frequentScalar: strings.lastSymbol.map { scalars[Int($0)] },
                       frequentOccurrences: strings.occurrences)
    }

    /// The analysis of the text, and every gram of it, forward ones first: its length and number
    /// of occurrences.
    struct Analysis: @unchecked Sendable {
        let strings: FrequentStrings
        let forward: Grams
        let backward: BackwardGrams
        let trie: BackwardGrams.Trie
        let lengths: [UInt8]
        let occurrences: [UInt32]
        var forwardCount: Int { forward.count }
        var gramCount: Int { forward.count + backward.count }

        init(strings: FrequentStrings, forward: Grams, backward: BackwardGrams, trie: BackwardGrams.Trie) {
            self.strings = strings
            self.forward = forward
            self.backward = backward
            self.trie = trie
            lengths = forward.length + backward.node.map { trie.depth[Int($0)] + 1 }
            occurrences = forward.occurrences + backward.occurrences
        }

        /// The symbols of a gram: a forward gram is a frequent string and a symbol, a backward one
        /// a symbol and a frequent string.
        func symbols(_ gram: Int) -> [UInt32] {
            if gram < forwardCount {
                let parent = Int(forward.parent[gram])
                return (parent < 0 ? [] : strings.symbols(parent)) + [forward.lastSymbol[gram]]
            }
            return [backward.firstSymbol[gram - forwardCount]] + strings.symbols(Int(backward.node[gram - forwardCount]))
        }
    }

    /// Hashes of the frequent strings, prefix by prefix, and of every forward gram from them: the
    /// FNV-1a that shards, the 64-bit hash that orders a shard; and each frequent string's key.
    /// Only forward grams have entries of their own (a backward gram is stored in the entry of its
    /// base, `Extensions`).
    struct Hashes: Sendable {
        var nodeFNV: [UInt32], nodeHash: [UInt64], nodeKeys: [[UInt8]]
        var gramFNV: [UInt32], gramHash: [UInt64]

        init(_ analysis: Analysis, scalars: [UInt32]) {
            let strings = analysis.strings, forward = analysis.forward
            let nodeCount = strings.count, forwardCount = analysis.forwardCount
            nodeFNV = [UInt32](repeating: 0, count: nodeCount)
            nodeHash = [UInt64](repeating: 0, count: nodeCount)
            nodeKeys = [[UInt8]](repeating: [], count: nodeCount)
            for node in 0..<nodeCount {
                let parent = Int(strings.parent[node]), scalar = scalars[Int(strings.lastSymbol[node])]
                nodeFNV[node] = IndexEncoding.fnv1a(parent < 0 ? IndexEncoding.fnv1aBasis : nodeFNV[parent], scalar)
                nodeHash[node] = IndexEncoding.hash64(parent < 0 ? IndexEncoding.hash64Basis : nodeHash[parent], scalar)
                nodeKeys[node] = parent < 0 ? [] : nodeKeys[parent]
                IndexEncoding.appendUTF8(scalar, to: &nodeKeys[node])
            }
            gramFNV = [UInt32](repeating: 0, count: forwardCount)
            gramHash = [UInt64](repeating: 0, count: forwardCount)
            for gram in 0..<forwardCount {
                let parent = Int(forward.parent[gram]), scalar = scalars[Int(forward.lastSymbol[gram])]
                gramFNV[gram] = IndexEncoding.fnv1a(parent < 0 ? IndexEncoding.fnv1aBasis : nodeFNV[parent], scalar)
                gramHash[gram] = IndexEncoding.hash64(parent < 0 ? IndexEncoding.hash64Basis : nodeHash[parent], scalar)
            }
        }
    }

    /// The posting shards: how many, and the forward grams of each in their order there
    /// (`grams[gramStart[s]..<gramStart[s + 1]]` for shard `s`).
    struct ShardLayout: Sendable {
        let count: Int
        /// The index's size estimate (`SearchIndexState.estimate`) and its gram occurrences.
        let estimate: Int
        let total: Int
        let gramStart: [Int]
        let grams: [UInt32]
    }

    /// Shards sized by the occurrences and the frequent strings' entries; each shard's grams
    /// ordered by hash, then length, then text (`IndexEncoding.gramPrecedes`).
    func layOutShards(_ analysis: Analysis, hashes: Hashes) -> ShardLayout {
        let strings = analysis.strings, occurrences = analysis.occurrences, forwardCount = analysis.forwardCount
        let scalars = corpus.scalars
        let total = occurrences.reduce(0) { $0 + Int($1) }
        var estimate = total * 3
        for node in 0..<strings.count { estimate += hashes.nodeKeys[node].count + strings.documentSets[node].count + 4 }
        let shardCount = IndexEncoding.shardCount(totalBytes: estimate, target: SearchIndexBuilder.postingShardTarget)

        var shardGramStart = [Int](repeating: 0, count: shardCount + 1)
        let gramFNV = hashes.gramFNV, gramHash = hashes.gramHash
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
        let gramLengths = analysis.lengths
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
                            (analysis.symbols(a).map { scalars[Int($0)] }, analysis.symbols(b).map { scalars[Int($0)] })
                        }
                    }
                }
                return 0
            }
        }
        return ShardLayout(count: shardCount, estimate: estimate, total: total, gramStart: shardGramStart, grams: order)
    }

    /// Where every occurrence goes: the shards are written in groups, each from the occurrences
    /// of its own grams alone, so that only a group's occurrences are held at once (4 bytes each:
    /// on 10,000 items, 118 MB for all of them). A group's occurrences are its shards' forward
    /// grams', shard by shard, then the backward grams' stored in them.
    struct OccurrenceLayout: Sendable {
        /// Each gram's first place in the whole order.
        let firstPlace: [UInt32]
        /// Group `g` is the shards `groupShards[g]..<groupShards[g + 1]`, the places
        /// `groupStart[g]..<groupStart[g + 1]`.
        let groupShards: [Int]
        let groupStart: [Int]
        /// Each shard's first place.
        let shardStart: [Int]
        var groupCount: Int { groupShards.count - 1 }
    }

    func layOutOccurrences(_ analysis: Analysis, shards: ShardLayout, extensions: Extensions) -> OccurrenceLayout {
        let occurrences = analysis.occurrences, shardCount = shards.count
        var cursor = [UInt32](repeating: 0, count: analysis.gramCount)
        precondition(shards.total < Int(UInt32.max), "more gram occurrences than 32-bit places can hold")
        let groupCount = shards.total > occurrencesPerGroup ? 2 : 1
        let groupShards = (0...groupCount).map { $0 * shardCount / groupCount }
        var shardOccurrenceStart = [Int](repeating: 0, count: shardCount + 1)
        var groupOccurrenceStart = [Int](repeating: 0, count: groupCount + 1)
        var running = 0
        for group in 0..<groupCount {
            groupOccurrenceStart[group] = running
            for shard in groupShards[group]..<groupShards[group + 1] {
                shardOccurrenceStart[shard] = running
                for index in shards.gramStart[shard]..<shards.gramStart[shard + 1] {
                    let gram = Int(shards.grams[index])
                    cursor[gram] = UInt32(running)
                    running += Int(occurrences[gram])
                }
            }
            for index in shards.gramStart[groupShards[group]]..<shards.gramStart[groupShards[group + 1]] {
                for gram in extensions.of(Int(shards.grams[index])) {
                    cursor[gram] = UInt32(running)
                    running += Int(occurrences[gram])
                }
            }
        }
        groupOccurrenceStart[groupCount] = running
        shardOccurrenceStart[shardCount] = running
        return OccurrenceLayout(firstPlace: cursor, groupShards: groupShards, groupStart: groupOccurrenceStart,
                                shardStart: shardOccurrenceStart)
    }

    /// The frequent strings' entries by shard, in node order (`order[start[s]..<start[s + 1]]`): a
    /// frequent string's entry goes in the shard of its first two scalars (`DocumentSetCoding`).
    static func frequentEntries(_ strings: FrequentStrings, nodeFNV: [UInt32], shardCount: Int) -> (start: [Int], order: [Int]) {
        let nodeCount = strings.count
        var frequentStart = [Int](repeating: 0, count: shardCount + 1)
        var leadFNV = [UInt32](repeating: 0, count: nodeCount)
        for node in 0..<nodeCount {
            let parent = Int(strings.parent[node])
            leadFNV[node] = parent < 0 || strings.parent[parent] < 0 ? nodeFNV[node] : leadFNV[parent]
        }
        for node in 0..<nodeCount { frequentStart[Int(leadFNV[node] % UInt32(shardCount)) + 1] += 1 }
        for shard in 0..<shardCount { frequentStart[shard + 1] += frequentStart[shard] }
        var frequentOrder = [Int](repeating: 0, count: nodeCount)
        var next = frequentStart
        for node in 0..<nodeCount {
            let shard = Int(leadFNV[node] % UInt32(shardCount))
            frequentOrder[next[shard]] = node
            next[shard] += 1
        }
        return (frequentStart, frequentOrder)
    }
}
