/// Cuts query text into tokens: words, quoted phrases, parentheses and the operators `OR`,
/// `AND`, `NOT`, a leading `-` and `NEAR(` (inside which `,` is a token of its own).
/// Field names stay inside their word (`author:jdoe`); ``QueryParser`` reads them.
///
/// (Not a "tokenizer": in this project that word belongs to FTS5.)
struct QueryScanner {
    struct Token: Equatable {
        enum Kind: Equatable {
            case word
            case phrase
            case open
            case close
            case or
            case and
            case not
            /// `-` directly before a word, phrase or `(`.
            case minus
            /// `NEAR` directly before `(`.
            case near
            /// `,` inside `NEAR(...)`, before the distance.
            case comma
        }

        var kind: Kind
        var text: String
        /// 1-based character offset.
        var position: Int
    }

    /// The tokens of `query`.
    ///
    /// - Throws: ``QueryError/unclosedQuote(position:)``.
    static func tokens(in query: String) throws -> [Token] {
        // Control characters (NUL included) separate like spaces: FTS5 cannot read them.
        let chars = query.map { $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } ? " " : $0 }
        var tokens: [Token] = []
        var i = 0
        var inNear = false
        while i < chars.count {
            let c = chars[i]
            let position = i + 1
            if c.isWhitespace {
                i += 1
            } else if c == "(" {
                tokens.append(Token(kind: .open, text: "(", position: position))
                i += 1
            } else if c == ")" {
                tokens.append(Token(kind: .close, text: ")", position: position))
                inNear = false
                i += 1
            } else if inNear, c == "," {
                tokens.append(Token(kind: .comma, text: ",", position: position))
                i += 1
            } else if c == "\"" || c == "“" || c == "”" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"", chars[j] != "”", chars[j] != "“" { j += 1 }
                guard j < chars.count else { throw QueryError.unclosedQuote(position: position) }
                tokens.append(Token(kind: .phrase, text: String(chars[(i + 1)..<j]), position: position))
                i = j + 1
            } else if c == "-", i + 1 < chars.count, !chars[i + 1].isWhitespace, chars[i + 1] != ")",
                      tokens.last.map({ $0.position + $0.text.count < position || $0.kind != .word }) ?? true
            {
                tokens.append(Token(kind: .minus, text: "-", position: position))
                i += 1
            } else {
                var j = i
                while j < chars.count, !chars[j].isWhitespace, !"()\"“”".contains(chars[j]),
                      !(inNear && chars[j] == ",") { j += 1 }
                let text = String(chars[i..<j])
                var kind: Token.Kind = switch text {
                case "OR": .or
                case "AND": .and
                case "NOT": .not
                default: .word
                }
                if text == "NEAR", j < chars.count, chars[j] == "(" {
                    kind = .near
                    inNear = true
                }
                tokens.append(Token(kind: kind, text: text, position: position))
                i = j
            }
        }
        return tokens
    }
}
