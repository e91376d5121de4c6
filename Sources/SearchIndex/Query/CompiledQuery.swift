import GRDB

/// A query ready to run: an FTS5 MATCH expression and SQL conditions with their arguments.
///
/// `author:jane "quote graph" after:2024 -draft` compiles to
/// ```
/// match:     "quote graph" NOT "draft"
/// filterSQL: p.author LIKE ? ESCAPE '\' AND p.time >= ?
/// arguments: ["%jane%", 1704067200]
/// ```
/// Both are bound (`post_fts MATCH ?`, `WHERE ... AND <filterSQL>`): user text never becomes
/// SQL. The conditions refer to the post as `p` and its thread as `t`.
public struct CompiledQuery: Sendable, Equatable {
    /// One of the words, phrases or groups that every full match has (top-level AND).
    public struct Term: Sendable, Equatable {
        /// The term as the user wrote it (`kettle`, `"bead seated"`, `title:lamp`).
        public var label: String
        /// Its FTS5 expression.
        public var match: String
    }

    /// The FTS5 expression, or `nil` when the query has only field filters.
    public var match: String?
    /// The conditions on `p` (post) and `t` (thread) joined by AND, or `nil` for none.
    public var filterSQL: String?
    /// The arguments of ``filterSQL``'s `?` placeholders, in order.
    public var arguments: [DatabaseValue]
    /// The top-level positive terms, for partial matching.
    public var terms: [Term]
    /// The top-level excluded text, compiled (`"draft"`), kept out of partial matches too.
    public var negatives: [String]
    /// Whether the words are restricted to columns (`title:`, `q:`, `nq:`): then a match in
    /// quoted text is what was asked for, and writers are not credited instead.
    public var restrictsColumns: Bool = false

    /// An expression for posts having some but not all of ``terms`` (and none of the excluded
    /// text): `("a" OR "b") NOT ("a" AND "b")`; `nil` with fewer than two terms.
    var partialMatch: String? {
        guard terms.count >= 2 else { return nil }
        var body = "(" + terms.map(\.match).joined(separator: " OR ") + ") NOT ("
            + terms.map(\.match).joined(separator: " AND ") + ")"
        for negative in negatives { body = "(" + body + ") NOT " + negative }
        return body
    }
}
