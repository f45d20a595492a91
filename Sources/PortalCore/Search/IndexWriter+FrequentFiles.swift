import Foundation

extension IndexWriter {
    /// `f/<n>.bin`: the frequent strings of two scalars or more, sharded by their first two scalars
    /// (the hash of the ancestor two scalars long, `nodeFNV`), each shard sorted and front-coded.
    /// Returns the number of shards.
    func writeFrequentStrings(_ strings: FrequentStrings, scalars: [UInt32], nodeFNV: [UInt32],
                              nodeKeys: [[UInt8]]) throws -> Int {
        let nodeCount = strings.count
        var frequentLists: [(lead: UInt32, key: [UInt8])] = []
        for node in 0..<nodeCount {
            let parent = Int(strings.parent[node])
            guard parent >= 0 else { continue }   // single characters are in meta.json
            // The hash of the first two scalars is that of the ancestor two scalars long.
            var lead = node
            while strings.parent[Int(strings.parent[lead])] >= 0 { lead = Int(strings.parent[lead]) }
            frequentLists.append((nodeFNV[lead], nodeKeys[node]))
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
        return frequentShardCount
    }

    /// `meta.json`: the sizes and parameters `search.js` reads first, and the frequent single characters.
    func writeMeta(_ strings: FrequentStrings, scalars: [UInt32], positionBits: Int, frequentShards frequentShardCount: Int,
                   postingShards shardCount: Int) throws {
        var unigrams: [UInt32] = []
        for node in 0..<strings.count where strings.parent[node] < 0 { unigrams.append(scalars[Int(strings.lastSymbol[node])]) }
        var unigramText = String.UnicodeScalarView()
        for value in unigrams.sorted() { if let scalar = Unicode.Scalar(value) { unigramText.append(scalar) } }
        let meta = """
        {"format":\(SearchIndexBuilder.format),"documents":\(corpus.documentCount),"threshold":\(threshold),"maxLength":\(maxLength),\
        "titleBase":\(SearchCorpus.titleBase),"positionBits":\(positionBits),"frequentShards":\(frequentShardCount),"postingShards":\(shardCount),\
        "documentsPerFolder":\(SearchIndexBuilder.documentsPerFolder),"frequentCharacters":\(IndexEncoding.jsonString(String(unigramText)))}

        """
        try write("meta.json", Array(meta.utf8))
    }
}
