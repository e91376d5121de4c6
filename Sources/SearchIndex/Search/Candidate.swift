/// A post in the candidate pool, before its details are read.
struct Candidate: Sendable {
    var id: Int64
    /// bm25 with the column weights, sign flipped (``BM25``).
    var bm25: Double
    /// For a partial match: how many of the terms it has, and the labels of those it lacks.
    var partial: (matched: Int, of: Int, missing: [String])?
    /// Posts in the pool that matched only by quoting this one.
    var quotedBy: [Int64] = []
    var signals: Signals = .none
    /// bm25 × priors (× matched/terms for a partial match).
    var score: Double = 0

    init(id: Int64, bm25: Double, partial: (matched: Int, of: Int, missing: [String])? = nil) {
        self.id = id
        self.bm25 = bm25
        self.partial = partial
    }

    /// Full matches first, then partial ones by how many terms they have.
    var tier: Int { partial.map { -$0.matched } ?? Int.min }
}
