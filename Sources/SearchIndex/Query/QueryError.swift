import Foundation

/// Why a query cannot run. Positions are 1-based character offsets in the query as typed.
public enum QueryError: Error, Equatable, LocalizedError {
    /// Nothing to search for.
    case empty
    /// A `"` with no closing `"`.
    case unclosedQuote(position: Int)
    /// A `(` with no closing `)`.
    case unclosedParenthesis(position: Int)
    /// A `)` with no `(` before it, or another token where none can stand.
    case unexpected(token: String, position: Int)
    /// `OR` without a term on one side.
    case danglingOperator(String, position: Int)
    /// `-` or `NOT` with nothing after it.
    case missingNegatedTerm(String, position: Int)
    /// `*` that does not end a word.
    case strayWildcard(position: Int)
    /// A term with no letters or digits (`^`, `:`), which the full-text index cannot search for.
    case nothingSearchable(token: String, position: Int)
    /// `""`.
    case emptyPhrase(position: Int)
    /// Only excluded terms, which would match every post.
    case onlyNegative(position: Int)
    /// A field name the query language does not know (`colour:red`). Not raised by the parser,
    /// which keeps such words as plain words (`std::vector`); kept for callers that validate.
    case unknownField(name: String, position: Int)
    /// The search ran past its time limit and was stopped.
    case tooSlow(seconds: Double)
    /// A field's value that cannot be read (`after:yesterday`).
    case invalidValue(field: String, value: String, reason: String, position: Int)
    /// A field name with nothing after it (`author:` at the end, or followed by a space).
    case missingValue(field: String, position: Int)
    /// A `NEAR(...)` group that cannot be read: fewer than two terms, or a bad distance.
    case invalidNear(reason: String, position: Int)
    /// A field filter joined to words by `OR` or under one `NOT` (`author:jdoe OR kernel`):
    /// filters only combine with words by AND.
    case filterInAlternative(position: Int)

    /// The index could not run the expression (never expected: the compiler only writes FTS5
    /// strings); said without FTS5's own wording.
    case cannotRun

    public var errorDescription: String? {
        switch self {
        case .cannotRun:
            "the query cannot be run as written; try fewer operators"
        case .empty:
            "the query is empty: give at least one word"
        case let .unclosedQuote(position):
            "unclosed '\"' at \(position): close the phrase with another '\"'"
        case let .unclosedParenthesis(position):
            "unclosed '(' at \(position)"
        case let .unexpected(token, position):
            "unexpected '\(token)' at \(position)"
        case let .danglingOperator(op, position):
            "'\(op)' at \(position) needs a term on each side"
        case let .missingNegatedTerm(op, position):
            "'\(op)' at \(position) has nothing after it to exclude"
        case let .strayWildcard(position):
            "'*' at \(position) must end a word, as in 'pre*'"
        case let .nothingSearchable(token, position):
            "'\(token)' at \(position) has no letters or digits to search for"
        case let .emptyPhrase(position):
            "empty phrase at \(position)"
        case let .onlyNegative(position):
            "the query at \(position) only excludes words; add a word to search for"
        case let .unknownField(name, position):
            "unknown field '\(name):' at \(position)"
        case let .tooSlow(seconds):
            "the search took more than \(seconds.formatted()) s and was stopped: make it narrower "
                + "(longer prefixes, fewer very common words, or a filter such as after: or source:)"
        case let .invalidValue(field, value, reason, position):
            "'\(field):\(value)' at \(position): \(reason)"
        case let .missingValue(field, position):
            "'\(field):' at \(position) needs a value, as in '\(field):word'"
        case let .invalidNear(reason, position):
            "'NEAR' at \(position): \(reason)"
        case let .filterInAlternative(position):
            "the group at \(position) joins field filters and words by OR or NOT; field filters only combine with words by AND"
        }
    }
}
