extension IndexWriter {
    /// The backward grams stored in each forward gram's entry.
    ///
    /// Every occurrence of a backward gram B starts an occurrence of its *base*: the shortest
    /// prefix of B that is not frequent, which is the forward gram of the position where B
    /// starts. So B's occurrences are a subset of its base's, stored in the base's entry as
    /// their ranks among the base's occurrences (a few bits each, where a position of its own
    /// took seventeen), and the browser that fetches B fetches its base's entry instead.
    struct Extensions: Sendable {
        /// The backward grams (by gram number) of forward gram `g`: `list[start[g]..<start[g + 1]]`,
        /// in the order of the rest of their keys.
        let start: [Int]
        let list: [Int]

        func of(_ gram: Int) -> ArraySlice<Int> { list[start[gram]..<start[gram + 1]] }
    }

    static func extensions(strings: FrequentStrings, forward: Grams, backward: BackwardGrams, scalars: [UInt32],
                           symbolsOf symbols: (Int) -> [UInt32]) -> Extensions {
        let forwardCount = forward.count, symbolCount = scalars.count
        @inline(__always) func edge(_ parent: Int, _ symbol: Int) -> Int { (parent + 1) * symbolCount + symbol }
        var child: [Int: Int] = [:], forwardGram: [Int: Int] = [:]
        child.reserveCapacity(strings.count)
        for node in 0..<strings.count { child[edge(Int(strings.parent[node]), Int(strings.lastSymbol[node]))] = node }
        forwardGram.reserveCapacity(forwardCount)
        for gram in 0..<forwardCount { forwardGram[edge(Int(forward.parent[gram]), Int(forward.lastSymbol[gram]))] = gram }
        var base = [Int](repeating: 0, count: backward.count)
        var baseLength = [Int](repeating: 0, count: backward.count)
        for index in 0..<backward.count {
            var node = -1, length = 0
            for symbol in symbols(forwardCount + index) {
                length += 1
                if let next = child[edge(node, Int(symbol))] { node = next; continue }
                base[index] = forwardGram[edge(node, Int(symbol))]!
                break
            }
            baseLength[index] = length
        }
        var start = [Int](repeating: 0, count: forwardCount + 1)
        for index in 0..<backward.count { start[base[index] + 1] += 1 }
        for gram in 0..<forwardCount { start[gram + 1] += start[gram] }
        var list = [Int](repeating: 0, count: backward.count)
        var next = start
        for index in 0..<backward.count {
            list[next[base[index]]] = forwardCount + index
            next[base[index]] += 1
        }
        for gram in 0..<forwardCount where start[gram + 1] - start[gram] > 1 {
            let keyed = list[start[gram]..<start[gram + 1]].map { member in
                (member, symbols(member)[baseLength[member - forwardCount]...].map { scalars[Int($0)] })
            }
            let sorted = keyed.sorted { $0.1.lexicographicallyPrecedes($1.1) }
            for (offset, entry) in sorted.enumerated() { list[start[gram] + offset] = entry.0 }
        }
        return Extensions(start: start, list: list)
    }
}
