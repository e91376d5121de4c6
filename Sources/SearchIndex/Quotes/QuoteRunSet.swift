/// The set of a text's three-word run hashes, as ``QuoteMatcher`` looks them up: tens of
/// lookups per quote and candidate.
///
/// The keys are already well-mixed 64-bit hashes, so a flat open-addressing table with linear
/// probing does the work of `Set<UInt64>` without hashing them again. It is built once and
/// only read after.
struct QuoteRunSet: Sendable {
    /// Power-of-two table; 0 marks an empty slot.
    private let slots: [UInt64]
    private let shift: UInt64
    /// Whether the key 0, which cannot stand in a slot, is in the set.
    private let containsZero: Bool

    /// A set of `keys`, with room for `count` of them at most half full.
    init(_ keys: some Sequence<UInt64>, count: Int) {
        self.init(capacity: count) { insert in
            for key in keys { insert(key) }
        }
    }

    /// The set of the three-word runs of `words`, each hashed by `runHash`.
    init(runsOf words: [UInt64], runHash: (UInt64, UInt64, UInt64) -> UInt64) {
        let count = max(0, words.count - 2)
        self.init(capacity: count) { insert in
            words.withUnsafeBufferPointer { h in
                for i in 0..<count { insert(runHash(h[i], h[i + 1], h[i + 2])) }
            }
        }
    }

    /// A table with room for `count` keys, filled by `fill` through the function it is given.
    private init(capacity count: Int, fill: ((UInt64) -> Void) -> Void) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * count { bits += 1 }
        let shift = 64 - bits
        var table = [UInt64](repeating: 0, count: 1 << bits)
        var zero = false
        table.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            fill { key in
                if key == 0 {
                    zero = true
                    return
                }
                var i = Self.slot(of: key, shift: shift)
                while slots[i] != 0 {
                    if slots[i] == key { return }
                    i = (i + 1) & mask
                }
                slots[i] = key
            }
        }
        slots = table
        self.shift = shift
        containsZero = zero
    }

    @inline(__always)
    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xBF58_476D_1CE4_E5B9) >> shift)
    }

    func contains(_ key: UInt64) -> Bool {
        if key == 0 { return containsZero }
        let mask = slots.count - 1
        var i = Self.slot(of: key, shift: shift)
        while true {
            let stored = slots[i]
            if stored == key { return true }
            if stored == 0 { return false }
            i = (i + 1) & mask
        }
    }
}
