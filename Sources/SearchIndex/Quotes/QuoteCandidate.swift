import GRDB

/// An earlier post that a quoted span may have come from, as the resolver offers it to
/// ``QuoteMatcher``: who it is, how it relates to the quoting post, and its text.
///
/// The matcher normalizes a candidate's text once and keeps it under ``postID``, so one
/// ``QuoteMatcher`` can test the same post against every quote of a thread for the cost of one
/// normalization.
struct QuoteCandidate: Sendable, Equatable {
    /// How a candidate stands to the quoting post. Nearer relations win ties: a parent before
    /// a grandparent, any ancestor before another post of the thread, the thread before
    /// another thread.
    enum Relation: Sendable, Equatable, Hashable {
        /// The post the quoting post replies to.
        case parent
        /// An ancestor further up the reply chain: `distance` 2 is the parent's parent.
        case ancestor(distance: Int)
        /// An earlier post of the same thread that is not an ancestor.
        case thread
        /// A post of another thread.
        case elsewhere

        /// The relation's place in the tie-break order, lower is nearer.
        var nearness: Int {
            switch self {
            case .parent: 1
            case .ancestor(let distance): max(1, distance)
            case .thread: Int.max - 1
            case .elsewhere: Int.max
            }
        }
    }

    /// The key under which the matcher caches the normalized text: the post's rowid, or any
    /// key that is unique among the posts one ``QuoteMatcher`` sees.
    var postID: Int64
    var relation: Relation
    /// The candidate's own and quoted text as stored (``StoredText``): decompressed only when
    /// read, which a matcher that has the post's words cached never does.
    var storedOwnText: DatabaseValue
    var storedQuotedText: DatabaseValue

    /// The text the candidate's author wrote, without its quoted spans.
    var ownText: String { Self.text(storedOwnText) }
    /// The candidate's quoted spans, all levels of `>` markers removed or not (both read the same).
    var quotedText: String { Self.text(storedQuotedText) }
    /// Seconds since 1970-01-01 UTC; between equally near candidates the later one wins.
    var time: Int64?
    var author: String?
    /// Which copy of the post the text is (its digest): a matcher that meets the post again
    /// with another version normalizes it again.
    var version: Int64

    init(
        postID: Int64, relation: Relation, ownText: String, quotedText: String = "",
        time: Int64? = nil, author: String? = nil, version: Int64 = 0
    ) {
        self.init(postID: postID, relation: relation, storedOwnText: ownText.databaseValue,
                  storedQuotedText: quotedText.databaseValue, time: time, author: author, version: version)
    }

    init(
        postID: Int64, relation: Relation, storedOwnText: DatabaseValue, storedQuotedText: DatabaseValue,
        time: Int64?, author: String?, version: Int64
    ) {
        self.postID = postID
        self.relation = relation
        self.storedOwnText = storedOwnText
        self.storedQuotedText = storedQuotedText
        self.time = time
        self.author = author
        self.version = version
    }

    /// A stored text that does not decompress reads as no text: the candidate matches nothing
    /// (and `tsearch check` reports the damage).
    private static func text(_ stored: DatabaseValue) -> String {
        (try? StoredText.string(stored)) ?? ""
    }
}
