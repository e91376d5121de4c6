import Foundation

/// Turns a post's bm25 score and its ``Signals`` into the score results are ranked by, and
/// explains it. Higher is better; see ``RankingWeights`` for the formula.
struct Ranker {
    var weights: RankingWeights
    /// Unix seconds that ages are counted from.
    var now: Int64

    /// The product of the priors: the values of ``factors(_:)``, without their explanations
    /// (every pool post is scored; only a page is explained).
    func prior(_ s: Signals) -> Double {
        func log(_ weight: Double, _ count: Int) -> Double {
            weight == 0 ? 1 : 1 + weight * Foundation.log(1 + Double(count))
        }
        var value = log(weights.quoted, s.timesQuoted) * log(weights.replies, s.replies)
            * log(weights.threadActivity, s.threadPosts)
        if let halfLife = weights.recencyHalfLifeDays, halfLife > 0, let time = s.time {
            let age = max(0, Double(now - time) / 86400)
            value *= 0.5 + 0.5 * pow(0.5, age / halfLife)
        }
        return value
    }

    func score(bm25: Double, signals: Signals) -> Double {
        bm25 * prior(signals)
    }

    /// Each prior as a factor with its explanation.
    func factors(_ s: Signals) -> [ScoreExplanation] {
        var out: [ScoreExplanation] = []
        func log(_ weight: Double, _ count: Int, _ what: String) {
            guard weight != 0 else { return }
            let value = 1 + weight * Foundation.log(1 + Double(count))
            out.append(ScoreExplanation(value, "\(what) \(count): 1 + \(weight) × ln(1 + \(count))"))
        }
        log(weights.quoted, s.timesQuoted, "quoted by (distinct posts)")
        log(weights.replies, s.replies, "direct replies")
        log(weights.threadActivity, s.threadPosts, "posts in thread")
        if let halfLife = weights.recencyHalfLifeDays, halfLife > 0, let time = s.time {
            let age = max(0, Double(now - time) / 86400)
            let value = 0.5 + 0.5 * pow(0.5, age / halfLife)
            out.append(ScoreExplanation(value, "recency: \(Int(age)) days old, half-life \(halfLife) days"))
        }
        return out
    }

    /// The tree of a post's score.
    func explain(bm25: ScoreExplanation, signals: Signals, partial: (matched: Int, of: Int)?) -> ScoreExplanation {
        var children = [bm25]
        let factors = factors(signals)
        let prior = factors.reduce(1) { $0 * $1.value }
        children.append(ScoreExplanation(prior, "priors (product)", factors))
        var label = "score = bm25 × priors"
        var value = bm25.value * prior
        if let partial {
            let share = Double(partial.matched) / Double(max(1, partial.of))
            label += " × share of terms"
            children.append(ScoreExplanation(share, "partial match: \(partial.matched) of \(partial.of) terms, ranked after full matches"))
            value *= share
        }
        return ScoreExplanation(value, label, children)
    }
}
