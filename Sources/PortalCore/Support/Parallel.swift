import Foundation

/// Runs `transform` over `elements` on all cores and returns the results in input order, so that
/// parallel work never changes what the build writes.
func parallelMap<T: Sendable, R: Sendable>(_ elements: [T], _ transform: @Sendable (T) -> R) -> [R] {
    if elements.count < 2 { return elements.map(transform) }
    let results = ResultSlots<R>(count: elements.count)
    elements.withUnsafeBufferPointer { input in
        nonisolated(unsafe) let input = input
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            results.set(index, transform(input[index]))
        }
    }
    return results.take()
}

/// One slot per result; each index is written by exactly one iteration, so no lock is needed.
/// The slots live in raw memory: a Swift array would be accessed as a whole (`inout`) by every
/// writer at once, which is a data race even when the indices differ.
private final class ResultSlots<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R>
    private let count: Int
    private var taken = false

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
    }

    deinit {
        // Every slot was set (`concurrentPerform` returns when all iterations have).
        if !taken { storage.deinitialize(count: count) }
        storage.deallocate()
    }

    func set(_ index: Int, _ value: R) { (storage + index).initialize(to: value) }

    /// The results, moved out rather than copied: a result such as a parsed `Item` holds a score
    /// of references, and copying ten thousand of them cost a retain and a release each.
    func take() -> [R] {
        taken = true
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: storage, count: count)
            initialized = count
        }
    }
}
