import Foundation

/// xoshiro256** seeded through SplitMix64: the same seed gives the same corpus on every machine.
struct SeededRandom: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(max(1, n)))
    }

    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// exp(N(mu, sigma)), by Box-Muller.
    mutating func logNormal(mu: Double, sigma: Double) -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return exp(mu + sigma * normal)
    }

    /// Exponential with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * log(max(1 - unit(), 1e-300))
    }

    /// Geometric on 1, 2, 3... with the given mean (>= 1).
    mutating func geometric(mean: Double) -> Int {
        let p = 1 / mean
        var k = 1
        while !chance(p) && k < 1000 { k += 1 }
        return k
    }
}
