/// The documented priors applied to bm25 and the thread vote. Each prior multiplies the text
/// score, so that it does not depend on bm25's scale (which varies with the query):
///
/// ```
/// score = bm25 × (1 + quoted × ln(1 + times quoted))
///              × (1 + replies × ln(1 + direct replies))
///              × (1 + threadActivity × ln(1 + posts in the thread))
///              × (recency == nil ? 1 : 0.5 + 0.5 × 0.5^(age / recency))
/// ```
/// Times quoted counts distinct quoting posts (`count(DISTINCT post_id)` over resolved quotes).
/// A post with bm25 0 (it only quotes the words) stays at 0: priors reorder matches, they never
/// make a match out of an echo. The defaults were chosen by the relevance evaluation
/// (`Tests/SearchIndexTests/Ranking/RelevanceEvaluation.swift`), not by single queries.
public struct RankingWeights: Sendable, Equatable {
    /// Weight of ln(1 + distinct posts quoting this one).
    public var quoted: Double
    /// Weight of ln(1 + direct replies).
    public var replies: Double
    /// Weight of ln(1 + posts in the thread).
    public var threadActivity: Double
    /// Half-life in days of the recency prior, or `nil` for none. Half the score is subject to
    /// it, so an old post keeps at least half its score.
    public var recencyHalfLifeDays: Double?
    /// How thread mode combines its posts' scores.
    public var vote: ThreadVote

    public init(quoted: Double = 0.1, replies: Double = 0.0, threadActivity: Double = 0.0,
                recencyHalfLifeDays: Double? = nil, vote: ThreadVote = .topSum(3)) {
        self.quoted = quoted
        self.replies = replies
        self.threadActivity = threadActivity
        self.recencyHalfLifeDays = recencyHalfLifeDays
        self.vote = vote
    }

    /// The shipped ranking.
    public static let standard = RankingWeights()
    /// bm25 alone, the best post standing for its thread: the baseline of the evaluation.
    public static let bm25Only = RankingWeights(quoted: 0, replies: 0, threadActivity: 0, vote: .max)
}

/// How thread mode turns the scores of a thread's matching posts into the thread's score.
public enum ThreadVote: Sendable, Equatable, CustomStringConvertible {
    /// The best post's score (CombMAX).
    case max
    /// The sum of the scores times the number of posts that score (CombMNZ).
    case combMNZ
    /// The sum of the `k` best scores.
    case topSum(Int)

    /// The thread's score from its posts' scores (any order).
    func combine(_ scores: [Double]) -> Double {
        let positive = scores.filter { $0 > 0 }
        switch self {
        case .max: return positive.max() ?? 0
        case .combMNZ: return positive.reduce(0, +) * Double(positive.count)
        case let .topSum(k): return positive.sorted(by: >).prefix(k).reduce(0, +)
        }
    }

    public var description: String {
        switch self {
        case .max: "best post (CombMAX)"
        case .combMNZ: "CombMNZ: sum × matching posts"
        case let .topSum(k): "sum of the \(k) best posts"
        }
    }
}
