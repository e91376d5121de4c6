import GRDB

/// Reads a page's hits: details and snippets, one post at a time by rowid.
///
/// ```sql
/// SELECT p.source, p.ref, t.ref, t.title, p.title, p.author, p.time, p.url
/// FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id = ?
/// SELECT tsearch_snippet_column(post_fts), tsearch_snippet(post_fts, tsearch_snippet_column(post_fts), …)
/// FROM post_fts WHERE post_fts MATCH ? AND rowid = ?
/// -- the own text when it holds the words, else the title, else the quoted text (SnippetColumn)
/// ```
/// A partial match is read with the OR of the terms, so its snippet marks the words it has.
///
/// An expression with a prefix (`ran*`) is expanded to every indexed term with that prefix at
/// each `MATCH`: for those, ``prepare(_:compiled:)`` spells out the terms of the prefix that the
/// page's posts hold (``PrefixExpansion``), and the posts are read one by one with that
/// expression. Where the terms cannot be spelled out, it reads the page's snippets in one
/// statement, FTS5 held to the page's range of rowids and the page's posts picked by SQLite
/// (`+rowid` keeps the `IN` from being handed to FTS5 one value at a time):
/// ```sql
/// SELECT rowid, tsearch_snippet(post_fts, 0, …), tsearch_snippet(post_fts, 1, …), tsearch_snippet(post_fts, 2, …)
/// FROM post_fts WHERE post_fts MATCH ? AND rowid >= ? AND rowid <= ? AND +rowid IN (SELECT value FROM json_each(?))
/// ```
struct HitLoader {
    let db: Database
    /// Snippets read by ``prepare(_:compiled:)``: by expression, then post.
    private var prepared: [String: [Int64: [Snippet]]] = [:]
    /// Expressions with their prefixes spelled out for the page, by expression.
    private var expanded: [String: String] = [:]

    init(db: Database) {
        self.db = db
    }

    /// Whether `match` has a prefix term (`"ran"*`).
    static func hasPrefix(_ match: String) -> Bool {
        match.contains("\"*")
    }

    /// For expressions with a prefix: spells out the prefixes' terms that the page holds, or
    /// else reads the snippets of the page in one statement per expression. Other expressions
    /// are read post by post (a seek per post is cheaper than walking every match between the
    /// page's rowids).
    mutating func prepare(_ page: [Candidate], compiled: CompiledQuery) throws {
        var byExpression: [String: [Int64]] = [:]
        for candidate in page {
            guard let expression = Self.expression(for: candidate, compiled: compiled), Self.hasPrefix(expression) else { continue }
            byExpression[expression, default: []].append(candidate.id)
        }
        for (expression, ids) in byExpression {
            if let spelled = try PrefixExpansion.expand(expression, posts: ids, db) {
                expanded[expression] = spelled
                continue
            }
            guard ids.count > 1 else { continue }
            guard let low = ids.min(), let high = ids.max() else { continue }
            var snippets: [Int64: [Snippet]] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT rowid, tsearch_snippet(post_fts, 0, ?2, ?3, '…', ?4), tsearch_snippet(post_fts, 1, ?2, ?3, '…', ?4),
                        tsearch_snippet(post_fts, 2, ?2, ?3, '…', ?4)
                    FROM post_fts WHERE post_fts MATCH ?1 AND rowid >= ?5 AND rowid <= ?6
                        AND +rowid IN (SELECT value FROM json_each(?7))
                    """),
                arguments: [expression, Snippet.openMarker, Snippet.closeMarker, Self.snippetTokens, low, high,
                            Searcher.jsonArray(ids)])
            while let row = try rows.next() {
                snippets[row[0]] = [
                    Snippet.parse(row[1] ?? "", column: .title), Snippet.parse(row[2] ?? "", column: .own),
                    Snippet.parse(row[3] ?? "", column: .quoted),
                ]
            }
            prepared[expression] = snippets
        }
    }

    /// Tokens of context around the matches in a snippet.
    static let snippetTokens = 20

    /// The expression a candidate's snippet and one-column scores are read with.
    static func expression(for candidate: Candidate, compiled: CompiledQuery) -> String? {
        guard let match = compiled.match else { return nil }
        return candidate.partial == nil ? match : compiled.terms.map(\.match).joined(separator: " OR ")
    }

    func hit(_ candidate: Candidate, compiled: CompiledQuery) throws -> SearchHit? {
        guard var hit = try details(candidate, match: Self.expression(for: candidate, compiled: compiled)) else { return nil }
        hit.score = candidate.score
        hit.timesQuoted = candidate.signals.timesQuoted
        hit.replies = candidate.signals.replies
        hit.depth = candidate.signals.depth
        hit.exchange = try ExchangeLoader(db: db).exchange(postID: candidate.id, snippet: hit.snippet)
        if let partial = candidate.partial {
            hit.partial = true
            hit.missing = partial.missing
        }
        if !candidate.quotedBy.isEmpty {
            hit.quotedBy = try String.fetchAll(
                db.cachedStatement(sql: """
                    SELECT key FROM post WHERE id IN (SELECT value FROM json_each(?)) ORDER BY time, id
                    """),
                arguments: [Searcher.jsonArray(candidate.quotedBy)])
        }
        return hit
    }

    private func details(_ candidate: Candidate, match: String?) throws -> SearchHit? {
        let open = Snippet.openMarker
        let close = Snippet.closeMarker
        guard let match else {
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT p.source, p.ref, t.ref, t.title, p.title, p.author, p.time, p.url,
                        substr(tsearch_text(p.own_text), 1, 240)
                    FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id = ?
                    """),
                arguments: [candidate.id])
            else { return nil }
            var text: String = row[8]
            if text.count >= 240 { text += "…" }
            let snippet = Snippet.parse(text, column: .own)
            return SearchHit(source: row[0], id: row[1], thread: row[2], threadTitle: row[3], title: row[4],
                             author: row[5], time: row[6], url: row[7], score: 0, snippet: snippet)
        }
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT p.source, p.ref, t.ref, t.title, p.title, p.author, p.time, p.url
                FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id = ?
                """),
            arguments: [candidate.id])
        else { return nil }
        // Each snippet() tokenizes its whole column. Snippets read with the page: the own text
        // first, then the title and the quoted text only while no match has been found.
        let ready = prepared[match]
        if ready != nil, ready?[candidate.id] == nil { return nil }  // read with the page: no longer matches
        func snippet(_ column: Snippet.Column) throws -> Snippet? {
            let index = switch column { case .title: 0; case .own: 1; case .quoted: 2 }
            if let ready = ready?[candidate.id] { return ready[index] }
            guard let marked = try String?.fetchOne(
                db.cachedStatement(sql: """
                    SELECT tsearch_snippet(post_fts, \(index), ?2, ?3, '…', ?4) FROM post_fts WHERE post_fts MATCH ?1 AND rowid = ?5
                    """),
                arguments: [expanded[match] ?? match, open, close, Self.snippetTokens, candidate.id])
            else { return nil }
            return Snippet.parse(marked ?? "", column: column)
        }
        if ready == nil {
            // One statement: the snippet cut from the column the words are in (SnippetColumn).
            guard let found = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT tsearch_snippet_column(post_fts), tsearch_snippet(post_fts, tsearch_snippet_column(post_fts), ?2, ?3, '…', ?4)
                    FROM post_fts WHERE post_fts MATCH ?1 AND rowid = ?5
                    """),
                arguments: [expanded[match] ?? match, open, close, Self.snippetTokens, candidate.id])
            else { return nil }
            let column: Snippet.Column = switch found[0] as Int32 {
            case SnippetColumn.title: .title
            case SnippetColumn.quoted: .quoted
            default: .own
            }
            var chosen = Snippet.parse(found[1] ?? "", column: column)
            // Words in no column (a match through NOT): the own text, or the title when it is empty.
            if !chosen.hasMatches, chosen.text.isEmpty, (row[4] as String?) != nil, let title = try snippet(.title) {
                chosen = title
            }
            return SearchHit(
                source: row[0], id: row[1], thread: row[2], threadTitle: row[3], title: row[4],
                author: row[5], time: row[6], url: row[7], score: 0, snippet: chosen)
        }
        guard let own = try snippet(.own) else { return nil }
        var chosen = own
        if !own.hasMatches {
            let title = (row[4] as String?) == nil ? Snippet(text: "", column: .title, matches: []) : try snippet(.title)
            if let title, title.hasMatches {
                chosen = title
            } else if let quoted = try snippet(.quoted), quoted.hasMatches {
                chosen = quoted
            } else if own.text.isEmpty, let title {
                chosen = title
            }
        }
        return SearchHit(
            source: row[0], id: row[1], thread: row[2], threadTitle: row[3], title: row[4],
            author: row[5], time: row[6], url: row[7], score: 0, snippet: chosen)
    }

    /// bm25 of the candidate with the shipped weights, and once per column with that column's
    /// weight alone:
    /// ```sql
    /// SELECT bm25(post_fts, 3.0, 0, 0), bm25(post_fts, 0, 1.0, 0), bm25(post_fts, 0, 0, 1)
    /// FROM post_fts WHERE post_fts MATCH ? AND rowid = ?
    /// ```
    func explainBM25(_ candidate: Candidate, compiled: CompiledQuery) throws -> ScoreExplanation {
        let label = "bm25 (title \(BM25.titleWeight), own text \(BM25.ownTextWeight), quoted \(BM25.quotedTextWeight))"
        guard let match = Self.expression(for: candidate, compiled: compiled),
              let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT bm25(post_fts, ?2, 0, 0), bm25(post_fts, 0, ?3, 0), bm25(post_fts, 0, 0, 1)
                    FROM post_fts WHERE post_fts MATCH ?1 AND rowid = ?4
                    """),
                arguments: [match, BM25.titleWeight, BM25.ownTextWeight, candidate.id])
        else { return ScoreExplanation(candidate.bm25, label) }
        return ScoreExplanation(candidate.bm25, label, [
            ScoreExplanation(BM25.score(fromRank: row[0]), "title only (weight \(BM25.titleWeight))"),
            ScoreExplanation(BM25.score(fromRank: row[1]), "own text only (weight \(BM25.ownTextWeight))"),
            ScoreExplanation(BM25.score(fromRank: row[2]), "quoted text only, at weight 1 (counts \(BM25.quotedTextWeight))"),
        ])
    }
}
