/// Splits a Discourse post into own text and quoted spans, from its Markdown source (`raw`, with
/// BBCode `[quote]` blocks) or from its rendered HTML (`cooked`, with `<aside class="quote">`).
///
/// ```
/// [quote="murch, post:36, topic:2215"]     ─┐ span 0: "We could batch.", author "murch",
/// We could batch.                           │ explicit source "t/2215/36"
/// [/quote]                                 ─┘
/// > a Markdown quote                       ── span 1 (via QuoteSplitter), no explicit source
/// Agreed.                                  ── own text
/// ```
///
/// Leniency:
/// - `[quote="user, post:N, topic:M"]`, `[quote="user"]`, `[quote=user]` and `[quote]`; tag names
///   in any case; straight, single or curly quotes around the parameters; extra parameters such
///   as `full:true` ignored; a `username:` parameter wins over the display name before the
///   first comma, which may contain spaces.
/// - `post:N` without `topic:` names a post of the quoting post's own topic.
/// - Quotes nest: an inner quote stays inside the outer span's text as `> ` lines (its own
///   attribution is not kept). An opening tag without its closing tag, or a closing tag without
///   an opening one, is ordinary text, as Discourse renders it.
/// - Tags inside fenced code blocks (``` or ~~~) are code, not quotes.
/// - A quote block is a block even when written inline (`[quote]x[/quote]`); the own text on
///   either side of it is kept as separate paragraphs.
/// - Text outside the quote blocks goes through ``QuoteSplitter``, so Markdown `>` quotes become
///   spans too (without explicit source). Spans keep their order of position.
/// - In `cooked`, an `<aside>` whose class includes `quote` is a quote block, with
///   `data-username`, `data-post`, `data-topic`; its title line is dropped, its `<blockquote>`
///   becomes the span text. Other HTML goes through ``HTMLText``.
enum DiscourseQuoteSplitter {
    /// A piece of a post, in order: text that may still hold `>` quotes, or one quote block.
    enum Segment: Equatable {
        case text(String)
        case quote(text: String, author: String?, post: String?, topic: String?)
    }

    /// Splits a post's Markdown source.
    ///
    /// - Parameters:
    ///   - raw: the `raw` field, Markdown with BBCode quotes.
    ///   - topic: the quoting post's topic id, for `post:N` without `topic:`.
    static func split(raw: String, topic: String?) -> QuoteSplitter.Result {
        assemble(bbcodeSegments(raw), topic: topic)
    }

    /// Splits a post's rendered HTML.
    static func split(cooked: String, topic: String?) -> QuoteSplitter.Result {
        assemble(cookedSegments(cooked), topic: topic)
    }

    /// The reference a quote's `post:N, topic:M` names: the alias `t/M/N`.
    static func alias(topic: String, postNumber: String) -> String { "t/\(topic)/\(postNumber)" }

    /// Joins segments into own text and spans; a span's position is the own text's length where
    /// it stood.
    static func assemble(_ segments: [Segment], topic ownTopic: String?) -> QuoteSplitter.Result {
        var own: [UInt8] = []
        var quotes: [QuotedSpan] = []
        for segment in segments {
            switch segment {
            case let .text(text):
                let split = QuoteSplitter.split(text)
                var base = own.count
                if !split.ownText.isEmpty {
                    if !own.isEmpty { own.append(contentsOf: [0x0A, 0x0A]) }
                    base = own.count
                    own.append(contentsOf: split.ownText.utf8)
                }
                for var quote in split.quotes {
                    quote.position = min(base + quote.position, own.count)
                    quotes.append(quote)
                }
            case let .quote(text, author, post, topic):
                let source: String? = post.flatMap { post in
                    (topic ?? ownTopic).map { alias(topic: $0, postNumber: post) }
                }
                quotes.append(QuotedSpan(
                    text: text, depth: 1, position: own.count, attributedAuthor: author,
                    explicitSource: source))
            }
        }
        return .init(ownText: String(decoding: own, as: UTF8.self), quotes: quotes)
    }

    /// `text` with every line prefixed by `> ` (`>` for a blank line), for a nested quote.
    static func quoting(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x3E]
        var lineStart = true
        for b in text {
            if lineStart {
                if b != 0x0A { out.append(0x20) }
                lineStart = false
            }
            out.append(b)
            if b == 0x0A {
                out.append(0x3E)
                lineStart = true
            }
        }
        return out
    }

    /// `bytes` without blank lines at either end and without trailing white space.
    static func trimmedLines<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> [UInt8] {
        var start = bytes.startIndex
        var lineStart = start
        // Skip leading blank lines.
        var i = start
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x0A {
                lineStart = bytes.index(after: i)
            } else if b != 0x20, b != 0x09, b != 0x0D {
                break
            }
            i = bytes.index(after: i)
        }
        start = lineStart
        var end = bytes.endIndex
        while end > start {
            let b = bytes[bytes.index(before: end)]
            guard b == 0x0A || b == 0x20 || b == 0x09 || b == 0x0D else { break }
            end = bytes.index(before: end)
        }
        return Array(bytes[start..<end])
    }
}
