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
        var sources: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT source, count(*) FROM post GROUP BY source") {
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
