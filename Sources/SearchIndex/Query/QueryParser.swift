/// Parses query text into a ``QuerySyntax`` tree.
///
/// ```
/// query  := and
/// and    := or+                    (side by side, all must match; "AND" between is optional)
/// or     := unary ("OR" unary)*    (binds tighter than AND: `a OR b c` is `(a OR b) c`)
/// unary  := ("-" | "NOT") atom | atom
/// atom   := word | word* | "phrase" | "(" and ")" | near | field | "@" name
/// near   := "NEAR(" (word | "phrase")+ ["," digits] ")"
/// field  := name ":" value         (no space after ':'; value: word, "phrase" or, for
///                                   title:/s:/q:/nq:, any atom such as "(" and ")")
/// ```
/// `OR`, `AND` and `NOT` are operators only in capitals; `or` is a word. A word whose part
/// before `:` is not a known field name (``QueryField``) is a plain word: `std::vector`.
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
        case let .column(_, inner, _):
            try checkPositive(inner)
        case .word, .phrase, .near, .filter:
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
            case .near:
                return try parseNear(at: token)
            case .word:
                if let field = try parseField(token) { return field }
                return try Self.wordNode(token)
            case .close, .or, .and, .not, .minus, .comma:
                throw QueryError.unexpected(token: token.text, position: token.position)
            }
        }

        /// `author:jdoe`, `title:"a b"`, `nq:(a OR b)`, `@jdoe`; `nil` when `token` is a plain
        /// word (no known field name before a `:`).
        mutating func parseField(_ token: QueryScanner.Token) throws -> QuerySyntax? {
            let text = token.text
            if text.hasPrefix("@"), text.count > 1 {
                return .filter(.author, String(text.dropFirst()), position: token.position)
            }
            guard let colon = text.firstIndex(of: ":"), let field = QueryField.named(String(text[..<colon])) else {
                return nil
            }
            let name = String(text[..<colon])
            let rest = String(text[text.index(after: colon)...])
            let end = token.position + text.count
            if rest.isEmpty {
                // The value is the next token when it touches the colon: `title:"a b"`, `q:(a b)`.
                guard let next = peek, next.position == end,
                      next.kind == .phrase || (field.isColumn && (next.kind == .open || next.kind == .near))
                else { throw QueryError.missingValue(field: name, position: token.position) }
                if field.isColumn { return .column(field, try parseAtom(), position: token.position) }
                index += 1
                return .filter(field, next.text, position: token.position)
            }
            if field.isColumn {
                let inner = QueryScanner.Token(kind: .word, text: rest, position: token.position + name.count + 1)
                return .column(field, try Self.wordNode(inner), position: token.position)
            }
            return .filter(field, rest, position: token.position)
        }

        /// `NEAR(a "b c" d*, 5)`.
        mutating func parseNear(at token: QueryScanner.Token) throws -> QuerySyntax {
            index += 1 // the "(" the scanner saw after NEAR
            var terms: [QuerySyntax] = []
            var distance: Int?
            while let next = peek, next.kind != .close {
                index += 1
                switch next.kind {
                case .word: terms.append(try Self.wordNode(next))
                case .phrase:
                    guard Self.hasSearchableText(next.text) else { throw QueryError.emptyPhrase(position: next.position) }
                    terms.append(.phrase(next.text, position: next.position))
                case .comma:
                    guard let number = peek, number.kind == .word, let value = Int(number.text), value >= 0 else {
                        throw QueryError.invalidNear(
                            reason: "the distance after ',' must be a number, as in NEAR(a b, 5)", position: token.position)
                    }
                    distance = value
                    index += 1
                    guard let close = peek, close.kind == .close else {
                        throw QueryError.invalidNear(reason: "the distance must come last", position: token.position)
                    }
                default:
                    throw QueryError.invalidNear(
                        reason: "only words and phrases can stand inside, as in NEAR(a \"b c\", 5)", position: token.position)
                }
            }
            guard peek?.kind == .close else { throw QueryError.unclosedParenthesis(position: token.position + 4) }
            index += 1
            guard terms.count >= 2 else {
                throw QueryError.invalidNear(reason: "needs at least two words", position: token.position)
            }
            return .near(terms, distance: distance, position: token.position)
        }

        /// A word token as a node: `pre*` is a prefix; other `*` and unsearchable words refused.
        static func wordNode(_ token: QueryScanner.Token) throws -> QuerySyntax {
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
            guard hasSearchableText(text) else {
                throw QueryError.nothingSearchable(token: token.text, position: token.position)
            }
            return .word(text, prefix: prefix, position: token.position)
        }

        /// Whether FTS5's unicode61 tokenizer would find a token in `text`.
        static func hasSearchableText(_ text: String) -> Bool {
            text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
    }
}
