import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

/// Post text is stored compressed when that saves enough, and every way of reading it (search
/// snippets, `show`, `thread`, the quote graph, quote resolution, the index check) sees the text.
struct StoredTextTests {
    private let temporary = TemporaryDirectory()

    private static let long = """
        The rear derailleur hanger was bent after the fall, so the chain skipped on the two largest \
        cogs. Straighten the hanger first — naïve adjustments of the limit screws will not fix it.
        """

    @Test func longTextIsCompressedAndReadsBackTheSame() throws {
        let compressor = TextCompressor()
        let text = String(repeating: Self.long + "\n", count: 3)
        let value = StoredText.value(text, using: compressor)
        guard case let .blob(data) = value.storage else {
            Issue.record("expected a compressed value, got \(value)")
            return
        }
        #expect(data.count < text.utf8.count / 2)
        #expect(try StoredText.string(value) == text)
    }

    @Test func shortOrIncompressibleTextIsStoredAsItIs() throws {
        let compressor = TextCompressor()
        #expect(StoredText.value("Straighten the hanger first.", using: compressor) == "Straighten the hanger first.".databaseValue)
        var generator = SeededGenerator(seed: 7)
        let noise = String((0..<400).map { _ in Character(UnicodeScalar(UInt8(0x21 + generator.next(94)))) })
        #expect(StoredText.value(noise, using: compressor) == noise.databaseValue)
        #expect(try StoredText.string(DatabaseValue.null) == "")
    }

    @Test func aDamagedValueIsAnErrorNotGarbage() throws {
        let compressor = TextCompressor()
        guard case var .blob(data) = StoredText.value(Self.long, using: compressor).storage else {
            Issue.record("expected a compressed value")
            return
        }
        data[data.count / 2] ^= 0xFF
        data.removeLast(4)
        #expect(throws: StoredText.Corrupt.self) { try StoredText.string(data.databaseValue) }
        #expect(throws: StoredText.Corrupt.self) { try StoredText.string(Data([0xFF, 0xFF]).databaseValue) }
    }

    @Test func theMatcherReadsCompressedTextAsItReadsPlainText() throws {
        let compressor = TextCompressor()
        let own = String(repeating: Self.long + "\n", count: 2) + "Ünïcödé and links: https://example.org/a?b=1"
        let quoted = "a quoted line — with a dash\n> and a nested one"
        let stored = QuoteCandidate(postID: 1, relation: .parent, storedOwnText: StoredText.value(own, using: compressor),
                                    storedQuotedText: StoredText.value(quoted, using: compressor), time: nil, author: nil, version: 3)
        guard case .blob = stored.storedOwnText.storage else {
            Issue.record("expected compressed own text")
            return
        }
        #expect(try StoredText.withUTF8(stored.storedOwnText) { Array($0) } == Array(own.utf8))
        let fromBytes = QuoteMatcher.CachedSource(stored)
        let fromStrings = QuoteMatcher.CachedSource(own: own, quoted: quoted, version: 3)
        #expect(fromBytes.own.words == fromStrings.own.words)
        #expect(fromBytes.quoted.words == fromStrings.quoted.words)
        #expect(fromBytes.own.urls == fromStrings.own.urls)
        #expect(fromBytes.version == 3)
    }

    /// Two posts with long text, one quoting the other, and a short reply.
    private static let thread = [
        Fixtures.line(id: "1", thread: "t", author: "ann", title: "Chain skips", body: long),
        Fixtures.line(id: "2", thread: "t", parent: "1", author: "bob", time: 1_700_000_100,
                      body: "> Straighten the hanger first — naïve adjustments of the limit screws will not fix it.\n\n"
                          + "That was it: the hanger was bent by a few degrees, and after straightening it the chain "
                          + "runs quietly on every cog, including the two largest ones."),
        Fixtures.line(id: "3", thread: "t", parent: "2", author: "cy", time: 1_700_000_200, body: "Good to know."),
    ].joined(separator: "\n")

    @Test func everyReaderOfTheIndexSeesTheText() throws {
        let path = temporary.path("index.db")
        let index = try SearchIndex(path: path)
        try Fixtures.importJSONL(Self.thread, into: index)
        let types = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT typeof(own_text) || '/' || typeof(quoted_text) FROM post ORDER BY ref")
        }
        #expect(types == ["blob/text", "blob/text", "text/text"])

        let hit = try #require(try index.search("derailleur hanger").hits.first)
        #expect(hit.id == "1")
        #expect(hit.snippet.text.contains("derailleur"))
        #expect(hit.timesQuoted == 1)
        let reply = try #require(try index.search("quietly").hits.first)
        #expect(reply.id == "2")
        #expect(reply.exchange?.quotedLine.contains("limit screws") == true)

        let shown = try index.post("2")
        #expect(shown.ownText.hasPrefix("That was it: the hanger was bent"))
        #expect(shown.quotes.first?.link.text == "Straighten the hanger first — naïve adjustments of the limit screws will not fix it.")
        #expect(shown.quotes.first?.link.source == "1")
        #expect(try index.thread("1").roots.first?.post.firstLine.hasPrefix("The rear derailleur hanger") == true)
        #expect(try index.check().passed)
    }

    @Test func anEditReplacesTheFullTextRowOfCompressedText() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL(Self.thread, into: index)
        let edited = Fixtures.line(id: "1", thread: "t", author: "ann", title: "Chain skips",
                                   body: Self.long.replacingOccurrences(of: "derailleur", with: "mech"))
        try Fixtures.importJSONL(edited, into: index)
        #expect(try index.search("derailleur").hits.isEmpty)
        let hits = try index.search("mech").hits
        #expect(hits.map(\.id) == ["1"], "\(hits)")
        #expect(try index.check().passed)
    }

    @Test func anIndexOfTheThirdSchemaIsCompressedWhenOpened() throws {
        let path = temporary.path("index.db")
        try Fixtures.importJSONL(Self.thread, into: try SearchIndex(path: path))
        // Take the file back to v3: plain text, the full-text index reading `post` directly.
        var config = Configuration()
        config.prepareDatabase { db in StoredText.register(db) }
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            try db.execute(sql: """
                UPDATE post SET own_text = tsearch_text(own_text), quoted_text = tsearch_text(quoted_text);
                DROP TABLE post_fts;
                DROP VIEW post_text;
                CREATE VIRTUAL TABLE post_fts USING fts5(title, own_text, quoted_text, content = 'post',
                    content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');
                INSERT INTO post_fts (post_fts) VALUES ('rebuild');
                DELETE FROM grdb_migrations WHERE identifier = 'v4-packed-text';
                """)
        }
        let types = { (queue: DatabaseQueue) in
            try queue.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT typeof(own_text) FROM post") }
        }
        #expect(try types(queue) == ["text"])
        try queue.close()

        let reopened = try SearchIndex(path: path)
        #expect(try Set(types(DatabaseQueue(path: path))) == ["blob", "text"])
        #expect(try reopened.search("derailleur hanger").hits.first?.snippet.text.contains("derailleur") == true)
        #expect(try reopened.check().passed)
    }
}
