import Foundation

extension IndexPatch {
    // MARK: The frequent strings

    /// The frequent strings of the previous index, to walk scalar by scalar.
    struct Trie {
        private var children: [UInt64: Int32] = [:]
        private let parent: [Int32]
        private let scalar: [UInt32]

        init(_ state: SearchIndexState) {
            parent = state.frequentParent
            scalar = state.frequentScalar
            children.reserveCapacity(parent.count)
            for node in parent.indices { children[Self.edge(parent[node], scalar[node])] = Int32(node) }
        }

        private static func edge(_ parent: Int32, _ scalar: UInt32) -> UInt64 { UInt64(UInt32(bitPattern: parent &+ 1)) << 32 | UInt64(scalar) }

        /// The node of the string of `node` (−1: the empty string) followed by `scalar`, if frequent.
        func child(_ node: Int32, _ scalar: UInt32) -> Int32? { children[Self.edge(node, scalar)] }

        func isFrequent(_ scalars: ArraySlice<UInt32>) -> Bool {
            var node: Int32 = -1
            for value in scalars {
                guard let next = child(node, value) else { return false }
                node = next
            }
            return true
        }

        /// The base of gram `gram`: its shortest prefix that is not frequent (itself for a
        /// forward gram), whose entry holds it (`IndexWriter.Extensions`).
        func base(_ gram: [UInt32]) -> [UInt32] {
            var node: Int32 = -1
            for (offset, value) in gram.enumerated() {
                guard let next = child(node, value) else { return Array(gram[...offset]) }
                node = next
            }
            return gram
        }

        func scalars(_ node: Int32) -> [UInt32] {
            var result: [UInt32] = []
            var current = node
            while current >= 0 {
                result.append(scalar[Int(current)])
                current = parent[Int(current)]
            }
            return result.reversed()
        }
    }

    /// What one document's text holds: the occurrences of each frequent string, which ones occur
    /// in it and in its title tier, and where each gram starts (stored positions, ascending).
    struct Scan {
        var occurrences: [Int32: Int] = [:]
        var inDocument: Set<Int32> = []
        var inTitle: Set<Int32> = []
        var grams: [[UInt32]: [Int]] = [:]

        init(_ text: [UInt32], titleLength: Int, trie: Trie, maxLength: Int) {
            let separator = SearchCorpus.separator
            func stored(_ position: Int) -> Int {
                position < titleLength ? position : SearchCorpus.titleBase + position - titleLength - 1
            }
            for start in text.indices where text[start] != separator {
                // Forward: the frequent strings starting here, then the gram that ends them (none
                // when they run to the field's end or to `maxLength`).
                var node: Int32 = -1, length = 0
                while start + length < text.count, text[start + length] != separator, length < maxLength {
                    guard let next = trie.child(node, text[start + length]) else {
                        grams[Array(text[start...start + length]), default: []].append(stored(start))
                        break
                    }
                    node = next
                    occurrences[node, default: 0] += 1
                    inDocument.insert(node)
                    if start < titleLength { inTitle.insert(node) }
                    length += 1
                }
            }
            var backward: [(gram: [UInt32], start: Int)] = []
            for end in text.indices where text[end] != separator {
                // Backward: the longest frequent string ending here and the scalar before it,
                // unless that string is a forward gram too (its prefix frequent).
                var length = 0
                while length < maxLength, end - length >= 0, text[end - length] != separator,
                      trie.isFrequent(text[(end - length)...end]) {
                    length += 1
                }
                let start = end - length
                guard length >= 1, length < maxLength, start >= 0, text[start] != separator,
                      !trie.isFrequent(text[start..<end])
                else { continue }
                backward.append((Array(text[start...end]), start))
            }
            // Forward and backward occurrences of one string are the same occurrences: a string is
            // one or the other. Starts ascend within each sweep; merge in order.
            for (gram, start) in backward { grams[gram, default: []].append(stored(start)) }
            for key in grams.keys { grams[key]!.sort() }
        }
    }

    // MARK: What the changed documents held before and hold now

    /// A changed document's text, old and new, as the corpus lays it out.
    typealias ChangedText = (old: [UInt32], oldTitle: Int, new: [UInt32], newTitle: Int)

    struct Difference: Sendable {
        /// Each frequent string's change in occurrences.
        var occurrenceChange: [Int32: Int] = [:]
        /// The new places (document << positionBits | position) of every gram the new texts hold.
        var gramsAdded: [[UInt32]: [Int]] = [:]
        /// Every gram the old or the new texts hold: their lists change.
        var gramsTouched: Set<[UInt32]> = []
        /// The frequent strings a changed document gained or lost (in the document or its title).
        var membership: [Int32: [(document: Int, all: Bool, title: Bool)]] = [:]

        init(changed: [Int], texts: [ChangedText], trie: Trie, maxLength: Int, positionBits: Int) {
            for (index, text) in zip(changed, texts) {
                let before = Scan(text.old, titleLength: text.oldTitle, trie: trie, maxLength: maxLength)
                let after = Scan(text.new, titleLength: text.newTitle, trie: trie, maxLength: maxLength)
                for (node, occurrences) in before.occurrences { occurrenceChange[node, default: 0] -= occurrences }
                for (node, occurrences) in after.occurrences { occurrenceChange[node, default: 0] += occurrences }
                for gram in before.grams.keys { gramsTouched.insert(gram) }
                for (gram, places) in after.grams {
                    gramsTouched.insert(gram)
                    gramsAdded[gram, default: []] += places.map { index << positionBits | $0 }
                }
                for node in before.inDocument.union(after.inDocument)
                where before.inDocument.contains(node) != after.inDocument.contains(node)
                    || before.inTitle.contains(node) != after.inTitle.contains(node) {
                    membership[node, default: []].append((index, after.inDocument.contains(node), after.inTitle.contains(node)))
                }
            }
        }
    }
}
