import GRDB

/// One edge of the quote graph: a quoted span of a post, and the post it came from if known.
public struct QuoteLink: Sendable, Equatable {
    /// The quoting post's id as given, and its source.
    public var post: String
    public var postSource: String
    /// The span's number in its post, from 0.
    public var ordinal: Int
    /// The quoted post's id as given (same source), or `nil` while unresolved.
    public var source: String?
    /// `explicit`, `parent`, `ancestor`, `thread`, `elsewhere`; `unresolved`; `nil` while pending.
    public var method: String?
    /// How the text matched (`verbatim`, `elided`, `requoted`, `fuzzy`); `nil` for explicit links.
    public var match: String?
    public var confidence: Double?
    /// The quoted text, one level of quoting removed.
    public var text: String
    public var attribution: String?
    public var depth: Int

    /// A quote's text in SQL, for `quote q` joined with its post as `p`.
    static let textSQL = "substr(tsearch_text(p.quoted_text), q.text_start + 1, q.text_length)"

    static let selection = """
        SELECT p.ref, p.source, q.ordinal, s.ref, q.method, q.match, q.confidence, \(textSQL), q.attribution, q.depth, q.source_id
        FROM quote q JOIN post p ON p.id = q.post_id LEFT JOIN post s ON s.id = q.source_id
        """

    init(row: Row) {
        post = row[0]
        postSource = row[1]
        ordinal = row[2]
        source = row[3]
        method = row[4]
        match = row[5]
        confidence = row[6]
        text = row[7]
        attribution = row[8]
        depth = row[9]
        sourceID = row[10]
    }

    /// The quoted post's row id, for the views that show it.
    var sourceID: Int64?
}
