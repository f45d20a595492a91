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
    /// Node `i` is the string of node `parent[i]` followed by `last[i]` (`parent` −1: one scalar).
    var parent: [Int32] = []
    var last: [UInt32] = []
    /// Documents containing the node's string, ascending (only when asked to collect them).
    var documents: [DocumentSet] = []
    /// Documents whose title tier contains it.
    var titleDocuments: [DocumentSet] = []

    var count: Int { parent.count }

    /// The scalars of node `node`.
    func string(_ node: Int) -> [UInt32] {
        var scalars: [UInt32] = []
        var current = node
        while current >= 0 {
            scalars.append(last[current])
            current = Int(parent[current])
        }
        return scalars.reversed()
    }

    /// Finds the frequent strings of `text` and the gram length at every position: the length of
    /// the shortest string starting there that is not frequent, or 0 where there is none within
    /// the field and `maxLength` (a separator, or a position inside a longer frequent run).
    /// With `corpus`, also collects each frequent string's documents.
    /// `reversed` reads the text backwards, without a reversed copy: the lengths are then those
    /// of the shortest non-frequent strings *ending* at each position, indexed from the end.
    static func analyze(_ text: [UInt32], reversed: Bool = false, threshold: Int, maxLength: Int,
                        corpus: SearchCorpus?) -> (gramLengths: [UInt8], strings: FrequentStrings) {
        text.withUnsafeBufferPointer { buffer in
            analyze(TextView(buffer: buffer, reversed: reversed), threshold: threshold, maxLength: maxLength, corpus: corpus)
        }
    }

    /// The text, forwards or backwards.
    struct TextView {
        let buffer: UnsafeBufferPointer<UInt32>
        let reversed: Bool
        var count: Int { buffer.count }
        @inline(__always) subscript(_ index: Int) -> UInt32 {
            // Positions are always inside the text: the analysis stops at separators.
            reversed ? buffer[buffer.count &- 1 &- index] : buffer[index]
        }
    }

    private static func analyze(_ text: TextView, threshold: Int, maxLength: Int,
                                corpus: SearchCorpus?) -> (gramLengths: [UInt8], strings: FrequentStrings) {
        var strings = FrequentStrings()
        var lengths = [UInt8](repeating: 0, count: text.count)

        // Dense numbers for the scalars that occur, in scalar order (keeps node numbering stable).
        var occurrences = [Int32](repeating: 0, count: 0x110000)
        for value in text.buffer where value != SearchCorpus.separator { occurrences[Int(value)] &+= 1 }
        var scalarNumber = [Int32](repeating: -1, count: 0x110000)
        var scalarCount = 0
        var levelNodes: [Int32] = [] // node of each frequent scalar, by scalar number; -1 if not frequent
        for value in 1..<0x110000 where occurrences[value] > 0 {
            scalarNumber[value] = Int32(scalarCount)
            scalarCount += 1
            if occurrences[value] > threshold {
                levelNodes.append(Int32(strings.count))
                strings.parent.append(-1)
                strings.last.append(UInt32(value))
            } else {
                levelNodes.append(-1)
            }
        }

        var scalarOfNumber = [UInt32](repeating: 0, count: scalarCount)
        for value in 1..<0x110000 where scalarNumber[value] >= 0 { scalarOfNumber[Int(scalarNumber[value])] = UInt32(value) }
        let unigramCount = strings.count
        if corpus != nil { collectUnigramDocuments(&strings, text, levelNodes, scalarNumber, corpus!) }

        // Positions whose string so far is frequent, with that string's node. One scalar → two
        // is done without listing the positions of frequent scalars (nearly all of them).
        var activePosition: [UInt32] = []
        var activeNode: [Int32] = []
        var levelStart = unigramCount, levelEnd = unigramCount
        var length = 2
        if maxLength <= 1 {
            for position in 0..<text.count where text[position] != SearchCorpus.separator {
                lengths[position] = levelNodes[Int(scalarNumber[Int(text[position])])] < 0 ? 1 : 0
            }
        } else {
            // Count every (frequent scalar, next scalar) pair.
            var pairs = [Int32](repeating: 0, count: unigramCount * scalarCount)
            pairs.withUnsafeMutableBufferPointer { pairs in
                for position in 0..<text.count - 1 {
                    let value = text[position]
                    if value == SearchCorpus.separator { continue }
                    let node = levelNodes[Int(scalarNumber[Int(value)])]
                    let next = text[position + 1]
                    if node < 0 || next == SearchCorpus.separator { continue }
                    pairs[Int(node) * scalarCount + Int(scalarNumber[Int(next)])] &+= 1
                }
            }
            // The frequent pairs become nodes (in pair order); the table then holds their numbers.
            var continuing = 0
            for key in 0..<pairs.count {
                if Int(pairs[key]) > threshold {
                    continuing += Int(pairs[key])
                    pairs[key] = Int32(strings.count)
                    strings.parent.append(Int32(key / scalarCount))
                    strings.last.append(scalarOfNumber[key % scalarCount])
                } else {
                    pairs[key] = -1
                }
            }
            levelEnd = strings.count
            // Exactly as many positions go on as the frequent pairs occur.
            activePosition.reserveCapacity(continuing)
            activeNode.reserveCapacity(continuing)
            for position in 0..<text.count {
                let value = text[position]
                if value == SearchCorpus.separator { continue }
                let node = levelNodes[Int(scalarNumber[Int(value)])]
                if node < 0 { lengths[position] = 1; continue }
                let next = text[position + 1]
                if next == SearchCorpus.separator { lengths[position] = 0; continue }
                let pair = pairs[Int(node) * scalarCount + Int(scalarNumber[Int(next)])]
                if pair < 0 {
                    lengths[position] = 2
                } else if maxLength <= 2 {
                    lengths[position] = 0
                } else {
                    activePosition.append(UInt32(position))
                    activeNode.append(pair)
                }
            }
            if corpus != nil && levelEnd > levelStart {
                collectDocuments(&strings, activePosition, activeNode, levelStart, corpus!)
            }
        }

        while !activePosition.isEmpty {
            // Count every (frequent string, next scalar) pair.
            let nodeSpan = levelEnd - levelStart
            let dense = nodeSpan * scalarCount <= 1 << 24
            var denseCounts: [Int32] = dense ? [Int32](repeating: 0, count: nodeSpan * scalarCount) : []
            var sparseCounts: [Int: Int32] = [:]
            if !dense { sparseCounts.reserveCapacity(activePosition.count / 4) }
            // The hot loops run on raw buffers: no bounds checks on tens of millions of steps.
            activePosition.withUnsafeBufferPointer { positions in
                activeNode.withUnsafeBufferPointer { nodes in
                    scalarNumber.withUnsafeBufferPointer { numbers in
                        if dense {
                            denseCounts.withUnsafeMutableBufferPointer { counts in
                                for index in 0..<positions.count {
                                    let next = text[Int(positions[index]) + length]
                                    if next == SearchCorpus.separator { continue }
                                    counts[(Int(nodes[index]) - levelStart) * scalarCount + Int(numbers[Int(next)])] &+= 1
                                }
                            }
                        } else {
                            for index in 0..<positions.count {
                                let next = text[Int(positions[index]) + length]
                                if next == SearchCorpus.separator { continue }
                                sparseCounts[(Int(nodes[index]) - levelStart) * scalarCount + Int(numbers[Int(next)]), default: 0] &+= 1
                            }
                        }
                    }
                }
            }
            // The frequent pairs become the next level's nodes, in key order.
            var frequentKeys: [Int] = []
            if dense {
                for (key, count) in denseCounts.enumerated() where Int(count) > threshold { frequentKeys.append(key) }
            } else {
                frequentKeys = sparseCounts.compactMap { Int($0.value) > threshold ? $0.key : nil }.sorted()
            }
            // The child node of each frequent pair: in the dense table itself (−1 for the rest),
            // else in a dictionary.
            var child: [Int: Int32] = [:]
            if dense {
                for key in 0..<denseCounts.count { denseCounts[key] = -1 }
            } else {
                child.reserveCapacity(frequentKeys.count)
            }
            let nextLevelStart = strings.count
            for key in frequentKeys {
                if dense { denseCounts[key] = Int32(strings.count) } else { child[key] = Int32(strings.count) }
                strings.parent.append(Int32(levelStart + key / scalarCount))
                strings.last.append(scalarOfNumber[key % scalarCount])
            }
            sparseCounts = [:]

            // Positions either end their gram here or go on with the longer frequent string; the
            // ones going on are moved down in place (no second list).
            var kept = 0
            activePosition.withUnsafeMutableBufferPointer { positions in
                activeNode.withUnsafeMutableBufferPointer { nodes in
                    lengths.withUnsafeMutableBufferPointer { lengths in
                        scalarNumber.withUnsafeBufferPointer { numbers in
                            denseCounts.withUnsafeBufferPointer { table in
                                for index in 0..<positions.count {
                                    let position = Int(positions[index])
                                    let next = text[position + length]
                                    if next == SearchCorpus.separator {
                                        lengths[position] = 0 // the field ends inside a frequent string
                                        continue
                                    }
                                    let key = (Int(nodes[index]) - levelStart) * scalarCount + Int(numbers[Int(next)])
                                    let node = dense ? table[key] : (child[key] ?? -1)
                                    if node >= 0 {
                                        positions[kept] = UInt32(position)
                                        nodes[kept] = node
                                        kept += 1
                                    } else {
                                        lengths[position] = UInt8(length + 1)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            activePosition.removeLast(activePosition.count - kept)
            activeNode.removeLast(activeNode.count - kept)
            denseCounts = []
            levelStart = nextLevelStart
            levelEnd = strings.count
            if corpus != nil && levelEnd > levelStart {
                collectDocuments(&strings, activePosition, activeNode, levelStart, corpus!)
            }
            length += 1
            if length >= maxLength {
                // Frequent up to the longest length tracked: no gram starts at these positions.
                for position in activePosition { lengths[Int(position)] = 0 }
                break
            }
        }
        if corpus != nil {
            while strings.documents.count < strings.count {
                strings.documents.append(DocumentSet())
                strings.titleDocuments.append(DocumentSet())
            }
        }
        return (lengths, strings)
    }

    /// Records the documents of the frequent single scalars, walking the whole text once.
    private static func collectUnigramDocuments(_ strings: inout FrequentStrings, _ text: TextView, _ levelNodes: [Int32],
                                                _ scalarNumber: [Int32], _ corpus: SearchCorpus) {
        while strings.documents.count < strings.count {
            strings.documents.append(DocumentSet())
            strings.titleDocuments.append(DocumentSet())
        }
        var locator = SearchCorpus.Locator(corpus)
        for position in 0..<text.count {
            let value = text[position]
            if value == SearchCorpus.separator { continue }
            let node = Int(levelNodes[Int(scalarNumber[Int(value)])])
            if node < 0 { continue }
            let (document, local) = locator.locate(position)
            strings.documents[node].add(document, documentCount: corpus.documentCount)
            if local < SearchCorpus.titleBase { strings.titleDocuments[node].add(document, documentCount: corpus.documentCount) }
        }
    }

    /// Records the documents of the nodes numbered from `levelStart` on, from the positions (in
    /// ascending order) where they occur.
    private static func collectDocuments(_ strings: inout FrequentStrings, _ positions: [UInt32], _ nodes: [Int32],
                                         _ levelStart: Int, _ corpus: SearchCorpus) {
        while strings.documents.count < strings.count {
            strings.documents.append(DocumentSet())
            strings.titleDocuments.append(DocumentSet())
        }
        var locator = SearchCorpus.Locator(corpus)
        for index in 0..<positions.count {
            let node = Int(nodes[index])
            guard node >= levelStart else { continue }
            let (document, local) = locator.locate(Int(positions[index]))
            strings.documents[node].add(document, documentCount: corpus.documentCount)
            if local < SearchCorpus.titleBase { strings.titleDocuments[node].add(document, documentCount: corpus.documentCount) }
        }
    }
}
