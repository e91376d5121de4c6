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
    /// Higher is better; see ``BM25``.
    public var score: Double
    /// The best-matching fragment: from the own text when the words are there, else the title,
    /// else the quoted text (then ``Snippet/column`` is `.quoted`).
    public var snippet: Snippet
}

/// A page of search results.
public struct SearchResults: Sendable, Equatable {
    /// The query as given.
    public var query: String
    /// How many posts match in all.
    public var total: Int
    public var hits: [SearchHit]
}

/// How to run a search.
public struct SearchOptions: Sendable, Equatable {
    /// Hits per page.
    public var limit: Int
    /// Hits to skip before the page.
    public var offset: Int

    public init(limit: Int = 20, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }
}
