/// The set of a text's three-word run hashes, as ``QuoteMatcher`` looks them up: tens of
/// lookups per quote and candidate.
///
/// The keys are already well-mixed 64-bit hashes, so a flat open-addressing table with linear
/// probing does the work of `Set<UInt64>` without hashing them again. It is built once and
/// only read after.
struct QuoteRunSet: Sendable {
    /// Power-of-two table; 0 marks an empty slot.
    private var slots: [UInt64]
    private let shift: UInt64
    /// Whether the key 0, which cannot stand in a slot, is in the set.
    private var containsZero = false

    /// A set of `keys`, with room for `count` of them at most half full.
    init(_ keys: some Sequence<UInt64>, count: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * count { bits += 1 }
        slots = [UInt64](repeating: 0, count: 1 << bits)
        shift = 64 - bits
        for key in keys { insert(key) }
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xBF58_476D_1CE4_E5B9) >> shift)
    }

    private mutating func insert(_ key: UInt64) {
        if key == 0 {
            containsZero = true
            return
        }
        let mask = slots.count - 1
        var i = slot(of: key)
        while slots[i] != 0 {
            if slots[i] == key { return }
            i = (i + 1) & mask
        }
        slots[i] = key
    }

    func contains(_ key: UInt64) -> Bool {
        if key == 0 { return containsZero }
        let mask = slots.count - 1
        var i = slot(of: key)
        while true {
            let stored = slots[i]
            if stored == key { return true }
            if stored == 0 { return false }
            i = (i + 1) & mask
        }
    }
}
