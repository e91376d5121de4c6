import GRDB
import Testing
@testable import SearchIndex

/// Resolution inside the index: which post each quote row links to after an import.
struct QuoteResolverTests {
    /// `(quoting post id, ordinal) → (source post id as given, method)` for every quote.
    private func links(_ index: SearchIndex) throws -> [String: String] {
        var out: [String: String] = [:]
        for link in try index.quoteLinks() {
            out["\(link.post)#\(link.ordinal)"] = link.source.map { "\($0) \(link.method ?? "")" } ?? "unresolved"
        }
        return out
    }

    @Test func parentAndAncestorAndThread() throws {
        let index = try SearchIndex()
        let text = [
            Fixtures.line(id: "a", thread: "t", time: 1, body: "Ferries leave the harbor every hour on the hour in summer."),
            Fixtures.line(id: "b", thread: "t", parent: "a", time: 2, body: "Only until September, after that every two hours."),
            Fixtures.line(id: "c", thread: "t", parent: "b", time: 3, body: """
                > Only until September, after that every two hours.
                Good to know.
                > > Ferries leave the harbor every hour on the hour in summer.
                """),
            Fixtures.line(id: "d", thread: "t", time: 4, body: "> every hour on the hour in summer\nNot on Sundays."),
            Fixtures.line(id: "e", thread: "t", parent: "a", time: 5, body: "> Bicycles ride free on the night boat.\nSource?"),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(text, into: index)
        let found = try links(index)
        #expect(found["c#0"] == "b parent")
        #expect(found["c#1"] == "a ancestor")
        #expect(found["d#0"] == "a thread")
        #expect(found["e#0"] == "unresolved")
    }

    @Test func quoteOfAPostImportedLater() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL(Fixtures.line(
            id: "r", thread: "t", parent: "s", time: 2,
            body: "> The lighthouse keeper retired in nineteen seventy two.\nWho replaced him?"), into: index)
        #expect(try links(index)["r#0"] == "unresolved")
        try Fixtures.importJSONL(Fixtures.line(
            id: "s", thread: "t", time: 1, body: "The lighthouse keeper retired in nineteen seventy two."), into: index)
        #expect(try links(index)["r#0"] == "s parent")
        #expect(try index.stats().resolvedQuotes == 1)
    }

    @Test func quoteOfAPostImportedLaterInAnotherThread() throws {
        let index = try SearchIndex()
        let sentence = "The northern ferry terminal closes for repairs during February."
        try Fixtures.importJSONL(Fixtures.line(id: "r", thread: "t", time: 20, body: "> \(sentence)\nIs that confirmed?"),
                                 into: index)
        #expect(try links(index)["r#0"] == "unresolved")
        // A post written after the quote cannot be its source.
        try Fixtures.importJSONL(Fixtures.line(id: "n", thread: "u", time: 30, body: sentence + " Still true."), into: index)
        #expect(try links(index)["r#0"] == "unresolved")
        let (summary, _) = try Fixtures.importJSONL(
            Fixtures.line(id: "s", thread: "v", time: 10, body: sentence + " Plan your trip around it."), into: index)
        #expect(try links(index)["r#0"] == "s elsewhere")
        #expect(summary.quotesResolved == 1)
        #expect(try index.stats().resolvedQuotes == 1)
        #expect(try index.post("s").quotedBy.map(\.post.id) == ["r"])
        let timesQuoted = try index.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT times_quoted FROM post_signal JOIN post ON post.id = post_id WHERE ref = 's'")
        }
        #expect(timesQuoted == 1)
    }

    @Test func nearerAncestorWinsWhenTwoPostsMatch() throws {
        let index = try SearchIndex()
        let sentence = "Tide tables are printed on the back of the ticket."
        let text = [
            Fixtures.line(id: "a", thread: "t", time: 1, body: sentence),
            Fixtures.line(id: "b", thread: "t", parent: "a", time: 2, body: sentence + " Really."),
            Fixtures.line(id: "c", thread: "t", parent: "b", time: 3, body: "> " + sentence + "\nThanks."),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(text, into: index)
        #expect(try links(index)["c#0"] == "b parent")
    }

    @Test func editedTextUnlinksAndRelinks() throws {
        let index = try SearchIndex()
        let text = [
            Fixtures.line(id: "a", thread: "t", time: 1, body: "The museum opens at nine on weekdays and ten on weekends."),
            Fixtures.line(id: "b", thread: "t", parent: "a", time: 2, body: "> The museum opens at nine on weekdays\nGreat."),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(text, into: index)
        #expect(try links(index)["b#0"] == "a parent")
        try Fixtures.importJSONL(Fixtures.line(id: "a", thread: "t", time: 1, body: "Closed for renovation."), into: index)
        #expect(try links(index)["b#0"] == "unresolved")
        #expect(try index.check().passed)
    }
}
