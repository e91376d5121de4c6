import Foundation

/// How a post's text score is made from FTS5's bm25, explained once.
///
/// FTS5's `bm25()` returns a *negative* number: the better the match, the lower it is, and
/// `ORDER BY rank` sorts ascending. tsearch flips the sign so that every score it shows follows
/// one convention: **higher is better**.
///
/// Column weights: a match in the post's title counts ``titleWeight`` times a match in its own
/// text; a match in quoted text counts **zero**, so a post that only echoes words in a quote
/// still matches but scores 0 and ranks below every post that wrote them.
///
/// bm25's IDF floors the weight of a term found in more than half of the rows at about zero:
/// on a tiny index a common term contributes nothing (ranking tests need filler posts).
public enum BM25 {
    public static let titleWeight = 3.0
    public static let ownTextWeight = 1.0
    public static let quotedTextWeight = 0.0

    /// The FTS5 rank function with the column weights (bound as `rank MATCH ?`, which lets FTS5
    /// sort only rowids and scores for `ORDER BY rank`).
    static var rankFunction: String {
        "bm25(\(titleWeight), \(ownTextWeight), \(quotedTextWeight))"
    }

    /// FTS5's bm25 constants (fixed in SQLite's `fts5_aux.c`).
    static let k1 = 1.2
    static let b = 0.75

    /// bm25's IDF as FTS5 computes it: `ln((rows - hits + 0.5) / (hits + 0.5))`, floored at
    /// 1e-6 for a phrase in half the rows or more.
    static func idf(rows: Double, hits: Double) -> Double {
        let idf = log((rows - hits + 0.5) / (hits + 0.5))
        return idf > 0 ? idf : 1e-6
    }

    /// One phrase's bm25 score as FTS5 computes it, sign flipped: `frequency` is the row's
    /// instances weighted by column, `length` the row's tokens in all columns:
    /// `idf × (frequency × (k1 + 1) / (frequency + k1 × (1 − b + b × length / averageLength)))`,
    /// in FTS5's order of operations (the IDF times the quotient), so that sums over several
    /// phrases come out as FTS5's to the last bit. For a fixed frequency and length it grows
    /// with `averageLength`.
    static func score(frequency: Double, length: Double, averageLength: Double, idf: Double) -> Double {
        guard frequency > 0 else { return 0 }
        return idf * ((frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * length / averageLength)))
    }

    /// The score shown to people and scripts, from FTS5's `rank` value.
    static func score(fromRank rank: Double) -> Double {
        rank == 0 ? 0 : -rank
    }
}
