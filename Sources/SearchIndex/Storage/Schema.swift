import GRDB

/// The index's SQLite schema, as numbered migrations.
///
/// A migration is never changed once it has shipped: a new need is a new migration. The tables
/// are documented for people who open the file with `sqlite3` in `ARCHITECTURE.md`
/// ("Storage/: where does a post live?").
enum Schema {
    /// The migrations in order. `v1` is the first shipped schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
            try SignalStore.recomputeAll(db)
        }
        migrator.registerMigration("v3-search") { db in
            try db.execute(sql: v3Search)
        }
        migrator.registerMigration("v4-packed-text") { db in
            try db.execute(sql: v4PackedText)
            try packStoredText(db)
            try db.execute(sql: "INSERT INTO post_fts (post_fts) VALUES ('rebuild')")
        }
        migrator.registerMigration("v5-quote-lookup") { db in
            try db.execute(sql: v5QuoteLookup)
        }
        return migrator
    }

    /// The newest schema version this build knows.
    static let currentVersion = "v5-quote-lookup"

    /// Which posts the quotes left unresolved have been looked for in (see
    /// ``QuoteResolver/lookAgainElsewhere(_:)``). An index made before it counts as looked
    /// through.
    private static let v5QuoteLookup = """
        -- One row: the posts written since quotes left unresolved were last looked for in other
        -- threads. Every post up to post_id was there at that look; first_id is the lowest id
        -- written since (added or changed, with a time) and earliest their earliest time, NULL
        -- when none: only quotes of newer posts can come from them.
        CREATE TABLE quote_lookup (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            post_id  INTEGER NOT NULL,
            first_id INTEGER,
            earliest INTEGER
        );
        INSERT INTO quote_lookup (id, post_id) SELECT 1, coalesce(max(id), 0) FROM post;
        CREATE INDEX quote_unresolved ON quote(post_id) WHERE method = 'unresolved' AND source_ref IS NULL;
        """

    /// Post text stored compressed (see ``StoredText``): the full-text index reads its content
    /// through a view that decompresses it. The index itself is rebuilt, since its content
    /// table changes name.
    private static let v4PackedText = """
        CREATE VIEW post_text AS
            SELECT id, title, tsearch_text(own_text) AS own_text, tsearch_text(quoted_text) AS quoted_text FROM post;
        DROP TABLE post_fts;
        CREATE VIRTUAL TABLE post_fts USING fts5(
            title, own_text, quoted_text,
            content = 'post_text', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        """

    /// Compresses the text of the posts an earlier version stored. The text does not change, so
    /// the posts are not noted as changed for the champion lists.
    private static func packStoredText(_ db: Database) throws {
        try db.execute(sql: "CREATE TEMP TABLE champion_changed_before AS SELECT post_id FROM champion_changed")
        let compressor = TextCompressor()
        let update = try db.makeStatement(sql: "UPDATE post SET own_text = ?, quoted_text = ? WHERE id = ?")
        var last: Int64 = 0
        while true {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, own_text, quoted_text FROM post WHERE id > ? ORDER BY id LIMIT 1000
                """, arguments: [last])
            guard let end: Int64 = rows.last?[0] else { break }
            for row in rows {
                let own = StoredText.value(row[1], using: compressor)
                let quoted = StoredText.value(row[2], using: compressor)
                if case .string = own.storage, case .string = quoted.storage { continue }
                try update.execute(arguments: [own, quoted, row[0]])
            }
            last = end
        }
        try db.execute(sql: """
            DELETE FROM champion_changed WHERE post_id NOT IN (SELECT post_id FROM temp.champion_changed_before);
            DROP TABLE temp.champion_changed_before;
            """)
    }

    /// Champion lists: for each frequent term, the posts that score best on it alone, so that a
    /// search for the term need not score every post that has it (see `ChampionList`). Made
    /// by `tsearch optimize`; posts imported later are scored at search time, and posts changed
    /// or removed since are noted by the triggers.
    private static let v3Search = """
        CREATE TABLE champion_state (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            max_post_id   INTEGER NOT NULL, -- posts above it came later
            average_limit REAL NOT NULL,    -- the lists hold while the average post length is at most this
            min_hits      INTEGER NOT NULL, -- a term has a list when at least this many posts have it
            size          INTEGER NOT NULL  -- posts per list
        );

        CREATE TABLE champion (
            term      TEXT NOT NULL UNIQUE, -- as indexed: folded, Porter-stemmed
            hits      INTEGER NOT NULL,     -- posts with the term when the list was made
            threshold REAL NOT NULL,        -- the best score, at average_limit, of a post left out
            posts     BLOB NOT NULL         -- best first, per post three varints: post id,
                                            -- the term's instances weighted by column, tokens
        );

        -- Posts whose text changed, or that were removed, since the lists were made.
        CREATE TABLE champion_changed (post_id INTEGER PRIMARY KEY);
        CREATE TRIGGER champion_post_update AFTER UPDATE OF title, own_text, quoted_text ON post
            WHEN EXISTS (SELECT 1 FROM champion_state)
            BEGIN INSERT OR IGNORE INTO champion_changed (post_id) VALUES (old.id); END;
        CREATE TRIGGER champion_post_delete AFTER DELETE ON post
            WHEN EXISTS (SELECT 1 FROM champion_state)
            BEGIN INSERT OR IGNORE INTO champion_changed (post_id) VALUES (old.id); END;
        """

    /// Threads, posts, aliases, quotes and the full-text index over posts.
    private static let v1 = """
        CREATE TABLE thread (
            id          INTEGER PRIMARY KEY,
            key         TEXT NOT NULL UNIQUE,   -- "<source>:<thread id as given>"
            source      TEXT NOT NULL,
            ref         TEXT NOT NULL,          -- the thread id as given by the source
            title       TEXT,
            title_given INTEGER NOT NULL DEFAULT 0, -- 1 when the source named the title
            subject_key TEXT,                   -- the title without Re:/Fwd:/[list] prefixes, lowercased
            started_at  INTEGER,                -- unix seconds of the earliest post
            last_at     INTEGER,                -- unix seconds of the latest post
            post_count  INTEGER NOT NULL DEFAULT 0,
            dirty       INTEGER NOT NULL DEFAULT 1  -- counts and title need recomputing
        );
        CREATE INDEX thread_dirty ON thread(dirty) WHERE dirty = 1;
        CREATE INDEX thread_ref ON thread(ref);
        CREATE INDEX thread_subject ON thread(source, subject_key) WHERE subject_key IS NOT NULL;

        CREATE TABLE post (
            id           INTEGER PRIMARY KEY,   -- also the rowid of post_fts
            key          TEXT NOT NULL UNIQUE,  -- "<source>:<post id as given>"
            source       TEXT NOT NULL,
            ref          TEXT NOT NULL,         -- the post id as given by the source
            thread_id    INTEGER NOT NULL REFERENCES thread(id),
            thread_given INTEGER NOT NULL,      -- 1 when the source named the thread
            parent_ref   TEXT,                  -- the parent as given: an id or alias, same source
            ancestor_refs TEXT,                 -- earlier posts of the chain, oldest first, one a line
            parent_id    INTEGER REFERENCES post(id), -- set once the parent is in the index
            author       TEXT,
            time         INTEGER,               -- unix seconds
            title        TEXT,
            url          TEXT,
            score        INTEGER,
            own_text     TEXT NOT NULL,         -- what the author wrote
            quoted_text  TEXT NOT NULL,         -- every quoted span, markers removed
            revision     INTEGER,               -- the source's edit version, when it has one
            digest       INTEGER NOT NULL       -- hash of the imported content, for idempotent re-import
        );
        CREATE INDEX post_thread ON post(thread_id, time);
        CREATE INDEX post_parent ON post(parent_id);
        CREATE INDEX post_unlinked ON post(source, parent_ref) WHERE parent_id IS NULL AND parent_ref IS NOT NULL;
        CREATE INDEX post_author ON post(author);
        CREATE INDEX post_time ON post(time);
        CREATE INDEX post_ref ON post(ref);

        -- Other names of a post within its source (Discourse "t/TOPIC/NUMBER").
        CREATE TABLE alias (
            key     TEXT PRIMARY KEY,           -- "<source>:<alias>"
            post_id INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX alias_post ON alias(post_id);

        -- Posts the source deleted, so that an older copy imported later does not come back.
        CREATE TABLE tombstone (
            key      TEXT PRIMARY KEY,          -- "<source>:<post id as given>"
            revision INTEGER                    -- the revision that deleted it, when known
        ) WITHOUT ROWID;

        -- One row per quoted span of a post.
        CREATE TABLE quote (
            post_id           INTEGER NOT NULL,
            ordinal           INTEGER NOT NULL, -- 0-based, in the order of the post
            depth             INTEGER NOT NULL, -- 1 for "> a", 2 for "> > a"
            position          INTEGER NOT NULL, -- UTF-8 offset in own_text where the span stood
            attribution       TEXT,             -- "On ..., X wrote:"
            attributed_author TEXT,
            text_start        INTEGER NOT NULL, -- the span's text: substr(post.quoted_text,
            text_length       INTEGER NOT NULL, --   text_start + 1, text_length), in characters
            source_ref        TEXT,             -- the post the markup names (id or alias, same source)
            source_id         INTEGER,          -- the post it came from, once resolved
            method            TEXT,             -- explicit | parent | ancestor | thread | elsewhere,
                                                -- 'unresolved' once tried in vain, NULL while pending
            match             TEXT,             -- how the text matched: verbatim | elided | requoted | fuzzy
            confidence        REAL,             -- 0..1
            PRIMARY KEY (post_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX quote_source ON quote(source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX quote_pending ON quote(post_id) WHERE source_id IS NULL AND source_ref IS NOT NULL;
        CREATE INDEX quote_unmatched ON quote(post_id) WHERE method IS NULL AND source_ref IS NULL;

        -- Full-text index over posts. External content: the text is stored once, in post
        -- (read through the view post_text since v4).
        -- Kept exact by the importer itself (no triggers): every insert, update or delete of a
        -- post writes the matching FTS5 rows in the same transaction.
        CREATE VIRTUAL TABLE post_fts USING fts5(
            title, own_text, quoted_text,
            content = 'post', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        """

    /// Signals stored with each post instead of counted at query time, the posts whose signals
    /// wait to be recomputed by the linking step (see ``SignalStore``), and the quotes resolved
    /// during an import that wait to be checked (see ``ImportQuoteResolver``).
    private static let v2 = """
        -- Apart from post, whose rows hold the text: updating a count rewrites only this narrow row.
        CREATE TABLE post_signal (
            post_id      INTEGER PRIMARY KEY,   -- post.id
            reply_count  INTEGER NOT NULL,      -- direct replies in the index
            times_quoted INTEGER NOT NULL,      -- distinct posts quoting it
            depth        INTEGER NOT NULL       -- posts above it in its reply chain
        );

        -- Posts whose stored signals may be out of date: written in the transaction that changed
        -- them, emptied by the linking step that recomputes them.
        CREATE TABLE stale_signal (post_id INTEGER PRIMARY KEY);

        -- Posts whose quotes were resolved while their import was still writing, with what the
        -- resolution depended on then (see ResolutionBasis); the linking step keeps the quotes
        -- of a post whose basis is unchanged.
        CREATE TABLE quote_check (
            post_id       INTEGER PRIMARY KEY,
            earlier_count INTEGER NOT NULL,     -- earlier posts of the thread
            earlier_sum   INTEGER NOT NULL,     -- sum of their digests' low 40 bits
            chain         TEXT NOT NULL         -- the parent chain's post ids, nearest first
        );
        """
}
