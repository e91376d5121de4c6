import Foundation
import GRDB

/// A tsearch index: one SQLite file with posts, threads, quotes and a full-text index.
///
/// ```swift
/// let index = try SearchIndex(path: "archive.db")
/// var reader = JSONLReader(try InputFile(path: "posts.jsonl"))
/// let summary = try index.importPosts(from: reader, file: "posts.jsonl", format: "jsonl")
/// let results = try index.search("\"quote graph\" -draft")
/// ```
/// Readers run concurrently with one writer (SQLite WAL): searching while an import runs is safe.
/// Imports into one index file take turns, across processes (see ``withImportLock(wait:onWait:shouldStop:_:)``).
public final class SearchIndex: Sendable {
    private let database: any DatabaseWriter
    /// The lock imports into this file take turns with; `nil` for an index in memory.
    private let importLock: ImportLock?
    /// Read access for the other files of the facade.
    var reader: any DatabaseReader { database }
    /// Write access, for maintenance and tests.
    var writer: any DatabaseWriter { database }
    /// The file's path, or `:memory:`.
    public let path: String

    /// Opens the index at `path`, creating it (and its folder's file) when missing.
    ///
    /// - Throws: ``IndexError`` when the file cannot be opened, is not a tsearch index, or was
    ///   written by a newer version.
    public init(path: String) throws {
        self.path = path
        var config = Self.configuration
        config.label = "tsearch"
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try Self.migrate(pool, path: path)
            database = pool
            importLock = ImportLock(indexPath: path)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { throw IndexError.notAnIndex(path: path) }
            if error.resultCode == .SQLITE_CANTOPEN {
                throw IndexError.cannotOpen(path: path, reason: "cannot create or read the file")
            }
            throw IndexError.from(error, operation: "opening the index")
        }
    }

    /// An index that lives in memory only, for tests and one-off use.
    public init(inMemory: Void = ()) throws {
        path = ":memory:"
        let queue = try DatabaseQueue(configuration: Self.configuration)
        try Self.migrate(queue, path: path)
        database = queue
        importLock = nil
    }

    /// Registers on `db` the SQL functions that an index's schema uses: `tsearch_text(x)`, the
    /// text of a stored post text (``StoredText``), through which the full-text index reads its
    /// content. For connections to an index file that other code opens with GRDB: without it,
    /// `snippet()`, `highlight()` and the post text cannot be read.
    public static func registerFunctions(_ db: Database) {
        StoredText.register(db)
    }

    private static var configuration: Configuration {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try MatchStats.register(db)
            registerFunctions(db)
        }
        return config
    }

    private static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = Schema.migrator
        // The common case, an index already at this schema, needs no write transaction: a
        // search can open the file while an import holds the write lock.
        if try writer.read({ db in
            try db.tableExists("grdb_migrations") && migrator.hasCompletedMigrations(db)
                && !migrator.hasBeenSuperseded(db)
        }) {
            return
        }
        try writer.write { db in
            if try migrator.hasBeenSuperseded(db) { throw IndexError.newerSchema(path: path) }
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            if !tables.isEmpty, !tables.contains("grdb_migrations") { throw IndexError.notAnIndex(path: path) }
        }
        try migrator.migrate(writer)
    }

    /// The file beside an index at `path` that imports into it lock (`archive.db-import.lock`):
    /// an empty file, created with the user's umask, that may stay.
    public static func importLockPath(forIndex path: String) -> String {
        ImportLock.path(forIndex: path)
    }

    /// Runs `body` while holding the index's import lock, so that no other process imports into
    /// the index meanwhile (imports in this process, ``importPosts(from:file:format:onIssue:onProgress:shouldStop:resolveQuotes:)``
    /// included, go on: they hold it already).
    ///
    /// The lock is an `flock` on ``importLockPath(forIndex:)``, which the operating system
    /// releases when the process ends in any way, so a killed import never blocks the next one.
    /// Searches do not take it. An index in memory has none: `body` just runs.
    /// - Parameters:
    ///   - wait: whether to wait while another process imports; `false` throws instead.
    ///   - onWait: called once when the lock is taken by another process and this one waits.
    ///   - shouldStop: polled while waiting (every 0.1 s); `true` gives up, and `body` is not run.
    /// - Returns: what `body` returns, or `nil` when `shouldStop` gave up.
    /// - Throws: ``IndexError/importRunning(path:)`` when `wait` is false and another import runs,
    ///   ``IndexError/cannotOpen(path:reason:)`` when the lock file cannot be created, and what
    ///   `body` throws.
    public func withImportLock<T>(
        wait: Bool = true, onWait: () -> Void = {}, shouldStop: () -> Bool = { false },
        _ body: () throws -> T
    ) throws -> T? {
        guard let importLock else { return try body() }
        guard try importLock.acquire(wait: wait, onWait: onWait, shouldStop: shouldStop) else { return nil }
        defer { importLock.release() }
        return try body()
    }

    /// Imports every post `reader` yields.
    ///
    /// Batches of posts are written in one transaction each; then parents, threads and explicit
    /// quote links are completed. Importing the same input twice leaves the same index. The
    /// import holds the index's import lock throughout: while another process imports into the
    /// same file, it waits (silently; ``withImportLock(wait:onWait:shouldStop:_:)`` around it can
    /// say so, or refuse to wait).
    /// - Parameters:
    ///   - reader: the input, already opened.
    ///   - file: the input's name, for the summary.
    ///   - format: the format's name, for the summary.
    ///   - onIssue: called for each skipped item as it is met.
    ///   - onProgress: called after each batch with the number of items read so far.
    ///   - shouldStop: polled between batches, and while waiting for another import; `true` stops
    ///     the import at that batch boundary (before its first batch when it was waiting).
    ///   - resolveQuotes: `false` leaves quotes without explicit sources pending (faster bulk
    ///     loads of many files); the next import with it `true` resolves them all.
    /// - Throws: ``ImportError`` when the input cannot be read on, ``IndexError`` when the index
    ///   cannot be written. Batches already written stay written.
    public func importPosts(
        from reader: any PostReader, file: String, format: String,
        onIssue: @escaping (ImportIssue) -> Void = { _ in },
        onProgress: @escaping (Int) -> Void = { _ in },
        shouldStop: @escaping () -> Bool = { false },
        resolveQuotes: Bool = true
    ) throws -> ImportSummary {
        var importer = Importer(writer: database, file: file, format: format)
        importer.onIssue = onIssue
        importer.onProgress = onProgress
        importer.shouldStop = shouldStop
        importer.resolveQuotes = resolveQuotes
        let summary = try withImportLock(shouldStop: shouldStop) {
            try translatingStorageErrors("import") { try importer.run(reader) }
        }
        guard let summary else {
            var stopped = ImportSummary(file: file, format: format)
            stopped.stoppedEarly = true
            return stopped
        }
        return summary
    }

    /// Searches posts.
    ///
    /// - Throws: ``QueryError`` for a query that cannot run, ``IndexError`` when the index
    ///   cannot be read.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        try translatingStorageErrors("search") {
            try database.read { db in
                try TimeLimit.run(options.timeLimit, db) { try Searcher(db: db).search(query, options: options) }
            }
        }
    }

    /// Searches threads: each ranked by a vote of its matching posts' scores, with its best
    /// entry post.
    ///
    /// - Throws: ``QueryError`` for a query that cannot run, ``IndexError`` when the index
    ///   cannot be read.
    public func searchThreads(_ query: String, options: SearchOptions = SearchOptions()) throws -> ThreadResults {
        try translatingStorageErrors("search") {
            try database.read { db in
                try TimeLimit.run(options.timeLimit, db) { try ThreadSearcher(db: db).search(query, options: options) }
            }
        }
    }

    /// Counts of posts, threads and quotes.
    public func stats() throws -> IndexStats {
        try translatingStorageErrors("stats") { try database.read(IndexStats.read) }
    }

    /// Checks the file, the schema, the full-text index against the posts, and the links
    /// between tables.
    public func check() throws -> CheckReport {
        try translatingStorageErrors("check") {
            try database.writeWithoutTransaction { db in try IndexCheck.run(db) }
        }
    }

    /// Merges the full-text index's segments, makes the champion lists of frequent terms again
    /// (``ChampionList``: a search for a common word then ranks a thousand posts instead of
    /// every post with it) and compacts the file. Safe to interrupt: each step is one
    /// transaction. It takes the import lock, so it waits for an import into the file to end
    /// rather than fail on SQLite's busy timeout.
    public func optimize() throws {
        _ = try withImportLock {
            try optimizeNow()
        }
    }

    private func optimizeNow() throws {
        try translatingStorageErrors("optimize") {
            try database.write { db in
                try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES('optimize')")
            }
            try makeChampionLists()
            try database.vacuum()
        }
    }

    /// Makes the champion lists again, in one transaction.
    @discardableResult
    func makeChampionLists(minHits: Int = ChampionList.defaultMinHits, size: Int = ChampionList.defaultSize) throws
        -> ChampionList.BuildSummary {
        try database.write { db in try ChampionList.build(db, minHits: minHits, size: size) }
    }
}
