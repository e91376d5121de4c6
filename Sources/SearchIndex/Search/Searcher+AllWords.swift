import GRDB

extension Searcher {
    /// The single FTS5 strings of a query of two or more words, phrases or prefixes that must
    /// all be there, without filters, exclusions or columns (`"quote" AND "graph"*`); `nil` for
    /// any other query.
    static func allWordsPhrases(_ match: String, compiled: CompiledQuery) -> [String]? {
        guard compiled.filterSQL == nil, compiled.negatives.isEmpty, !compiled.restrictsColumns, compiled.terms.count > 1,
              match == compiled.terms.map(\.match).joined(separator: " AND ")
        else { return nil }
        for term in compiled.terms {
            let body = term.match.hasSuffix("\"*") ? String(term.match.dropLast()) : term.match
            guard ChampionList.word(of: body) != nil else { return nil }
        }
        return compiled.terms.map(\.match)
    }

    /// The best `limit` posts for a query of several phrases that must all be there
    /// (``allWordsPhrases(_:compiled:)``), by the same bm25 as `ORDER BY rank`, with the
    /// number of posts that match and the number each phrase matches:
    /// ```sql
    /// SELECT count(*) FROM post_fts WHERE post_fts MATCH '"quote"'      -- each phrase's IDF, unless its champion list knows
    /// SELECT rowid, tsearch_phrase_stats(post_fts, 3.0, 1.0, 0.0, ?) FROM post_fts WHERE post_fts MATCH '"quote" AND "graph"'
    /// ```
    /// FTS5's `bm25()` counts each phrase's matches through its auxiliary API, then scores
    /// and sorts every match. Here the counts come from the words' champion lists
    /// (``ChampionList/exactHits(_:)``) or plain `count(*)`s, each match is scored from
    /// ``PhraseStats`` (the best kept in a heap), and once the heap is full a row that cannot
    /// beat its worst is counted without reading its length. Ties go to the lower id.
    func allWordsCandidates(match: String, phrases: [String], limit: Int) throws -> (pool: [Candidate], hits: Int, phraseHits: [Int]) {
        let lists = ChampionList(db: db)
        let counts = try phrases.map { phrase in
            try lists.exactHits(phrase)
                ?? Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM post_fts WHERE post_fts MATCH ?"), arguments: [phrase]) ?? 0
        }
        let idf = UnsafeMutableBufferPointer<Double>.allocate(capacity: phrases.count)
        idf.initialize(repeating: 0)
        let floor = UnsafeMutablePointer<PhraseStats.Floor>.allocate(capacity: 1)
        floor.initialize(to: PhraseStats.Floor(idf: idf))
        defer {
            floor.deallocate()
            idf.deallocate()
        }
        var idfs: [Double] = []
        var best = ChampionList.BoundedHeap(capacity: max(0, limit))
        var hits = 0
        try PhraseStats.scan(match, floor: floor, db) { id, stats in
            hits += 1
            guard let stats, limit > 0 else { return }
            if idfs.isEmpty {
                idfs = counts.map { BM25.idf(rows: stats.rows, hits: Double($0)) }
                for (i, value) in idfs.enumerated() { idf[i] = value }
                floor.pointee.averageLength = stats.averageLength
            }
            best.insert(ChampionList.Entry(id: id, frequency: 0, length: stats.length, g: stats.score(idf: idfs)))
            if let worst = best.worstWhenFull { floor.pointee.score = worst.g }
        }
        return (best.sortedDescending().map { Candidate(id: $0.id, bm25: $0.g) }, hits, counts)
    }
}
