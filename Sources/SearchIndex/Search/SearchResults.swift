/// One post found by a search.
public struct SearchHit: Sendable, Equatable {
    public var source: String
    /// The post's id as given by its source.
    public var id: String
    /// The thread's id as given by its source (or derived from the parent chain).
    public var thread: String
    public var threadTitle: String?
    public var title: String?
    public var author: String?
    /// Seconds since 1970 UTC.
    public var time: Int64?
    public var url: String?
    /// Higher is better: bm25 × priors (see ``RankingWeights``); 0 for filter-only queries.
    public var score: Double
    /// The best-matching fragment: from the own text when the words are there, else the title,
    /// else the quoted text (then ``Snippet/column`` is `.quoted`).
    public var snippet: Snippet
    /// Whether the post has only some of the words (it fills a page that full matches do not).
    public var partial: Bool = false
    /// For a partial match, the terms it lacks, as typed.
    public var missing: [String] = []
    /// Keys of the posts in these results that matched only by quoting this post; they are
    /// listed here instead of as hits of their own.
    public var quotedBy: [String] = []
    /// Distinct posts quoting this one in the whole index.
    public var timesQuoted: Int = 0
    /// Direct replies to this post in the index.
    public var replies: Int = 0
    /// Posts above this one in its reply chain: 0 for a thread's first post.
    public var depth: Int = 0
    /// When the match is in words that answer a quote: that quoted line and its author.
    public var exchange: Exchange?
    /// The score's parts, with `explain` on.
    public var explanation: ScoreExplanation?

    /// `source:id`.
    public var key: String { source + ":" + id }
}

/// A page of search results.
public struct SearchResults: Sendable, Equatable {
    /// The query as given.
    public var query: String
    /// How many posts match every word (and the filters) in all; with ``totalIsExact`` false,
    /// at least this many (counting stopped at ``SearchOptions/countLimit``).
    public var total: Int
    /// Whether ``total`` is the exact count, not a lower bound.
    public var totalIsExact: Bool = true
    public var hits: [SearchHit]
}

/// How results are ordered. Every order ranks the same set of posts.
public enum SearchSort: String, Sendable, Equatable, CaseIterable {
    /// Best first: bm25 × priors.
    case relevance
    case newest
    case oldest
    /// Most quoted first (distinct quoting posts), then by relevance.
    case quoted
}

/// How to run a search.
public struct SearchOptions: Sendable, Equatable {
    /// Hits (or threads) per page.
    public var limit: Int
    /// Hits (or threads) to skip before the page.
    public var offset: Int
    public var sort: SearchSort
    /// Only posts with every word: no partial matches filling the page.
    public var allWords: Bool
    /// Attach a ``ScoreExplanation`` to every hit of the page.
    public var explain: Bool
    /// The priors and the thread vote.
    public var weights: RankingWeights
    /// Unix seconds that relative dates and recency count from; `nil` for the clock.
    public var now: Int64?
    /// Seconds after which a search is stopped with ``QueryError/tooSlow(seconds:)``; `nil`
    /// for no limit. A two-letter prefix or a run of very common words can make FTS5 score
    /// hundreds of thousands of rows.
    public var timeLimit: Double?
    /// How many matching posts are counted for ``SearchResults/total`` before counting stops
    /// (the total is then a lower bound); `nil` counts them all. Counting every match of a
    /// common word reads its whole list of posts.
    public var countLimit: Int?

    public init(limit: Int = 20, offset: Int = 0, sort: SearchSort = .relevance, allWords: Bool = false,
                explain: Bool = false, weights: RankingWeights = .standard, now: Int64? = nil,
                timeLimit: Double? = 10, countLimit: Int? = 1000) {
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.allWords = allWords
        self.explain = explain
        self.weights = weights
        self.now = now
        self.timeLimit = timeLimit
        self.countLimit = countLimit
    }

    /// How many posts by bm25 are re-ranked: `max(100, 5 × (offset + limit))`. Priors and the
    /// other orders work within this pool; filters run in the same SELECT as the MATCH, so the
    /// pool holds only eligible posts.
    public var poolSize: Int { max(100, 5 * (max(0, offset) + max(0, limit))) }

    /// The post pool of thread mode: `max(500, 25 × (offset + limit))` posts by bm25 (and as
    /// many partial matches when full ones reach too few threads).
    public var threadPoolSize: Int { max(500, 25 * (max(0, offset) + max(0, limit))) }
}

/// A thread found by thread mode.
public struct ThreadHit: Sendable, Equatable {
    public var source: String
    /// The thread's id as given by its source.
    public var thread: String
    public var title: String?
    public var startedAt: Int64?
    public var lastAt: Int64?
    /// Posts of the thread among the matches (full and partial) considered.
    public var matched: Int
    /// Posts in the thread.
    public var total: Int
    /// The vote of its posts' scores (see ``ThreadVote``).
    public var score: Double
    /// Authors, those of matching posts first.
    public var authors: [String]
    /// The number of authors with a matching post (the first ones of ``authors``).
    public var matchingAuthors: Int
    /// The best entry post.
    public var best: SearchHit
    public var explanation: ScoreExplanation?

    /// `source:thread`, what `tsearch thread` opens.
    public var key: String { source + ":" + thread }
}

/// A page of threads.
public struct ThreadResults: Sendable, Equatable {
    public var query: String
    /// Threads with a matching post among the candidates.
    public var total: Int
    public var threads: [ThreadHit]
}
