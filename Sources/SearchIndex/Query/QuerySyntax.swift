/// The syntax tree of a query as the user typed it, before it is checked against the index.
///
/// Every node knows its 1-based position in the query text, so errors can point at it. Field
/// values are kept as typed (`after:2024-13` is a valid tree); ``QueryCompiler`` reads them.
public indirect enum QuerySyntax: Equatable, Sendable {
    /// A word; `prefix` for `pre*`.
    case word(String, prefix: Bool, position: Int)
    /// `"a phrase"`: its words in order.
    case phrase(String, position: Int)
    /// `NEAR(a b, 5)`: the terms within `distance` tokens of each other (FTS5's default 10).
    case near([QuerySyntax], distance: Int?, position: Int)
    /// Every child must match.
    case and([QuerySyntax], position: Int)
    /// Any child may match.
    case or([QuerySyntax], position: Int)
    /// `-x` or `NOT x`: excludes what `x` matches.
    case not(QuerySyntax, position: Int)
    /// `title:x`, `q:x`, `nq:x`: the words of the subtree, in one column only.
    case column(QueryField, QuerySyntax, position: Int)
    /// `author:x`, `after:2024`, `is:root`...: a filter on the post's data, value as typed.
    case filter(QueryField, String, position: Int)

    public var position: Int {
        switch self {
        case let .word(_, _, p), let .phrase(_, p), let .near(_, _, p), let .and(_, p), let .or(_, p),
             let .not(_, p), let .column(_, _, p), let .filter(_, _, p): p
        }
    }

    /// Whether the subtree holds only field filters (no words): it compiles to SQL alone.
    var isFilterOnly: Bool {
        switch self {
        case .filter: true
        case .word, .phrase, .near, .column: false
        case let .not(inner, _): inner.isFilterOnly
        case let .and(children, _), let .or(children, _): children.allSatisfy(\.isFilterOnly)
        }
    }

    /// Whether the subtree restricts words to a column (`title:`, `q:`, `nq:`) anywhere.
    var hasColumn: Bool {
        switch self {
        case .column: true
        case .word, .phrase, .near, .filter: false
        case let .not(inner, _): inner.hasColumn
        case let .and(children, _), let .or(children, _): children.contains(where: \.hasColumn)
        }
    }

    /// Whether the subtree holds a field filter anywhere.
    var hasFilter: Bool {
        switch self {
        case .filter: true
        case .word, .phrase, .near, .column: false
        case let .not(inner, _): inner.hasFilter
        case let .and(children, _), let .or(children, _): children.contains(where: \.hasFilter)
        }
    }

    /// The subtree as query text again, for messages such as `missing: ["word"]`.
    public var text: String {
        switch self {
        case let .word(text, prefix, _): text + (prefix ? "*" : "")
        case let .phrase(text, _): "\"" + text + "\""
        case let .near(children, distance, _):
            "NEAR(" + children.map(\.text).joined(separator: " ") + (distance.map { ", \($0)" } ?? "") + ")"
        case let .and(children, _): "(" + children.map(\.text).joined(separator: " ") + ")"
        case let .or(children, _): "(" + children.map(\.text).joined(separator: " OR ") + ")"
        case let .not(inner, _): "-" + inner.text
        case let .column(field, inner, _): field.rawValue + ":" + inner.text
        case let .filter(field, value, _): field.rawValue + ":" + value
        }
    }

    /// The tree as indented lines, for tests and `--explain`:
    /// ```
    /// and
    /// ├─ word "quote"
    /// ├─ filter author "jdoe"
    /// └─ not
    ///    └─ phrase "mail client"
    /// ```
    public var dump: String {
        var lines: [String] = []
        dump(into: &lines, prefix: "", childPrefix: "")
        return lines.joined(separator: "\n")
    }

    private func dump(into lines: inout [String], prefix: String, childPrefix: String) {
        let children: [QuerySyntax]
        switch self {
        case let .word(text, isPrefix, _):
            lines.append(prefix + "word \"\(text)\"" + (isPrefix ? " prefix" : ""))
            return
        case let .phrase(text, _):
            lines.append(prefix + "phrase \"\(text)\"")
            return
        case let .filter(field, value, _):
            lines.append(prefix + "filter \(field.rawValue) \"\(value)\"")
            return
        case let .near(nodes, distance, _):
            lines.append(prefix + "near" + (distance.map { " \($0)" } ?? ""))
            children = nodes
        case let .column(field, node, _):
            lines.append(prefix + "column \(field.rawValue)")
            children = [node]
        case let .and(nodes, _):
            lines.append(prefix + "and")
            children = nodes
        case let .or(nodes, _):
            lines.append(prefix + "or")
            children = nodes
        case let .not(node, _):
            lines.append(prefix + "not")
            children = [node]
        }
        for (i, child) in children.enumerated() {
            let last = i == children.count - 1
            child.dump(
                into: &lines,
                prefix: childPrefix + (last ? "└─ " : "├─ "),
                childPrefix: childPrefix + (last ? "   " : "│  "))
        }
    }
}
