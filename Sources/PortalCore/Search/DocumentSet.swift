/// A set of document numbers built in ascending order: a list while it is small, a bitmap once
/// the list would take more memory, so that thousands of frequent strings found in most of ten
/// thousand documents stay a few megabytes.
struct DocumentSet: Sendable {
    private var list: [Int32] = []
    private var bits: [UInt64] = []
    private var last: Int32 = -1
    private(set) var count = 0

    /// Adds `document`, which is never smaller than the one added before.
    mutating func add(_ document: Int32, documentCount: Int) {
        if document == last { return }
        last = document
        count += 1
        if !bits.isEmpty {
            bits[Int(document) >> 6] |= 1 << UInt64(document & 63)
            return
        }
        list.append(document)
        // Four bytes an entry against one bit per document.
        if list.count * 32 > documentCount && documentCount >= 64 {
            bits = [UInt64](repeating: 0, count: (documentCount + 63) / 64)
            for member in list { bits[Int(member) >> 6] |= 1 << UInt64(member & 63) }
            list = []
        }
    }

    /// The documents, ascending.
    var documents: [Int32] {
        if bits.isEmpty { return list }
        var documents: [Int32] = []
        documents.reserveCapacity(count)
        for (word, value) in bits.enumerated() where value != 0 {
            var rest = value
            while rest != 0 {
                documents.append(Int32(word * 64 + rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
        return documents
    }
}
