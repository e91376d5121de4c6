import Foundation
import GRDB

/// Resolves quotes while an import is still writing: after each batch, the spans of its posts
/// are matched against their parent chains on a thread of their own, so that matching runs on
/// the core the writer leaves free, and the links found are written with a later batch.
///
/// Only a span that its parent chain explains word for word is linked here (most quotes copy
/// the post they answer): then no other post of the thread can do better (``QuoteResolver``
/// stops at the same point), so the link is the one the resolver would make after the import.
/// Everything else stays pending for ``QuoteResolver``. A link is written only if the quoting
/// post and every post of the chain up to the source are unchanged since the span was matched
/// (their digests), so an edit later in the same import is never linked from old text.
final class ChainQuoteResolver: @unchecked Sendable {
    // `found` is guarded by `lock`; the worker reads only what `work` hands it.
    /// A span with the chain it is matched against.
    struct Span: Sendable {
        let postID: Int64
        let ordinal: Int
        let span: QuotedSpan
        let chain: [QuoteCandidate]
        /// Digests of the quoting post and of each chain post, nearest first.
        let digests: [(id: Int64, digest: Int64)]
    }

    /// A link to write.
    struct Link: Sendable {
        let span: Span
        let match: QuoteMatch
    }

    private let work = BatchChannel<[Span]>(capacity: 8)
    private let lock = NSLock()
    private var found: [Link] = []
    private let done = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [work, self] in
            while let spans = work.receive() {
                let links = Self.match(spans)
                self.lock.lock()
                self.found += links
                self.lock.unlock()
            }
            self.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The links among `spans` that their chain settles.
    static func match(_ spans: [Span]) -> [Link] {
        var matcher = QuoteMatcher()
        return spans.compactMap { span in
            guard let match = matcher.bestMatch(for: span.span, among: span.chain),
                  match.method == .verbatim, match.coverage >= 0.999
            else { return nil }
            // A farther ancestor by the attributed author would win a tie once the chain grows.
            if let author = span.span.attributedAuthor, match.candidate.author?.lowercased() != author.lowercased() {
                return nil
            }
            return Link(span: span, match: match)
        }
    }

    /// Links the parents of `posts` (each with the row id and digest it was written with)
    /// that are indexed, reads the chains of their spans that name no source, and hands them to
    /// the worker. Runs inside the batch's transaction, after the batch is written.
    func submit(_ posts: [(post: Post, id: Int64, digest: Int64)], _ db: Database) throws {
        var spans: [Span] = []
        var chainPosts: [Int64: ChainPost] = [:]
        for (post, id, digest) in posts where post.quotes.contains(where: { $0.explicitSource == nil }) {
            try Linker.linkParent(of: id, db)
            // A later copy of the same post in this batch replaced it: that copy is submitted too.
            guard let quoting = try chainPost(id, &chainPosts, db), quoting.digest == digest, quoting.parent != nil
            else { continue }
            var chain: [QuoteCandidate] = []
            var digests = [(id: id, digest: digest)]
            var seen: Set<Int64> = [id]
            var next = quoting.parent
            while let parent = next, chain.count < QuoteResolver.ancestorLimit, seen.insert(parent).inserted,
                  let ancestor = try chainPost(parent, &chainPosts, db)
            {
                chain.append(ancestor.candidate(chain.isEmpty ? .parent : .ancestor(distance: chain.count + 1)))
                digests.append((parent, ancestor.digest))
                next = ancestor.parent
            }
            for (ordinal, quote) in post.quotes.enumerated() where quote.explicitSource == nil {
                spans.append(Span(postID: id, ordinal: ordinal, span: quote, chain: chain, digests: digests))
            }
        }
        if !spans.isEmpty { _ = work.send(spans) }
    }

    /// Writes the links found so far whose posts are unchanged. Runs inside a write
    /// transaction. Returns how many were written.
    @discardableResult
    func writeFound(_ db: Database) throws -> Int {
        lock.lock()
        let links = found
        found.removeAll()
        lock.unlock()
        let unchanged = try db.cachedStatement(sql: "SELECT digest FROM post WHERE id = ?")
        let update = try db.cachedStatement(sql: """
            UPDATE quote SET source_id = ?, method = ?, match = ?, confidence = ?
            WHERE post_id = ? AND ordinal = ? AND method IS NULL AND source_ref IS NULL
            """)
        var written = 0
        var sources = Set<Int64>()
        for link in links {
            let source = link.match.candidate.postID
            guard let upTo = link.span.digests.firstIndex(where: { $0.id == source }) else { continue }
            var intact = true
            for (id, digest) in link.span.digests[...upTo] where try Int64.fetchOne(unchanged, arguments: [id]) != digest {
                intact = false
                break
            }
            guard intact else { continue }
            try update.execute(arguments: [
                source, QuoteResolver.methodName(link.match.candidate.relation), link.match.method.rawValue,
                (link.match.confidence * 1000).rounded() / 1000, link.span.postID, link.span.ordinal,
            ])
            if db.changesCount > 0 {
                written += 1
                sources.insert(source)
            }
        }
        try SignalStore.mark(sources, db)
        return written
    }

    /// Waits for the worker to match everything submitted.
    func finish() {
        work.close()
        done.wait()
    }

    /// Stops the worker without waiting for what it has not matched.
    func cancel() {
        work.cancel()
        work.close()
    }

    private struct ChainPost {
        let parent: Int64?
        let digest: Int64
        let candidate: (QuoteCandidate.Relation) -> QuoteCandidate
    }

    private func chainPost(_ id: Int64, _ cache: inout [Int64: ChainPost], _ db: Database) throws -> ChainPost? {
        if let cached = cache[id] { return cached }
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT parent_id, time, own_text, quoted_text, author, digest FROM post WHERE id = ?"),
            arguments: [id])
        else { return nil }
        let own: String = row[2]
        let quoted: String = row[3]
        let time: Int64? = row[1]
        let author: String? = row[4]
        let post = ChainPost(parent: row[0], digest: row[5]) { relation in
            QuoteCandidate(postID: id, relation: relation, ownText: own, quotedText: quoted, time: time, author: author)
        }
        cache[id] = post
        return post
    }
}
