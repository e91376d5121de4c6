/// A small deterministic random generator (a 64-bit linear congruential generator, Knuth's
/// MMIX constants, high bits taken), so that a test's random input is the same on every run and
/// a failure can be replayed from its seed.
public struct SeededGenerator: Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A number in `0..<bound`; `bound` must be positive.
    public mutating func next(_ bound: Int) -> Int {
        precondition(bound > 0, "SeededGenerator.next needs a positive bound")
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
