import Foundation

/// The searchable text of every document, normalised and laid end to end, fields separated by a
/// separator so that no match can run from one field into the next.
///
/// Each document has two tiers: the title tier (title, 索引号, 文号) at positions `0..<titleBase`
/// and the body tier (主题分类, body) from `titleBase` on. A hit's position therefore says by
/// itself whether it is a title hit, which is what ranks it first.
///
/// The text is kept as *symbols*: the distinct scalars numbered from 1, most frequent first, 0
/// being the separator. A 10,000-item site has a few thousand of them, so the text takes two
/// bytes a position instead of four, and the analysis indexes its tables by symbol directly; the
/// common symbols being the low ones, the parts of those tables in use stay close together.
struct SearchCorpus {
    static let separator: UInt32 = 0
    /// Where a document's body tier starts in the positions the index stores.
    static let titleBase = 512

    /// The text as symbols; starts and ends with a separator.
    enum Symbols {
        /// Fewer than 65,536 distinct scalars: every real site.
        case narrow([UInt16])
        case wide([UInt32])
    }

    let symbols: Symbols
    /// The scalar value of every symbol (`scalars[0]` is the separator).
    let scalars: [UInt32]
    /// How often every symbol occurs in the text (the separator's count is not kept).
    let symbolCounts: [Int]
    /// Positions in the text.
    let count: Int
    /// Index in the text where each document's title tier starts.
    let titleStart: [Int]
    /// Index in the text where each document's body tier starts.
    let bodyStart: [Int]

    var documentCount: Int { titleStart.count }

    /// `wideSymbols` keeps the text in 32-bit symbols even when 16 bits would do (for tests).
    init(_ documents: [SearchDocument], wideSymbols: Bool = false) {
        // Each document's tiers, title then body, each followed by a separator.
        let tiers = parallelMap(documents) { Self.tiers(of: $0) }
        // A separator at both ends: the reversed text (for backward grams) is laid out alike.
        var titleStart: [Int] = [], bodyStart: [Int] = []
        titleStart.reserveCapacity(tiers.count)
        var count = 1
        for tier in tiers {
            titleStart.append(count)
            bodyStart.append(count + tier.titleLength + 1)
            count += tier.scalars.count
        }
        // Symbols by decreasing count, then by scalar.
        var occurrences = [Int32](repeating: 0, count: 0x110000)
        for tier in tiers { for value in tier.scalars { occurrences[Int(value)] &+= 1 } }
        occurrences[Int(Self.separator)] = 0
        var present: [UInt32] = []
        for value in 1..<0x110000 where occurrences[value] > 0 { present.append(UInt32(value)) }
        present.sort { occurrences[Int($0)] != occurrences[Int($1)] ? occurrences[Int($0)] > occurrences[Int($1)] : $0 < $1 }
        let scalars = [Self.separator] + present
        var symbolOf = [UInt32](repeating: 0, count: 0x110000)
        for (symbol, value) in scalars.enumerated() { symbolOf[Int(value)] = UInt32(symbol) }
        let table = symbolOf, starts = titleStart
        func fill<Symbol: FixedWidthInteger & UnsignedInteger & Sendable & SendableMetatype>(_: Symbol.Type) -> [Symbol] {
            // Chunks of documents, each written to its own range of the text.
            [Symbol](unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.initialize(repeating: 0)
                nonisolated(unsafe) let text = buffer
                _ = parallelMap(parallelRanges(tiers.count)) { range in
                    for document in range {
                        var position = starts[document]
                        for value in tiers[document].scalars {
                            text[position] = Symbol(truncatingIfNeeded: table[Int(value)])
                            position += 1
                        }
                    }
                    return 0
                }
                initialized = count
            }
        }
        symbols = scalars.count <= Int(UInt16.max) && !wideSymbols ? .narrow(fill(UInt16.self)) : .wide(fill(UInt32.self))
        symbolCounts = [0] + present.map { Int(occurrences[Int($0)]) }
        self.scalars = scalars
        self.count = count
        self.titleStart = titleStart
        self.bodyStart = bodyStart
    }

    /// One document's text as the corpus lays it out: the title tier (`titleLength` scalars), a
    /// separator, the body tier, a separator; fields inside a tier are separated by one too.
    static func tiers(of document: SearchDocument) -> (scalars: [UInt32], titleLength: Int) {
        var normalizer = SearchNormalizer()
        var scalars: [UInt32] = []
        func join(_ fields: [String]) {
            for field in fields {
                let start = scalars.count
                if start > 0 && scalars[start - 1] != Self.separator { scalars.append(Self.separator) }
                let before = scalars.count
                normalizer.append(field, to: &scalars)
                // An empty field adds no separator either.
                if scalars.count == before { scalars.removeLast(before - start) }
            }
        }
        join(document.titleFields)
        // The title tier must stay below `titleBase`; no real title comes near it.
        if scalars.count > Self.titleBase - 1 { scalars.removeLast(scalars.count - (Self.titleBase - 1)) }
        let titleLength = scalars.count
        scalars.append(Self.separator)
        join(document.bodyFields)
        scalars.append(Self.separator)
        return (scalars, titleLength)
    }

    /// Bits of a stored position in the index's coordinates (document × 2^bits + position): enough
    /// for the longest document.
    var positionBits: Int {
        var longest = 0
        for document in 0..<documentCount {
            let end = document + 1 < documentCount ? titleStart[document + 1] - 1 : count - 1
            longest = max(longest, end - bodyStart[document])
        }
        return Self.positionBits(longestBody: longest)
    }

    /// The bits that hold every stored position when the longest body tier has `longestBody` scalars.
    static func positionBits(longestBody: Int) -> Int {
        let longest = titleBase + max(0, longestBody)
        var bits = 1
        while 1 << bits <= longest { bits += 1 }
        return bits
    }

    /// Scalars of a document's body tier, from its `tiers`.
    static func bodyLength(scalars: Int, titleLength: Int) -> Int { scalars - titleLength - 2 }

    /// The document of any position of the text in a step or two: the document at the start of
    /// every block of positions, then forward from there (documents are longer than a block).
    struct DocumentFinder {
        static let blockBits = 8
        let titleStart: [Int]
        let bodyStart: [Int]
        private let blockDocument: [Int32]

        init(_ corpus: SearchCorpus) {
            titleStart = corpus.titleStart
            bodyStart = corpus.bodyStart
            var blockDocument = [Int32](repeating: 0, count: (corpus.count >> Self.blockBits) + 1)
            var document = 0
            for block in 0..<blockDocument.count {
                let position = block << Self.blockBits
                while document + 1 < titleStart.count && titleStart[document + 1] <= position { document += 1 }
                blockDocument[block] = Int32(document)
            }
            self.blockDocument = blockDocument
        }

        /// The document of `position` (a position inside a document).
        @inline(__always)
        func document(_ position: Int) -> Int {
            var document = Int(blockDocument[position >> Self.blockBits])
            while document + 1 < titleStart.count && titleStart[document + 1] <= position { document += 1 }
            return document
        }

        /// The position the index stores for `position` of `document`.
        @inline(__always)
        func local(_ position: Int, in document: Int) -> Int {
            let body = bodyStart[document]
            return position < body ? position - titleStart[document] : SearchCorpus.titleBase + position - body
        }
    }
}
