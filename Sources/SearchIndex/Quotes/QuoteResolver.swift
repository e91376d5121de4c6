import Foundation
import GRDB

/// Resolves quoted spans that name no source by their text, thread by thread, after each import.
///
/// For each pending span (no `source_ref`, `method` NULL), the candidates are the quoting post's
/// parent and its ancestors; when they do not explain every word verbatim, also the other
/// earlier posts of its thread (at most ``threadCandidateLimit``, the nearest in time first).
/// ``QuoteMatcher`` picks the source or none. A span its thread does not explain is looked for
/// in other threads through the full-text index (``matchElsewhere``, at most ``elsewhereLimit``
/// posts). A resolved span records the relation as `method` (`parent`, `ancestor`, `thread`), how
/// the text matched as `match`, and the confidence; a span that no candidate explains is marked
/// `unresolved` and tried again when its thread gets new posts. Work is bounded by the pending
/// spans and the size of their threads, never by the size of the index.
enum QuoteResolver {
    struct Report: Equatable {
        var resolved = 0
        var unresolved = 0
        /// The posts that spans were linked to (their times-quoted count changed).
        var sources: Set<Int64> = []
    }

    /// The most earlier posts of the thread (besides parent and ancestors) a span is tested against.
    static let threadCandidateLimit = 400
    /// The longest parent chain walked.
    static let ancestorLimit = 200

    struct ThreadPost: @unchecked Sendable {
        // The closure captures only immutable strings and numbers.
        let id: Int64
        let parent: Int64?
        let time: Int64?
        let digest: Int64
        let candidate: (QuoteCandidate.Relation) -> QuoteCandidate
    }

    /// One thread's pending spans with what matching them needs, loaded from the database so
    /// that matching itself can run on several cores.
    private struct ThreadWork: @unchecked Sendable {
        // Immutable once built; each worker reads its own.
        struct Span {
            let postID: Int64
            let ordinal: Int
            let span: QuotedSpan
            let quoting: ThreadPost?
            let chain: [QuoteCandidate]
            let seen: Set<Int64>
        }

        let threadID: Int64
        let posts: [Int64: ThreadPost]
        var spans: [Span] = []
    }

    /// Threads matched per round: bounds the memory held for one round.
    static let threadsPerRound = 256

    /// Resolves every pending span. Must run inside a write transaction.
    static func resolvePending(_ db: Database) throws -> Report {
        // Thread by thread, a round at a time, so that memory follows a round, not the import.
        let threads = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT p.thread_id FROM quote q INDEXED BY quote_unmatched CROSS JOIN post p ON p.id = q.post_id
            WHERE q.method IS NULL AND q.source_ref IS NULL ORDER BY p.thread_id
            """)
        var report = Report()
        var start = 0
        while start < threads.count {
            let end = min(threads.count, start + threadsPerRound)
            let pending = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT q.post_id, q.ordinal, \(spanColumns), p.thread_id
                    FROM post p JOIN quote q ON q.post_id = p.id
                    WHERE p.thread_id IN (SELECT value FROM json_each(?)) AND q.method IS NULL AND q.source_ref IS NULL
                    ORDER BY p.thread_id, q.post_id, q.ordinal
                    """),
                arguments: [Searcher.jsonArray(Array(threads[start..<end]))])
            start = end
            try resolve(pending, into: &report, db)
        }
        return report
    }

    /// Resolves the pending spans of one round of threads (`pending` ordered by thread).
    private static func resolve(_ pending: [Row], into report: inout Report, _ db: Database) throws {
        var index = 0
        while index < pending.count {
            // Load a round of threads (database work, on this thread).
            var round: [ThreadWork] = []
            while index < pending.count, round.count < threadsPerRound {
                let threadID: Int64 = pending[index][6]
                var work = ThreadWork(threadID: threadID, posts: try threadPosts(threadID, db))
                while index < pending.count, pending[index][6] as Int64 == threadID {
                    let row = pending[index]
                    let postID: Int64 = row[0]
                    let chain = try ancestors(of: postID, in: work.posts, db)
                    work.spans.append(.init(
                        postID: postID, ordinal: row[1],
                        span: span(row, at: 2),
                        quoting: chain.quoting, chain: chain.candidates, seen: chain.seen))
                    index += 1
                }
                round.append(work)
            }
            // Match them on every core (pure computation), then write the links.
            let results = ResultSlots(count: round.count)
            let works = round
            DispatchQueue.concurrentPerform(iterations: works.count) { i in
                results.set(i, match(works[i]))
            }
            var elsewhere = QuoteMatcher()
            for (work, matches) in zip(round, results.values) {
                for (span, found) in zip(work.spans, matches) {
                    var best = found
                    if best == nil, let time = span.quoting?.time {
                        best = try matchElsewhere(span.span, before: time, threadID: work.threadID,
                                                  matcher: &elsewhere, db)
                    }
                    try storeLink(best, postID: span.postID, ordinal: span.ordinal, db)
                    if let match = best {
                        report.resolved += 1
                        report.sources.insert(match.candidate.postID)
                    } else {
                        report.unresolved += 1
                    }
                }
            }
        }
    }

    /// The best match of each span of one thread.
    private static func match(_ work: ThreadWork) -> [QuoteMatch?] {
        var matcher = QuoteMatcher()
        var earlierPosts: (postID: Int64, candidates: [QuoteCandidate]?)?
        return work.spans.map { span in
            if earlierPosts?.postID != span.postID { earlierPosts = (span.postID, nil) }
            return bestInThread(QuoteMatcher.PreparedQuote(span.span), quoting: span.quoting, chain: span.chain,
                                seen: span.seen, posts: work.posts, earlierPosts: &earlierPosts!.candidates,
                                matcher: &matcher)
        }
    }

    /// The best source of `span` among the quoting post's chain and the earlier posts of its
    /// thread (`posts`). Most quotes copy the parent word for word: when the parent chain
    /// explains every word of the span in its own text, the rest of the thread cannot do better.
    /// `earlierPosts` keeps the thread's candidates between the spans of one quoting post
    /// (the caller sets it to `nil` for the next post).
    static func bestInThread(
        _ span: QuoteMatcher.PreparedQuote, quoting: ThreadPost?, chain: [QuoteCandidate], seen: Set<Int64>,
        posts: [Int64: ThreadPost], earlierPosts: inout [QuoteCandidate]?, matcher: inout QuoteMatcher
    ) -> QuoteMatch? {
        var best = matcher.bestMatch(for: span, among: chain)
        if best.map({ $0.method != .verbatim || $0.coverage < 0.999 }) ?? true, let quoting {
            if earlierPosts == nil { earlierPosts = chain + earlier(than: quoting, in: posts, excluding: seen) }
            best = matcher.bestMatch(for: span, among: earlierPosts ?? chain)
        }
        return best
    }

    /// Results written by concurrent workers, one slot each.
    private final class ResultSlots: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [[QuoteMatch?]]

        init(count: Int) {
            slots = Array(repeating: [], count: count)
        }

        func set(_ index: Int, _ value: [QuoteMatch?]) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        var values: [[QuoteMatch?]] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }

    /// The most posts of other threads a span is tested against: the full-text index ranks
    /// them by its own score, not by how much of the span they hold (with 4, a word-for-word
    /// source in ksummit ranked fifth).
    static let elsewhereLimit = 8
    /// The distinctive words of a span used to look for it in other threads (all of them must
    /// be in a candidate's own text: an OR of them made FTS5 rank far more posts).
    static let elsewhereWords = 4

    /// Looks for a span that its own thread (`threadID`) does not explain in the rest of the
    /// index: the full-text index proposes the posts of other threads older than the quoting
    /// post (`time`) whose own text holds the span's longest words (bounded by
    /// ``elsewhereLimit``), and the matcher decides as usual. `after` limits the candidates to
    /// posts with a larger id (those written since a look, ``lookAgainElsewhere(_:)``).
    ///
    /// ```sql
    /// SELECT p.id, p.parent_id, p.time, p.own_text, p.quoted_text, p.author, p.digest
    /// FROM post_fts JOIN post p ON p.id = post_fts.rowid
    /// WHERE post_fts MATCH '{own_text} : ("linearization" AND "clusters" AND ...)'
    ///   AND post_fts.rowid > ? AND p.thread_id <> ? AND p.time < ? ORDER BY rank LIMIT 8
    /// ```
    static func matchElsewhere(
        _ span: QuotedSpan, before time: Int64, threadID: Int64, after: Int64 = 0, matcher: inout QuoteMatcher,
        _ db: Database
    ) throws -> QuoteMatch? {
        // Words the source holds: not the span's own attribution lines (see the matcher).
        let words = distinctiveWords(QuoteSplitter.removingAllQuoteMarkers(QuoteSplitter.removingNestedAttributions(span.text)))
        guard words.count >= 3 else { return nil }
        let match = "{own_text} : (" + words.map(QueryCompiler.quoted).joined(separator: " AND ") + ")"
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT p.id, p.parent_id, p.time, p.own_text, p.quoted_text, p.author, p.digest
                FROM post_fts JOIN post p ON p.id = post_fts.rowid
                WHERE post_fts MATCH ? AND post_fts.rowid > ? AND p.thread_id <> ? AND p.time < ?
                ORDER BY rank LIMIT ?
                """),
            arguments: [match, after, threadID, time, elsewhereLimit])
        guard !rows.isEmpty else { return nil }
        return matcher.bestMatch(for: span, among: rows.map { makePost($0).candidate(.elsewhere) })
    }

    /// Notes, in the transaction that wrote them, that posts with ids from `firstID` and times
    /// from `earliest` were written or changed: quotes left unresolved on newer posts may come
    /// from them (``lookAgainElsewhere(_:)``).
    static func noteWritten(firstID: Int64, earliest: Int64, _ db: Database) throws {
        try db.execute(sql: """
            UPDATE quote_lookup SET first_id = min(coalesce(first_id, ?1), ?1), earliest = min(coalesce(earliest, ?2), ?2)
            WHERE id = 1
            """, arguments: [firstID, earliest])
    }

    /// Looks for the spans left unresolved before the posts written since the last look among
    /// those posts (``noteWritten(firstID:earliest:_:)``), then notes every post as looked
    /// through: a span's source may arrive later, in another thread, in this import or in one
    /// that did not resolve quotes, or be edited to hold the words. Only spans of posts newer
    /// than the earliest post written since can come from one, so an archive imported in time
    /// order looks at few; each costs a full-text query. The spans of posts written since were
    /// resolved with every post there (``resolvePending(_:)`` and the import's own resolution).
    /// Must run inside a write transaction.
    static func lookAgainElsewhere(_ db: Database) throws -> Report {
        var report = Report()
        guard let state = try Row.fetchOne(db, sql: "SELECT post_id, first_id, earliest FROM quote_lookup WHERE id = 1") else {
            return report
        }
        let lookedThrough: Int64 = state[0]
        let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM post") ?? 0
        try db.execute(sql: """
            UPDATE quote_lookup SET post_id = max(post_id, ?), first_id = NULL, earliest = NULL WHERE id = 1
            """, arguments: [newest])
        guard let firstID: Int64 = state[1], let earliest: Int64 = state[2], lookedThrough > 0 else { return report }
        // From the partial index of unresolved spans: they are few, the posts newer than
        // `earliest` may be all of them.
        let spans = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT q.post_id, q.ordinal, \(spanColumns), p.thread_id, p.time
                FROM quote q INDEXED BY quote_unresolved CROSS JOIN post p ON p.id = q.post_id
                WHERE q.method = 'unresolved' AND q.source_ref IS NULL AND p.id <= ? AND p.time > ?
                """),
            arguments: [lookedThrough, earliest])
        var matcher = QuoteMatcher()
        for row in spans {
            guard let match = try matchElsewhere(span(row, at: 2), before: row[7], threadID: row[6], after: firstID - 1,
                                                 matcher: &matcher, db)
            else { continue }
            try storeLink(match, postID: row[0], ordinal: row[1], db)
            report.resolved += 1
            report.sources.insert(match.candidate.postID)
        }
        return report
    }

    /// The longest distinct words (letters and digits, five bytes or more) of `text`.
    static func distinctiveWords(_ text: String) -> [String] {
        var words: [String] = []
        var seen = Set<String>()
        var current: [UInt8] = []
        func flush() {
            if current.count >= 5 {
                let word = String(decoding: current, as: UTF8.self).lowercased()
                if seen.insert(word).inserted { words.append(word) }
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if isWordByte(byte) { current.append(byte) } else { flush() }
        }
        flush()
        return Array(words.sorted { $0.utf8.count > $1.utf8.count }.prefix(elsewhereWords))
    }

    /// ASCII letters and digits, and every byte of a non-ASCII character.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x80...0xFF: true
        default: false
        }
    }

    /// A span's columns as a query of `quote q JOIN post p` reads them, for ``span(_:at:)``.
    static let spanColumns = "\(QuoteLink.textSQL), q.depth, q.attribution, q.attributed_author"

    /// The span read through ``spanColumns`` from column `index` of `row` on.
    static func span(_ row: Row, at index: Int) -> QuotedSpan {
        QuotedSpan(text: row[index], depth: row[index + 1], attribution: row[index + 2], attributedAuthor: row[index + 3])
    }

    /// A match's confidence as stored: three decimals.
    static func storedConfidence(_ match: QuoteMatch) -> Double {
        (match.confidence * 1000).rounded() / 1000
    }

    /// Links span `ordinal` of post `postID` to `match`'s source, or marks it unresolved.
    static func storeLink(_ match: QuoteMatch?, postID: Int64, ordinal: Int, _ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE quote SET source_id = ?, method = ?, match = ?, confidence = ? WHERE post_id = ? AND ordinal = ?
            """).execute(arguments: [
                match?.candidate.postID, match.map { methodName($0.candidate.relation) } ?? "unresolved",
                match?.method.rawValue, match.map(storedConfidence), postID, ordinal,
            ])
    }

    static func methodName(_ relation: QuoteCandidate.Relation) -> String {
        switch relation {
        case .parent: "parent"
        case .ancestor: "ancestor"
        case .thread: "thread"
        case .elsewhere: "elsewhere"
        }
    }

    static func threadPosts(_ threadID: Int64, _ db: Database) throws -> [Int64: ThreadPost] {
        var posts: [Int64: ThreadPost] = [:]
        // Cached: the quote worker reads a thread for each chunk that holds one of its posts.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, parent_id, time, own_text, quoted_text, author, digest FROM post WHERE thread_id = ?
            """), arguments: [threadID])
        while let row = try rows.next() {
            posts[row[0]] = makePost(row)
        }
        return posts
    }

    private static func makePost(_ row: Row) -> ThreadPost {
        let id: Int64 = row[0]
        let own: DatabaseValue = row[3]
        let quoted: DatabaseValue = row[4]
        let time: Int64? = row[2]
        let author: String? = row[5]
        let digest: Int64 = row[6]
        return ThreadPost(id: id, parent: row[1], time: time, digest: digest) { relation in
            QuoteCandidate(postID: id, relation: relation, storedOwnText: own, storedQuotedText: quoted, time: time,
                           author: author, version: digest)
        }
    }

    /// The quoting post's parent and ancestors, nearest first.
    static func ancestors(of postID: Int64, in posts: [Int64: ThreadPost], _ db: Database) throws
        -> (quoting: ThreadPost?, candidates: [QuoteCandidate], seen: Set<Int64>)
    {
        var result: [QuoteCandidate] = []
        var seen: Set<Int64> = [postID]
        let quoting = try posts[postID] ?? fetchPost(postID, db)
        var next = quoting?.parent
        var distance = 1
        while let id = next, distance <= ancestorLimit, !seen.contains(id) {
            guard let post = try posts[id] ?? fetchPost(id, db) else { break }
            seen.insert(id)
            result.append(post.candidate(distance == 1 ? .parent : .ancestor(distance: distance)))
            next = post.parent
            distance += 1
        }
        return (quoting, result, seen)
    }

    /// The other posts of the thread written before `quoting`, nearest in time first.
    private static func earlier(than quoting: ThreadPost, in posts: [Int64: ThreadPost], excluding seen: Set<Int64>)
        -> [QuoteCandidate]
    {
        var earlier = posts.values.filter { post in
            guard !seen.contains(post.id) else { return false }
            if let t = post.time, let q = quoting.time { return t < q || (t == q && post.id < quoting.id) }
            return post.id < quoting.id
        }
        earlier.sort { ($0.time ?? $0.id) > ($1.time ?? $1.id) }
        return earlier.prefix(threadCandidateLimit).map { $0.candidate(.thread) }
    }

    private static func fetchPost(_ id: Int64, _ db: Database) throws -> ThreadPost? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, parent_id, time, own_text, quoted_text, author, digest FROM post WHERE id = ?
            """), arguments: [id]).map(makePost)
    }
}
