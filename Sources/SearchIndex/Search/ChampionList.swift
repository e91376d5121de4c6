import Foundation
import GRDB

/// The best posts of a frequent term, kept so that a search for that term need not score every
/// post that has it.
///
/// FTS5's `ORDER BY rank` computes bm25 for every matching row before it returns the first: for
/// a word in most posts that is most of the index, at every search. For a term in at least
/// ``defaultMinHits`` posts, `tsearch optimize` stores its ``defaultSize`` best posts by the
/// same bm25 (column weights, one term), with what the score is made of (the weighted frequency
/// and the post's length), and the best score any post left out could reach.
///
/// A search whose words are one such term, without filters or column restrictions, ranks the
/// list instead, plus the posts imported since (`rowid > max_post_id`) and those changed since
/// (`champion_changed`, kept by triggers):
/// ```sql
/// SELECT hits, threshold, posts FROM champion WHERE term = 'kettl'   -- posts: a blob of varints
/// SELECT rowid, tsearch_match_stats(post_fts, 3.0, 1.0, 0.0) FROM post_fts
///   WHERE post_fts MATCH '"kettle"' AND rowid > ?      -- and: rowid IN (SELECT post_id FROM champion_changed)
/// ```
/// **Why it is exact.** With one term, bm25 is `idf × g(frequency, length, avgdl)`: the IDF is
/// the same for every post, and `g` grows with the average length `avgdl`. The list is cut by
/// `g` at `average_limit` (a little above the average when it was made), and the threshold is
/// the best `g` at `average_limit` of a post left out. While the average stays at or below
/// `average_limit`, no post left out (and unchanged) can score above the threshold now; so
/// when the pool's last post scores at least the threshold, the pool is the exhaustive
/// ranking's pool. Otherwise (or for a longer pool than the list) the search ranks every match,
/// as without a list. The IDF shown counts the posts with the term when the list was made plus
/// the new ones that have it: it scales every score of the query alike, so it orders nothing.
struct ChampionList {
    let db: Database

    /// A term needs at least this many posts to get a list: below it, ranking every match
    /// costs a few milliseconds.
    static let defaultMinHits = 2000
    /// Posts kept per term: pools up to this long can be answered (a page of 20 uses 100; thread
    /// mode 500).
    static let defaultSize = 1000
    /// `average_limit` is the average post length when the lists were made, times this.
    static let averageSlack = 1.1

    /// A list's settings, as `champion_state` keeps them.
    struct State {
        var maxPostID: Int64
        var averageLimit: Double
        var size: Int
    }

    /// The best `limit` posts for `match` by bm25, when `compiled` is one term with a list and
    /// the list answers; `nil` when the exhaustive ranking must run.
    func candidates(match: String, compiled: CompiledQuery, limit: Int) throws -> [Candidate]? {
        try candidatesAndHits(match: match, compiled: compiled, limit: limit)?.pool
    }

    /// ``candidates(match:compiled:limit:)`` with the number of posts its IDF counts.
    func candidatesAndHits(match: String, compiled: CompiledQuery, limit: Int) throws -> (pool: [Candidate], hits: Int)? {
        guard compiled.filterSQL == nil, compiled.negatives.isEmpty, !compiled.restrictsColumns,
              compiled.terms.count == 1, let word = Self.word(of: match),
              let state = try Self.state(db), limit <= state.size,
              let term = try Self.indexedTerm(word, db: db),
              let listRow = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT hits, threshold, posts FROM champion WHERE term = ?"), arguments: [term])
        else { return nil }
        let hits: Int = listRow[0]
        let threshold: Double = listRow[1]
        let posts: Data = listRow[2]

        let changed = Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT post_id FROM champion_changed")))
        var entries: [(id: Int64, frequency: Double, length: Double)] = []
        entries.reserveCapacity(state.size)
        posts.withUnsafeBytes { bytes in
            var offset = 0
            while let id = Varint.read(bytes, at: &offset), let frequency = Varint.read(bytes, at: &offset),
                  let length = Varint.read(bytes, at: &offset) {
                if !changed.contains(Int64(id)) { entries.append((Int64(id), Double(frequency), Double(length))) }
            }
        }
        guard let first = entries.first else { return nil }

        // The table as it is now (rows, tokens), read with the first listed post.
        let nowBlob = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT \(MatchStats.call) FROM post_fts WHERE post_fts MATCH ? AND rowid = ?"),
            arguments: [match, first.id])
        guard let now = MatchStats(blob: nowBlob) else { return nil }
        let average = now.averageLength
        guard average > 0, average <= state.averageLimit else { return nil }

        var newHits = 0
        func addMatches(_ condition: String, _ arguments: StatementArguments) throws {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT rowid, \(MatchStats.call) FROM post_fts WHERE post_fts MATCH ? AND " + condition),
                arguments: [match] + arguments)
            while let row = try rows.next() {
                guard let stats = MatchStats(blob: row[1]) else { continue }
                entries.append((row[0], stats.frequency, stats.length))
            }
        }
        let before = entries.count
        try addMatches("rowid > ?", [state.maxPostID])
        newHits = entries.count - before
        if !changed.isEmpty {
            try addMatches("rowid <= ? AND rowid IN (SELECT post_id FROM champion_changed)", [state.maxPostID])
        }

        var scored: [(id: Int64, g: Double)] = entries.map { entry in
            let g = BM25.score(frequency: entry.frequency, length: entry.length, averageLength: average, idf: 1)
            return (id: entry.id, g: g)
        }
        scored.sort { $0.g != $1.g ? $0.g > $1.g : $0.id < $1.id }
        // Fewer candidates than asked while posts were left out, or the last one below what a
        // post left out could score: the list cannot tell.
        if scored.count < limit { guard threshold == 0 else { return nil } }
        else if scored[limit - 1].g < threshold { return nil }

        let idf = BM25.idf(rows: now.rows, hits: Double(hits + newHits))
        return (scored.prefix(limit).map { Candidate(id: $0.id, bm25: idf * $0.g) }, hits + newHits)
    }

    /// How many posts hold the one-word phrase `match` (`"kettle"`), from its list: the posts
    /// counted when the list was made plus the new ones that have it. `nil` when the word has no
    /// list, or a post has changed or gone since the lists were made (the count could be off).
    /// ```sql
    /// SELECT hits FROM champion WHERE term = 'kettl'
    /// SELECT count(*) FROM post_fts WHERE post_fts MATCH '"kettle"' AND rowid > ?   -- max_post_id
    /// ```
    func exactHits(_ match: String) throws -> Int? {
        guard let word = Self.word(of: match), let state = try Self.state(db),
              try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM champion_changed")) == 0,
              let term = try Self.indexedTerm(word, db: db),
              let hits = try Int.fetchOne(db.cachedStatement(sql: "SELECT hits FROM champion WHERE term = ?"), arguments: [term])
        else { return nil }
        let new = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM post_fts WHERE post_fts MATCH ? AND rowid > ?"),
            arguments: [match, state.maxPostID]) ?? 0
        return hits + new
    }

    /// The word of an expression that is one quoted word or phrase (`"kettle"`), else `nil`.
    static func word(of match: String) -> String? {
        guard match.count >= 2, match.hasPrefix("\""), match.hasSuffix("\"") else { return nil }
        let inner = match.dropFirst().dropLast()
        guard !inner.replacingOccurrences(of: "\"\"", with: "").contains("\"") else { return nil }
        return inner.replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// The lists' settings, or `nil` when no lists were made.
    static func state(_ db: Database) throws -> State? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT max_post_id, average_limit, size FROM champion_state WHERE id = 1"))
        else { return nil }
        return State(maxPostID: row[0], averageLimit: row[1], size: row[2])
    }

    /// The tokenizer of `post_fts`.
    static let tokenizer = FTS5TokenizerDescriptor(components: ["porter", "unicode61", "remove_diacritics", "2"])

    /// `text` as `post_fts` indexes it, when it is exactly one token.
    static func indexedTerm(_ text: String, db: Database) throws -> String? {
        let tokens = try db.makeTokenizer(tokenizer).tokenize(query: text).filter { !$0.flags.contains(.colocated) }
        return tokens.count == 1 ? tokens[0].token : nil
    }
}
