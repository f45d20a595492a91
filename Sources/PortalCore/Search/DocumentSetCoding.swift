/// How a frequent string's entry stores its documents (and those whose title tier holds it).
///
/// Kind 2, the sets themselves (`IndexEncoding.appendDocumentSet`, twice). Kind 4, the sets as
/// what the string's *parent* (the string without its last scalar) has and it lacks: a child's
/// documents are a subset of its parent's, and along a run of boilerplate (“根据《中华人民共和国
/// 政府信息公开条例》”) nearly the same subset, so the difference is a few bytes where the set took
/// a kilobyte (on 10,000 items, the frequent strings' entries went from 21 MB to about 3).
/// For each of the two sets: `0` when nothing is missing, else the ranks (in the parent's set,
/// ascending) of the missing documents (`PositionCoding`, whose count is never 0).
///
/// A string of three scalars or more is stored as kind 4 when that is smaller; its entry is in
/// the shard of its first two scalars (`IndexWriter`), like its parent's, so that the browser
/// resolves it from the one file (`search.js`, `documentSets`). `IndexPatch` chooses the same way.
enum DocumentSetCoding {
    typealias Bitmap = [UInt64]

    /// The two sets of a kind-2 payload, as bitmaps of `(documentCount + 63) / 64` words.
    static func sets(_ payload: [UInt8], documentCount: Int) -> (all: Bitmap, title: Bitmap)? {
        var reader = IndexReader(payload)
        guard let all = set(&reader, documentCount: documentCount), let title = set(&reader, documentCount: documentCount),
              reader.atEnd else { return nil }
        return (all, title)
    }

    /// A kind-2 payload.
    static func payload(all: Bitmap, title: Bitmap, documentCount: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        let words = (documentCount + 63) / 64
        all.withUnsafeBufferPointer { IndexEncoding.appendDocumentSet($0.baseAddress!, words: words, documentCount: documentCount, to: &bytes) }
        title.withUnsafeBufferPointer { IndexEncoding.appendDocumentSet($0.baseAddress!, words: words, documentCount: documentCount, to: &bytes) }
        return bytes
    }

    /// The entry of a string of three scalars or more, from its kind-2 payload and its parent's:
    /// kind 4 when that is smaller, else kind 2.
    static func entry(own: [UInt8], parent: [UInt8], documentCount: Int) -> (kind: UInt8, payload: [UInt8]) {
        guard let child = sets(own, documentCount: documentCount), let parent = sets(parent, documentCount: documentCount),
              let relative = relative(child, to: parent), relative.count < own.count
        else { return (2, own) }
        return (4, relative)
    }

    /// A kind-4 payload; nil when the child has a document its parent lacks.
    static func relative(_ child: (all: Bitmap, title: Bitmap), to parent: (all: Bitmap, title: Bitmap)) -> [UInt8]? {
        var bytes: [UInt8] = []
        for (own, parent) in [(child.all, parent.all), (child.title, parent.title)] {
            var ranks: [Int] = []
            var before = 0
            for word in parent.indices {
                guard own[word] & ~parent[word] == 0 else { return nil }
                var missing = parent[word] & ~own[word]
                while missing != 0 {
                    let bit = missing.trailingZeroBitCount
                    ranks.append(before + (parent[word] & ((1 << UInt64(bit)) - 1)).nonzeroBitCount)
                    missing &= missing - 1
                }
                before += parent[word].nonzeroBitCount
            }
            if ranks.isEmpty { bytes.append(0) } else { bytes += PositionCoding.encoded(ranks) }
        }
        return bytes
    }

    /// The sets of a kind-4 payload, given its parent's.
    static func resolve(_ payload: [UInt8], parent: (all: Bitmap, title: Bitmap)) -> (all: Bitmap, title: Bitmap)? {
        var reader = IndexReader(payload)
        var result: [Bitmap] = []
        for parentSet in [parent.all, parent.title] {
            let start = reader.offset
            guard let first = reader.varint() else { return nil }
            var ranks: [Int] = []
            if first != 0 {
                reader.offset = start
                guard let read = PositionCoding.read(&reader) else { return nil }
                ranks = read
            }
            var set = parentSet, rank = 0, next = 0
            outer: for word in parentSet.indices where !ranks.isEmpty {
                var bits = parentSet[word]
                while bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    if next < ranks.count && ranks[next] == rank {
                        set[word] &= ~(1 << UInt64(bit))
                        next += 1
                        if next == ranks.count { break outer }
                    }
                    rank += 1
                    bits &= bits - 1
                }
            }
            guard next == ranks.count else { return nil }
            result.append(set)
        }
        guard reader.atEnd else { return nil }
        return (result[0], result[1])
    }

    /// Reads a set written by `IndexEncoding.appendDocumentSet` as a bitmap.
    static func set(_ reader: inout IndexReader, documentCount: Int) -> Bitmap? {
        var bits = Bitmap(repeating: 0, count: max(1, (documentCount + 63) / 64))
        switch reader.byte() {
        case 0: return bits
        case 1:
            guard let count = reader.varint(), count <= documentCount else { return nil }
            var document = 0
            for _ in 0..<count {
                guard let step = reader.varint() else { return nil }
                document += step
                guard document < documentCount else { return nil }
                bits[document >> 6] |= 1 << UInt64(document & 63)
            }
            return bits
        case 2:
            guard let bytes = reader.slice((documentCount + 7) / 8) else { return nil }
            for (index, byte) in bytes.enumerated() { bits[index >> 3] |= UInt64(byte) << UInt64((index & 7) * 8) }
            return bits
        default: return nil
        }
    }
}
