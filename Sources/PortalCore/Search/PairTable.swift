import Foundation

/// The pairs (frequent string of one length, next symbol) met in the text: first how often each
/// occurs, then what each one is, its *code*: the node of the longer string when that is frequent
/// too (≥ 0), else `~gram`, the number of the gram it is (< 0).
///
/// A pair's key is `node offset in its level × symbols + symbol`. Most levels fit a plain array
/// indexed by key (a few megabytes); a level too large for that (a site with tens of thousands
/// of distinct scalars) hashes its keys instead, which gives the same codes more slowly.
///
/// One table serves every level in turn: it remembers the keys it has counted, so that clearing
/// it, merging it into another and classifying it cost as much as the pairs met, not as the
/// whole key space (a level's pairs are a small part of it).
final class PairTable: @unchecked Sendable {
    /// Slots of the largest array-indexed table (16 MB).
    static let defaultDenseLimit = 1 << 22

    private let denseLimit: Int
    /// Array-indexed slots, all zero outside `touched`.
    private var dense: UnsafeMutablePointer<Int32>
    private var capacity = 0
    private var isDense = true
    private var hashed = IntTable()
    /// Keys counted since the last `clear`, in the order first met.
    private var touched: [Int] = []

    init(denseLimit: Int) {
        self.denseLimit = denseLimit
        dense = .allocate(capacity: 1)
    }

    deinit { dense.deallocate() }

    /// Makes the table empty and ready for the keys of `nodes` × `symbols`.
    func prepare(nodes: Int, symbols: Int) {
        clear()
        let size = nodes * symbols
        isDense = size <= denseLimit
        if isDense && size > capacity {
            dense.deallocate()
            capacity = max(size, capacity * 2)
            dense = .allocate(capacity: capacity)
            dense.initialize(repeating: 0, count: capacity)
        }
    }

    /// Empties the table.
    func clear() {
        if isDense {
            for key in touched { dense[key] = 0 }
        } else {
            hashed = IntTable()
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Counts one occurrence of the pair `key`.
    @inline(__always)
    func add(_ key: Int) {
        if isDense {
            let count = dense[key]
            dense[key] = count &+ 1
            if count == 0 { touched.append(key) }
        } else {
            add(key, 1)
        }
    }

    private func add(_ key: Int, _ count: Int32) {
        if isDense {
            if dense[key] == 0 { touched.append(key) }
            dense[key] &+= count
        } else if hashed.add(key, count) {
            touched.append(key)
        }
    }

    /// The code of a pair that was counted.
    @inline(__always)
    func code(_ key: Int) -> Int32 {
        isDense ? dense[key] : hashed.value(key) ?? 0
    }

    /// Adds the counts of `parts` (tables of the same level counted over other positions) and
    /// clears them.
    func merge(_ parts: [PairTable]) {
        for part in parts {
            for key in part.touched { add(key, part.count(key)) }
            part.clear()
        }
    }

    private func count(_ key: Int) -> Int32 { isDense ? dense[key] : hashed.value(key) ?? 0 }

    /// The table's array (by key), when it has one; nil when it hashes its keys.
    var denseValues: UnsafeMutablePointer<Int32>? { isDense ? dense : nil }

    /// Notes keys counted through `denseValues` (each once, when first counted).
    func record(_ keys: [Int]) { touched += keys }

    /// Reading codes straight from a table's array.
    struct DenseCodes: PairCodeReading {
        let values: UnsafeMutablePointer<Int32>
        @inline(__always) subscript(_ key: Int) -> Int32 { values[key] }
    }

    /// Counting straight into a table's array, noting the keys first met (for `record`).
    struct DenseCounter: PairCounting {
        let values: UnsafeMutablePointer<Int32>
        var touched: [Int] = []

        init(_ values: UnsafeMutablePointer<Int32>) { self.values = values }

        @inline(__always) mutating func add(_ key: Int) {
            let count = values[key]
            values[key] = count &+ 1
            if count == 0 { touched.append(key) }
        }
    }

    /// A pass's reading of the codes: straight from the array when the table has one.
    struct Codes: @unchecked Sendable {
        let table: PairTable
        let dense: UnsafeMutablePointer<Int32>?

        init(_ table: PairTable) {
            self.table = table
            dense = table.isDense ? table.dense : nil
        }

        @inline(__always) subscript(_ key: Int) -> Int32 {
            if let dense { return dense[key] }
            return table.code(key)
        }
    }

    /// One thread's counting into a table during a pass: straight into the array when the table
    /// has one, noting the keys first met; `finish` hands them to the table.
    struct Counter {
        let table: PairTable
        let dense: UnsafeMutablePointer<Int32>?
        var touched: [Int] = []

        init(_ table: PairTable) {
            self.table = table
            dense = table.isDense ? table.dense : nil
        }

        @inline(__always) mutating func add(_ key: Int) {
            if let dense {
                let count = dense[key]
                dense[key] = count &+ 1
                if count == 0 { touched.append(key) }
            } else {
                table.add(key)
            }
        }

        func finish() { table.touched += touched }
    }

    /// Replaces the count of every pair that occurs by `code(key, count)`, in the order of
    /// `rank(key)`, so that the nodes and grams it makes are numbered in that order.
    func classify(by rank: (_ key: Int) -> Int, _ code: (_ key: Int, _ count: Int32) -> Int32) {
        touched.sort { rank($0) < rank($1) }
        for key in touched {
            if isDense { dense[key] = code(key, dense[key]) } else { hashed.set(key, code(key, hashed.value(key) ?? 0)) }
        }
    }
}

/// Where a pass reads the codes of the pairs it meets: a table, or its array.
protocol PairCodeReading {
    subscript(_ key: Int) -> Int32 { get }
}

/// Where a pass counts the pairs it meets: a table, or its array.
protocol PairCounting {
    mutating func add(_ key: Int)
}


extension PairTable: PairCodeReading, PairCounting {
    subscript(_ key: Int) -> Int32 { code(key) }
}
