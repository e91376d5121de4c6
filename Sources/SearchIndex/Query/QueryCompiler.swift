import Foundation

/// Compiles a ``QuerySyntax`` tree into an FTS5 MATCH expression.
///
/// Every word and phrase becomes an FTS5 string (`"..."`, with `"` doubled), so no character the
/// user types can be read as FTS5 syntax: `foo:bar` becomes `"foo:bar"`, which FTS5's tokenizer
/// reads as the phrase `foo bar`. The expression is then bound as a parameter (`MATCH ?`).
///
/// | query | MATCH expression |
/// |---|---|
/// | `quote graph` | `"quote" AND "graph"` |
/// | `"mail client" OR mutt` | `"mail client" OR "mutt"` |
/// | `folio -page` | `"folio" NOT "page"` |
/// | `inter*` | `"inter"*` |
public enum QueryCompiler {
    /// The FTS5 expression for `tree`. The tree must come from ``QueryParser`` (which refuses
    /// purely negative queries).
    public static func matchExpression(for tree: QuerySyntax) -> String {
        compile(tree, nested: false)
    }

    private static func compile(_ node: QuerySyntax, nested: Bool) -> String {
        switch node {
        case let .word(text, prefix, _):
            return quoted(text) + (prefix ? "*" : "")
        case let .phrase(text, _):
            return quoted(text)
        case let .or(children, _):
            let body = children.map { compile($0, nested: true) }.joined(separator: " OR ")
            return nested ? "(" + body + ")" : body
        case let .and(children, _):
            var positives: [String] = []
            var negatives: [String] = []
            for child in children {
                if case let .not(inner, _) = child {
                    negatives.append(compile(inner, nested: true))
                } else {
                    positives.append(compile(child, nested: true))
                }
            }
            var body = positives.joined(separator: " AND ")
            if positives.count > 1, !negatives.isEmpty { body = "(" + body + ")" }
            for negative in negatives { body += " NOT " + negative }
            return nested && (positives.count > 1 || !negatives.isEmpty) ? "(" + body + ")" : body
        case let .not(inner, _):
            // Only reached for a tree the parser would refuse; keep it harmless.
            return "(" + compile(inner, nested: true) + ")"
        }
    }

    /// An FTS5 string literal.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
