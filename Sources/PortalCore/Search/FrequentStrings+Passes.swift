import Foundation

/// The analysis' passes (`FrequentStrings.analyze`), one method each: the single scalars, the
/// pairs, the first pass over every position, then one pass a length over the positions going on.
extension FrequentStrings.Analysis {
    /// The positions of the text in chunks that run on all cores; collecting documents, a chunk
    /// starts at a document.
    struct Chunks {
        let bounds: [Int]
        var indices: [Int] { Array(0..<bounds.count - 1) }
        /// Where each chunk's entries of the positions going on start (its first position).
        var starts: [Int] { Array(bounds.dropLast()) }

        init(count: Int, corpus: SearchCorpus?) {
            let chunkCount = max(1, min(64, ProcessInfo.processInfo.activeProcessorCount * 2))
            var bounds = [0]
            if let corpus {
                let documents = corpus.documentCount
                let perChunk = max(1, (documents + chunkCount - 1) / chunkCount)
                for document in stride(from: perChunk, to: documents, by: perChunk) { bounds.append(corpus.titleStart[document]) }
            } else {
                let perChunk = max(1, (count + chunkCount - 1) / chunkCount)
                for start in stride(from: perChunk, to: count, by: perChunk) { bounds.append(start) }
            }
            bounds.append(count)
            self.bounds = bounds
        }
    }

    mutating func run<Symbol>(_ view: FrequentStrings.SymbolView<Symbol>) {
        let unigramCodes = numberSingleScalars()
        let unigramEnd = strings.count
        let chunks = Chunks(count: count, corpus: corpus)
        guard maxLength >= 2, unigramEnd > 0 else {
            settleSingleScalars(view, unigramCodes: unigramCodes, chunks: chunks)
            return
        }
        // Each chunk counts the next level's pairs into its own table; the counts are then merged
        // into one, which the next pass reads the codes from. The tables serve every level.
        let chunkTables = chunks.indices.map { _ in PairTable(denseLimit: denseLimit) }
        let pairTable = PairTable(denseLimit: denseLimit)
        countPairs(view, unigramCodes: unigramCodes, chunks: chunks, chunkTables: chunkTables, into: pairTable)
        classify(pairTable, levelStart: 0, length: 2)

        // The positions going on. Each chunk keeps its own from its first position on (at
        // most one entry a position), and each pass moves the ones that go on down in place:
        // a chunk only ever reads its own entries. A position's node (its offset in its
        // level) waits in `at` until the position settles (every one does, at the latest
        // when `maxLength` is reached), rather than in an array beside: that array was the
        // largest part of the analysis' memory (4 bytes for most positions of the text).
        let positions = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, count))
        defer { positions.deallocate() }
        var activeEnd = firstPass(view, unigramCodes: unigramCodes, levelStart: unigramEnd, chunks: chunks,
                                  positions: positions, chunkTables: chunkTables, pairTable: pairTable)
        longerStrings(view, levelStart: unigramEnd, chunks: chunks, positions: positions, activeEnd: &activeEnd,
                      chunkTables: chunkTables, pairTable: pairTable)
    }

    /// One scalar: frequent (a node, numbered in scalar order), or a gram by itself (its code,
    /// `~number`). Returns each symbol's code.
    private mutating func numberSingleScalars() -> [Int32] {
        var unigramCode = [Int32](repeating: 0, count: symbols)
        for symbol in (1..<max(1, symbols)).sorted(by: { scalars[$0] < scalars[$1] }) {
            if symbolCounts[symbol] > threshold {
                unigramCode[symbol] = Int32(strings.count)
                strings.parent.append(-1)
                strings.lastSymbol.append(UInt32(symbol))
                strings.occurrences.append(symbolCounts[symbol])
            } else {
                unigramCode[symbol] = grams.add(length: 1, occurrences: Int32(symbolCounts[symbol]), parent: -1,
                                                lastSymbol: symbol)
            }
        }
        return unigramCode
    }

    /// The document sets of the nodes `bitmaps` collected, once every chunk has filled them.
    private mutating func addDocumentSets(_ bitmaps: DocumentBitmaps?) {
        guard let bitmaps else { return }
        bitmaps.transpose()
        strings.documentSets += parallelMap(Array(bitmaps.firstNode..<bitmaps.firstNode + bitmaps.nodes)) { bitmaps.encoded($0) }
    }

    /// One filler of `bitmaps` a chunk (none without bitmaps).
    private func fillers(_ bitmaps: DocumentBitmaps?, chunks: Chunks) -> [DocumentBitmaps.Filler?] {
        let corpus = self.corpus
        return chunks.indices.map { chunk in bitmaps.map { DocumentBitmaps.Filler($0, corpus: corpus!, from: chunks.bounds[chunk]) } }
    }

    /// No pairs (`maxLength` 1, or no frequent scalar): the frequent scalars are runs of maximal
    /// length, no gram starts there.
    private mutating func settleSingleScalars<Symbol>(_ view: FrequentStrings.SymbolView<Symbol>, unigramCodes: [Int32],
                                                      chunks: Chunks) {
        let count = self.count, unigramEnd = strings.count
        at.withUnsafeMutableBufferPointer { at in
            for position in 0..<count where view[position] != 0 {
                let code = unigramCodes[view[position]]
                at[position] = code < 0 ? UInt32(~code) : Grams.run | UInt32(code)
            }
        }
        guard let corpus else { return }
        let bitmaps = DocumentBitmaps(nodes: 0..<unigramEnd, documentCount: corpus.documentCount)
        var filler = fillers(bitmaps, chunks: chunks)[0]!
        for position in 0..<count where view[position] != 0 && unigramCodes[view[position]] >= 0 {
            filler.add(Int(unigramCodes[view[position]]), at: position)
        }
        addDocumentSets(bitmaps)
    }

    /// Pass A: counts every (frequent scalar, next symbol) pair into `pairTable`.
    private func countPairs<Symbol>(_ view: FrequentStrings.SymbolView<Symbol>, unigramCodes: [Int32], chunks: Chunks,
                                    chunkTables: [PairTable], into pairTable: PairTable) {
        let unigramEnd = strings.count, symbols = self.symbols, bounds = chunks.bounds
        for table in chunkTables { table.prepare(nodes: unigramEnd, symbols: symbols) }
        _ = parallelMap(chunks.indices) { chunk in
            var counter = PairTable.Counter(chunkTables[chunk])
            for position in bounds[chunk]..<bounds[chunk + 1] {
                let symbol = view[position]
                if symbol == 0 { continue }
                let node = unigramCodes[symbol]
                if node < 0 { continue }
                let next = view[position &+ 1]
                if next != 0 { counter.add(Int(node) &* symbols &+ next) }
            }
            counter.finish()
            return 0
        }
        pairTable.prepare(nodes: unigramEnd, symbols: symbols)
        pairTable.merge(chunkTables)
    }

    /// Pass B: every position's scalar and pair; the positions whose pair is frequent go on
    /// (into `positions`, each chunk from its start), counting their pairs of the next length
    /// into `pairTable`. Returns where each chunk's entries end.
    private mutating func firstPass<Symbol>(_ view: FrequentStrings.SymbolView<Symbol>, unigramCodes: [Int32], levelStart: Int,
                                            chunks: Chunks, positions: UnsafeMutablePointer<UInt32>,
                                            chunkTables: [PairTable], pairTable: PairTable) -> [Int] {
        let levelEnd = strings.count, symbols = self.symbols, bounds = chunks.bounds
        let bitmaps = corpus.map { DocumentBitmaps(nodes: 0..<levelEnd, documentCount: $0.documentCount) }
        let fillers = fillers(bitmaps, chunks: chunks)
        let childStart = levelStart, continues = maxLength > 2 && levelEnd > levelStart
        for table in chunkTables { table.prepare(nodes: levelEnd - levelStart, symbols: symbols) }
        let codes = PairTable.Codes(pairTable)
        nonisolated(unsafe) let activePosition = positions
        let kept = at.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let at = buffer
            return parallelMap(chunks.indices) { chunk -> Int in
                var counter = PairTable.Counter(chunkTables[chunk])
                var filler = fillers[chunk]
                var kept = bounds[chunk]
                for position in bounds[chunk]..<bounds[chunk + 1] {
                    let symbol = view[position]
                    if symbol == 0 { continue }
                    let unigram = unigramCodes[symbol]
                    if unigram < 0 {
                        at[position] = UInt32(truncatingIfNeeded: ~unigram)
                        continue
                    }
                    filler?.add(Int(unigram), at: position)
                    let next = view[position &+ 1]
                    if next == 0 {
                        at[position] = Grams.run | UInt32(truncatingIfNeeded: unigram)
                        continue
                    }
                    let code = codes[Int(unigram) &* symbols &+ next]
                    if code < 0 {
                        at[position] = UInt32(truncatingIfNeeded: ~code)
                        continue
                    }
                    filler?.add(Int(code), at: position)
                    guard continues else {
                        at[position] = Grams.run | UInt32(truncatingIfNeeded: code)
                        continue
                    }
                    let local = Int(code) &- childStart
                    activePosition[kept] = UInt32(truncatingIfNeeded: position)
                    at[position] = UInt32(truncatingIfNeeded: local)
                    kept &+= 1
                    let after = view[position &+ 2]
                    if after != 0 { counter.add(local &* symbols &+ after) }
                }
                counter.finish()
                return kept - bounds[chunk]
            }
        }
        addDocumentSets(bitmaps)
        pairTable.prepare(nodes: levelEnd - levelStart, symbols: symbols)
        pairTable.merge(chunkTables)
        return zip(chunks.starts, kept).map { $0 + $1 }
    }

    /// Strings of three scalars and more, one length a pass over the positions going on, until
    /// none does or `maxLength` is reached. `levelStart`: the first node of two scalars.
    private mutating func longerStrings<Symbol>(_ view: FrequentStrings.SymbolView<Symbol>, levelStart firstPairNode: Int,
                                                chunks: Chunks, positions: UnsafeMutablePointer<UInt32>, activeEnd: inout [Int],
                                                chunkTables: [PairTable], pairTable: PairTable) {
        let symbols = self.symbols, documents = corpus?.documentCount ?? 0
        nonisolated(unsafe) let activePosition = positions
        let activeStart = chunks.starts
        var levelStart = firstPairNode, levelEnd = strings.count
        var goesOn = maxLength > 2 && levelEnd > levelStart
        var length = 2
        while goesOn && zip(activeStart, activeEnd).contains(where: { $0 < $1 }) {
            classify(pairTable, levelStart: levelStart, length: length + 1)
            let childStart = levelEnd, childEnd = strings.count
            goesOn = length + 1 < maxLength && childEnd > childStart
            let bitmaps = corpus == nil || childEnd == childStart
                ? nil : DocumentBitmaps(nodes: childStart..<childEnd, documentCount: documents)
            let fillers = fillers(bitmaps, chunks: chunks)
            let starts = activeStart, ends = activeEnd, currentLength = length, currentStart = levelStart
            let continues = goesOn
            if goesOn { for table in chunkTables { table.prepare(nodes: childEnd - childStart, symbols: symbols) } }
            let kept = at.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let at = buffer.baseAddress!
                return parallelMap(chunks.indices) { chunk -> Int in
                    var pass = FrequentStrings.LevelPass(view: view, positions: activePosition, at: at, symbols: symbols,
                                                         length: currentLength, levelStart: currentStart, childStart: childStart,
                                                         continues: continues, filler: fillers[chunk])
                    // Straight through the tables' arrays when they have them (nearly always).
                    if let codes = pairTable.denseValues, let counts = chunkTables[chunk].denseValues {
                        var counter = PairTable.DenseCounter(counts)
                        defer { chunkTables[chunk].record(counter.touched) }
                        return pass.run(starts[chunk]..<ends[chunk], codes: PairTable.DenseCodes(values: codes),
                                        counter: &counter)
                    }
                    var counter = chunkTables[chunk]
                    return pass.run(starts[chunk]..<ends[chunk], codes: pairTable, counter: &counter)
                }
            }
            activeEnd = zip(starts, kept).map { $0 + $1 }
            addDocumentSets(bitmaps)
            if goesOn {
                pairTable.prepare(nodes: childEnd - childStart, symbols: symbols)
                pairTable.merge(chunkTables)
            }
            levelStart = childStart
            levelEnd = childEnd
            length += 1
        }
    }
}
