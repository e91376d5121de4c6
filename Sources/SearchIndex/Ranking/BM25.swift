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

    /// The score shown to people and scripts, from FTS5's `rank` value.
    static func score(fromRank rank: Double) -> Double {
        rank == 0 ? 0 : -rank
    }
}
