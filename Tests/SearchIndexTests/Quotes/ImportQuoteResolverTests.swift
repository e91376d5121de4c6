import Foundation
import GRDB
import Testing
@testable import SearchIndex

/// Quotes resolved while the import writes end up linked exactly as one resolution after the
/// import would link them, whatever the order in which the posts arrive.
struct ImportQuoteResolverTests {
    /// The earlier posts of a member by the sorted prefixes are those a plain filter finds.
    @Test func basisPrefixesAgreeWithAPlainFilter() throws {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<50 {
            let members = (0..<(1 + next(40))).map { i in
                ResolutionBasis.Member(id: Int64(i * 3 + next(3)), parent: nil,
                                       time: next(4) == 0 ? nil : Int64(next(6)), digest: Int64(next(1 << 30)) << 20)
            }
            let unique = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values.map { $0 }
            let thread = ResolutionBasis.Thread(unique)
            for q in unique {
                let earlier = unique.filter { e in
                    guard e.id != q.id else { return false }
                    if let t = e.time, let qt = q.time { return t < qt || (t == qt && e.id < q.id) }
                    return e.id < q.id
                }
                let basis = try #require(thread.basis(of: q.id, parentOf: { _ in nil }))
                #expect(basis.earlierCount == earlier.count)
                #expect(basis.earlierSum == earlier.reduce(0) { $0 &+ ($1.digest & ResolutionBasis.digestMask) })
            }
        }
    }

    static let source = "The lighthouse keeper logs every ship that passes the northern reef before dawn."

    /// Posts of thread `t`: a root, a reply `p` that paraphrases it, a later post `s` that holds
    /// the quoted sentence word for word, and `q` quoting that sentence in reply to `p`;
    /// `filler` unrelated posts of another thread between them push `s` into a later batch.
    static func items(sLate: Bool, filler: Int) -> [ReadItem] {
        func post(_ id: String, parent: String?, time: Int64, text: String, quotes: [String] = []) -> ReadItem {
            .post(Post(source: "forum", id: id, thread: "t", parent: parent, time: time, ownText: text,
                       quotes: quotes.map { QuotedSpan(text: $0) }))
        }
        let root = post("root", parent: nil, time: 100, text: "How does the reef watch work at night?")
        let p = post("p", parent: "root", time: 200, text: "The keeper writes down ships passing the reef, mostly before dawn.")
        let s = post("s", parent: "root", time: 250, text: source + " That is the rule here.")
        let q = post("q", parent: "p", time: 300, text: "Not quite what I was told.", quotes: [source])
        let fill = (0..<filler).map { i in
            ReadItem.post(Post(source: "forum", id: "f\(i)", thread: "other", time: 1000 + Int64(i),
                               ownText: "garden note \(i)"))
        }
        return sLate ? [root, p, q] + fill + [s] : [root, p, s, q] + fill
    }

    static func link(_ index: SearchIndex) throws -> [String] {
        try index.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT p.ref || ' -> ' || coalesce(s.ref, 'none') || ' ' || q.method FROM quote q
                JOIN post p ON p.id = q.post_id LEFT JOIN post s ON s.id = q.source_id ORDER BY p.ref, q.ordinal
                """)
        }
    }

    @Test func aSourceArrivingInALaterBatchReplacesTheEarlyLink() throws {
        // In time order, q's quote comes from s (word for word), not from its parent p.
        let inOrder = try SearchIndex()
        _ = try inOrder.importPosts(from: ListReader(items: Self.items(sLate: false, filler: 0)), file: "f", format: "test")
        #expect(try Self.link(inOrder) == ["q -> s thread"])

        // s arrives more than a batch after q, in the same import: q was resolved without it,
        // the thread then got an earlier post, so q is resolved again at the end.
        let late = try SearchIndex()
        let summary = try late.importPosts(from: ListReader(items: Self.items(sLate: true, filler: Importer.batchSize + 10)),
                                           file: "f", format: "test")
        #expect(try Self.link(late) == ["q -> s thread"])
        #expect(summary.quotesResolved == 1)
        #expect(try late.check().passed)
        #expect(try late.check().notes.isEmpty)
    }

    @Test func aSourceInAnotherThreadArrivingInALaterBatchIsFound() throws {
        // q quotes s, a post of another thread older than q, written more than a batch after q:
        // the worker may meet q before s is written; the result must not depend on it.
        func post(_ id: String, thread: String, time: Int64, text: String, quotes: [String] = []) -> ReadItem {
            .post(Post(source: "forum", id: id, thread: thread, time: time, ownText: text, quotes: quotes.map { QuotedSpan(text: $0) }))
        }
        let fill = (0..<(Importer.batchSize + 300)).map { i in
            post("f\(i)", thread: "other", time: 1000 + Int64(i), text: "garden note \(i)")
        }
        let items = [post("q", thread: "t", time: 300, text: "Not what I was told.", quotes: [Self.source])] + fill
            + [post("s", thread: "u", time: 250, text: Self.source + " That is the rule here.")]
        let index = try SearchIndex()
        let summary = try index.importPosts(from: ListReader(items: items), file: "f", format: "test")
        #expect(try Self.link(index) == ["q -> s elsewhere"])
        #expect(summary.quotesResolved == 1)
        #expect(summary.quotesUnresolved == 0)
        #expect(try index.check().passed)
    }

    @Test func aSourceImportedWithoutResolutionIsFoundByTheNextImport() throws {
        func post(_ id: String, thread: String, time: Int64, text: String, quotes: [String] = []) -> [ReadItem] {
            [.post(Post(source: "forum", id: id, thread: thread, time: time, ownText: text, quotes: quotes.map { QuotedSpan(text: $0) }))]
        }
        let index = try SearchIndex()
        _ = try index.importPosts(from: ListReader(items: post("q", thread: "t", time: 300, text: "Not what I was told.",
                                                                quotes: [Self.source])), file: "a", format: "test")
        #expect(try Self.link(index) == ["q -> none unresolved"])
        // The source comes in an import that leaves quotes to the next one.
        _ = try index.importPosts(from: ListReader(items: post("s", thread: "u", time: 250, text: Self.source)),
                                  file: "b", format: "test", resolveQuotes: false)
        #expect(try Self.link(index) == ["q -> none unresolved"])
        let summary = try index.importPosts(from: ListReader(items: post("x", thread: "w", time: 400, text: "Unrelated.")),
                                            file: "c", format: "test")
        #expect(try Self.link(index) == ["q -> s elsewhere"])
        #expect(summary.quotesResolved == 1)
        #expect(try index.check().passed)
    }

    @Test func aSourceEditedToHoldTheWordsOrTakingADeletedPostsIdIsFound() throws {
        func post(_ id: String, thread: String, time: Int64, text: String, quotes: [String] = []) -> ReadItem {
            .post(Post(source: "forum", id: id, thread: thread, time: time, ownText: text, quotes: quotes.map { QuotedSpan(text: $0) }))
        }
        let q = post("q", thread: "t", time: 300, text: "Not what I was told.", quotes: [Self.source])
        let s = post("s", thread: "u", time: 250, text: Self.source)
        // s is first a draft without the words, then edited to hold them (same id).
        let edited = try SearchIndex()
        _ = try edited.importPosts(from: ListReader(items: [q, post("s", thread: "u", time: 250, text: "Draft, words to follow.")]),
                                   file: "a", format: "test")
        #expect(try Self.link(edited) == ["q -> none unresolved"])
        _ = try edited.importPosts(from: ListReader(items: [s]), file: "b", format: "test")
        #expect(try Self.link(edited) == ["q -> s elsewhere"])

        // s arrives with the id of the newest post, which the same import deleted.
        let reused = try SearchIndex()
        _ = try reused.importPosts(from: ListReader(items: [q, post("x", thread: "w", time: 100, text: "Unrelated.")]),
                                   file: "a", format: "test")
        let deletion = ReadItem.deleted(source: "forum", id: "x", revision: nil,
                                        ImportIssue(file: "b", location: "line 1", reason: "deleted", detail: "x"))
        _ = try reused.importPosts(from: ListReader(items: [deletion, s]), file: "b", format: "test")
        #expect(try Self.link(reused) == ["q -> s elsewhere"])
        #expect(try reused.check().passed)
    }

    @Test func theLastBatchIsWrittenInPartsWhenQuotesAreResolved() throws {
        // 1,304 posts: the first batch of 1,000 holds q, the last batch (304) holds s at its end.
        let items = Self.items(sLate: true, filler: Importer.batchSize + 300)
        for resolve in [true, false] {
            let index = try SearchIndex()
            var progress: [Int] = []
            let summary = try index.importPosts(from: ListReader(items: items), file: "f", format: "test",
                                                onProgress: { progress.append($0) }, resolveQuotes: resolve)
            #expect(summary.added == items.count)
            if resolve {
                #expect(progress == [1000, 1000 + Importer.lastBatchPart, items.count])
                // q was resolved before s was written, in another transaction: it is resolved again.
                #expect(try Self.link(index) == ["q -> s thread"])
                #expect(try index.check().passed)
            } else {
                #expect(progress == [1000, items.count])
                // Left pending for the next import.
                #expect(try index.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM quote WHERE method IS NULL") } == 1)
            }
        }
    }
}
