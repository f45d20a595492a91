/// The searchable text of every document, normalised and laid end to end as Unicode scalar
/// values, fields separated by `separator` so that no match can run from one field into the next.
///
/// Each document has two tiers: the title tier (title, 索引号, 文号) at positions `0..<titleBase`
/// and the body tier (主题分类, body) from `titleBase` on. A hit's position therefore says by
/// itself whether it is a title hit, which is what ranks it first.
struct SearchCorpus {
    static let separator: UInt32 = 0
    /// Where a document's body tier starts in the positions the index stores.
    static let titleBase = 512

    /// Every document's scalars; starts and ends with a separator.
    let text: [UInt32]
    /// Index in `text` where each document's title tier starts.
    let titleStart: [Int]
    /// Index in `text` where each document's body tier starts.
    let bodyStart: [Int]

    var documentCount: Int { titleStart.count }

    init(_ documents: [SearchDocument]) {
        let tiers = parallelMap(documents) { document -> ([UInt32], [UInt32]) in
            var normalizer = SearchNormalizer()
            func join(_ fields: [String]) -> [UInt32] {
                var joined: [UInt32] = []
                for field in fields {
                    let scalars = normalizer.normalize(field)
                    if scalars.isEmpty { continue }
                    if !joined.isEmpty { joined.append(Self.separator) }
                    joined += scalars
                }
                return joined
            }
            let title = join(document.titleFields)
            // The title tier must stay below `titleBase`; no real title comes near it.
            return (Array(title.prefix(Self.titleBase - 1)), join(document.bodyFields))
        }
        // A separator at both ends: the reversed text (for backward grams) is laid out alike.
        var text: [UInt32] = [Self.separator]
        text.reserveCapacity(tiers.reduce(1) { $0 + $1.0.count + $1.1.count + 2 })
        var titleStart: [Int] = [], bodyStart: [Int] = []
        for (title, body) in tiers {
            titleStart.append(text.count)
            text += title
            text.append(Self.separator)
            bodyStart.append(text.count)
            text += body
            text.append(Self.separator)
        }
        self.text = text
        self.titleStart = titleStart
        self.bodyStart = bodyStart
    }

    /// The document of a position of `text` and the position the index stores for it.
    func locate(_ position: Int) -> (document: Int32, position: Int) {
        var low = 0, high = titleStart.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if titleStart[middle] <= position { low = middle } else { high = middle - 1 }
        }
        let body = bodyStart[low]
        return (Int32(low), position < body ? position - titleStart[low] : Self.titleBase + position - body)
    }

    /// The document of `position`, searching from document `from` on (positions ascend).
    func document(at position: Int, from: Int) -> Int {
        var low = from, high = titleStart.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if titleStart[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Bits of a stored position in the index's coordinates (document × 2^bits + position): enough
    /// for the longest document.
    var positionBits: Int {
        var longest = Self.titleBase
        for document in 0..<documentCount {
            let end = document + 1 < documentCount ? titleStart[document + 1] - 1 : text.count - 1
            longest = max(longest, Self.titleBase + end - bodyStart[document])
        }
        var bits = 1
        while 1 << bits <= longest { bits += 1 }
        return bits
    }

    /// Walks ascending positions of `text`, telling each one's document and stored position.
    struct Locator {
        let corpus: SearchCorpus
        private var document = 0

        init(_ corpus: SearchCorpus) { self.corpus = corpus }

        /// Positions must be asked for in ascending order.
        mutating func locate(_ position: Int) -> (document: Int32, position: Int) {
            while document + 1 < corpus.titleStart.count && corpus.titleStart[document + 1] <= position { document += 1 }
            let body = corpus.bodyStart[document]
            let local = position < body ? position - corpus.titleStart[document] : SearchCorpus.titleBase + position - body
            return (Int32(document), local)
        }
    }
}
