/// The field names the query language knows, as the parser reads them (`author:jdoe`).
///
/// A word whose part before `:` is not one of these stays a plain word (`std::vector`,
/// `foo:bar`), so pasted text never turns into an error.
public enum QueryField: String, Sendable, Equatable, CaseIterable {
    /// `author:`, `from:`, `@name`: the post's author, case-insensitive substring.
    case author
    /// `title:`, `s:`: words in the title column only.
    case title
    /// `q:`: words in quoted text only.
    case quoted = "q"
    /// `nq:`: words in the post's own text only.
    case own = "nq"
    /// `thread:ID`: the thread id as the source gave it (or its `source:id` key).
    case thread
    /// `source:NAME`: the source name (`hn`, `mail`, `coop`).
    case source
    /// `after:DATE`: at or after the start of DATE.
    case after
    /// `before:DATE`: before the start of DATE.
    case before
    /// `date:SINCE..UNTIL`: from the start of SINCE to the end of UNTIL; either end may be open.
    case date
    /// `is:root`: posts without a parent.
    case `is`
    /// `quotes:POST`: posts with a quote resolved to POST (`source:id` or an id).
    case quotes

    /// The field named `name` (any case), aliases included; `nil` for an unknown name.
    static func named(_ name: String) -> QueryField? {
        switch name.lowercased() {
        case "author", "from": .author
        case "title", "s": .title
        case "q": .quoted
        case "nq": .own
        case "thread": .thread
        case "source": .source
        case "after": .after
        case "before": .before
        case "date": .date
        case "is": .is
        case "quotes": .quotes
        default: nil
        }
    }

    /// Whether the value is a query of words restricted to one column (`title:(a OR b)`), rather
    /// than a value compared in SQL.
    var isColumn: Bool { self == .title || self == .quoted || self == .own }

    /// The FTS5 column filter for column fields: `{title}`, `{quoted_text}`, `{own_text}`.
    var columnFilter: String? {
        switch self {
        case .title: "{title}"
        case .quoted: "{quoted_text}"
        case .own: "{own_text}"
        default: nil
        }
    }
}
