/// A hash table from non-negative integers to 32-bit values (open addressing, linear probing),
/// for the analysis' tables too sparse for an array. Much cheaper than `Dictionary` for integer
/// keys, and its contents never depend on a random seed.
struct IntTable {
    private var keys = [Int](repeating: -1, count: 1 << 10)
    private var values = [Int32](repeating: 0, count: 1 << 10)
    private(set) var count = 0

    @inline(__always)
    private func slot(_ key: Int) -> Int {
        let mask = keys.count &- 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while keys[slot] != key && keys[slot] != -1 { slot = (slot &+ 1) & mask }
        return slot
    }

    /// Adds `amount` to `key`'s value (0 when new); true when the key is new.
    @discardableResult
    mutating func add(_ key: Int, _ amount: Int32) -> Bool {
        var index = slot(key)
        let new = keys[index] == -1
        if new {
            if (count + 1) * 2 > keys.count {
                grow()
                index = slot(key)
            }
            keys[index] = key
            count += 1
        }
        values[index] &+= amount
        return new
    }

    /// `key`'s value, or nil when it has none.
    @inline(__always)
    func value(_ key: Int) -> Int32? {
        let index = slot(key)
        return keys[index] == -1 ? nil : values[index]
    }

    /// `key`'s value (which it must have), then adds one to it.
    @inline(__always)
    mutating func increment(_ key: Int) -> Int32 {
        let index = slot(key)
        defer { values[index] &+= 1 }
        return values[index]
    }

    mutating func set(_ key: Int, _ value: Int32) {
        let index = slot(key)
        if keys[index] == -1 { add(key, value) } else { values[index] = value }
    }

    /// Every key and its value, in no particular order.
    func forEach(_ body: (_ key: Int, _ value: Int32) -> Void) {
        for index in 0..<keys.count where keys[index] != -1 { body(keys[index], values[index]) }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int](repeating: -1, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        for index in 0..<oldKeys.count where oldKeys[index] != -1 {
            let target = slot(oldKeys[index])
            keys[target] = oldKeys[index]
            values[target] = oldValues[index]
        }
    }
}
