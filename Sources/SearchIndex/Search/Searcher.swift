import Foundation
import GRDB

/// Runs a query against the index inside one read transaction.
///
/// 1. **Candidates** (``firstPool(match:compiled:limit:)``), cut at ``SearchOptions/poolSize``:
///    a frequent word's ``ChampionList`` when it can answer; one phrase, or several that must
///    all be there, without filters, ranked in one pass with the same bm25
///    (``onePhraseCandidates(match:limit:)``, ``allWordsCandidates(match:phrases:limit:)``);
///    else the MATCH and the filters in one SELECT, ordered by FTS5's `rank` alone (so FTS5
///    sorts only rowids and scores):
///    ```sql
///    SELECT f.rowid, f.rank FROM post_fts f
///    CROSS JOIN post p ON p.id = f.rowid CROSS JOIN thread t ON t.id = p.thread_id
///    WHERE f.post_fts MATCH ? AND f.rank MATCH 'bm25(3.0, 1.0, 0.0)' AND <filters> ORDER BY f.rank LIMIT ?
///    ```
///    Since the filters are in the same SELECT, every post in the pool is eligible and no
///    eligible post is lost when the pool is cut.
/// 2. **Credit the writer** (``creditWriters(_:compiled:phraseHits:)``): a post that matches
///    only in its quoted text gives way to the post it quotes, when that post matches too.
/// 3. **Partial matches** (``partialCandidates(_:compiled:limit:)``) fill a page that full
///    matches leave short, unless ``SearchOptions/allWords``.
/// 4. **Re-rank** with the priors (``Ranker``), order by ``SearchSort``, read the page's
///    details and snippets (``HitLoader``).
///
/// A query of filters only has no MATCH: `SELECT p.id FROM post p JOIN thread t ... WHERE
/// <filters> ORDER BY p.time DESC LIMIT ? OFFSET ?`.
struct Searcher {
    let db: Database

    func search(_ query: String, options: SearchOptions) throws -> SearchResults {
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: now(options))
        return try mappingMatchErrors {
            guard compiled.match != nil else { return try filterOnly(query, compiled: compiled, options: options) }
            let (total, pool, ranker) = try rankedPool(compiled, options: options)
            let page = pool.dropFirst(max(0, options.offset)).prefix(max(0, options.limit))
            var loader = HitLoader(db: db)
            try loader.prepare(Array(page), compiled: compiled)
            var hits: [SearchHit] = []
            for candidate in page {
                guard var hit = try loader.hit(candidate, compiled: compiled) else { continue }
                if options.explain {
                    hit.explanation = ranker.explain(
                        bm25: try loader.explainBM25(candidate, compiled: compiled), signals: candidate.signals,
                        partial: candidate.partial.map { ($0.matched, $0.of) })
                }
                hits.append(hit)
            }
            return SearchResults(query: query, total: total.count, totalIsExact: total.exact, hits: hits)
        }
    }

    /// Steps 1 to 4 without reading the page: how many posts match every word, and the pool
    /// in its final order (full matches, then partial ones).
    func rankedPool(_ compiled: CompiledQuery, options: SearchOptions) throws -> (total: Total, pool: [Candidate], ranker: Ranker) {
        guard let match = compiled.match else { return (Total(count: 0, exact: true), [], Ranker(weights: options.weights, now: now(options))) }
        let countLimit = options.countLimit.map { max($0, options.offset + options.limit) }
        let first = try firstPool(match: match, compiled: compiled, limit: options.poolSize)
        var pool = first.pool
        let total = try first.count.map { Total(upTo: countLimit, of: $0) } ?? count(match: match, compiled: compiled, limit: countLimit)
        if !compiled.restrictsColumns { pool = try creditWriters(pool, compiled: compiled, phraseHits: first.phraseHits) }
        let wanted = max(0, options.offset) + max(0, options.limit)
        if !options.allWords, pool.count < wanted {
            pool += try partialCandidates(Set(pool.map(\.id)), compiled: compiled, limit: options.poolSize)
        }
        let ranker = Ranker(weights: options.weights, now: now(options))
        try score(&pool, ranker: ranker)
        Self.order(&pool, by: options.sort)
        return (total, pool, ranker)
    }

    func now(_ options: SearchOptions) -> Int64 {
        options.now ?? Int64(Date().timeIntervalSince1970)
    }

    /// Turns an error FTS5 raises for an expression into a ``QueryError`` without its wording.
    func mappingMatchErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
            throw QueryError.cannotRun
        }
    }

    /// ` AND <filters>` or nothing.
    static func filterClause(_ compiled: CompiledQuery) -> String {
        compiled.filterSQL.map { " AND " + $0 } ?? ""
    }

    static let candidateSQL = """
        SELECT f.rowid, f.rank FROM post_fts f
        CROSS JOIN post p ON p.id = f.rowid CROSS JOIN thread t ON t.id = p.thread_id
        WHERE f.post_fts MATCH ? AND f.rank MATCH ?
        """

    /// A number of matching posts, exact or a lower bound.
    struct Total {
        var count: Int
        /// `false` when counting stopped at the limit: there are more.
        var exact: Bool

        init(count: Int, exact: Bool) {
            self.count = count
            self.exact = exact
        }

        /// `count` matches as a count stopped at `limit` reports them.
        init(upTo limit: Int?, of count: Int) {
            if let limit, count > limit { self.init(count: limit, exact: false) } else { self.init(count: count, exact: true) }
        }
    }

    /// How many posts match `match` and the filters, counted up to `limit` (`nil`: all).
    ///
    /// Without filters only the full-text index is read (every FTS5 row has its post and thread):
    /// ```sql
    /// SELECT count(*) FROM (SELECT 1 FROM post_fts WHERE post_fts MATCH ? LIMIT 1001)
    /// ```
    /// With filters the post and thread rows are joined, in the same bounded subquery.
    func count(match: String, compiled: CompiledQuery, limit: Int?) throws -> Total {
        let inner = compiled.filterSQL == nil
            ? "SELECT 1 FROM post_fts f WHERE f.post_fts MATCH ?"
            : """
                SELECT 1 FROM post_fts f
                CROSS JOIN post p ON p.id = f.rowid CROSS JOIN thread t ON t.id = p.thread_id
                WHERE f.post_fts MATCH ?
                """ + Self.filterClause(compiled)
        return try boundedCount(inner, arguments: [match.databaseValue] + compiled.arguments, limit: limit)
    }

    /// `SELECT count(*)` of the rows of `sql`, stopped one row past `limit`.
    func boundedCount(_ sql: String, arguments: [DatabaseValue], limit: Int?) throws -> Total {
        let counted = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM (" + sql + " LIMIT ?)"),
            arguments: StatementArguments(arguments + [(limit.map { max(0, $0) + 1 } ?? -1).databaseValue])) ?? 0
        guard let limit, counted > limit else { return Total(count: counted, exact: true) }
        return Total(count: limit, exact: false)
    }

    /// The best `limit` posts by bm25 that match `match` and the filters (and, with `among`,
    /// are among those ids). A frequent term's pool comes from its ``ChampionList`` when the
    /// list can answer.
    func candidates(match: String, compiled: CompiledQuery, limit: Int, among: [Int64]? = nil) throws -> [Candidate] {
        if among == nil, match == compiled.match { return try firstPool(match: match, compiled: compiled, limit: limit).pool }
        return try rankedCandidates(match: match, compiled: compiled, limit: limit, among: among)
    }

    /// The pool of the query's own expression, and what finding it learned on the way.
    struct FirstPool {
        var pool: [Candidate]
        /// The number of matching posts, when finding the pool counted them (a ranking in one
        /// pass sees every match).
        var count: Int?
        /// The number of posts each phrase of the query matches (bm25's IDF), when known.
        var phraseHits: [Int]?
    }

    /// ``candidates(match:compiled:limit:among:)`` for the query's own expression: from a
    /// champion list, in one pass for one phrase or several that must all be there, else by
    /// FTS5's `ORDER BY rank`.
    func firstPool(match: String, compiled: CompiledQuery, limit: Int) throws -> FirstPool {
        if let (pool, hits) = try ChampionList(db: db).candidatesAndHits(match: match, compiled: compiled, limit: limit) {
            return FirstPool(pool: pool, count: nil, phraseHits: [hits])
        }
        if Self.isOnePhrase(match, compiled: compiled) {
            let (pool, hits) = try onePhraseCandidates(match: match, limit: limit)
            return FirstPool(pool: pool, count: hits, phraseHits: [hits])
        }
        if let phrases = Self.allWordsPhrases(match, compiled: compiled) {
            let (pool, hits, phraseHits) = try allWordsCandidates(match: match, phrases: phrases, limit: limit)
            return FirstPool(pool: pool, count: hits, phraseHits: phraseHits)
        }
        return FirstPool(pool: try rankedCandidates(match: match, compiled: compiled, limit: limit, among: nil))
    }

    /// The best `limit` posts by FTS5's `ORDER BY rank`, with the filters.
    private func rankedCandidates(match: String, compiled: CompiledQuery, limit: Int, among: [Int64]?) throws -> [Candidate] {
        var sql = Self.candidateSQL + Self.filterClause(compiled)
        var arguments: [DatabaseValue] = [match.databaseValue, BM25.rankFunction.databaseValue] + compiled.arguments
        if let among {
            sql += " AND f.rowid IN (SELECT value FROM json_each(?))"
            arguments.append(Self.jsonArray(among).databaseValue)
        }
        sql += " ORDER BY f.rank LIMIT ?"
        arguments.append(limit.databaseValue)
        let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        return rows.map { Candidate(id: $0[0], bm25: BM25.score(fromRank: $0[1])) }
    }

    /// The ids among `ids` whose row matches `match` (no filters).
    func matching(_ match: String, among ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return Set(try Int64.fetchAll(
            db.cachedStatement(sql: """
                SELECT rowid FROM post_fts WHERE post_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))
                """),
            arguments: [match, Self.jsonArray(ids)]))
    }

    static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// Reads the signals of every candidate and scores it.
    func score(_ pool: inout [Candidate], ranker: Ranker) throws {
        guard !pool.isEmpty else { return }
        let signals = try SignalReader(db: db).signals(for: pool.map(\.id))
        for i in pool.indices { pool[i].signals = signals[pool[i].id] ?? .none }
        Self.applyScores(&pool, ranker: ranker)
    }

    /// Scores candidates whose signals are read.
    static func applyScores(_ pool: inout [Candidate], ranker: Ranker) {
        for i in pool.indices {
            var score = ranker.score(bm25: pool[i].bm25, signals: pool[i].signals)
            if let partial = pool[i].partial { score *= Double(partial.matched) / Double(max(1, partial.of)) }
            pool[i].score = score
        }
    }

    /// Orders the pool: full matches before partial ones, then by `sort`; ties by id.
    static func order(_ pool: inout [Candidate], by sort: SearchSort) {
        pool.sort { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            switch sort {
            case .relevance:
                if a.score != b.score { return a.score > b.score }
            case .newest:
                if a.signals.time != b.signals.time { return (a.signals.time ?? .min) > (b.signals.time ?? .min) }
            case .oldest:
                if a.signals.time != b.signals.time { return (a.signals.time ?? .max) < (b.signals.time ?? .max) }
            case .quoted:
                if a.signals.timesQuoted != b.signals.timesQuoted { return a.signals.timesQuoted > b.signals.timesQuoted }
                if a.score != b.score { return a.score > b.score }
            }
            return a.id < b.id
        }
    }

    /// Filters only: plain SQL in the order asked, newest first for relevance.
    private func filterOnly(_ query: String, compiled: CompiledQuery, options: SearchOptions) throws -> SearchResults {
        let filter = compiled.filterSQL ?? "1"
        let base = "FROM post p JOIN thread t ON t.id = p.thread_id WHERE " + filter
        let total = try boundedCount("SELECT 1 " + base, arguments: compiled.arguments,
                                     limit: options.countLimit.map { max($0, options.offset + options.limit) })
        let order = switch options.sort {
        case .relevance, .newest: "p.time DESC, p.id DESC"
        case .oldest: "p.time IS NULL, p.time ASC, p.id ASC"
        case .quoted: "(SELECT times_quoted FROM post_signal WHERE post_id = p.id) DESC, p.time DESC, p.id DESC"
        }
        let ids = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT p.id " + base + " ORDER BY " + order + " LIMIT ? OFFSET ?"),
            arguments: StatementArguments(compiled.arguments + [options.limit.databaseValue, options.offset.databaseValue]))
        let signals = try SignalReader(db: db).signals(for: ids)
        let loader = HitLoader(db: db)
        var hits: [SearchHit] = []
        for id in ids {
            var candidate = Candidate(id: id, bm25: 0)
            candidate.signals = signals[id] ?? .none
            guard var hit = try loader.hit(candidate, compiled: compiled) else { continue }
            if options.explain {
                hit.explanation = ScoreExplanation(0, "no words to score: filters only, ordered by \(options.sort == .relevance ? "newest" : options.sort.rawValue)")
            }
            hits.append(hit)
        }
        return SearchResults(query: query, total: total.count, totalIsExact: total.exact, hits: hits)
    }
}
