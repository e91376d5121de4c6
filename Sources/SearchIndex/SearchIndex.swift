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
    /// The lock imports into this file take turns with; `nil` for an index in memory or opened
    /// read-only.
    private let importLock: ImportLock?
    /// Read access for the other files of the facade.
    var reader: any DatabaseReader { database }
    /// Write access, for maintenance and tests.
    var writer: any DatabaseWriter { database }
    /// The file's path, or `:memory:`.
    public let path: String
    /// Whether the index was opened ``OpenMode/readOnly``: searching and browsing only.
    public let isReadOnly: Bool

    /// How ``init(path:mode:)`` opens an index file.
    public enum OpenMode: Sendable {
        /// For every use; the file is created when missing. Opening starts a write transaction
        /// when the file has no write-ahead log yet, and closing the last connection
        /// checkpoints the log into the file.
        case readWrite
        /// For searching and browsing (``search(_:options:)``, ``stats()``, ``post(_:)``, ...):
        /// one read-only SQLite connection, which writes nothing when it opens or closes (it
        /// leaves an empty `-wal` file and the `-shm` file beside the index, as any SQLite
        /// reader does; the next read-write open takes them back). The file must exist. An index
        /// of an older schema is migrated first, as ``readWrite`` does; that needs write access.
        case readOnly
    }

    /// Opens the index at `path`: read-write (creating the file and its folder's file when
    /// missing), or read-only for searching and browsing.
    ///
    /// ```swift
    /// let index = try SearchIndex(path: "archive.db", mode: .readOnly)
    /// let results = try index.search("folio")
    /// ```
    /// - Throws: ``IndexError`` when the file cannot be opened (or, read-only, does not exist),
    ///   is not a tsearch index, or was written by a newer version.
    public convenience init(path: String, mode: OpenMode = .readWrite) throws {
        let opened: (database: any DatabaseWriter, readOnly: Bool) = try Self.translatingOpenErrors(path) {
            if mode == .readOnly, let queue = try Self.openReadOnly(path) { return (queue, true) }
            return (try Self.openReadWrite(path), false)
        }
        self.init(path: path, database: opened.database, readOnly: opened.readOnly,
                  importLock: opened.readOnly ? nil : ImportLock(indexPath: path))
    }

    /// An index that lives in memory only, for tests and one-off use.
    public convenience init(inMemory: Void = ()) throws {
        let queue = try DatabaseQueue(configuration: Self.configuration(readOnly: false))
        try Self.migrate(queue, path: ":memory:")
        self.init(path: ":memory:", database: queue, readOnly: false, importLock: nil)
    }

    private init(path: String, database: any DatabaseWriter, readOnly: Bool, importLock: ImportLock?) {
        self.path = path
        self.database = database
        isReadOnly = readOnly
        self.importLock = importLock
    }

    private static func openReadWrite(_ path: String) throws -> DatabasePool {
        var config = configuration(readOnly: false)
        config.label = "tsearch"
        let pool = try DatabasePool(path: path, configuration: config)
        try migrate(pool, path: path)
        return pool
    }

    /// A read-only connection to an index of this schema; `nil` when the file needs the
    /// migrations of a read-write open first (an older schema, or an empty file).
    private static func openReadOnly(_ path: String) throws -> DatabaseQueue? {
        var config = configuration(readOnly: true)
        config.label = "tsearch (read-only)"
        let queue = try DatabaseQueue(path: path, configuration: config)
        let migrator = Schema.migrator
        let current = try queue.read { db -> Bool in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            guard tables.contains("grdb_migrations") else {
                if !tables.isEmpty { throw IndexError.notAnIndex(path: path) }
                return false // an empty file: the read-write open makes the schema
            }
            if try migrator.hasBeenSuperseded(db) { throw IndexError.newerSchema(path: path) }
            return try migrator.hasCompletedMigrations(db)
        }
        return current ? queue : nil
    }

    /// Runs an opening step, turning SQLite's errors into ``IndexError``s.
    private static func translatingOpenErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { throw IndexError.notAnIndex(path: path) }
            if error.resultCode == .SQLITE_CANTOPEN {
                throw IndexError.cannotOpen(path: path, reason: "cannot create or read the file")
            }
            throw IndexError.from(error, operation: "opening the index")
        }
    }

    /// Registers on `db` the SQL functions that an index's schema uses: `tsearch_text(x)`, the
    /// text of a stored post text (``StoredText``), through which the full-text index reads its
    /// content. For connections to an index file that other code opens with GRDB: without it,
    /// `snippet()`, `highlight()` and the post text cannot be read.
    public static func registerFunctions(_ db: Database) {
        StoredText.register(db)
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            try MatchStats.register(db)
            try PhraseStats.register(db)
            try SnippetColumn.register(db)
            try SnippetFunction.register(db)
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
    /// say so, or refuse to wait). Needs an index opened ``OpenMode/readWrite``.
    /// - Parameters:
    ///   - reader: the input, already opened.
    ///   - file: the input's name, for the summary.
    ///   - format: the format's name, for the summary.
    ///   - onIssue: called for each skipped item as it is met.
    ///   - onProgress: called after each write transaction (a batch of 1,000 posts; the last
    ///     batch in parts of 250 when quotes are resolved) with the number of items handled so far.
    ///   - shouldStop: polled after each write transaction, and while waiting for another import;
    ///     `true` stops the import there (before its first batch when it was waiting).
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
        requireWritable("importPosts")
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
    /// between tables. Needs an index opened ``OpenMode/readWrite`` (FTS5's own check writes).
    public func check() throws -> CheckReport {
        requireWritable("check")
        return try translatingStorageErrors("check") {
            try database.writeWithoutTransaction { db in try IndexCheck.run(db) }
        }
    }

    /// Merges the full-text index's segments, makes the champion lists of frequent terms again
    /// (``ChampionList``: a search for a common word then ranks a thousand posts instead of
    /// every post with it) and, when `compact` is true and the disks have room, compacts the
    /// file (``Compaction``). Safe to interrupt: each step is one transaction. It takes the
    /// import lock, so it waits for an import into the file to end rather than fail on SQLite's
    /// busy timeout. Needs an index opened ``OpenMode/readWrite``.
    @discardableResult
    public func optimize(compact: Bool = true) throws -> Compaction {
        requireWritable("optimize")
        // The lock is waited for and the wait never stopped: the body runs.
        let compaction = try withImportLock { try optimizeNow(compact: compact) }
        return compaction ?? .notRequested
    }

    private func optimizeNow(compact: Bool) throws -> Compaction {
        try translatingStorageErrors("optimize") {
            try database.write { db in
                try db.execute(sql: "INSERT INTO post_fts(post_fts) VALUES('optimize')")
            }
            try makeChampionLists()
            guard compact else { return .notRequested }
            guard path != ":memory:", !path.isEmpty else { return .inMemory }
            let live = try database.read { db in try CompactionSpace.liveBytes(db) }
            if let shortfall = CompactionSpace.shortfall(indexPath: path, liveBytes: live) { return shortfall }
            try database.vacuum()
            return .done
        }
    }

    /// Makes the champion lists again, in one transaction.
    @discardableResult
    func makeChampionLists(minHits: Int = ChampionList.defaultMinHits, size: Int = ChampionList.defaultSize) throws
        -> ChampionList.BuildSummary {
        requireWritable("makeChampionLists")
        return try database.write { db in try ChampionList.build(db, minHits: minHits, size: size) }
    }

    /// Traps: writing through an index opened ``OpenMode/readOnly`` is a programmer error.
    private func requireWritable(_ operation: String) {
        precondition(!isReadOnly, "SearchIndex.\(operation): the index at \(path) was opened read-only")
    }
}
