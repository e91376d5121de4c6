import GRDB

/// Keeps the signals stored with each post — direct replies, distinct quoting posts, depth in
/// its reply chain — equal to what the other tables say, as posts arrive.
///
/// Whatever changes a signal of a post other than the one being written (a deleted post's
/// parent loses a reply, the source of an edited post's old quote loses a quoter) puts that
/// post in `stale_signal`, in the transaction that made the change. The linking step adds the
/// posts of every thread the import touched and the sources it linked, then ``refresh(_:)``
/// recomputes exactly those posts (depth: their whole threads) and empties the table. The work
/// is bounded by the threads an import touched, never by the size of the index, and a stopped
/// import leaves its stale posts listed for the next one.
enum SignalStore {
    /// Marks the post that `postID` replies to (its reply count is about to change).
    static func markParent(of postID: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO stale_signal SELECT parent_id FROM post WHERE id = ? AND parent_id IS NOT NULL
            """).execute(arguments: [postID])
    }

    /// Marks the posts that the quotes of `postID` link to (they are about to lose a quoter).
    static func markSources(quotedBy postID: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO stale_signal SELECT source_id FROM quote WHERE post_id = ? AND source_id IS NOT NULL
            """).execute(arguments: [postID])
    }

    /// Marks the posts of `ids`.
    static func mark(_ ids: some Sequence<Int64>, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO stale_signal (post_id) VALUES (?)")
        for id in ids { try insert.execute(arguments: [id]) }
    }

    /// Marks every post of a thread waiting for linking. Runs before the threads are refreshed.
    static func markTouchedThreads(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO stale_signal
            SELECT p.id FROM thread t JOIN post p ON p.thread_id = t.id WHERE t.dirty = 1
            """)
    }

    /// Recomputes the signals of the marked posts, of their parents and of the posts they
    /// quote, and the depth of every post in their threads; then forgets the marks. Returns how
    /// many posts were looked at.
    @discardableResult
    static func refresh(_ db: Database) throws -> Int {
        // A marked post's new links move its parent's and its sources' counts. (`CROSS JOIN`:
        // from the marks, not from every post with a parent or every linked quote.)
        try db.execute(sql: """
            INSERT OR IGNORE INTO stale_signal
            SELECT p.parent_id FROM stale_signal s CROSS JOIN post p ON p.id = s.post_id WHERE p.parent_id IS NOT NULL;
            INSERT OR IGNORE INTO stale_signal
            SELECT q.source_id FROM stale_signal s CROSS JOIN quote q ON q.post_id = s.post_id WHERE q.source_id IS NOT NULL;
            """)
        let marked = try Int.fetchOne(db, sql: "SELECT count(*) FROM stale_signal") ?? 0
        guard marked > 0 else { return 0 }
        try db.execute(sql: """
            INSERT OR REPLACE INTO post_signal (post_id, reply_count, times_quoted, depth)
            SELECT p.id,
                (SELECT count(*) FROM post c WHERE c.parent_id = p.id),
                (SELECT count(DISTINCT q.post_id) FROM quote q WHERE q.source_id = p.id),
                coalesce((SELECT depth FROM post_signal WHERE post_id = p.id), 0)
            FROM post p WHERE p.id IN (SELECT post_id FROM stale_signal)
            """)
        // Depth, top down through each touched thread: a post whose parent is outside these
        // threads (or missing) starts from its parent's stored depth (or 0). Posts of a parent
        // cycle are never reached and keep theirs.
        try db.execute(sql: """
            WITH RECURSIVE
              scope(id) AS (SELECT DISTINCT p.thread_id FROM stale_signal s JOIN post p ON p.id = s.post_id),
              tree(id, depth) AS (
                SELECT p.id, coalesce(ps.depth + 1, 0)
                FROM post p LEFT JOIN post parent ON parent.id = p.parent_id
                  LEFT JOIN post_signal ps ON ps.post_id = parent.id
                WHERE p.thread_id IN (SELECT id FROM scope) AND (parent.id IS NULL OR parent.thread_id NOT IN (SELECT id FROM scope))
                UNION ALL
                SELECT c.id, tree.depth + 1 FROM tree JOIN post c ON c.parent_id = tree.id
                WHERE c.thread_id IN (SELECT id FROM scope) AND tree.depth < \(maxDepth))
            UPDATE post_signal SET depth = tree.depth FROM tree
            WHERE post_signal.post_id = tree.id AND post_signal.depth <> tree.depth
            """)
        try db.execute(sql: "DELETE FROM stale_signal")
        return marked
    }

    /// The longest reply chain followed down; posts below it keep the depth they had.
    static let maxDepth = 100_000

    /// Computes every post's signals (the migration that added them).
    static func recomputeAll(_ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO stale_signal SELECT id FROM post")
        try refresh(db)
    }

    /// How many posts, among those not waiting for linking, have stored signals that differ
    /// from the tables (`tsearch check`). Depth is compared with a walk down from every root,
    /// so posts of a parent cycle (no root above them) are not counted.
    static func mismatches(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            WITH RECURSIVE tree(id, depth) AS (
                SELECT id, 0 FROM post WHERE parent_id IS NULL
                UNION ALL
                SELECT c.id, tree.depth + 1 FROM tree JOIN post c ON c.parent_id = tree.id WHERE tree.depth < \(maxDepth))
            SELECT count(*) FROM post p JOIN thread t ON t.id = p.thread_id LEFT JOIN tree ON tree.id = p.id
              LEFT JOIN post_signal s ON s.post_id = p.id
            WHERE t.dirty = 0 AND p.id NOT IN (SELECT post_id FROM stale_signal)
              AND (s.post_id IS NULL
                OR s.reply_count <> (SELECT count(*) FROM post c WHERE c.parent_id = p.id)
                OR s.times_quoted <> (SELECT count(DISTINCT q.post_id) FROM quote q WHERE q.source_id = p.id)
                OR s.depth <> coalesce(tree.depth, s.depth))
            """) ?? 0
    }
}
