import GRDB

/// Writes posts into the index: the post row, its FTS5 row, its quotes and aliases, all in the
/// caller's transaction, so that a batch lands whole or not at all.
///
/// The FTS5 rows are written here rather than by triggers: on this SQLite, trigger-synced FTS5 is
/// about 4x slower for row-by-row inserts. For the external-content table, an update deletes the
/// old FTS row with the old values (`'delete'` command) before inserting the new one.
struct PostWriter {
    /// A post's text as it is stored: the quoted spans joined, and both texts in their stored
    /// form (``StoredText``).
    struct PackedText: Sendable {
        let quotedText: String
        let own: DatabaseValue
        let quoted: DatabaseValue

        init(_ post: Post, using compressor: TextCompressor) {
            quotedText = post.quotedText
            own = StoredText.value(post.ownText, using: compressor)
            quoted = StoredText.value(quotedText, using: compressor)
        }
    }

    /// What became of one post.
    enum Outcome: Equatable {
        case added
        case updated
        case unchanged
        /// The index holds a newer revision of this post.
        case olderRevision
        /// The source deleted this post (at a revision at least as new).
        case deleted
    }

    /// The row id, digest and thread of the post the last ``write(_:in:)`` added or updated.
    private(set) var lastWritten: (id: Int64, digest: Int64, threadID: Int64)?

    /// Thread ids by key, so that a batch looks each thread up once.
    private var threadIDs: [String: Int64] = [:]

    /// Compresses the text of posts that come without ``PackedText``.
    private lazy var compressor = TextCompressor()

    /// Writes `post`, whose stored text `packed` is, when the caller prepared it (on another
    /// thread, say). Must run inside a write transaction.
    mutating func write(_ post: Post, packed: PackedText? = nil, in db: Database) throws -> Outcome {
        let key = Self.key(post.source, post.id)
        let digest = Digest.of(post)
        var previousThread: Int64?
        if let tombstone = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT revision FROM tombstone WHERE key = ?"), arguments: [key])
        {
            let deletedAt: Int64? = tombstone[0]
            if deletedAt == nil || post.revision == nil || post.revision! <= deletedAt! { return .deleted }
        }
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, digest, revision, thread_id FROM post WHERE key = ?"),
            arguments: [key])
        if let existing {
            if existing["digest"] as Int64 == digest { return .unchanged }
            if let old: Int64 = existing["revision"], let new = post.revision {
                if new < old { return .olderRevision }
                // Two different copies of one revision: keep one of them whatever the order in
                // which they arrive, so that importing both again changes nothing.
                if new == old, digest < existing["digest"] as Int64 { return .olderRevision }
            }
            previousThread = existing["thread_id"]
        }

        let threadGiven = post.thread != nil
        let title = Self.indexedTitle(of: post)
        let ancestorRefs = post.ancestors.isEmpty ? nil : post.ancestors.joined(separator: "\n")
        let threadID = try threadID(for: post, in: db)
        let text = packed ?? PackedText(post, using: compressor)
        let quotedText = text.quotedText
        // The parent, when it is already indexed (most archives come in time order); the
        // linker sets the others once their parent arrives.
        var parentID = try post.parent.flatMap { parent in
            try Int64.fetchOne(
                db.cachedStatement(sql: """
                    SELECT id FROM post WHERE key = ?1 UNION ALL SELECT post_id FROM alias WHERE key = ?1 LIMIT 1
                    """),
                arguments: [Self.key(post.source, parent)])
        }
        let postID: Int64
        if let existing {
            postID = existing["id"]
            if parentID == postID { parentID = nil }
            // Its old parent and the posts its old quotes came from lose it.
            try SignalStore.markParent(of: postID, db)
            try SignalStore.markSources(quotedBy: postID, db)
            try deleteFTSRow(postID, in: db)
            try db.cachedStatement(sql: """
                UPDATE post SET thread_id = ?, thread_given = ?, parent_ref = ?, ancestor_refs = ?, parent_id = ?,
                    author = ?, time = ?, title = ?, url = ?, score = ?, own_text = ?, quoted_text = ?,
                    revision = ?, digest = ?
                WHERE id = ?
                """).execute(arguments: [
                    threadID, threadGiven, post.parent, ancestorRefs, parentID, post.author, post.time, title, post.url,
                    post.score, text.own, text.quoted, post.revision, digest, postID,
                ])
            try db.cachedStatement(sql: "DELETE FROM quote WHERE post_id = ?").execute(arguments: [postID])
            try db.cachedStatement(sql: "DELETE FROM quote_check WHERE post_id = ?").execute(arguments: [postID])
            try db.cachedStatement(sql: "DELETE FROM alias WHERE post_id = ?").execute(arguments: [postID])
            // Quotes that this post's old text resolved to must be looked at again.
            try db.cachedStatement(sql: """
                UPDATE quote SET source_id = NULL, method = NULL, match = NULL, confidence = NULL
                WHERE source_id = ? AND method <> 'explicit'
                """).execute(arguments: [postID])
            if let previousThread, previousThread != threadID { try markDirty(previousThread, in: db) }
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO post (key, source, ref, thread_id, thread_given, parent_ref, ancestor_refs, parent_id, author,
                    time, title, url, score, own_text, quoted_text, revision, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    key, post.source, post.id, threadID, threadGiven, post.parent, ancestorRefs, parentID, post.author, post.time,
                    title, post.url, post.score, text.own, text.quoted, post.revision, digest,
                ])
            postID = db.lastInsertedRowID
        }
        try db.cachedStatement(sql: "INSERT INTO post_fts (rowid, title, own_text, quoted_text) VALUES (?, ?, ?, ?)")
            .execute(arguments: [postID, title, post.ownText, quotedText])
        for alias in post.aliases {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO alias (key, post_id) VALUES (?, ?)")
                .execute(arguments: [Self.key(post.source, alias), postID])
        }
        let insertQuote = try db.cachedStatement(sql: """
            INSERT INTO quote (post_id, ordinal, depth, position, attribution, attributed_author,
                text_start, text_length, source_ref)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let ranges = post.quoteRanges
        for (ordinal, quote) in post.quotes.enumerated() {
            try insertQuote.execute(arguments: [
                postID, ordinal, quote.depth, quote.position, quote.attribution, quote.attributedAuthor,
                ranges[ordinal].start, ranges[ordinal].length, quote.explicitSource,
            ])
        }
        try markDirty(threadID, in: db)
        lastWritten = (postID, digest, threadID)
        return existing == nil ? .added : .updated
    }

    /// Records that the source deleted a post, and removes it when the index holds it at an
    /// older (or unknown) revision. Returns whether a post was removed.
    mutating func delete(source: String, id: String, revision: Int64?, in db: Database) throws -> Bool {
        let key = Self.key(source, id)
        try db.cachedStatement(sql: """
            INSERT INTO tombstone (key, revision) VALUES (?1, ?2)
            ON CONFLICT(key) DO UPDATE SET revision = max(coalesce(revision, ?2), coalesce(?2, revision))
            """).execute(arguments: [key, revision])
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, revision, thread_id FROM post WHERE key = ?"), arguments: [key])
        else { return false }
        let postID: Int64 = row[0]
        if let stored: Int64 = row[1], let revision, stored > revision { return false }
        try SignalStore.markParent(of: postID, db)
        try SignalStore.markSources(quotedBy: postID, db)
        try deleteFTSRow(postID, in: db)
        try db.cachedStatement(sql: "DELETE FROM quote WHERE post_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: "DELETE FROM quote_check WHERE post_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: "DELETE FROM alias WHERE post_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: """
            UPDATE quote SET source_id = NULL, method = NULL, match = NULL, confidence = NULL WHERE source_id = ?
            """).execute(arguments: [postID])
        try db.cachedStatement(sql: "UPDATE post SET parent_id = NULL WHERE parent_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: "DELETE FROM post_signal WHERE post_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: "DELETE FROM post WHERE id = ?").execute(arguments: [postID])
        try markDirty(row[2], in: db)
        return true
    }

    /// The title stored and indexed for a post. A reply's subject that only repeats the thread's
    /// (`Re: ...`, `Fwd: ...`, as mail and news give every reply) is not the reply's own title:
    /// the title weight should lift the post that opened the topic, not every reply to it. The
    /// thread keeps the subject.
    static func indexedTitle(of post: Post) -> String? {
        guard let title = post.title else { return nil }
        guard post.parent != nil else { return title }
        return Subject.hasReplyPrefix(title) ? nil : title
    }

    /// Removes the FTS5 row of post `id` using the values it was indexed with.
    private func deleteFTSRow(_ id: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO post_fts (post_fts, rowid, title, own_text, quoted_text)
            SELECT 'delete', id, title, own_text, quoted_text FROM post_text WHERE id = ?
            """).execute(arguments: [id])
    }

    private func markDirty(_ threadID: Int64, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE thread SET dirty = 1 WHERE id = ? AND dirty = 0")
            .execute(arguments: [threadID])
    }

    /// The thread a post goes into: the one it names; else its parent's, when the parent is
    /// already indexed; else a thread of its own, which the linker merges later.
    private mutating func threadID(for post: Post, in db: Database) throws -> Int64 {
        if post.thread == nil, let parent = post.parent,
           let parentThread = try Int64.fetchOne(
               db.cachedStatement(sql: """
                   SELECT thread_id FROM post WHERE key = ?1
                   UNION ALL
                   SELECT p.thread_id FROM alias a JOIN post p ON p.id = a.post_id WHERE a.key = ?1
                   LIMIT 1
                   """),
               arguments: [Self.key(post.source, parent)])
        {
            return parentThread
        }
        let ref = post.thread ?? post.id
        let key = Self.key(post.source, ref)
        let id: Int64
        if let cached = threadIDs[key] {
            id = cached
        } else if let found = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM thread WHERE key = ?"), arguments: [key])
        {
            id = found
        } else {
            try db.cachedStatement(sql: "INSERT INTO thread (key, source, ref) VALUES (?, ?, ?)")
                .execute(arguments: [key, post.source, ref])
            id = db.lastInsertedRowID
        }
        threadIDs[key] = id
        if let title = post.threadTitle {
            try db.cachedStatement(sql: """
                UPDATE thread SET title = ?, title_given = 1, dirty = 1
                WHERE id = ? AND (title IS NOT ? OR title_given = 0)
                """).execute(arguments: [title, id, title])
        }
        return id
    }

    /// Forgets cached thread ids (after a rolled-back transaction).
    mutating func reset() {
        threadIDs.removeAll()
    }

    /// The index key of a post, thread or alias: `"<source>:<id>"`.
    static func key(_ source: String, _ id: String) -> String {
        source + ":" + id
    }
}
