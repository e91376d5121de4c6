import Foundation

/// A ranked vocabulary with Zipf-Mandelbrot frequencies, p(rank) ∝ 1 / (rank + q)^s.
///
/// The first ranks are common English function words (so that "common term" queries behave as on
/// real text); the rest are made-up words of consonant-vowel syllables, spelled from their rank,
/// so `word(rank:)` is the same on every run and the query sets can name words by rank.
struct Vocabulary {
    static let functionWords = """
        the to of and a i in is that it for this be not we on with are as have but if at or \
        would you so can from by there an they which was will do all more one what about just \
        no like then should only some think has also other need any how use when out up them \
        than make because does been could time way see well into same where case even new
        """.split(separator: " ").map(String.init)
    private static let consonants = Array("bdfgklmnprtvz")
    private static let vowels = Array("aiou")

    let size: Int
    /// Cumulative probabilities, for sampling by binary search.
    private let cumulative: [Double]
    /// The words' UTF-8 bytes, by rank - 1.
    let bytes: [[UInt8]]

    init(size: Int, exponent: Double, shift: Double) {
        self.size = size
        var sum = 0.0
        var cumulative = [Double](repeating: 0, count: size)
        for rank in 1...size {
            sum += 1 / pow(Double(rank) + shift, exponent)
            cumulative[rank - 1] = sum
        }
        self.cumulative = cumulative.map { $0 / sum }
        bytes = (1...size).map { Array(Self.word(rank: $0).utf8) }
    }

    /// The word at `rank` (1 is the most frequent).
    static func word(rank: Int) -> String {
        if rank <= functionWords.count { return functionWords[rank - 1] }
        var n = rank - functionWords.count + 52 // at least two syllables
        var syllables: [String] = []
        while n > 0 {
            let digit = n % 52
            syllables.append(String([consonants[digit % 13], vowels[digit / 13]]))
            n /= 52
        }
        return syllables.reversed().joined()
    }

    /// A rank drawn with the Zipf-Mandelbrot frequencies.
    func sample(_ random: inout SeededRandom) -> Int {
        let u = random.unit()
        var low = 0, high = size - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return low + 1
    }
}
