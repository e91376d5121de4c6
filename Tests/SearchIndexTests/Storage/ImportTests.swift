import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

struct ImportTests {
    private let temporary = TemporaryDirectory()

    let thread = [
        Fixtures.line(id: "1", thread: "t", title: "Lanterns", body: "Paraffin lanterns flicker in the wind."),
        Fixtures.line(id: "2", thread: "t", parent: "1", body: "> Paraffin lanterns flicker in the wind.\nMine never do."),
    ].joined(separator: "\n")

    @Test func importsPostsThreadsAndQuotes() throws {
        let index = try SearchIndex()
        let (summary, issues) = try Fixtures.importJSONL(thread, into: index)
        #expect(issues.isEmpty)
        #expect((summary.added, summary.updated, summary.unchanged, summary.quotes) == (2, 0, 0, 1))
        let stats = try index.stats()
        #expect((stats.posts, stats.threads, stats.quotes) == (2, 1, 1))
    }

    @Test func postsAreCountedPerSource() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL([
            Fixtures.line(id: "1", thread: "t", body: "one", source: "lists"),
            Fixtures.line(id: "2", thread: "t", body: "two", source: "lists"),
            Fixtures.line(id: "3", thread: "u", body: "three", source: "lists"),
            Fixtures.line(id: "1", body: "elsewhere", source: "forum"),
        ].joined(separator: "\n"), into: index)
        #expect(try index.stats().sources == ["lists": 3, "forum": 1])
        // A thread left for the linking step (an import stopped before it) is counted from its posts.
        try index.writer.write { db in try db.execute(sql: "UPDATE thread SET dirty = 1, post_count = 0 WHERE ref = 't'") }
        #expect(try index.stats().sources == ["lists": 3, "forum": 1])
    }

    @Test func reimportChangesNothing() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL(thread, into: index)
        let before = try index.search("lanterns")
        let (again, _) = try Fixtures.importJSONL(thread, into: index)
        #expect((again.added, again.updated, again.unchanged) == (0, 0, 2))
        #expect(try index.search("lanterns") == before)
        #expect(try index.stats().posts == 2)
        #expect(try index.check().passed)
    }

    @Test func updateReplacesTextEverywhere() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL(thread, into: index)
        let edited = Fixtures.line(id: "1", thread: "t", title: "Lanterns", body: "Electric torches are brighter.")
        let (summary, _) = try Fixtures.importJSONL(edited, into: index)
        #expect(summary.updated == 1)
        // The old own text is gone from the full-text index; the reply still quotes it.
        #expect(try index.search("paraffin").hits.map(\.id) == ["2"])
        #expect(try index.search("torches").hits.map(\.id) == ["1"])
        #expect(try index.check().passed)
    }

    @Test func postMayArriveBeforeItsParentAndThread() throws {
        let index = try SearchIndex()
        // No thread given: the reply's thread is found through its parent, whatever the order.
        try Fixtures.importJSONL(Fixtures.line(id: "r", parent: "root", body: "a reply"), into: index)
        #expect(try index.stats().threads == 1)
        try Fixtures.importJSONL(Fixtures.line(id: "root", title: "Origins", body: "the root"), into: index)
        let stats = try index.stats()
        #expect((stats.posts, stats.threads) == (2, 1))
        let hit = try #require(try index.search("reply").hits.first)
        #expect(hit.thread == "root")
        #expect(hit.threadTitle == "Origins")
        #expect(try index.check().passed)
    }

    @Test func aChainWithoutThreadsEndsInOneThreadWhateverTheOrderOfImports() throws {
        // root ← a ← b ← c, no thread given, each post in an import of its own; x is unrelated.
        let parents: [String: String?] = ["root": nil, "a": "root", "b": "a", "c": "b", "x": nil]
        for order in [["x", "c", "b", "a", "root"], ["c", "x", "root", "b", "a"], ["b", "root", "c", "x", "a"]] {
            let index = try SearchIndex()
            for id in order {
                try Fixtures.importJSONL(Fixtures.line(id: id, parent: parents[id] ?? nil, title: id == "root" ? "Origins" : nil,
                                                       body: "post \(id)"), into: index)
                #expect(try index.check().passed)
            }
            let threads = try index.reader.read { db in
                try Row.fetchAll(db, sql: "SELECT p.ref, t.ref FROM post p JOIN thread t ON t.id = p.thread_id")
                    .reduce(into: [String: String]()) { $0[$1[0]] = $1[1] }
            }
            #expect(threads == ["root": "root", "a": "root", "b": "root", "c": "root", "x": "x"], "order \(order)")
            #expect(try index.stats().threads == 2)
            #expect(try index.search("post").hits.first { $0.id == "c" }?.threadTitle == "Origins")
        }
    }

    @Test func badLinesAreSkippedAndCounted() throws {
        let index = try SearchIndex()
        let text = [Fixtures.line(id: "1", body: "good one"), "{oops", "{\"id\":\"3\"}", Fixtures.line(id: "4", body: "good two")]
            .joined(separator: "\n")
        let (summary, issues) = try Fixtures.importJSONL(text, into: index)
        #expect(summary.added == 2)
        #expect(summary.skipped == ["malformed JSON": 1, "missing body": 1])
        #expect(issues.map(\.location) == ["line 2", "line 3"])
        #expect(try index.search("good").total == 2)
    }

    @Test func replySubjectIsNotThePostTitle() throws {
        let index = try SearchIndex()
        let text = [
            Fixtures.line(id: "a", thread: "a", title: "Kettle design", body: "first"),
            Fixtures.line(id: "b", thread: "a", parent: "a", title: "Re: Kettle design", body: "second"),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(text, into: index)
        #expect(try index.search("kettle").hits.map(\.id) == ["a"])
    }

    @Test func onDiskIndexReopens() throws {
        let path = temporary.path("index.db")
        do {
            let index = try SearchIndex(path: path)
            try Fixtures.importJSONL(thread, into: index)
        }
        let reopened = try SearchIndex(path: path)
        #expect(try reopened.stats().posts == 2)
        #expect(try reopened.check().passed)
    }

    @Test func refusesAFileThatIsNotAnIndex() throws {
        let path = temporary.write("just some text, not a database at all, long enough to be read as a header by SQLite......", to: "x.db")
        #expect(throws: IndexError.self) { try SearchIndex(path: path).stats() }
    }
}

/// A reader that yields items written in the test.
struct ListReader: PostReader {
    var items: [ReadItem]

    mutating func next() throws -> ReadItem? {
        items.isEmpty ? nil : items.removeFirst()
    }
}

struct DeletionTests {
    static func post(_ revision: Int64, _ text: String) -> ReadItem {
        .post(Post(source: "forum", id: "9", thread: "t", ownText: text, revision: revision))
    }

    static func deletion(_ revision: Int64?) -> ReadItem {
        .deleted(source: "forum", id: "9", revision: revision,
                 ImportIssue(file: "f", location: "start", reason: "deleted", detail: "post 9 was deleted"))
    }

    private func run(_ items: [ReadItem], into index: SearchIndex) throws -> ImportSummary {
        try index.importPosts(from: ListReader(items: items), file: "f", format: "test")
    }

    @Test func deletionRemovesAnOlderRevisionWhateverTheOrder() throws {
        for order in [[Self.post(1, "walrus tusks"), Self.deletion(2)], [Self.deletion(2), Self.post(1, "walrus tusks")]] {
            let index = try SearchIndex()
            _ = try run(order, into: index)
            #expect(try index.stats().posts == 0, "order \(order)")
            #expect(try index.search("walrus").total == 0)
            // Importing the old revision again does not bring it back.
            let again = try run([Self.post(1, "walrus tusks")], into: index)
            #expect(again.skipped == ["deleted": 1])
            #expect(try index.check().passed)
        }
    }

    @Test func newerRevisionThanTheDeletionStays() throws {
        let index = try SearchIndex()
        _ = try run([Self.deletion(2), Self.post(3, "walrus restored")], into: index)
        #expect(try index.search("walrus").hits.map(\.id) == ["9"])
    }
}
