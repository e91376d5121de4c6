import GRDB

/// The result of ``SearchIndex/check()``: each check with its outcome.
public struct CheckReport: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var name: String
        /// `nil` when the check passed, else what is wrong.
        public var problem: String?
    }

    public var items: [Item]
    /// Facts that are not problems, such as work left for the next import.
    public var notes: [String] = []
    public var passed: Bool { items.allSatisfy { $0.problem == nil } }
}

/// The checks behind `tsearch check`.
enum IndexCheck {
    static func run(_ db: Database) throws -> CheckReport {
        var items: [CheckReport.Item] = []
        var notes: [String] = []
        func add(_ name: String, _ problem: String?) { items.append(.init(name: name, problem: problem)) }

        let quick = try String.fetchAll(db, sql: "PRAGMA quick_check")
        add("SQLite file structure", quick == ["ok"] ? nil : quick.prefix(3).joined(separator: "; "))

        let applied = try Schema.migrator.appliedIdentifiers(db)
        add("schema version \(Schema.currentVersion)",
            applied.contains(Schema.currentVersion) ? nil : "schema is \(applied.sorted().last ?? "missing")")

        // Compares the full-text index with the post table (the plain 'integrity-check' of an
        // external-content table does not look at the content).
        do {
            try db.execute(sql: "INSERT INTO post_fts(post_fts, rank) VALUES('integrity-check', 1)")
            add("full-text index matches the posts", nil)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            add("full-text index matches the posts", "the full-text index differs from the posts; run 'tsearch optimize' after re-importing")
        }

        let posts = try Int.fetchOne(db, sql: "SELECT count(*) FROM post") ?? 0
        let ftsRows = try Int.fetchOne(db, sql: "SELECT count(*) FROM post_fts_docsize") ?? 0
        add("one full-text row per post", posts == ftsRows ? nil : "\(posts) posts but \(ftsRows) full-text rows")

        let orphanQuotes = try Int.fetchOne(db, sql: "SELECT count(*) FROM quote WHERE post_id NOT IN (SELECT id FROM post)") ?? 0
        add("every quote belongs to a post", orphanQuotes == 0 ? nil : "\(orphanQuotes) quotes without their post")

        let danglingSources = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM quote WHERE source_id IS NOT NULL AND source_id NOT IN (SELECT id FROM post)
            """) ?? 0
        add("every resolved quote links to a post", danglingSources == 0 ? nil : "\(danglingSources) quotes link to missing posts")

        let homeless = try Int.fetchOne(db, sql: "SELECT count(*) FROM post WHERE thread_id NOT IN (SELECT id FROM thread)") ?? 0
        add("every post is in a thread", homeless == 0 ? nil : "\(homeless) posts without their thread")

        // Threads marked dirty are waiting for the linking step of an import that was stopped
        // before it: a consistent state, completed by the next import.
        let miscounted = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM thread
            WHERE dirty = 0 AND post_count <> (SELECT count(*) FROM post WHERE thread_id = thread.id)
            """) ?? 0
        add("thread counts", miscounted == 0 ? nil : "\(miscounted) threads with a wrong post count (re-run the import to relink)")
        let wrongSignals = try SignalStore.mismatches(db)
        add("stored signals (replies, times quoted, depth)",
            wrongSignals == 0 ? nil : "\(wrongSignals) posts with out-of-date signals (re-run the import to relink)")
        let waiting = try Int.fetchOne(db, sql: "SELECT count(*) FROM thread WHERE dirty = 1") ?? 0
        // Quotes resolved during a stopped import wait to be checked by the next one.
        let pending = (try Int.fetchOne(db, sql: "SELECT count(*) FROM quote WHERE method IS NULL AND source_ref IS NULL") ?? 0)
            + (try Int.fetchOne(db, sql: "SELECT count(*) FROM quote_check") ?? 0)
        notes = waiting + pending == 0 ? [] : [
            "\(waiting) threads and \(pending) quotes wait for linking (an import was stopped or run with "
                + "--defer-quotes): the next import completes them",
        ]
        return CheckReport(items: items, notes: notes)
    }
}
