import GRDB
import GRDBSQLite

extension Searcher {
    /// Whether the query is one FTS5 phrase (a word, a quoted phrase or a prefix) without
    /// filters, exclusions or columns: its bm25 then needs no count of anything but its own
    /// matches.
    static func isOnePhrase(_ match: String, compiled: CompiledQuery) -> Bool {
        guard compiled.filterSQL == nil, compiled.negatives.isEmpty, !compiled.restrictsColumns,
              compiled.terms.count == 1
        else { return false }
        let body = match.hasSuffix("\"*") ? String(match.dropLast()) : match
        return ChampionList.word(of: body) != nil
    }

    /// The best `limit` posts for a one-phrase expression by the same bm25 as `ORDER BY rank`,
    /// read in one pass (``MatchStats/scan(_:floor:_:_:)``):
    /// ```sql
    /// SELECT rowid, tsearch_match_stats(post_fts, 3.0, 1.0, 0.0, ?) FROM post_fts WHERE post_fts MATCH ?
    /// ```
    /// FTS5's `bm25()` first counts the phrase's matches in the whole table for its IDF (for a
    /// prefix, expanding it a second time), then scores and sorts every match. Here the matches
    /// are the count: each is scored by ``BM25/score(frequency:length:averageLength:idf:)``
    /// without the IDF, the best kept in a heap, and the IDF applied at the end (it scales every
    /// score alike). Once the heap is full, its worst score is the floor a row must beat, and a
    /// row that cannot is counted without reading its length. Ties go to the lower id.
    /// Returns the pool and the number of posts that match.
    func onePhraseCandidates(match: String, limit: Int) throws -> (pool: [Candidate], hits: Int) {
        var best = ChampionList.BoundedHeap(capacity: max(0, limit))
        var hits = 0.0, rows = 0.0, average = 0.0
        let floor = UnsafeMutablePointer<MatchStats.Floor>.allocate(capacity: 1)
        floor.initialize(to: MatchStats.Floor())
        defer { floor.deallocate() }
        try MatchStats.scan(match, floor: floor, db) { id, stats in
            hits += 1
            guard let stats else { return }
            if rows == 0 {
                rows = stats.rows
                average = stats.averageLength
                floor.pointee.averageLength = average
            }
            guard limit > 0 else { return }
            let g = BM25.score(frequency: stats.frequency, length: stats.length, averageLength: average, idf: 1)
            best.insert(ChampionList.Entry(id: id, frequency: stats.frequency, length: stats.length, g: g))
            if let worst = best.worstWhenFull { floor.pointee.score = worst.g }
        }
        let idf = BM25.idf(rows: rows, hits: hits)
        return (best.sortedDescending().map { Candidate(id: $0.id, bm25: idf * $0.g) }, Int(hits))
    }
}
