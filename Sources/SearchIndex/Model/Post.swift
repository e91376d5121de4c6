/// One post as a reader produced it: the source's own ids, who wrote it and when, and its text
/// already split into own text and quoted spans.
///
/// Ids are kept exactly as the source gives them (`"33103581"`, `"<abc@example.org>"`); the index
/// qualifies them with ``source`` so that two sources never collide.
public struct Post: Sendable, Equatable {
    /// The source name, for example `"hn"`, `"ksummit"`, `"discourse:delvingbitcoin.org"`.
    public var source: String
    /// The post's id as given by the source.
    public var id: String
    /// The thread's id as given by the source; `nil` when the source does not say, in which case
    /// the thread is the root of the post's parent chain (or the post itself).
    public var thread: String?
    /// A reference to the post this one replies to: an id or an alias of a post in the same source.
    public var parent: String?
    /// Earlier posts of the reply chain, oldest first (mail's `References`). When ``parent`` is
    /// not in the index, the nearest of these that is becomes the parent.
    public var ancestors: [String]
    /// Other names by which posts of the same source refer to this one (for example a Discourse
    /// post's `t/TOPIC/NUMBER`, which `reply_to_post_number` and `[quote=...]` use).
    public var aliases: [String]
    public var author: String?
    /// Seconds since 1970-01-01 UTC.
    public var time: Int64?
    public var title: String?
    /// The title of the thread, when the source gives it on every post (Discourse `topic_title`).
    public var threadTitle: String?
    public var url: String?
    public var score: Int64?
    /// The text the author wrote, with quoted spans and their attribution lines removed.
    public var ownText: String
    /// The quoted spans, in the order they appear.
    public var quotes: [QuotedSpan]
    /// The version of the post when the source keeps edits (Discourse `version`): when the same
    /// post is imported again, a lower revision never replaces a higher one. `nil` always replaces.
    public var revision: Int64?

    public init(
        source: String, id: String, thread: String? = nil, parent: String? = nil,
        ancestors: [String] = [], aliases: [String] = [], author: String? = nil, time: Int64? = nil, title: String? = nil,
        threadTitle: String? = nil, url: String? = nil, score: Int64? = nil,
        ownText: String, quotes: [QuotedSpan] = [], revision: Int64? = nil
    ) {
        self.source = source
        self.id = id
        self.thread = thread
        self.parent = parent
        self.ancestors = ancestors
        self.aliases = aliases
        self.author = author
        self.time = time
        self.title = title
        self.threadTitle = threadTitle
        self.url = url
        self.score = score
        self.ownText = ownText
        self.quotes = quotes
        self.revision = revision
    }

    /// The quoted text as it is stored and indexed: the spans' texts (one level of quoting
    /// removed, deeper levels keeping their `>`, which the full-text index reads as punctuation)
    /// joined by line breaks. Each quote row points into it instead of holding a copy.
    public var quotedText: String {
        quotes.map(\.text).joined(separator: "\n")
    }

    /// Where each span's text lies in ``quotedText``, in Unicode scalars (SQLite's `substr`
    /// counts characters the same way): `(start, length)` per span.
    var quoteRanges: [(start: Int, length: Int)] {
        var start = 0
        return quotes.map { quote in
            let length = Self.scalarCount(quote.text)
            defer { start += length + 1 }
            return (start, length)
        }
    }

    /// The number of Unicode scalars in `text`: its UTF-8 bytes that do not continue a scalar.
    static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }
}
