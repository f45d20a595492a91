import Foundation

/// The strings that occur too often to be looked up by their positions, and, for every position of
/// the corpus, the shortest string starting there that does not.
///
/// A string is *frequent* when it occurs more than `threshold` times (and is at most `maxLength`
/// scalars long). Frequent strings form a trie: every prefix of a frequent string is frequent.
/// For each of them the index stores the set of documents that contain it, so a query that is
/// itself frequent (“人力资源”) is answered from one set, whatever its count. Every other
/// string occurs at most `threshold` times, so its positions are cheap to fetch: the index
/// stores, for every position, the positions of the shortest non-frequent string that starts
/// there (its *gram*), and the browser proves a match by aligning the positions of grams that
/// cover the query (see `SearchIndexBuilder`).
struct FrequentStrings {
    /// Node `i` is the string of node `parent[i]` followed by symbol `lastSymbol[i]` (`parent` −1:
    /// one scalar). Nodes are numbered by length, then in the order of their scalars (not of
    /// their symbols), which is the order of their entries in the index.
    var parent: [Int32] = []
    var lastSymbol: [UInt32] = []
    /// Each node's entry payload (its document set, then its title-tier document set), when the
    /// analysis was asked to collect them.
    var documentSets: [[UInt8]] = []
    /// Each node's number of occurrences (kept for `IndexPatch`, which must know when an edit
    /// would make a frequent string rare).
    var occurrences: [Int] = []

    var count: Int { parent.count }

    /// The symbols of node `node`.
    func symbols(_ node: Int) -> [UInt32] {
        var symbols: [UInt32] = []
        var current = node
        while current >= 0 {
            symbols.append(lastSymbol[current])
            current = Int(parent[current])
        }
        return symbols.reversed()
    }
}

/// The forward grams: every distinct one, numbered, and the one starting at every position.
///
/// A forward gram is the shortest non-frequent string *starting* at a position. It is a frequent
/// string (or nothing) followed by one symbol, which is how it is numbered without comparing any
/// text. (The backward grams, ending at a position, are `BackwardGrams`.)
struct Grams {
    /// `at` of a separator.
    static let none = UInt32.max
    /// `at` of a position where no gram starts, frequent up to `maxLength` or to the end of its
    /// field: this bit and the node of that frequent string.
    static let run: UInt32 = 1 << 31

    /// For every position of the text: its gram (below `run`), or `run` | the node of the frequent
    /// string starting there, or `none`.
    var at: [UInt32] = []
    /// Every gram's length and number of occurrences.
    var length: [UInt8] = []
    var occurrences: [UInt32] = []
    /// The node a gram extends (−1: the gram is one scalar) and the symbol it adds.
    var parent: [Int32] = []
    var lastSymbol: [UInt32] = []

    var count: Int { length.count }

    /// Numbers a new gram; returns its code, `~number`.
    mutating func add(length: Int, occurrences: Int32, parent: Int, lastSymbol: Int) -> Int32 {
        self.length.append(UInt8(length))
        self.occurrences.append(UInt32(occurrences))
        self.parent.append(Int32(parent))
        self.lastSymbol.append(UInt32(lastSymbol))
        return ~Int32(self.length.count - 1)
    }
}

extension FrequentStrings {
    /// The text as symbols. Positions are always inside the text: the analysis never reads past
    /// a separator, and the text starts and ends with one.
    struct SymbolView<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>: @unchecked Sendable {
        let base: UnsafePointer<Symbol>
        @inline(__always) subscript(_ index: Int) -> Int { Int(truncatingIfNeeded: base[index]) }
    }

    /// Finds the frequent strings of `text` (symbols; see `SearchCorpus`) and the gram at every
    /// position, level by level: the positions whose string so far is frequent go on to the
    /// next length, the others end their gram there.
    ///
    /// With `corpus`, also collects each frequent string's documents.
    ///
    /// Each level is one pass over the positions still going on, cut in chunks that run on all
    /// cores; the pass also counts the pairs of the next level.
    static func analyze<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ text: UnsafeBufferPointer<Symbol>, scalars: [UInt32], symbolCounts: [Int], threshold: Int, maxLength: Int,
        corpus: SearchCorpus?, denseLimit: Int = PairTable.defaultDenseLimit
    ) -> (strings: FrequentStrings, grams: Grams) {
        var analysis = Analysis(count: text.count, scalars: scalars, symbolCounts: symbolCounts, threshold: threshold,
                                maxLength: maxLength, corpus: corpus, denseLimit: denseLimit)
        analysis.run(SymbolView(base: text.baseAddress!))
        analysis.grams.at = analysis.at
        return (analysis.strings, analysis.grams)
    }

    /// One chunk's pass over the positions going on at one length: each ends its gram, ends
    /// inside a frequent run, or goes on with the longer frequent string (counting the pair it
    /// makes with the symbol after). Generic over the tables, so that the usual case reads and
    /// counts straight in arrays.
    struct LevelPass<Symbol: FixedWidthInteger & UnsignedInteger & SendableMetatype> {
        let view: SymbolView<Symbol>
        let positions: UnsafeMutablePointer<UInt32>
        /// Also holds, until a position going on settles, its node (offset in its level).
        let at: UnsafeMutablePointer<UInt32>
        let symbols: Int
        /// The length of the strings going on, the first node of that length, and of the next.
        let length: Int
        let levelStart: Int
        let childStart: Int
        /// Whether the next length is still tracked (below `maxLength`).
        let continues: Bool
        var filler: DocumentBitmaps.Filler?

        /// Passes over the entries in `range`, keeping the ones that go on from its start;
        /// returns how many.
        @inline(__always)
        mutating func run<Codes: PairCodeReading, Counter: PairCounting>(
            _ range: Range<Int>, codes: Codes, counter: inout Counter
        ) -> Int {
            var kept = range.lowerBound
            for index in range {
                let position = Int(truncatingIfNeeded: positions[index])
                let next = view[position &+ length]
                let node = Int(truncatingIfNeeded: at[position])
                if next == 0 { // the field ends inside a frequent string
                    at[position] = Grams.run | UInt32(truncatingIfNeeded: levelStart &+ node)
                    continue
                }
                let code = codes[node &* symbols &+ next]
                if code < 0 {
                    at[position] = UInt32(truncatingIfNeeded: ~code)
                    continue
                }
                filler?.add(Int(code), at: position)
                // Frequent up to the longest length tracked: no gram starts here.
                guard continues else {
                    at[position] = Grams.run | UInt32(truncatingIfNeeded: code)
                    continue
                }
                let local = Int(code) &- childStart
                positions[kept] = UInt32(truncatingIfNeeded: position)
                at[position] = UInt32(truncatingIfNeeded: local)
                kept &+= 1
                let after = view[position &+ length &+ 1]
                if after != 0 { counter.add(local &* symbols &+ after) }
            }
            return kept &- range.lowerBound
        }
    }

    /// The state of one analysis.
    struct Analysis {
        let count: Int
        let symbols: Int
        /// The scalar of each symbol, and how often it occurs.
        let scalars: [UInt32]
        let symbolCounts: [Int]
        let threshold: Int
        let maxLength: Int
        let corpus: SearchCorpus?
        let denseLimit: Int

        var strings = FrequentStrings()
        var grams = Grams()
        var at: [UInt32]

        init(count: Int, scalars: [UInt32], symbolCounts: [Int], threshold: Int, maxLength: Int, corpus: SearchCorpus?,
             denseLimit: Int) {
            self.count = count
            self.symbols = symbolCounts.count
            self.scalars = scalars
            self.symbolCounts = symbolCounts
            self.threshold = threshold
            self.maxLength = maxLength
            self.corpus = corpus
            self.denseLimit = denseLimit
            at = [UInt32](repeating: Grams.none, count: count)
        }

        /// Makes the nodes of the frequent pairs of `table` (children of the nodes from
        /// `levelStart` on, `length` scalars long) and numbers the other pairs as grams.
        mutating func classify(_ table: PairTable, levelStart: Int, length: Int) {
            let symbols = self.symbols, scalars = self.scalars
            // Nodes in the order of their parents, then of their last scalar.
            table.classify(by: { key in (key / symbols) << 21 | Int(scalars[key % symbols]) }) { key, occurrences in
                let parent = levelStart + key / symbols, symbol = key % symbols
                if Int(occurrences) > threshold {
                    strings.parent.append(Int32(parent))
                    strings.lastSymbol.append(UInt32(symbol))
                    strings.occurrences.append(Int(occurrences))
                    return Int32(strings.count - 1)
                }
                return grams.add(length: length, occurrences: occurrences, parent: parent, lastSymbol: symbol)
            }
        }
    }
}
