/// The syntax tree of a query as the user typed it, before it is checked against the index.
///
/// Every node knows its 1-based position in the query text, so errors can point at it.
public indirect enum QuerySyntax: Equatable, Sendable {
    /// A word; `prefix` for `pre*`.
    case word(String, prefix: Bool, position: Int)
    /// `"a phrase"`: its words in order.
    case phrase(String, position: Int)
    /// Every child must match.
    case and([QuerySyntax], position: Int)
    /// Any child may match.
    case or([QuerySyntax], position: Int)
    /// `-x` or `NOT x`: excludes what `x` matches.
    case not(QuerySyntax, position: Int)

    public var position: Int {
        switch self {
        case let .word(_, _, p), let .phrase(_, p), let .and(_, p), let .or(_, p), let .not(_, p): p
        }
    }

    /// The tree as indented lines, for tests and `--explain`:
    /// ```
    /// and
    /// ├─ word "quote"
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
