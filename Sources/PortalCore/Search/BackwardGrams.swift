import Foundation

/// The backward grams that are not forward grams too: at every position, the shortest
/// non-frequent string *ending* there (see `SearchIndexBuilder`), unless that string is also the
/// forward gram of the position where it starts.
///
/// Found from the forward analysis alone, in one sweep of the text. The frequent strings are the
/// same read either way, and every substring of a frequent string is frequent. So with F(p) the
/// length of the longest frequent string starting at p (one less than its forward gram's), the
/// longest one ending at q starts at the first p with p + F(p) > q, which only moves forwards as
/// q does; and its node is an ancestor of the node F(p) long at p. The backward gram ending at q
/// is that string with the scalar before it.
///
/// A gram is numbered by (that frequent string's node, the symbol before it). Two sweeps: `init`
/// counts every gram's occurrences chunk by chunk, then `placing` writes each occurrence where
/// the index wants it, in text order.
struct BackwardGrams {
    /// Per gram, ascending by (node, symbol): the node of the frequent string it ends with, the
    /// symbol before that string, its number of occurrences.
    var node: [Int32] = []
    var firstSymbol: [UInt32] = []
    var occurrences: [UInt32] = []
    var count: Int { node.count }

    /// Chunks of the text (each starts at a document), and each one's occurrences by gram key
    /// (`node × symbols + symbol`).
    private let chunkBounds: [Int]
    private var chunkCounts: [IntTable] = []

    /// Sweeps the text, counting the grams.
    init<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ text: UnsafeBufferPointer<Symbol>, trie: Trie, forward: Grams, maxLength: Int, corpus: SearchCorpus
    ) {
        let chunkCount = max(1, ProcessInfo.processInfo.activeProcessorCount * 2)
        var bounds = [0]
        let perChunk = max(1, (corpus.documentCount + chunkCount - 1) / chunkCount)
        for document in stride(from: perChunk, to: corpus.documentCount, by: perChunk) { bounds.append(corpus.titleStart[document]) }
        bounds.append(text.count)
        self.chunkBounds = bounds
        let chunks = Array(0..<bounds.count - 1), chunkBounds = bounds

        nonisolated(unsafe) let text = text
        chunkCounts = parallelMap(chunks) { chunk in
            var counter = Counter()
            Self.sweep(text, chunkBounds[chunk]..<chunkBounds[chunk + 1], trie: trie, forward: forward,
                       maxLength: maxLength, into: &counter)
            return counter.counts
        }
        var total = IntTable()
        for counts in chunkCounts { counts.forEach { key, count in total.add(key, count) } }
        var keys: [(key: Int, count: Int32)] = []
        keys.reserveCapacity(total.count)
        total.forEach { key, count in keys.append((key, count)) }
        keys.sort { $0.key < $1.key }
        for entry in keys {
            node.append(Int32(entry.key / trie.symbols))
            firstSymbol.append(UInt32(entry.key % trie.symbols))
            occurrences.append(UInt32(entry.count))
        }
    }

    /// The work of writing the start of every occurrence of gram `g` to `places`, from `first[g]`
    /// on, in text order: one task a chunk, to run on any thread (with other work). Only the
    /// places in `low..<high` are written, at `places[place − low]` (one group of shards).
    func placing<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ text: UnsafeBufferPointer<Symbol>, trie: Trie, forward: Grams, maxLength: Int,
        first: [Int], into places: UnsafeMutablePointer<UInt32>, from low: Int = 0, to high: Int = Int.max
    ) -> [@Sendable () -> Void] {
        // Each chunk's first place of each gram: after the places of the chunks before it.
        var next = first
        var cursors: [IntTable] = []
        for counts in chunkCounts {
            var cursor = IntTable()
            counts.forEach { key, count in
                let gram = gram(key, symbols: trie.symbols)
                cursor.set(key, Int32(next[gram]))
                next[gram] += Int(count)
            }
            cursors.append(cursor)
        }
        nonisolated(unsafe) let text = text, places = places
        let bounds = chunkBounds
        return cursors.indices.map { chunk in
            let cursor = cursors[chunk]
            return {
                var placer = Placer(cursor: cursor, places: places, low: low, high: high)
                Self.sweep(text, bounds[chunk]..<bounds[chunk + 1], trie: trie, forward: forward, maxLength: maxLength,
                           into: &placer)
            }
        }
    }

    /// The number of the gram with key `key` (by binary search: the grams are in key order).
    private func gram(_ key: Int, symbols: Int) -> Int {
        var low = 0, high = node.count - 1
        while low < high {
            let middle = (low + high) / 2
            if Int(node[middle]) * symbols + Int(firstSymbol[middle]) < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// What a sweep does with each occurrence it finds.
    private protocol Sink {
        mutating func found(_ key: Int, start: Int)
    }

    private struct Counter: Sink {
        var counts = IntTable()
        @inline(__always) mutating func found(_ key: Int, start: Int) { counts.add(key, 1) }
    }

    private struct Placer: Sink, @unchecked Sendable {
        var cursor: IntTable
        let places: UnsafeMutablePointer<UInt32>
        /// Only the places in `low..<high` are written, at `places[place − low]`.
        let low: Int, high: Int
        @inline(__always) mutating func found(_ key: Int, start: Int) {
            let place = Int(cursor.increment(key))
            if place >= low && place < high { places[place &- low] = UInt32(truncatingIfNeeded: start) }
        }
    }

    /// Hands `sink` every backward-only gram occurrence in `range` (which starts at a document or
    /// a separator): by start, in text order.
    @inline(__always)
    private static func sweep<Symbol: FixedWidthInteger & UnsignedInteger, S: Sink>(
        _ text: UnsafeBufferPointer<Symbol>, _ range: Range<Int>, trie: Trie, forward: Grams, maxLength: Int,
        into sink: inout S
    ) {
        let symbols = trie.symbols
        forward.at.withUnsafeBufferPointer { at in
            forward.length.withUnsafeBufferPointer { gramLength in
                forward.parent.withUnsafeBufferPointer { gramParent in
                    trie.parent.withUnsafeBufferPointer { parent in
                        trie.depth.withUnsafeBufferPointer { depth in
                            // F(p), and the node of that frequent string (−1: none).
                            @inline(__always) func frequent(_ p: Int) -> (length: Int, node: Int) {
                                let value = at[p]
                                if value == Grams.none { return (0, -1) }
                                if value >= Grams.run {
                                    let node = Int(value & ~Grams.run)
                                    return (Int(depth[node]), node)
                                }
                                return (Int(gramLength[Int(value)]) &- 1, Int(gramParent[Int(value)]))
                            }
                            // Every q before `served` has its longest frequent string found.
                            var served = range.lowerBound
                            for p in range {
                                let (length, deepest) = frequent(p)
                                let end = p &+ length
                                guard end > served else { continue }
                                // p starts the longest frequent string ending at every q in
                                // max(served, p)..<end; from the longest (the node at p) down.
                                let before = p &- 1
                                let symbol = before >= 0 ? Int(truncatingIfNeeded: text[before]) : 0
                                var node = deepest
                                var q = end &- 1
                                let first = max(served, p)
                                served = end
                                // No gram ends where the field is frequent up to there.
                                guard symbol != 0 else { continue }
                                let forwardLength = frequent(before).length, forwardGram = at[before] < Grams.run
                                while q >= first {
                                    let stringLength = q &- p &+ 1
                                    // Past `maxLength`, none; a forward gram too when the frequent
                                    // string from `before` ends just before q.
                                    if stringLength < maxLength && !(forwardGram && forwardLength == stringLength) {
                                        sink.found(node &* symbols &+ symbol, start: before)
                                    }
                                    node = Int(parent[node])
                                    q &-= 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension BackwardGrams {
    /// The trie of the frequent strings, as the sweep needs it.
    struct Trie: Sendable {
        let symbols: Int
        let parent: [Int32]
        /// Each node's length.
        let depth: [UInt8]

        init(_ strings: FrequentStrings, symbols: Int) {
            self.symbols = symbols
            parent = strings.parent
            // Nodes are numbered by length: a node's parent comes before it.
            var depth = [UInt8](repeating: 0, count: strings.count)
            for node in 0..<strings.count {
                let parent = Int(strings.parent[node])
                depth[node] = parent < 0 ? 1 : depth[parent] + 1
            }
            self.depth = depth
        }
    }
}
