/// Parses query text into a ``QuerySyntax`` tree.
///
/// ```
/// query  := and
/// and    := or+                    (side by side, all must match; "AND" between is optional)
/// or     := unary ("OR" unary)*    (binds tighter than AND: `a OR b c` is `(a OR b) c`)
/// unary  := ("-" | "NOT") atom | atom
/// atom   := word | word* | "phrase" | "(" and ")"
/// ```
/// `OR`, `AND` and `NOT` are operators only in capitals; `or` is a word.
public enum QueryParser {
    /// Parses `query`.
    ///
    /// `merge OR rebase -squash` gives
    /// ```
    /// and
    /// ├─ or
    /// │  ├─ word "merge"
    /// │  └─ word "rebase"
    /// └─ not
    ///    └─ word "squash"
    /// ```
    /// - Throws: ``QueryError`` naming the problem and its position.
    public static func parse(_ query: String) throws -> QuerySyntax {
        var state = State(tokens: try QueryScanner.tokens(in: query))
        guard !state.atEnd else { throw QueryError.empty }
        let tree = try state.parseAnd()
        if let extra = state.peek {
            throw QueryError.unexpected(token: extra.text, position: extra.position)
        }
        try checkPositive(tree)
        return tree
    }

    /// Refuses trees, or `OR` branches, that only exclude.
    private static func checkPositive(_ node: QuerySyntax) throws {
        switch node {
        case let .not(_, position):
            throw QueryError.onlyNegative(position: position)
        case let .and(children, position):
            guard children.contains(where: { if case .not = $0 { false } else { true } }) else {
                throw QueryError.onlyNegative(position: position)
            }
            for child in children {
                if case let .not(inner, _) = child { try checkNested(inner) } else { try checkPositive(child) }
            }
        case let .or(children, _):
            for child in children { try checkPositive(child) }
        case .word, .phrase:
            break
        }
    }

    /// Inside a negation, groups still need a positive part (`-(-a)` is refused).
    private static func checkNested(_ node: QuerySyntax) throws {
        if case .not = node { try checkPositive(node) }
        if case .and = node { try checkPositive(node) }
        if case .or = node { try checkPositive(node) }
    }

    private struct State {
        let tokens: [QueryScanner.Token]
        var index = 0

        var atEnd: Bool { index >= tokens.count }
        var peek: QueryScanner.Token? { atEnd ? nil : tokens[index] }

        /// A sequence of `OR` groups, all of which must match.
        mutating func parseAnd() throws -> QuerySyntax {
            if let first = peek, first.kind == .or || first.kind == .and {
                throw QueryError.danglingOperator(first.text, position: first.position)
            }
            var items: [QuerySyntax] = []
            while let token = peek, token.kind != .close {
                if token.kind == .and {
                    index += 1
                    guard !items.isEmpty, let next = peek, next.kind != .or, next.kind != .close, next.kind != .and
                    else { throw QueryError.danglingOperator("AND", position: token.position) }
                    continue
                }
                if token.kind == .or { throw QueryError.danglingOperator("OR", position: token.position) }
                items.append(try parseOr())
            }
            guard let first = items.first else {
                if let token = peek { throw QueryError.unexpected(token: token.text, position: token.position) }
                throw QueryError.empty
            }
            return items.count == 1 ? first : .and(items, position: first.position)
        }

        /// Terms joined by `OR`, which binds tighter than the implicit AND (as in web and mail
        /// search: `a OR b c` is `(a OR b) c`).
        mutating func parseOr() throws -> QuerySyntax {
            var branches = [try parseUnary()]
            while let token = peek, token.kind == .or {
                index += 1
                guard let next = peek, next.kind != .close, next.kind != .or, next.kind != .and else {
                    throw QueryError.danglingOperator("OR", position: token.position)
                }
                branches.append(try parseUnary())
            }
            return branches.count == 1 ? branches[0] : .or(branches, position: branches[0].position)
        }

        mutating func parseUnary() throws -> QuerySyntax {
            guard let token = peek else { throw QueryError.empty }
            if token.kind == .minus || token.kind == .not {
                index += 1
                guard let next = peek, next.kind != .or, next.kind != .close, next.kind != .and,
                      next.kind != .not, next.kind != .minus
                else { throw QueryError.missingNegatedTerm(token.text, position: token.position) }
                return .not(try parseAtom(), position: token.position)
            }
            return try parseAtom()
        }

        mutating func parseAtom() throws -> QuerySyntax {
            guard let token = peek else { throw QueryError.empty }
            index += 1
            switch token.kind {
            case .open:
                guard let next = peek, next.kind != .close else {
                    if let next = peek { throw QueryError.unexpected(token: next.text, position: next.position) }
                    throw QueryError.unclosedParenthesis(position: token.position)
                }
                let inner = try parseAnd()
                guard let close = peek, close.kind == .close else {
                    throw QueryError.unclosedParenthesis(position: token.position)
                }
                _ = close
                index += 1
                return inner
            case .phrase:
                guard Self.hasSearchableText(token.text) else {
                    if token.text.allSatisfy(\.isWhitespace) { throw QueryError.emptyPhrase(position: token.position) }
                    throw QueryError.nothingSearchable(token: "\"\(token.text)\"", position: token.position)
                }
                return .phrase(token.text, position: token.position)
            case .word:
                var text = token.text
                var prefix = false
                if text.hasSuffix("*") {
                    text.removeLast()
                    prefix = true
                    guard !text.isEmpty else { throw QueryError.strayWildcard(position: token.position) }
                }
                if let star = text.firstIndex(of: "*") {
                    throw QueryError.strayWildcard(position: token.position + text.distance(from: text.startIndex, to: star))
                }
                guard Self.hasSearchableText(text) else {
                    throw QueryError.nothingSearchable(token: token.text, position: token.position)
                }
                return .word(text, prefix: prefix, position: token.position)
            case .close, .or, .and, .not, .minus:
                throw QueryError.unexpected(token: token.text, position: token.position)
            }
        }

        /// Whether FTS5's unicode61 tokenizer would find a token in `text`.
        static func hasSearchableText(_ text: String) -> Bool {
            text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
    }
}
