import Foundation
import GRDB

/// Compiles a ``QuerySyntax`` tree into an FTS5 MATCH expression and SQL filter conditions.
///
/// Every word and phrase becomes an FTS5 string (`"..."`, with `"` doubled), so no character the
/// user types can be read as FTS5 syntax: `foo:bar` becomes `"foo:bar"`, which FTS5's tokenizer
/// reads as the phrase `foo bar`. The expression is then bound as a parameter (`MATCH ?`); field
/// filters become SQL with `?` placeholders and their values as arguments.
///
/// | query | MATCH expression | SQL filter, arguments |
/// |---|---|---|
/// | `quote graph` | `"quote" AND "graph"` | |
/// | `"mail client" OR mutt` | `"mail client" OR "mutt"` | |
/// | `folio -page` | `"folio" NOT "page"` | |
/// | `inter*` | `"inter"*` | |
/// | `NEAR(rust kernel, 5)` | `NEAR("rust" "kernel", 5)` | |
/// | `title:lamp q:kettle` | `{title} : "lamp" AND {quoted_text} : "kettle"` | |
/// | `@jane folio` | `"folio"` | `p.author LIKE ? ESCAPE '\'`, `%jane%` |
/// | `after:2024 is:root` | (none) | `p.time >= ? AND p.parent_ref IS NULL AND p.parent_id IS NULL`, `1704067200` |
/// | `author:jdoe -rust` | (none) | `… AND p.id NOT IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)` |
///
/// `author:` is a **case-insensitive substring** of the author as stored (ASCII letters fold),
/// so `author:jane`, `author:doe` and `author:jane@x.org` all find `Jane Doe <jane@x.org>`.
public enum QueryCompiler {
    /// The FTS5 expression for a tree of words only (field filters compile to nothing here; use
    /// ``compile(_:now:)`` for a whole query).
    public static func matchExpression(for tree: QuerySyntax) -> String {
        compile(tree, nested: false)
    }

    /// Compiles `tree` (from ``QueryParser``) into a MATCH expression and SQL conditions.
    ///
    /// - Parameters:
    ///   - tree: the parsed query.
    ///   - now: unix seconds that relative dates (`after:7d`) count back from.
    /// - Throws: ``QueryError/invalidValue(field:value:reason:position:)`` for a value that
    ///   cannot be read, ``QueryError/filterInAlternative(position:)`` for `author:x OR word`.
    public static func compile(_ tree: QuerySyntax, now: Int64) throws -> CompiledQuery {
        let children: [QuerySyntax] = if case let .and(items, _) = tree { items } else { [tree] }
        var terms: [CompiledQuery.Term] = []
        var termNodes: [QuerySyntax] = []
        var negatives: [String] = []
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        for child in children {
            if child.isFilterOnly {
                conditions.append(try condition(for: child, now: now, arguments: &arguments))
            } else if child.hasFilter {
                throw QueryError.filterInAlternative(position: child.position)
            } else if case let .not(inner, _) = child {
                negatives.append(compile(inner, nested: true))
            } else {
                terms.append(CompiledQuery.Term(label: child.text, match: compile(child, nested: true)))
                termNodes.append(child)
            }
        }
        var match: String?
        if !terms.isEmpty {
            var body = terms.map(\.match).joined(separator: " AND ")
            if terms.count > 1, !negatives.isEmpty { body = "(" + body + ")" }
            for negative in negatives { body += " NOT " + negative }
            if terms.count == 1, negatives.isEmpty { body = compile(termNodes[0], nested: false) }
            match = body
        } else if !negatives.isEmpty {
            conditions.append("p.id NOT IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)")
            arguments.append(negatives.joined(separator: " OR ").databaseValue)
        }
        return CompiledQuery(
            match: match, filterSQL: conditions.isEmpty ? nil : conditions.joined(separator: " AND "),
            arguments: arguments, terms: terms, negatives: negatives,
            restrictsColumns: children.contains(where: \.hasColumn))
    }

    private static func compile(_ node: QuerySyntax, nested: Bool) -> String {
        switch node {
        case let .word(text, prefix, _):
            return quoted(text) + (prefix ? "*" : "")
        case let .phrase(text, _):
            return quoted(text)
        case let .near(children, distance, _):
            return "NEAR(" + children.map { compile($0, nested: true) }.joined(separator: " ")
                + (distance.map { ", \($0)" } ?? "") + ")"
        case let .column(field, inner, _):
            let body = "\(field.columnFilter ?? "") : " + compile(inner, nested: true)
            return nested ? "(" + body + ")" : body
        case .filter:
            return ""
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

