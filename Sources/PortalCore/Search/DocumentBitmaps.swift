/// The documents of a range of frequent strings (one level of the trie): for each, the set of
/// documents that contain it and the set whose title tier does, filled while the text is read.
///
/// Filled as one row of bits per document (a bit per string): the text is read in document
/// order, so the row being filled stays in the processor's nearest cache, where a bitmap per
/// string would be written all over memory. The rows are then turned into a bitmap per string,
/// 64 × 64 bits at a time. Several threads fill it at once (`Filler`), each over its own documents.
final class DocumentBitmaps: @unchecked Sendable {
    let firstNode: Int
    let nodes: Int
    let documentCount: Int
    /// Words of a document's row, and of a string's bitmap.
    let rowWords: Int
    let words: Int
    private let rows: UnsafeMutablePointer<UInt64>
    private let titleRows: UnsafeMutablePointer<UInt64>
    /// A bitmap per string, made by `transpose`.
    private var all: UnsafeMutablePointer<UInt64>?
    private var title: UnsafeMutablePointer<UInt64>?

    init(nodes range: Range<Int>, documentCount: Int) {
        firstNode = range.lowerBound
        nodes = range.count
        self.documentCount = documentCount
        rowWords = (nodes + 63) / 64
        words = (documentCount + 63) / 64
        // Whole blocks of 64 rows, so that the transposition needs no edge case.
        let size = max(1, words * 64 * rowWords)
        rows = .allocate(capacity: size)
        rows.initialize(repeating: 0, count: size)
        titleRows = .allocate(capacity: size)
        titleRows.initialize(repeating: 0, count: size)
    }

    deinit {
        rows.deallocate()
        titleRows.deallocate()
        all?.deallocate()
        title?.deallocate()
    }

    /// One thread's filling of the rows, over ascending positions of the text: it keeps the
    /// current document's bounds and rows at hand.
    struct Filler: @unchecked Sendable {
        private let bitmaps: DocumentBitmaps
        private let titleStart: [Int]
        private let bodyStart: [Int]
        private var document = 0
        /// Where the next document starts, and where the current one's body does.
        private var nextStart = 0
        private var currentBodyStart = 0
        private var row: UnsafeMutablePointer<UInt64>
        private var titleRow: UnsafeMutablePointer<UInt64>

        init(_ bitmaps: DocumentBitmaps, corpus: SearchCorpus, from position: Int) {
            self.bitmaps = bitmaps
            titleStart = corpus.titleStart
            bodyStart = corpus.bodyStart
            row = bitmaps.rows
            titleRow = bitmaps.titleRows
            move(to: position)
        }

        /// Notes that the string of `node` occurs at `position`.
        @inline(__always)
        mutating func add(_ node: Int, at position: Int) {
            if position >= nextStart { move(to: position) }
            let local = node &- bitmaps.firstNode
            let bit: UInt64 = 1 << UInt64(truncatingIfNeeded: local & 63)
            row[local >> 6] |= bit
            if position < currentBodyStart { titleRow[local >> 6] |= bit }
        }

        private mutating func move(to position: Int) {
            guard !titleStart.isEmpty else { return }
            while document + 1 < titleStart.count && titleStart[document + 1] <= position { document += 1 }
            nextStart = document + 1 < titleStart.count ? titleStart[document + 1] : Int.max
            currentBodyStart = bodyStart[document]
            row = bitmaps.rows + document * bitmaps.rowWords
            titleRow = bitmaps.titleRows + document * bitmaps.rowWords
        }
    }

    /// Turns the rows into a bitmap per string; after the rows are filled, before `encoded`.
    func transpose() {
        all = Self.transpose(rows, rowWords: rowWords, words: words)
        title = Self.transpose(titleRows, rowWords: rowWords, words: words)
    }

    private static func transpose(_ rows: UnsafeMutablePointer<UInt64>, rowWords: Int, words: Int) -> UnsafeMutablePointer<UInt64> {
        let size = max(1, rowWords * 64 * words)
        let columns = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        var block = [UInt64](repeating: 0, count: 64)
        for documentBlock in 0..<words {
            for nodeBlock in 0..<rowWords {
                var any: UInt64 = 0
                for row in 0..<64 {
                    block[row] = rows[(documentBlock * 64 + row) * rowWords + nodeBlock]
                    any |= block[row]
                }
                if any != 0 { transpose64(&block) }
                for column in 0..<64 { columns[(nodeBlock * 64 + column) * words + documentBlock] = any == 0 ? 0 : block[column] }
            }
        }
        return columns
    }

    /// Transposes a 64 × 64 bit matrix in place (row `r` bit `c` goes to row `c` bit `r`), by
    /// swapping ever smaller blocks.
    private static func transpose64(_ m: inout [UInt64]) {
        var width = 32
        var mask: UInt64 = 0x0000_0000_FFFF_FFFF
        while width != 0 {
            var k = 0
            while k < 64 {
                for i in k..<k + width {
                    let t = ((m[i] >> UInt64(width)) ^ m[i + width]) & mask
                    m[i] ^= t << UInt64(width)
                    m[i + width] ^= t
                }
                k += 2 * width
            }
            width >>= 1
            mask ^= mask << UInt64(width)
        }
    }

    /// A string's entry payload: its document set, then its title-tier document set.
    func encoded(_ node: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        let offset = (node - firstNode) * words
        IndexEncoding.appendDocumentSet(all! + offset, words: words, documentCount: documentCount, to: &bytes)
        IndexEncoding.appendDocumentSet(title! + offset, words: words, documentCount: documentCount, to: &bytes)
        return bytes
    }
}
