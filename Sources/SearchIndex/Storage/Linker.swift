import GRDB

/// Links what posts name once the posts they name are in the index: parents, threads derived
/// from parent chains, explicit quote sources, and each thread's counts and title.
///
/// Every step works from what the tables say still needs doing (an unlinked `parent_ref`, a
/// pending `source_ref`, a `dirty` thread), not from memory, so an import that was interrupted is
/// completed by the next one, and posts may arrive in any order.
enum Linker {
    /// What one linking pass did.
    struct Report: Equatable {
        var parentsLinked = 0
        var postsMoved = 0
        var explicitQuotesLinked = 0
        var threadsUpdated = 0
    }

    /// Runs every linking step. Must run inside a write transaction.
    static func link(_ db: Database) throws -> Report {
        var report = Report()
        report.parentsLinked = try linkParents(db)
        report.postsMoved = try mergeDerivedThreads(db)
        report.explicitQuotesLinked = try linkExplicitQuotes(db)
        report.threadsUpdated = try refreshThreads(db)
        return report
    }

    /// Sets `parent_id` for posts whose parent (by id or alias) is now indexed.
    static func linkParents(_ db: Database) throws -> Int {
        try db.execute(sql: """
            UPDATE post SET parent_id = COALESCE(
                (SELECT p.id FROM post p WHERE p.key = post.source || ':' || post.parent_ref),
                (SELECT a.post_id FROM alias a WHERE a.key = post.source || ':' || post.parent_ref))
            WHERE parent_id IS NULL AND parent_ref IS NOT NULL
            """)
        // A post that names itself as its parent is no reply.
        try db.execute(sql: "UPDATE post SET parent_id = NULL WHERE parent_id = id")
        return db.changesCount
    }

    /// Moves posts whose source gave no thread into the thread of their parent, repeating until
    /// whole chains have moved. A parent cycle cannot loop: each round moves only posts whose
    /// thread differs from their parent's, and a bounded number of rounds runs.
    static func mergeDerivedThreads(_ db: Database) throws -> Int {
        var moved = 0
        for _ in 0..<64 {
            try db.execute(sql: """
                UPDATE thread SET dirty = 1 WHERE dirty = 0 AND id IN (
                    SELECT c.thread_id FROM post c JOIN post p ON p.id = c.parent_id
                    WHERE c.thread_given = 0 AND c.thread_id <> p.thread_id
                    UNION ALL
                    SELECT p.thread_id FROM post c JOIN post p ON p.id = c.parent_id
                    WHERE c.thread_given = 0 AND c.thread_id <> p.thread_id)
                """)
            try db.execute(sql: """
                UPDATE post SET thread_id = (SELECT p.thread_id FROM post p WHERE p.id = post.parent_id)
                WHERE thread_given = 0 AND parent_id IS NOT NULL
                  AND thread_id <> (SELECT p.thread_id FROM post p WHERE p.id = post.parent_id)
                """)
            let changes = db.changesCount
            if changes == 0 { break }
            moved += changes
        }
        return moved
    }

    /// Resolves quotes whose markup names their source, once that post is indexed.
    static func linkExplicitQuotes(_ db: Database) throws -> Int {
        try db.execute(sql: """
            UPDATE quote SET
                source_id = COALESCE(
                    (SELECT p.id FROM post p WHERE p.key = (SELECT q.source FROM post q WHERE q.id = quote.post_id) || ':' || quote.source_ref),
                    (SELECT a.post_id FROM alias a WHERE a.key = (SELECT q.source FROM post q WHERE q.id = quote.post_id) || ':' || quote.source_ref)),
                method = 'explicit', confidence = 1.0
            WHERE source_id IS NULL AND source_ref IS NOT NULL
            """)
        let linked = db.changesCount
        // Those whose source is not indexed yet stay pending.
        try db.execute(sql: """
            UPDATE quote SET method = NULL, confidence = NULL
            WHERE source_id IS NULL AND source_ref IS NOT NULL AND method IS NOT NULL
            """)
        return linked - db.changesCount
    }

    /// Recomputes counts, time span and title of every thread marked dirty; drops threads that
    /// no post belongs to any more.
    static func refreshThreads(_ db: Database) throws -> Int {
        let dirty = try Int64.fetchAll(db, sql: "SELECT id FROM thread WHERE dirty = 1 AND title_given = 0")
        try db.execute(sql: """
            DELETE FROM thread WHERE dirty = 1 AND NOT EXISTS (SELECT 1 FROM post WHERE thread_id = thread.id)
            """)
        try db.execute(sql: """
            UPDATE thread SET
                post_count = (SELECT count(*) FROM post WHERE thread_id = thread.id),
                started_at = (SELECT min(time) FROM post WHERE thread_id = thread.id),
                last_at = (SELECT max(time) FROM post WHERE thread_id = thread.id),
                title = CASE WHEN title_given = 1 THEN title ELSE (
                    SELECT title FROM post WHERE thread_id = thread.id AND title IS NOT NULL
                    ORDER BY parent_id IS NOT NULL, time IS NULL, time, id LIMIT 1) END,
                dirty = 0
            WHERE dirty = 1
            """)
        let updated = db.changesCount
        // A thread whose first post is missing takes a reply's subject: drop its "Re: ".
        let retitle = try db.cachedStatement(sql: "UPDATE thread SET title = ? WHERE id = ?")
        for id in dirty {
            guard let title = try String.fetchOne(db, sql: "SELECT title FROM thread WHERE id = ?", arguments: [id])
            else { continue }
            let subject = Subject.withoutReplyPrefixes(title)
            if subject != title, !subject.isEmpty { try retitle.execute(arguments: [subject, id]) }
        }
        return updated
    }
}
