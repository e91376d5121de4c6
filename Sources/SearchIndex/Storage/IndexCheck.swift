import GRDB

/// The result of ``SearchIndex/check()``: each check with its outcome.
public struct CheckReport: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var name: String
        /// `nil` when the check passed, else what is wrong.
        public var problem: String?
    }

    public var items: [Item]
    public var passed: Bool { items.allSatisfy { $0.problem == nil } }
}

/// The checks behind `tsearch check`.
enum IndexCheck {
    static func run(_ db: Database) throws -> CheckReport {
        var items: [CheckReport.Item] = []
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

        let miscounted = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM thread WHERE post_count <> (SELECT count(*) FROM post WHERE thread_id = thread.id)
            """) ?? 0
        add("thread counts", miscounted == 0 ? nil : "\(miscounted) threads with a wrong post count (re-run the import to relink)")
        return CheckReport(items: items)
    }
}
