/// One quoted span inside a post: a maximal run of quoted lines (or one quote block of the
/// source's markup), with one level of quoting removed.
public struct QuotedSpan: Sendable, Equatable {
    /// The quoted text with one level of quoting removed; deeper levels keep their `>` markers,
    /// so `"> a\n> > b"` becomes `"a\n> b"`.
    public var text: String
    /// The quoting depth of the span's outermost lines: 1 for `> a`, 2 for `> > a`.
    public var depth: Int
    /// Where the span stood: the UTF-8 offset in the post's own text at which it was cut out.
    public var position: Int
    /// The line that introduced the quote, such as `On Tue, 3 May 2022, Jane Doe wrote:`.
    public var attribution: String?
    /// The name of the quoted author when the markup or attribution line gives one.
    public var attributedAuthor: String?
    /// A reference (id or alias, same source) to the quoted post when the markup names it, as
    /// Discourse's `[quote="user, post:N, topic:M"]` does.
    public var explicitSource: String?

    public init(
        text: String, depth: Int = 1, position: Int = 0, attribution: String? = nil,
        attributedAuthor: String? = nil, explicitSource: String? = nil
    ) {
        self.text = text
        self.depth = depth
        self.position = position
        self.attribution = attribution
        self.attributedAuthor = attributedAuthor
        self.explicitSource = explicitSource
    }

    /// The text with every level of `>` markers removed, as it is indexed for search.
    public var plainText: String {
        QuoteSplitter.removingAllQuoteMarkers(text)
    }
}
