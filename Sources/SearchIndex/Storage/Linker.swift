import GRDB

/// Links what posts name once the posts they name are in the index: parents, threads derived
/// from parent chains, explicit quote sources, each thread's counts and title, and the signals
/// stored with the posts (``SignalStore``).
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
        var quotesResolved = 0
        var quotesUnresolved = 0
        /// Quotes resolved during the import whose thread or chain changed before its end.
        var earlyResolutionsRedone = 0
    }

    /// Runs every linking step. Must run inside a write transaction.
    static func link(_ db: Database, resolveQuotes: Bool = true) throws -> Report {
        var report = try linkThreads(db)
        try linkQuotes(db, resolveQuotes: resolveQuotes, into: &report)
        return report
    }

    /// Parents, threads derived from parent chains and subjects, explicit quote links, thread
    /// counts and titles. An import runs it while its quote worker finishes, then
    /// ``linkQuotes(_:resolveQuotes:into:)``. Must run inside a write transaction.
    static func linkThreads(_ db: Database) throws -> Report {
        var report = Report()
        report.parentsLinked = try linkParents(db)
        report.postsMoved = try mergeDerivedThreads(db)
        report.explicitQuotesLinked = try linkExplicitQuotes(db)
        try SignalStore.markTouchedThreads(db)
        report.threadsUpdated = try refreshThreads(db)
        let grouped = try groupOrphansBySubject(db)
        if grouped > 0 {
            report.postsMoved += grouped
            report.threadsUpdated += try refreshThreads(db)
        }
        return report
    }

    /// Quotes matched by their text: keeps those resolved during the import whose basis held
    /// (once the threads are final), resolves every pending one, looks for the quotes left
    /// unresolved before in the posts written since, then recomputes the signals that changed.
    /// Must run inside a write transaction.
    static func linkQuotes(_ db: Database, resolveQuotes: Bool, into report: inout Report) throws {
        try checkQuotes(db, into: &report)
        if resolveQuotes {
            let resolution = try QuoteResolver.resolvePending(db)
            report.quotesResolved += resolution.resolved
            report.quotesUnresolved += resolution.unresolved
            try SignalStore.mark(resolution.sources, db)
            let found = try QuoteResolver.lookAgainElsewhere(db)
            report.quotesResolved += found.resolved
            try SignalStore.mark(found.sources, db)
        }
        try SignalStore.refresh(db)
    }

    /// Checks the quotes resolved during the import (``checkEarlyResolutions(_:)``), counts
    /// those that stand, and forgets the checks. Runs after ``linkThreads(_:)``, as often as
    /// results come in. Must run inside a write transaction.
    static func checkQuotes(_ db: Database, into report: inout Report) throws {
        report.earlyResolutionsRedone += try checkEarlyResolutions(db)
        if let early = try Row.fetchOne(db, sql: """
            SELECT count(q.source_id), count(*) - count(q.source_id) FROM quote_check c
            CROSS JOIN quote q ON q.post_id = c.post_id WHERE q.method IS NOT NULL AND q.source_ref IS NULL
            """) {
            report.quotesResolved += early[0]
            report.quotesUnresolved += early[1]
        }
        try db.execute(sql: "DELETE FROM quote_check")
    }

    /// Sets `parent_id` for posts whose parent (by id or alias) is now indexed; a post whose
    /// parent is missing takes the nearest earlier post of its chain that is here. Marks the
    /// threads of the posts linked (their trees changed; a derived one may move). The work is
    /// the posts still waiting for a parent, read through their partial index, not the index.
    static func linkParents(_ db: Database) throws -> Int {
        // Their ids first (a mail archive may hold many posts whose parent was never archived,
        // each with a long chain of references), then each post's references.
        let waiting = try Int64.fetchAll(db, sql: """
            SELECT id FROM post INDEXED BY post_unlinked WHERE parent_id IS NULL AND parent_ref IS NOT NULL
            """)
        let references = try db.cachedStatement(sql: "SELECT source, parent_ref, ancestor_refs, thread_id FROM post WHERE id = ?")
        let find = try db.cachedStatement(sql: """
            SELECT id FROM post WHERE key = ?1
            UNION ALL SELECT post_id FROM alias WHERE key = ?1
            LIMIT 1
            """)
        let setParent = try db.cachedStatement(sql: "UPDATE post SET parent_id = ? WHERE id = ?")
        let markThread = try db.cachedStatement(sql: "UPDATE thread SET dirty = 1 WHERE id = ? AND dirty = 0")
        var linked = 0
        for id in waiting {
            guard let row = try Row.fetchOne(references, arguments: [id]) else { continue }
            let source: String = row[0]
            // The parent itself, else the nearest of the ancestors the source named.
            let ancestors = (row[2] as String?)?.split(separator: "\n").reversed().map(String.init) ?? []
            for ref in [row[1] as String] + ancestors {
                // A post that names itself is no reply.
                if let found = try Int64.fetchOne(find, arguments: [PostWriter.key(source, ref)]), found != id {
                    try setParent.execute(arguments: [found, id])
                    try markThread.execute(arguments: [row[3] as Int64])
                    linked += 1
                    break
                }
            }
        }
        return linked
    }

    /// Joins a derived thread whose first post replies to a post that is not in the index to
    /// the one other thread of its source with the same subject key, when there is exactly one
    /// (mail whose root was never archived). Runs after ``refreshThreads(_:)``, which sets the
    /// subject keys.
    static func groupOrphansBySubject(_ db: Database) throws -> Int {
        let orphans = try Row.fetchAll(db, sql: """
            SELECT DISTINCT t.id, t.source, t.subject_key FROM post p INDEXED BY post_unlinked JOIN thread t ON t.id = p.thread_id
            WHERE p.thread_given = 0 AND p.parent_id IS NULL AND p.parent_ref IS NOT NULL
              AND t.subject_key IS NOT NULL
            """)
        let others = try db.cachedStatement(sql: """
            SELECT id FROM thread WHERE source = ? AND subject_key = ? AND id <> ? LIMIT 2
            """)
        var moved = 0
        var gone = Set<Int64>()
        for row in orphans {
            let thread: Int64 = row[0]
            if gone.contains(thread) { continue }
            let matches = try Int64.fetchAll(others, arguments: [row[1] as String, row[2] as String, thread])
            guard matches.count == 1, let target = matches.first, !gone.contains(target) else { continue }
            try db.execute(sql: "UPDATE post SET thread_id = ? WHERE thread_id = ? AND thread_given = 0",
                           arguments: [target, thread])
            moved += db.changesCount
            try db.execute(sql: "UPDATE thread SET dirty = 1 WHERE id IN (?, ?)", arguments: [target, thread])
            gone.insert(thread)
        }
        return moved
    }

    /// Moves posts whose source gave no thread into the thread of their parent, repeating until
    /// whole chains have moved. A parent cycle cannot loop: each round moves only posts whose
    /// thread differs from their parent's, and a bounded number of rounds runs.
    ///
    /// Only posts of dirty threads can need it: a post's thread is marked when it is written or
    /// gets its parent (``linkParents(_:)``), and the children of a post that moves are in the
    /// thread it leaves, which is marked too. So the work follows the threads the import
    /// touched, not the index (`CROSS JOIN` keeps SQLite from starting at `post`).
    static func mergeDerivedThreads(_ db: Database) throws -> Int {
        let strays = """
            SELECT c.id AS id, p.thread_id AS target FROM thread t CROSS JOIN post c ON c.thread_id = t.id
            JOIN post p ON p.id = c.parent_id
            WHERE t.dirty = 1 AND c.thread_given = 0 AND c.thread_id <> p.thread_id
            """
        var moved = 0
        for _ in 0..<64 {
            try db.execute(sql: """
                UPDATE thread SET dirty = 1 WHERE dirty = 0 AND id IN (SELECT target FROM (\(strays)))
                """)
            try db.execute(sql: """
                UPDATE post SET thread_id = (SELECT p.thread_id FROM post p WHERE p.id = post.parent_id)
                WHERE id IN (SELECT id FROM (\(strays)))
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
                method = 'explicit', match = NULL, confidence = 1.0
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

    /// Keeps the quotes that ``ImportQuoteResolver`` resolved during the import whose
    /// ``ResolutionBasis`` is unchanged, and makes the others pending again. Returns how many
    /// were made pending.
    static func checkEarlyResolutions(_ db: Database) throws -> Int {
        // Thread by thread, so that memory follows the largest thread, not the import.
        let threads = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT p.thread_id FROM quote_check c CROSS JOIN post p ON p.id = c.post_id
            """)
        let checks = try db.cachedStatement(sql: """
            SELECT c.post_id, c.earlier_count, c.earlier_sum, c.chain
            FROM post p JOIN quote_check c ON c.post_id = p.id WHERE p.thread_id = ?
            """)
        let redo = try db.cachedStatement(sql: """
            UPDATE quote SET source_id = NULL, method = NULL, match = NULL, confidence = NULL
            WHERE post_id = ? AND source_ref IS NULL AND method IS NOT NULL
            """)
        var redone = 0
        for threadID in threads {
            let rows = try Row.fetchAll(checks, arguments: [threadID])
            let thread = ResolutionBasis.Thread(try ResolutionBasis.members(ofThread: threadID, db))
            for row in rows {
                let postID: Int64 = row[0]
                let now = try thread.basis(of: postID, parentOf: { try ResolutionBasis.parent(of: $0, db) })
                if now != ResolutionBasis(earlierCount: row[1], earlierSum: row[2], chain: row[3]) {
                    // Its old sources lose a quoter.
                    try SignalStore.markSources(quotedBy: postID, db)
                    try redo.execute(arguments: [postID])
                    redone += db.changesCount
                }
            }
        }
        return redone
    }

    /// Recomputes counts, time span and title of every thread marked dirty; drops threads that
    /// no post belongs to any more.
    static func refreshThreads(_ db: Database) throws -> Int {
        // New posts in a thread may be what its unresolved quotes came from: try them again
        // (unless the import just tried them with every earlier post of the thread there).
        try db.execute(sql: """
            UPDATE quote SET method = NULL WHERE method = 'unresolved' AND post_id IN (
                SELECT p.id FROM post p JOIN thread t ON t.id = p.thread_id WHERE t.dirty = 1)
              AND NOT EXISTS (SELECT 1 FROM quote_check c WHERE c.post_id = quote.post_id)
            """)
        let dirty = try Int64.fetchAll(db, sql: "SELECT id FROM thread WHERE dirty = 1")
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
        let read = try db.cachedStatement(sql: "SELECT title, title_given FROM thread WHERE id = ?")
        let write = try db.cachedStatement(sql: "UPDATE thread SET title = ?, subject_key = ? WHERE id = ?")
        for id in dirty {
            guard let row = try Row.fetchOne(read, arguments: [id]) else { continue }
            var title: String? = row[0]
            if let old = title, !(row[1] as Bool) {
                let subject = Subject.withoutReplyPrefixes(old)
                if !subject.isEmpty { title = subject }
            }
            try write.execute(arguments: [title, title.flatMap(Subject.key), id])
        }
        return updated
    }
}
