import Foundation
import GRDB

/// Resolves quotes while an import is still writing, on the core the writer leaves free.
///
/// After each batch commits, its posts with quotes are handed to a worker thread that reads
/// the committed state (its own read transaction), resolves every span as ``QuoteResolver``
/// would (parent chain, then the earlier posts of the thread, then other threads through the
/// full-text index), and notes each quoting post's ``ResolutionBasis``. The writer stores the results
/// with a later batch, and each post's basis in `quote_check`. Once the import is done, the
/// linking step keeps a result whose basis has not changed (the thread got no earlier post, no
/// earlier post was edited, the chain is the same) and hands the others back to
/// ``QuoteResolver`` (``Linker/checkEarlyResolutions(_:)``). Archives mostly arrive in time
/// order, so most results stand and the work after the last batch is small.
///
/// A span that nothing explained when the worker met it may come from a post of another thread
/// written by a later batch. Once the last batch is in, the worker looks for each such span in
/// other threads again, when a batch written after its first look held a post older than the
/// quoting post (``lookAgain(_:reader:matcher:)``): the result is then the one a lookup after the
/// import would give, however the batches and the worker were timed.
final class ImportQuoteResolver: @unchecked Sendable {
    // `results` is guarded by `lock`; the worker touches nothing else that the writer does.
    /// A post whose spans are to be resolved.
    struct Work: Sendable {
        let postID: Int64
        let digest: Int64
        let threadID: Int64
        let spans: [(ordinal: Int, span: QuotedSpan)]
    }

    /// One committed batch for the worker: the posts whose spans are to be resolved, and the
    /// text of every post written (``QuoteMatcher/addRecentTexts(_:)``).
    struct Submission: Sendable {
        var work: [Work] = []
        var texts: [Int64: QuoteMatcher.RecentText] = [:]
        /// The earliest time of the posts written, if any has one.
        var earliest: Int64?
    }

    /// A share of a submission, as the worker (or ``finish()``) takes it; the first share of
    /// each submission carries its texts.
    private struct Chunk: Sendable {
        let work: [Work]
        let texts: [Int64: QuoteMatcher.RecentText]?
    }

    /// A span's outcome: its source or none, and what it depended on.
    struct Result: Sendable {
        let postID: Int64
        let digest: Int64
        let ordinal: Int
        let match: QuoteMatch?
        /// `nil` for a source found by a second look in other threads: it replaces only an
        /// `unresolved` verdict, which its first result's basis is checked for.
        let basis: ResolutionBasis?
    }

    /// A span that nothing explained when the worker met it, kept for a second look in other
    /// threads. Its text is read again for the look: an archive can leave hundreds of thousands
    /// of spans unexplained, and few of them are looked at again.
    private struct Miss {
        let postID: Int64
        let digest: Int64
        let threadID: Int64
        let ordinal: Int
        /// The quoting post's time: only older posts can be its source.
        let time: Int64
        /// How many submissions had been made when it was looked for: the posts of those were
        /// committed, so the lookup saw them.
        let submissionsSeen: Int
    }

    /// The index, until the import is over: the worker thread may outlive ``finish()`` for a
    /// moment, and must not keep the database open after the import returns.
    private var reader: (any DatabaseReader)?
    private let work = BatchChannel<Chunk>(capacity: 8)
    private let lock = NSLock()
    private var results: [Result] = []
    /// The earliest post time of each submission, in order (guarded by `lock`).
    private var arrivals: [Int64?] = []
    /// Second-look links made to posts whose first result had already been counted (see
    /// ``store(_:)``).
    private(set) var lateLinks = 0
    private let done = DispatchSemaphore(value: 0)

    init(reader: any DatabaseReader) {
        self.reader = reader
        let thread = Thread { [work, self] in
            var matcher = QuoteMatcher()
            var misses: [Miss] = []
            while let chunk = work.receive(), let reader = self.currentReader {
                if let texts = chunk.texts { matcher.addRecentTexts(texts) }
                // A batch without quotes to resolve still brings its texts.
                if chunk.work.isEmpty { continue }
                matcher.startRound()
                misses += self.resolve(chunk.work, reader: reader, matcher: &matcher)
                matcher.trim(toWords: Self.cacheLimit)
            }
            if !misses.isEmpty, let reader = self.currentReader {
                self.lookAgain(misses, reader: reader, matcher: &matcher)
            }
            self.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Resolves one chunk and keeps its results; returns the spans nothing explained. A failed
    /// read leaves the chunk's spans pending for the resolver after the import.
    @discardableResult
    private func resolve(_ chunk: [Work], reader: any DatabaseReader, matcher: inout QuoteMatcher) -> [Miss] {
        lock.lock()
        let seen = arrivals.count
        lock.unlock()
        var misses: [Miss] = []
        let found = (try? reader.read { db in
            try Self.resolve(chunk, matcher: &matcher, misses: &misses, submissionsSeen: seen, db)
        }) ?? []
        lock.lock()
        results += found
        lock.unlock()
        return misses
    }

    /// Looks in other threads again for the spans nothing explained, once every batch is
    /// written: those for which a later batch brought a post older than the quoting post.
    private func lookAgain(_ misses: [Miss], reader: any DatabaseReader, matcher: inout QuoteMatcher) {
        lock.lock()
        let arrivals = self.arrivals
        lock.unlock()
        // The earliest time of the posts of submissions k and after.
        var earliestFrom = Array(repeating: Int64.max, count: arrivals.count + 1)
        for k in arrivals.indices.reversed() {
            earliestFrom[k] = min(earliestFrom[k + 1], arrivals[k] ?? .max)
        }
        let due = misses.filter { earliestFrom[min($0.submissionsSeen, arrivals.count)] < $0.time }
        guard !due.isEmpty else { return }
        let found = (try? reader.read { db -> [Result] in
            let read = try db.cachedStatement(sql: """
                SELECT \(QuoteResolver.spanColumns)
                FROM quote q JOIN post p ON p.id = q.post_id WHERE q.post_id = ? AND q.ordinal = ? AND p.digest = ?
                """)
            return try due.compactMap { miss -> Result? in
                // Gone or rewritten since: that copy had work of its own.
                guard let row = try Row.fetchOne(read, arguments: [miss.postID, miss.ordinal, miss.digest]) else { return nil }
                return try QuoteResolver.matchElsewhere(QuoteResolver.span(row, at: 0), before: miss.time, threadID: miss.threadID,
                                                        matcher: &matcher, db).map {
                    Result(postID: miss.postID, digest: miss.digest, ordinal: miss.ordinal, match: $0, basis: nil)
                }
            }
        }) ?? []
        lock.lock()
        results += found
        lock.unlock()
    }

    private var currentReader: (any DatabaseReader)? {
        lock.lock()
        defer { lock.unlock() }
        return reader
    }

    private func releaseReader() {
        lock.lock()
        reader = nil
        lock.unlock()
    }

    /// Words of candidates kept normalized between chunks (a thread's posts are met again by
    /// its later replies), about 30 bytes each; past this the candidates the last chunk did not
    /// meet are dropped, so that memory follows the threads in progress, not the import.
    static let cacheLimit = 200_000

    /// A post as a batch wrote it: the row id, digest and thread it was written with, and its
    /// quoted text as stored.
    struct Written {
        let post: Post
        let id: Int64
        let digest: Int64
        let threadID: Int64
        let quotedText: String
    }

    /// The work for the worker: the spans of `posts` that name no source, and the posts'
    /// texts. A post written twice in a batch is here twice; the worker skips the copy whose
    /// digest is no longer the post's.
    static func prepare(_ posts: [Written]) -> Submission {
        var out = Submission()
        for written in posts {
            let post = written.post
            out.texts[written.id] = QuoteMatcher.RecentText(version: written.digest, own: post.ownText, quoted: written.quotedText)
            if let time = post.time { out.earliest = min(out.earliest ?? time, time) }
            let spans = post.quotes.enumerated().filter { $0.element.explicitSource == nil }.map { ($0.offset, $0.element) }
            guard !spans.isEmpty else { continue }
            out.work.append(Work(postID: written.id, digest: written.digest, threadID: written.threadID, spans: spans))
        }
        return out
    }

    /// Hands a committed batch to the worker, in chunks that ``finish()`` can share out; waits
    /// while the worker is more than a few chunks behind.
    ///
    /// - Parameter isLast: whether the import has nothing after it: its chunks are smaller
    ///   (``lastChunkSize``), so that the worker and ``finish()`` share what is left evenly
    ///   instead of one of them waiting for the other's last chunk.
    func submit(_ submission: Submission, isLast: Bool = false) {
        lock.lock()
        arrivals.append(submission.earliest)
        lock.unlock()
        var start = 0
        var texts: [Int64: QuoteMatcher.RecentText]? = submission.texts
        let size = isLast ? Self.lastChunkSize : Self.chunkSize
        repeat {
            let end = min(submission.work.count, start + size)
            guard work.send(Chunk(work: Array(submission.work[start..<end]), texts: texts)) else { return }
            texts = nil
            start = end
        } while start < submission.work.count
    }

    /// Posts per chunk of work.
    static let chunkSize = 250
    /// Posts per chunk of the last posts of an import. Each chunk reads the posts of its
    /// threads again, which is why the others are larger.
    static let lastChunkSize = 50

    /// Resolves the spans of `batch` in the read transaction `db`.
    private static func resolve(
        _ batch: [Work], matcher: inout QuoteMatcher, misses: inout [Miss], submissionsSeen: Int, _ db: Database
    ) throws -> [Result] {
        var results: [Result] = []
        var threads: [Int64: (posts: [Int64: QuoteResolver.ThreadPost], basis: ResolutionBasis.Thread)] = [:]
        for item in batch {
            if threads[item.threadID] == nil {
                let posts = try QuoteResolver.threadPosts(item.threadID, db)
                threads[item.threadID] = (posts, ResolutionBasis.Thread(posts.values.map {
                    ResolutionBasis.Member(id: $0.id, parent: $0.parent, time: $0.time, digest: $0.digest)
                }))
            }
            guard let (posts, thread) = threads[item.threadID],
                  // A later copy of the post replaced it (that copy has work of its own), or it moved.
                  posts[item.postID]?.digest == item.digest,
                  let basis = try thread.basis(of: item.postID, parentOf: { try ResolutionBasis.parent(of: $0, db) })
            else { continue }
            let chain = try QuoteResolver.ancestors(of: item.postID, in: posts, db)
            var earlierPosts: [QuoteCandidate]?
            for (ordinal, span) in item.spans {
                let prepared = QuoteMatcher.PreparedQuote(span)
                var best = QuoteResolver.bestInThread(prepared, quoting: chain.quoting, chain: chain.candidates,
                                                      seen: chain.seen, posts: posts, earlierPosts: &earlierPosts,
                                                      matcher: &matcher)
                if best == nil, let time = chain.quoting?.time {
                    best = try QuoteResolver.matchElsewhere(span, before: time, threadID: item.threadID,
                                                            matcher: &matcher, db)
                    if best == nil {
                        misses.append(Miss(postID: item.postID, digest: item.digest, threadID: item.threadID, ordinal: ordinal,
                                           time: time, submissionsSeen: submissionsSeen))
                    }
                }
                results.append(Result(postID: item.postID, digest: item.digest, ordinal: ordinal, match: best, basis: basis))
            }
        }
        return results
    }

    /// Stores the results so far whose quoting post is unchanged, and each post's basis. Runs
    /// inside a write transaction. Returns how many spans were linked to a source.
    ///
    /// A second look's link replaces an `unresolved` verdict only, and leaves the post's check
    /// alone; when that check is already gone (the linking step counted the span as not
    /// resolved), the link is counted in ``lateLinks``.
    @discardableResult
    func store(_ db: Database) throws -> Int {
        lock.lock()
        let ready = results
        results.removeAll()
        lock.unlock()
        // Their own statements, used only here, since their values are bound through the C API.
        let digestNow = BoundStatement(try db.cachedStatement(sql: "SELECT digest FROM post WHERE id = ? -- store"), db)
        let update = BoundStatement(try db.cachedStatement(sql: """
            UPDATE quote SET source_id = ?, method = ?, match = ?, confidence = ?
            WHERE post_id = ? AND ordinal = ? AND method IS NULL AND source_ref IS NULL
            """), db)
        let relink = BoundStatement(try db.cachedStatement(sql: """
            UPDATE quote SET source_id = ?, method = ?, match = ?, confidence = ?
            WHERE post_id = ? AND ordinal = ? AND method = 'unresolved' AND source_ref IS NULL
            """), db)
        let check = BoundStatement(try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO quote_check (post_id, earlier_count, earlier_sum, chain) VALUES (?, ?, ?, ?)
            """), db)
        let checked = BoundStatement(try db.cachedStatement(sql: "SELECT post_id FROM quote_check WHERE post_id = ?"), db)
        var linked = 0
        var sources = Set<Int64>()
        var start = ready.startIndex
        while start < ready.endIndex {
            // The results of one post are next to each other.
            let post = ready[start]
            var end = start + 1
            while end < ready.endIndex, ready[end].postID == post.postID { end += 1 }
            defer { start = end }
            guard try digestNow.int64({ $0.bind(1, post.postID) }) == post.digest else { continue }
            if let basis = post.basis {
                try check.execute {
                    $0.bind(1, post.postID)
                    $0.bind(2, basis.earlierCount)
                    $0.bind(3, basis.earlierSum)
                    $0.bind(4, basis.chain)
                }
            }
            for result in ready[start..<end] {
                let match = result.match
                try (result.basis == nil ? relink : update).execute {
                    $0.bind(1, match?.candidate.postID)
                    $0.bind(2, match.map { QuoteResolver.methodName($0.candidate.relation) } ?? "unresolved")
                    $0.bind(3, match?.method.rawValue)
                    $0.bind(4, match.map(QuoteResolver.storedConfidence))
                    $0.bind(5, result.postID)
                    $0.bind(6, result.ordinal)
                }
                if let match, db.changesCount > 0 {
                    linked += 1
                    sources.insert(match.candidate.postID)
                    if result.basis == nil, try checked.int64({ $0.bind(1, result.postID) }) == nil { lateLinks += 1 }
                }
            }
        }
        try SignalStore.mark(sources, db)
        return linked
    }

    /// Tells the worker that no batch follows: it finishes the chunks left and makes its second
    /// looks while the writer links the threads.
    func close() {
        work.close()
    }

    /// Resolves what the worker has not reached yet on the calling thread too, then waits for
    /// the worker: at the end of an import the writer has nothing else to do.
    func finish() {
        work.close()
        var matcher = QuoteMatcher()
        while let chunk = work.receive(), let reader = currentReader {
            if let texts = chunk.texts { matcher.addRecentTexts(texts) }
            resolve(chunk.work, reader: reader, matcher: &matcher)
        }
        done.wait()
        releaseReader()
    }

    /// Stops the worker without waiting for what it has not resolved.
    func cancel() {
        releaseReader()
        work.cancel()
        work.close()
    }
}
