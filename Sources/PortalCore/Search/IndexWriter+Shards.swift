import Foundation

/// Placing each group's occurrences and encoding its posting shards (`IndexWriter.write`).
extension IndexWriter {
    /// The text in ranges for placing the forward grams' occurrences, each with where its grams'
    /// occurrences start: each range's grams are counted first, so that each range starts
    /// writing after the occurrences of the ranges before it.
    func forwardRanges(_ analysis: Analysis, firstPlace: [UInt32]) -> [(range: Range<Int>, cursor: [UInt32])] {
        let forward = analysis.forward, forwardCount = analysis.forwardCount
        let ranges = parallelRanges(corpus.count, parts: ProcessInfo.processInfo.activeProcessorCount)
        let rangeCounts = parallelMap(ranges) { range in
            var counts = [UInt32](repeating: 0, count: forwardCount)
            forward.at.withUnsafeBufferPointer { at in
                for position in range where at[position] < Grams.run { counts[Int(at[position])] += 1 }
            }
            return counts
        }
        var rangeCursors: [[UInt32]] = []
        var next = Array(firstPlace[..<forwardCount])
        for counts in rangeCounts {
            rangeCursors.append(next)
            for gram in 0..<forwardCount { next[gram] += counts[gram] }
        }
        return Array(zip(ranges, rangeCursors))
    }

    /// The text position of every occurrence placed in `group`, in the group's order: forward
    /// grams from the analysis' gram at each position, the others from a second backward sweep.
    /// The caller deallocates it.
    func placeOccurrences<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        of group: Int, text: UnsafeBufferPointer<Symbol>, analysis: Analysis, places: OccurrenceLayout,
        ranges: [(range: Range<Int>, cursor: [UInt32])]
    ) -> UnsafeMutablePointer<UInt32> {
        let forward = analysis.forward
        let groupLow = places.groupStart[group], groupHigh = places.groupStart[group + 1]
        let groupPlaces = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, groupHigh - groupLow))
        nonisolated(unsafe) let placesOut = groupPlaces
        let forwardTasks: [@Sendable () -> Void] = ranges.map { range, start in
            {
                var cursor = start
                forward.at.withUnsafeBufferPointer { at in
                    cursor.withUnsafeMutableBufferPointer { cursor in
                        for position in range where at[position] < Grams.run {
                            let gram = Int(at[position])
                            let place = Int(cursor[gram])
                            cursor[gram] += 1
                            if place >= groupLow && place < groupHigh { placesOut[place - groupLow] = UInt32(position) }
                        }
                    }
                }
            }
        }
        let backwardFirst = places.firstPlace[analysis.forwardCount...].map { Int($0) }
        let tasks = forwardTasks + analysis.backward.placing(text, trie: analysis.trie, forward: forward, maxLength: maxLength,
                                                             first: backwardFirst, into: groupPlaces, from: groupLow, to: groupHigh)
        _ = parallelMap(tasks) { task in task() }
        return groupPlaces
    }

    /// Occurrence `i` of the whole order (`OccurrenceLayout.firstPlace`), for `i` in one group.
    struct Placed: @unchecked Sendable {
        let base: UnsafePointer<UInt32>
        let low: Int

        init(base: UnsafeMutablePointer<UInt32>, low: Int) {
            self.base = UnsafePointer(base)
            self.low = low
        }

        @inline(__always) subscript(_ index: Int) -> UInt32 { base[index - low] }
    }

    /// Encodes and writes the posting shards of `group`, on all cores.
    func writeShards<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        of group: Int, text: UnsafeBufferPointer<Symbol>, placed: Placed, analysis: Analysis, nodeKeys: [[UInt8]],
        shards: ShardLayout, places: OccurrenceLayout, extensions: Extensions, frequent: (start: [Int], order: [Int]),
        finder: SearchCorpus.DocumentFinder
    ) throws {
        let firstShard = places.groupShards[group]
        let write = self.write, failure = self.failure
        nonisolated(unsafe) let text = text
        _ = parallelMap(parallelRanges(places.groupShards[group + 1] - firstShard, parts: 256)) { range in
            let bytes = ByteWriter()
            for shard in range.lowerBound + firstShard..<range.upperBound + firstShard {
                bytes.removeAll()
                encodeGrams(of: shard, text: text, placed: placed, analysis: analysis, shards: shards, places: places,
                            extensions: extensions, finder: finder, into: bytes)
                let strings = analysis.strings
                for index in frequent.start[shard]..<frequent.start[shard + 1] {
                    let node = frequent.order[index]
                    var entry: [UInt8] = []
                    let parent = Int(strings.parent[node])
                    let stored = parent < 0 || strings.parent[parent] < 0
                        ? (kind: UInt8(2), payload: strings.documentSets[node])
                        : DocumentSetCoding.entry(own: strings.documentSets[node], parent: strings.documentSets[parent],
                                                  documentCount: corpus.documentCount)
                    IndexEncoding.appendEntry(key: nodeKeys[node], kind: stored.kind, payload: stored.payload, to: &entry)
                    bytes.append(entry)
                }
                let file = bytes.bytes
                failure.run { try write("p/\(shard).bin", file) }
            }
            return 0
        }
        try failure.rethrow()
    }

    /// The entries of the forward grams of `shard`, in their order: each one's key (from the text
    /// of its first occurrence), its occurrences as coordinates (document × 2^`positionBits` +
    /// stored position, `PositionCoding`), then the backward grams it is the base of.
    private func encodeGrams<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        of shard: Int, text: UnsafeBufferPointer<Symbol>, placed: Placed, analysis: Analysis, shards: ShardLayout,
        places: OccurrenceLayout, extensions: Extensions, finder: SearchCorpus.DocumentFinder, into bytes: ByteWriter
    ) {
        let scalars = corpus.scalars, positionBits = corpus.positionBits
        let gramOccurrences = analysis.occurrences, gramLengths = analysis.lengths
        var offset = places.shardStart[shard]
        for index in shards.gramStart[shard]..<shards.gramStart[shard + 1] {
            let gram = Int(shards.grams[index])
            let occurrences = Int(gramOccurrences[gram]), length = Int(gramLengths[gram])
            @inline(__always) func coordinate(_ place: Int) -> Int {
                let position = Int(placed[place])
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
            let first = Int(placed[offset])
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
                    putExtensions(ownExtensions, baseStart: start, baseCount: occurrences, baseLength: length, text: text,
                                  placed: placed, analysis: analysis, places: places, &cursor)
                }
            }
            bytes.end = cursor
            offset += occurrences
        }
    }

    /// Writes the backward grams `members` stored in the entry of a base whose occurrences
    /// are `baseCount` from `baseStart` on: the rest of each one's key, and which of the
    /// base's occurrences are its own, as their ascending ranks.
    private func putExtensions<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ members: ArraySlice<Int>, baseStart start: Int, baseCount occurrences: Int, baseLength length: Int,
        text: UnsafeBufferPointer<Symbol>, placed: Placed, analysis: Analysis, places: OccurrenceLayout,
        _ cursor: inout UnsafeMutablePointer<UInt8>
    ) {
        let scalars = corpus.scalars
        IndexEncoding.putVarint(members.count, &cursor)
        for extensionGram in members {
            let extensionStart = Int(places.firstPlace[extensionGram])
            let extensionCount = Int(analysis.occurrences[extensionGram])
            let extensionFirst = Int(placed[extensionStart])
            var suffixLength = 0
            for position in extensionFirst + length..<extensionFirst + Int(analysis.lengths[extensionGram]) {
                suffixLength += IndexEncoding.utf8Length(scalars[Int(text[position])])
            }
            IndexEncoding.putVarint(suffixLength, &cursor)
            for position in extensionFirst + length..<extensionFirst + Int(analysis.lengths[extensionGram]) {
                IndexEncoding.putUTF8(scalars[Int(text[position])], &cursor)
            }
            // The ranks: both lists ascend, and every occurrence of the backward
            // gram starts one of its base.
            var ranks = [Int](repeating: 0, count: extensionCount)
            // Found by bisection in what is left of the base's list.
            var low = 0
            for index in 0..<extensionCount {
                let place = placed[extensionStart + index]
                var high = occurrences - 1
                while low < high {
                    let middle = (low + high) >> 1
                    if placed[start + middle] < place { low = middle + 1 } else { high = middle }
                }
                assert(placed[start + low] == place, "a backward gram starts where its base does")
                ranks[index] = low
                low += 1
            }
            IndexEncoding.putSized(&cursor) { cursor in
                PositionCoding.put(count: extensionCount, first: ranks[0], last: ranks[extensionCount - 1],
                                   &cursor) { ranks[$0] }
            }
        }
    }
}
