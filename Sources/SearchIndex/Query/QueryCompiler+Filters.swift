import GRDB

extension QueryCompiler {
    /// The SQL condition for a subtree of field filters, its values appended to `arguments`.
    ///
    /// | filter | SQL | arguments |
    /// |---|---|---|
    /// | `author:jane` / `from:jane` / `@jane` | `p.author LIKE ? ESCAPE '\'` | `%jane%` (`%`, `_`, `\` escaped) |
    /// | `thread:42` | `(t.ref = ? OR t.key = ?)` | `42`, `42` |
    /// | `source:hn` | `p.source = ?` | `hn` |
    /// | `after:2024` | `p.time >= ?` | `1704067200` |
    /// | `before:2024-03` | `p.time < ?` | `1709251200` |
    /// | `date:2023..2023-06` | `(p.time >= ? AND p.time < ?)` | `1672531200`, `1688169600` |
    /// | `is:root` | `(p.parent_ref IS NULL AND p.parent_id IS NULL)` | |
    /// | `quotes:hn:42` | `EXISTS (SELECT 1 FROM quote qf WHERE qf.post_id = p.id AND qf.source_id IN (SELECT id FROM post WHERE key = ? OR ref = ? UNION SELECT post_id FROM alias WHERE key = ?))` | `hn:42` ×3 |
    /// | `-x` | `NOT coalesce(x, 0)` (a post without an author is not by `jane`) | |
    static func condition(for node: QuerySyntax, now: Int64, arguments: inout [DatabaseValue]) throws -> String {
        switch node {
        case let .filter(field, value, position):
            return try filterCondition(field, value, position: position, now: now, arguments: &arguments)
        case let .not(inner, _):
            return "NOT coalesce(" + (try condition(for: inner, now: now, arguments: &arguments)) + ", 0)"
        case let .and(children, _):
            return "(" + (try children.map { try condition(for: $0, now: now, arguments: &arguments) })
                .joined(separator: " AND ") + ")"
        case let .or(children, _):
            return "(" + (try children.map { try condition(for: $0, now: now, arguments: &arguments) })
                .joined(separator: " OR ") + ")"
        case .word, .phrase, .near, .column:
            preconditionFailure("condition(for:) takes only subtrees of filters (isFilterOnly)")
        }
    }

    private static func filterCondition(
        _ field: QueryField, _ value: String, position: Int, now: Int64, arguments: inout [DatabaseValue]
    ) throws -> String {
        let name = field == .author ? "author" : field.rawValue
        func invalid(_ reason: String) -> QueryError {
            .invalidValue(field: name, value: value, reason: reason, position: position)
        }
        switch field {
        case .author:
            arguments.append(("%" + likeEscaped(value) + "%").databaseValue)
            return "p.author LIKE ? ESCAPE '\\'"
        case .thread:
            arguments += [value.databaseValue, value.databaseValue]
            return "(t.ref = ? OR t.key = ?)"
        case .source:
            arguments.append(value.databaseValue)
            return "p.source = ?"
        case .after:
            guard let period = DateValue.period(value, now: now) else { throw invalid(DateValue.expected) }
            arguments.append(period.start.databaseValue)
            return "p.time >= ?"
        case .before:
            guard let period = DateValue.period(value, now: now) else { throw invalid(DateValue.expected) }
            arguments.append(period.start.databaseValue)
            return "p.time < ?"
        case .date:
            let parts = value.components(separatedBy: "..")
            guard parts.count == 2 else { throw invalid("expected SINCE..UNTIL, either end may be empty, as in date:2023..2024-06") }
            guard !(parts[0].isEmpty && parts[1].isEmpty) else { throw invalid("give at least one end, as in date:2024..") }
            var bounds: [String] = []
            if !parts[0].isEmpty {
                guard let since = DateValue.period(parts[0], now: now) else { throw invalid(DateValue.expected) }
                bounds.append("p.time >= ?")
                arguments.append(since.start.databaseValue)
            }
            if !parts[1].isEmpty {
                guard let until = DateValue.period(parts[1], now: now) else { throw invalid(DateValue.expected) }
                bounds.append("p.time < ?")
                arguments.append(until.end.databaseValue)
            }
            return "(" + bounds.joined(separator: " AND ") + ")"
        case .is:
            guard value.lowercased() == "root" else { throw invalid("the only value is 'root' (posts without a parent)") }
            return "(p.parent_ref IS NULL AND p.parent_id IS NULL)"
        case .quotes:
            arguments += [value.databaseValue, value.databaseValue, value.databaseValue]
            return "EXISTS (SELECT 1 FROM quote qf WHERE qf.post_id = p.id AND qf.source_id IN "
                + "(SELECT id FROM post WHERE key = ? OR ref = ? UNION SELECT post_id FROM alias WHERE key = ?))"
        case .title, .quoted, .own:
            preconditionFailure("column fields compile to FTS5 column filters, not SQL")
        }
    }

    /// `text` with LIKE's wildcards escaped by `\`.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
