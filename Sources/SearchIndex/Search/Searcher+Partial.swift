import GRDB

extension Searcher {
    /// Posts with some but not all of the terms, at least half of them (rounded up), for a
    /// page that full matches leave short. Each carries the labels of the terms it lacks.
    ///
    /// For `kettle whistle dawn`:
    /// ```sql
    /// <candidate SELECT with '("kettle" OR "whistle" OR "dawn") NOT ("kettle" AND "whistle" AND "dawn")'>
    /// -- then, per term, which of those posts have it
    /// SELECT rowid FROM post_fts WHERE post_fts MATCH '"kettle"' AND rowid IN (...)
    /// ```
    func partialCandidates(_ excluded: Set<Int64>, compiled: CompiledQuery, limit: Int) throws -> [Candidate] {
        guard let partialMatch = compiled.partialMatch else { return [] }
        let pool = try candidates(match: partialMatch, compiled: compiled, limit: limit).filter { !excluded.contains($0.id) }
        guard !pool.isEmpty else { return [] }
        let ids = pool.map(\.id)
        let having = try compiled.terms.map { try matching($0.match, among: ids) }
        let needed = (compiled.terms.count + 1) / 2
        var out: [Candidate] = []
        for var candidate in pool {
            let missing = compiled.terms.indices.filter { !having[$0].contains(candidate.id) }.map { compiled.terms[$0].label }
            let matched = compiled.terms.count - missing.count
            guard matched >= needed, !missing.isEmpty else { continue }
            candidate.partial = (matched, compiled.terms.count, missing)
            out.append(candidate)
        }
        return out
    }
}
