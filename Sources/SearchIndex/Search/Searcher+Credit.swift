import GRDB

extension Searcher {
    /// Credits the writer: a candidate that matches only in its quoted text, and has a quote
    /// resolved to a post that itself matches the query in what it wrote (and passes the
    /// filters), is replaced by that post; the quoting post is attached to it (``Candidate/quotedBy``).
    ///
    /// ```sql
    /// -- which candidates match in their own words: those with bm25 > 0 (quoted text weighs 0)
    /// -- the resolved quotes of those that do not
    /// SELECT post_id, source_id FROM quote WHERE post_id IN (...) AND source_id IS NOT NULL
    /// -- which quoted posts match in their own words, with their bm25
    /// <candidate SELECT with '{title own_text} : (<match>)'> AND f.rowid IN (...)
    /// ```
    /// How many quote links are followed from a quoting post to find the writer.
    static let creditDepth = 3

    func creditWriters(_ pool: [Candidate], compiled: CompiledQuery, phraseHits: [Int]? = nil) throws -> [Candidate] {
        guard let match = compiled.match, !pool.isEmpty else { return pool }
        let ownMatch = "{title own_text} : (" + match + ")"
        // The pool's bm25 gives quoted text weight 0: a candidate scores above 0 exactly when
        // its title or own text holds query words (bm25's IDF floor is tiny but positive), so
        // no second full-text query is needed to tell writers from echoes.
        let own = Set(pool.filter { $0.bm25 > 0 }.map(\.id))
        let quotingOnly = pool.map(\.id).filter { !own.contains($0) }
        guard !quotingOnly.isEmpty else { return pool }
        // The resolved quotes of the quoting posts, followed up to ``creditDepth`` links: a reply
        // that quotes a reply that quoted the writer is credited to the writer too.
        var sources: [Int64: [Int64]] = [:]
        var writerScore: [Int64: Double] = [:]
        var frontier = quotingOnly
        var looked = Set<Int64>()
        for _ in 0..<Self.creditDepth where !frontier.isEmpty {
            looked.formUnion(frontier)
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT post_id, source_id FROM quote
                    WHERE post_id IN (SELECT value FROM json_each(?)) AND source_id IS NOT NULL AND source_id <> post_id
                    ORDER BY post_id, ordinal
                    """),
                arguments: [Self.jsonArray(frontier)])
            var found: [Int64] = []
            for row in rows {
                sources[row[0], default: []].append(row[1])
                found.append(row[1])
            }
            let fresh = Array(Set(found).subtracting(writerScore.keys).subtracting(looked))
            guard !fresh.isEmpty else { break }
            let writers = try writerCandidates(ownMatch, among: fresh, compiled: compiled, phraseHits: phraseHits)
            for writer in writers where writerScore[writer.id] == nil { writerScore[writer.id] = writer.bm25 }
            frontier = fresh.filter { writerScore[$0] == nil }
        }
        guard !writerScore.isEmpty else { return pool }
        /// The first writer reached from `post` through resolved quotes, breadth first.
        func writer(of post: Int64) -> Int64? {
            var queue = sources[post] ?? []
            var seen: Set<Int64> = [post]
            var i = 0
            while i < queue.count, i < 64 {
                let next = queue[i]
                i += 1
                if writerScore[next] != nil { return next }
                if seen.insert(next).inserted { queue += sources[next] ?? [] }
            }
            return nil
        }

        var result = pool
        var position = Dictionary(result.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // A quoting post is never a writer here: writers match in their own words.
        var removed = Set<Int64>()
        for quoting in quotingOnly {
            guard let writer = writer(of: quoting), let score = writerScore[writer]
            else { continue }
            removed.insert(quoting)
            if let at = position[writer] {
                result[at].quotedBy.append(quoting)
            } else {
                var candidate = Candidate(id: writer, bm25: score)
                candidate.quotedBy = [quoting]
                position[writer] = result.count
                result.append(candidate)
            }
        }
        result.removeAll { removed.contains($0.id) }
        return result
    }

    /// The posts among `ids` that match `ownMatch` (and the filters), with their bm25.
    ///
    /// When the pool's ranking knew how many posts each phrase of the query matches
    /// (`phraseHits`, one count a phrase: a champion list, or a ranking in one pass), a writer
    /// is scored as the query scores it: bm25 of the query's own expression, each phrase's IDF
    /// from those counts, made from the row's ``PhraseStats`` (quoted text weighs nothing, so
    /// reading only the title and own text changes no frequency):
    /// ```sql
    /// SELECT rowid, tsearch_phrase_stats(post_fts, 3.0, 1.0, 0.0, ?) FROM post_fts
    /// WHERE post_fts MATCH '{title own_text} : ("kettle")' AND rowid = ?
    /// ```
    /// Otherwise FTS5 ranks them, with the IDFs of `ownMatch`; among a few rowids it counts each
    /// phrase's matches in the whole table once per rowid.
    func writerCandidates(_ ownMatch: String, among ids: [Int64], compiled: CompiledQuery, phraseHits: [Int]?) throws -> [Candidate] {
        guard let hits = phraseHits, hits.count == compiled.terms.count else {
            return try candidates(match: ownMatch, compiled: compiled, limit: ids.count, among: ids)
        }
        var found: [Candidate] = []
        for id in ids {
            try PhraseStats.scan(ownMatch, rowid: id, floor: nil, db) { id, stats in
                guard let stats, stats.frequencies.count == hits.count else { return }
                let idf = hits.map { BM25.idf(rows: stats.rows, hits: Double($0)) }
                found.append(Candidate(id: id, bm25: stats.score(idf: idf)))
            }
        }
        return found.sorted { $0.bm25 != $1.bm25 ? $0.bm25 > $1.bm25 : $0.id < $1.id }
    }
}
