import GRDB

extension Searcher {
    /// Credits the writer: a candidate that matches only in its quoted text, and has a quote
    /// resolved to a post that itself matches the query in what it wrote (and passes the
    /// filters), is replaced by that post; the quoting post is attached to it (``Candidate/quotedBy``).
    ///
    /// ```sql
    /// -- which candidates match in their own words
    /// SELECT rowid FROM post_fts WHERE post_fts MATCH '{title own_text} : (<match>)' AND rowid IN (...)
    /// -- the resolved quotes of those that do not
    /// SELECT post_id, source_id FROM quote WHERE post_id IN (...) AND source_id IS NOT NULL
    /// -- which quoted posts match in their own words, with their bm25
    /// <candidate SELECT with '{title own_text} : (<match>)'> AND f.rowid IN (...)
    /// ```
    func creditWriters(_ pool: [Candidate], compiled: CompiledQuery) throws -> [Candidate] {
        guard let match = compiled.match, !pool.isEmpty else { return pool }
        let ownMatch = "{title own_text} : (" + match + ")"
        let own = try matching(ownMatch, among: pool.map(\.id))
        let quotingOnly = pool.map(\.id).filter { !own.contains($0) }
        guard !quotingOnly.isEmpty else { return pool }
        var sources: [Int64: [Int64]] = [:]
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT post_id, source_id FROM quote
                WHERE post_id IN (SELECT value FROM json_each(?)) AND source_id IS NOT NULL AND source_id <> post_id
                ORDER BY post_id, ordinal
                """),
            arguments: [Self.jsonArray(quotingOnly)])
        for row in rows { sources[row[0], default: []].append(row[1]) }
        let allSources = Array(Set(sources.values.joined()))
        guard !allSources.isEmpty else { return pool }
        let writers = try candidates(match: ownMatch, compiled: compiled, limit: allSources.count, among: allSources)
        let writerScore = Dictionary(writers.map { ($0.id, $0.bm25) }, uniquingKeysWith: { a, _ in a })

        var result = pool
        var position = Dictionary(result.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // A quoting post is never a writer here: writers match in their own words.
        var removed = Set<Int64>()
        for quoting in quotingOnly {
            guard let writer = sources[quoting]?.first(where: { writerScore[$0] != nil }),
                  let score = writerScore[writer]
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
}
