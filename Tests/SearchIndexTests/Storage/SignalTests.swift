import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

/// The signals stored with each post (direct replies, distinct quoting posts, depth) stay equal
/// to what the tables say whatever the order of imports, edits and deletions.
struct SignalTests {
    private let temporary = TemporaryDirectory()

    struct Stored: Equatable, CustomStringConvertible {
        var replies: Int
        var quoted: Int
        var depth: Int
        var description: String { "replies \(replies), quoted \(quoted), depth \(depth)" }
    }

    static func signals(_ index: SearchIndex) throws -> [String: Stored] {
        try index.reader.read { db in
            var out: [String: Stored] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT p.ref, s.reply_count, s.times_quoted, s.depth FROM post p JOIN post_signal s ON s.post_id = p.id") {
                out[row[0]] = Stored(replies: row[1], quoted: row[2], depth: row[3])
            }
            return out
        }
    }

    static func post(_ id: String, parent: String? = nil, text: String = "words", quoting: [String] = [], revision: Int64? = nil)
        -> ReadItem
    {
        .post(Post(source: "forum", id: id, thread: "t", parent: parent, ownText: "\(text) of \(id)",
                   quotes: quoting.map { QuotedSpan(text: "quoted from \($0)", explicitSource: $0) }, revision: revision))
    }

    static func run(_ items: [ReadItem], into index: SearchIndex) throws {
        _ = try index.importPosts(from: ListReader(items: items), file: "f", format: "test")
    }

    /// a ← b ← c, d ← a; b and c quote a, c quotes b too.
    static let tree: [ReadItem] = [
        post("a"), post("b", parent: "a", quoting: ["a"]), post("c", parent: "b", quoting: ["a", "b", "a"]),
        post("d", parent: "a"),
    ]
    static let expected: [String: Stored] = [
        "a": Stored(replies: 2, quoted: 2, depth: 0), "b": Stored(replies: 1, quoted: 1, depth: 1),
        "c": Stored(replies: 0, quoted: 0, depth: 2), "d": Stored(replies: 0, quoted: 0, depth: 1),
    ]

    @Test func oneImport() throws {
        let index = try SearchIndex()
        try Self.run(Self.tree, into: index)
        #expect(try Self.signals(index) == Self.expected)
        #expect(try index.check().passed)
    }

    @Test func everyPostInItsOwnImportInReverseOrder() throws {
        // Replies and quotes arrive before the posts they name: the counts and depths are set
        // when those posts arrive, by the later imports.
        let index = try SearchIndex()
        for item in Self.tree.reversed() {
            try Self.run([item], into: index)
            #expect(try index.check().passed)
        }
        #expect(try Self.signals(index) == Self.expected)
    }

    @Test func aRootArrivingLateDeepensItsWholeSubtree() throws {
        let index = try SearchIndex()
        try Self.run([Self.post("b", parent: "a"), Self.post("c", parent: "b"), Self.post("e", parent: "c")], into: index)
        #expect(try Self.signals(index)["e"]?.depth == 2, "b's parent is missing: b is the top of its chain")
        try Self.run([Self.post("a")], into: index)
        #expect(try Self.signals(index).mapValues(\.depth) == ["a": 0, "b": 1, "c": 2, "e": 3])
    }

    @Test func anEditThatDropsAQuoteAndAParentUpdatesTheOthers() throws {
        let index = try SearchIndex()
        try Self.run(Self.tree, into: index)
        // c is edited: it now replies to d and quotes nothing.
        try Self.run([Self.post("c", parent: "d", text: "edited")], into: index)
        let after = try Self.signals(index)
        #expect(after["a"] == Stored(replies: 2, quoted: 1, depth: 0))
        #expect(after["b"] == Stored(replies: 0, quoted: 0, depth: 1))
        #expect(after["d"] == Stored(replies: 1, quoted: 0, depth: 1))
        #expect(after["c"] == Stored(replies: 0, quoted: 0, depth: 2))
        #expect(try index.check().passed)
    }

    @Test func aDeletionUpdatesItsParentItsSourcesAndItsReplies() throws {
        let index = try SearchIndex()
        try Self.run(Self.tree, into: index)
        let deleteB = ReadItem.deleted(source: "forum", id: "b", revision: nil,
                                       ImportIssue(file: "f", location: "start", reason: "deleted", detail: "b was deleted"))
        try Self.run([deleteB], into: index)
        let after = try Self.signals(index)
        #expect(after["b"] == nil)
        #expect(after["a"] == Stored(replies: 1, quoted: 1, depth: 0), "a lost b's reply and b's quote")
        #expect(after["c"]?.depth == 0, "c's parent is gone")
        #expect(try index.check().passed)
    }

    @Test func textQuotesResolvedOnImportCountTheirWriter() throws {
        let index = try SearchIndex()
        let jsonl = [
            Fixtures.line(id: "1", thread: "t", body: "The harbor lights were visible from the old lighthouse tower at night."),
            Fixtures.line(id: "2", thread: "t", parent: "1", body: "> The harbor lights were visible from the old lighthouse tower\n\nNot in fog."),
            Fixtures.line(id: "3", thread: "t", parent: "2", body: "> The harbor lights were visible from the old lighthouse tower\n\nAgreed."),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(jsonl, into: index)
        #expect(try Self.signals(index)["1"] == Stored(replies: 1, quoted: 2, depth: 0))
        let top = try index.search("harbor lighthouse").hits.first
        #expect(top?.id == "1")
        #expect(top?.timesQuoted == 2)
        #expect(top?.replies == 1)
        let reply = try index.search("fog").hits.first
        #expect(reply.map { [$0.id, "\($0.depth)", "\($0.replies)"] } == ["2", "1", "1"])
    }

    @Test func checkReportsSignalsThatDisagreeWithTheTables() throws {
        let path = temporary.path("index.db")
        try Self.run(Self.tree, into: try SearchIndex(path: path))
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE post_signal SET times_quoted = 7 WHERE post_id = (SELECT id FROM post WHERE ref = 'a')") }
        let report = try SearchIndex(path: path).check()
        #expect(!report.passed)
        #expect(report.items.contains { $0.problem == "1 posts with out-of-date signals (re-run the import to relink)" })
    }

    @Test func anIndexOfTheFirstSchemaGetsItsSignalsWhenOpened() throws {
        let path = temporary.path("index.db")
        try Self.run(Self.tree, into: try SearchIndex(path: path))
        // Take the file back to the first schema: no signal tables, no v2 migration recorded.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE post_signal")
            try db.execute(sql: "DROP TABLE stale_signal")
            try db.execute(sql: "DROP TABLE quote_check")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2'")
        }
        let reopened = try SearchIndex(path: path)
        #expect(try Self.signals(reopened) == Self.expected)
        #expect(try reopened.check().passed)
    }
}
