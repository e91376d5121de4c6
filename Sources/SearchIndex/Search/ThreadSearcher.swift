import GRDB

/// Thread mode: ranks threads by a vote of their posts' scores.
///
/// 1. The post pool (``SearchOptions/threadPoolSize`` by bm25, filters in the same SELECT),
///    plus partial matches when the full ones reach fewer threads than the page needs.
/// 2. Each post scored with the priors (``Ranker``); each thread scored by
///    ``RankingWeights/vote`` over its posts' scores.
/// 3. For the page's threads: title, date span, matched/total, authors (of matching posts
///    first) and the best entry post with its snippet:
///    ```sql
///    SELECT t.source, t.ref, t.title, t.started_at, t.last_at, t.post_count FROM thread t WHERE t.id = ?
///    SELECT author FROM post WHERE thread_id = ? AND author IS NOT NULL GROUP BY author ORDER BY min(time)
///    ```
struct ThreadSearcher {
    let db: Database

    /// A thread and the scored posts that stand for it, best first.
    struct RankedThread {
        var thread: Int64
        var score: Double
        var posts: [Candidate]
    }

    func search(_ query: String, options: SearchOptions) throws -> ThreadResults {
        let searcher = Searcher(db: db)
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: searcher.now(options))
        return try searcher.mappingMatchErrors {
            let (ranked, ranker) = try rankedThreads(compiled, options: options)
            let page = ranked.dropFirst(max(0, options.offset)).prefix(max(0, options.limit))
            var loader = HitLoader(db: db)
            try loader.prepare(page.compactMap(\.posts.first), compiled: compiled)
            var hits: [ThreadHit] = []
            for entry in page {
                guard let best = entry.posts.first, var bestHit = try loader.hit(best, compiled: compiled),
                      let row = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT source, ref, title, started_at, last_at, post_count FROM thread WHERE id = ?"),
                        arguments: [entry.thread])
                else { continue }
                var authors: [String] = []
                for candidate in entry.posts {
                    if let author = try String.fetchOne(db.cachedStatement(sql: "SELECT author FROM post WHERE id = ?"),
                                                        arguments: [candidate.id]), !authors.contains(author) {
                        authors.append(author)
                    }
                }
                let matchingAuthors = authors.count
                for author in try String.fetchAll(
                    db.cachedStatement(sql: """
                        SELECT author FROM post WHERE thread_id = ? AND author IS NOT NULL GROUP BY author ORDER BY min(time)
                        """),
                    arguments: [entry.thread]) where !authors.contains(author) {
                    authors.append(author)
                }
                var explanation: ScoreExplanation?
                if options.explain {
                    let keys = Dictionary(try Row.fetchAll(
                        db.cachedStatement(sql: "SELECT id, key FROM post WHERE id IN (SELECT value FROM json_each(?))"),
                        arguments: [Searcher.jsonArray(entry.posts.prefix(5).map(\.id))]).map { (row: Row) -> (Int64, String) in (row[0], row[1]) },
                        uniquingKeysWith: { a, _ in a })
                    bestHit.explanation = ranker.explain(
                        bm25: try loader.explainBM25(best, compiled: compiled), signals: best.signals,
                        partial: best.partial.map { ($0.matched, $0.of) })
                    explanation = ScoreExplanation(entry.score, "thread vote: \(options.weights.vote)",
                        entry.posts.prefix(5).map { ScoreExplanation($0.score, (keys[$0.id] ?? "post") + ($0.partial == nil ? "" : " (partial)")) }
                        + (entry.posts.count > 5 ? [ScoreExplanation(entry.posts.dropFirst(5).reduce(0) { $0 + $1.score }, "\(entry.posts.count - 5) more posts")] : []))
                }
                hits.append(ThreadHit(
                    source: row[0], thread: row[1], title: row[2], startedAt: row[3], lastAt: row[4],
                    matched: entry.posts.count, total: row[5], score: entry.score, authors: authors,
                    matchingAuthors: matchingAuthors, best: bestHit, explanation: explanation))
            }
            return ThreadResults(query: query, total: ranked.count, threads: hits)
        }
    }

    /// The candidate posts of thread mode, their signals read, and the thread of each.
    struct Pool {
        var posts: [Candidate]
        var threadOf: [Int64: Int64]
    }

    /// Every thread with a candidate post, in the order asked, before any page is read.
    func rankedThreads(_ compiled: CompiledQuery, options: SearchOptions) throws -> ([RankedThread], Ranker) {
        let ranker = Ranker(weights: options.weights, now: Searcher(db: db).now(options))
        return (Self.rank(try pool(compiled, options: options), ranker: ranker, options: options), ranker)
    }

    /// Steps 1 and the reading of signals: what does not depend on the weights.
    func pool(_ compiled: CompiledQuery, options: SearchOptions) throws -> Pool {
        let searcher = Searcher(db: db)
        var pool: [Candidate]
        if let match = compiled.match {
            pool = try searcher.candidates(match: match, compiled: compiled, limit: options.threadPoolSize)
        } else {
            pool = try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT p.id FROM post p JOIN thread t ON t.id = p.thread_id WHERE "
                + (compiled.filterSQL ?? "1") + " ORDER BY p.time DESC LIMIT ?"),
                arguments: StatementArguments(compiled.arguments + [options.threadPoolSize.databaseValue])
            ).map { Candidate(id: $0, bm25: 1) }
        }
        let wanted = max(0, options.offset) + max(0, options.limit)
        var threadOf = try threads(of: pool.map(\.id))
        if !options.allWords, Set(threadOf.values).count < wanted, compiled.match != nil {
            let partial = try searcher.partialCandidates(
                Set(pool.map(\.id)), compiled: compiled, limit: options.threadPoolSize)
            pool += partial
            threadOf.merge(try threads(of: partial.map(\.id))) { a, _ in a }
        }
        let signals = try SignalReader(db: db).signals(for: pool.map(\.id))
        for i in pool.indices { pool[i].signals = signals[pool[i].id] ?? .none }
        return Pool(posts: pool, threadOf: threadOf)
    }

    /// Scores the pool's posts with `ranker` and orders the threads by their vote.
    static func rank(_ input: Pool, ranker: Ranker, options: SearchOptions) -> [RankedThread] {
        var pool = input.posts
        let threadOf = input.threadOf
        Searcher.applyScores(&pool, ranker: ranker)
        var groups: [Int64: [Candidate]] = [:]
        for candidate in pool { if let thread = threadOf[candidate.id] { groups[thread, default: []].append(candidate) } }
        var ranked: [(thread: Int64, score: Double, posts: [Candidate])] = groups.map { thread, posts in
            let sorted = posts.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            return (thread, options.weights.vote.combine(sorted.map(\.score)), sorted)
        }
        ranked.sort { a, b in
            let fullA = a.posts.contains { $0.partial == nil }, fullB = b.posts.contains { $0.partial == nil }
            if fullA != fullB { return fullA }
            switch options.sort {
            case .relevance, .quoted:
                if a.score != b.score { return a.score > b.score }
            case .newest, .oldest:
                let ta = a.posts.compactMap(\.signals.time).max() ?? 0, tb = b.posts.compactMap(\.signals.time).max() ?? 0
                if ta != tb { return options.sort == .newest ? ta > tb : ta < tb }
            }
            return a.thread < b.thread
        }
        return ranked.map { RankedThread(thread: $0.thread, score: $0.score, posts: $0.posts) }
    }

    /// The thread of each post.
    private func threads(of ids: [Int64]) throws -> [Int64: Int64] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: Int64] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, thread_id FROM post WHERE id IN (SELECT value FROM json_each(?))"),
            arguments: [Searcher.jsonArray(ids)]) {
            out[row[0]] = row[1]
        }
        return out
    }
}
