import GRDB

/// Runs a parsed query against the index inside one read transaction.
///
/// 1. The candidates: `SELECT rowid, rank ... WHERE post_fts MATCH ? AND rank MATCH ? ORDER BY
///    rank LIMIT ?`. Ordering by FTS5's `rank` alone lets FTS5 sort only rowids and scores.
/// 2. The page: details and snippets for the page's posts only, by rowid.
struct Searcher {
    let db: Database

    func search(_ query: String, options: SearchOptions) throws -> SearchResults {
        let tree = try QueryParser.parse(query)
        let match = QueryCompiler.matchExpression(for: tree)
        let total = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM post_fts WHERE post_fts MATCH ?"),
            arguments: [match]) ?? 0
        let ranked = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT rowid, rank FROM post_fts WHERE post_fts MATCH ? AND rank MATCH ?
                ORDER BY rank LIMIT ? OFFSET ?
                """),
            arguments: [match, BM25.rankFunction, max(0, options.limit), max(0, options.offset)])
        var hits: [SearchHit] = []
        hits.reserveCapacity(ranked.count)
        for row in ranked {
            let rowid: Int64 = row[0]
            let rank: Double = row[1]
            if let hit = try hit(rowid: rowid, score: BM25.score(fromRank: rank), match: match) {
                hits.append(hit)
            }
        }
        return SearchResults(query: query, total: total, hits: hits)
    }

    /// Tokens of context around the matches in a snippet.
    static let snippetTokens = 20

    private func hit(rowid: Int64, score: Double, match: String) throws -> SearchHit? {
        let open = Snippet.openMarker
        let close = Snippet.closeMarker
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT p.source, p.ref, t.ref, t.title, p.title, p.author, p.time, p.url,
                    snippet(post_fts, 0, ?2, ?3, '…', ?4),
                    snippet(post_fts, 1, ?2, ?3, '…', ?4),
                    snippet(post_fts, 2, ?2, ?3, '…', ?4)
                FROM post_fts
                JOIN post p ON p.id = post_fts.rowid
                JOIN thread t ON t.id = p.thread_id
                WHERE post_fts MATCH ?1 AND post_fts.rowid = ?5
                """),
            arguments: [match, open, close, Self.snippetTokens, rowid])
        else { return nil }
        let title = Snippet.parse(row[8] ?? "", column: .title)
        let own = Snippet.parse(row[9] ?? "", column: .own)
        let quoted = Snippet.parse(row[10] ?? "", column: .quoted)
        let snippet: Snippet =
            if own.hasMatches { own }
            else if title.hasMatches { title }
            else if quoted.hasMatches { quoted }
            else if !own.text.isEmpty { own }
            else { title }
        return SearchHit(
            source: row[0], id: row[1], thread: row[2], threadTitle: row[3], title: row[4],
            author: row[5], time: row[6], url: row[7], score: score, snippet: snippet)
    }
}
