import GRDB

/// Reads a page's hits: details and snippets, one post at a time by rowid.
///
/// ```sql
/// SELECT p.source, p.ref, t.ref, t.title, p.title, p.author, p.time, p.url
/// FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id = ?
/// SELECT snippet(post_fts, 1, …) FROM post_fts WHERE post_fts MATCH ? AND rowid = ?
/// -- then column 0 (title), then 2 (quoted), only while no match has been found
/// ```
/// A partial match is read with the OR of the terms, so its snippet marks the words it has.
struct HitLoader {
    let db: Database

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
                        substr(p.own_text, 1, 240)
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
        // Each snippet() tokenizes its whole column: the own text first, then the title and the
        // quoted text only while no match has been found.
        func snippet(_ column: Snippet.Column) throws -> Snippet? {
            let index = switch column { case .title: 0; case .own: 1; case .quoted: 2 }
            guard let marked = try String?.fetchOne(
                db.cachedStatement(sql: """
                    SELECT snippet(post_fts, \(index), ?2, ?3, '…', ?4) FROM post_fts WHERE post_fts MATCH ?1 AND rowid = ?5
                    """),
                arguments: [match, open, close, Self.snippetTokens, candidate.id])
            else { return nil }
            return Snippet.parse(marked ?? "", column: column)
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
