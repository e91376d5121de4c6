import GRDB

/// Counts of what the index holds.
public struct IndexStats: Sendable, Equatable {
    public var posts: Int
    public var threads: Int
    public var quotes: Int
    /// Quotes linked to the post they came from.
    public var resolvedQuotes: Int
    /// Posts per source.
    public var sources: [String: Int]
    /// The schema version (`v1`, ...).
    public var schemaVersion: String

    static func read(_ db: Database) throws -> IndexStats {
        // Per source from the threads' counts (a thread's posts are of its source), counted
        // afresh for threads an import has not finished linking: reading every post row would
        // take longer than the import of a few posts.
        var sources: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT source, sum(n) FROM (
                SELECT source, post_count AS n FROM thread WHERE dirty = 0
                UNION ALL
                SELECT t.source, (SELECT count(*) FROM post WHERE thread_id = t.id) FROM thread t WHERE t.dirty = 1)
            GROUP BY source HAVING sum(n) > 0
            """) {
            sources[row[0]] = row[1]
        }
        return IndexStats(
            posts: try Int.fetchOne(db, sql: "SELECT count(*) FROM post") ?? 0,
            threads: try Int.fetchOne(db, sql: "SELECT count(*) FROM thread") ?? 0,
            quotes: try Int.fetchOne(db, sql: "SELECT count(*) FROM quote") ?? 0,
            resolvedQuotes: try Int.fetchOne(db, sql: "SELECT count(*) FROM quote WHERE source_id IS NOT NULL") ?? 0,
            sources: sources,
            schemaVersion: try Schema.migrator.appliedIdentifiers(db).sorted().last ?? "none")
    }
}
