import Foundation
import Testing
@testable import SearchIndex

/// The checks on the real data in `../shared/data/jsonl`: counts, idempotent re-import,
/// known phrases, and the writer of a much-quoted phrase ranked first.
@Suite(.serialized)
struct JSONLRealDataTests {
    private func importFile(_ relative: String, into index: SearchIndex) throws -> ImportSummary? {
        guard let path = try RealData.unpacked(relative) else {
            print("skipped: no real data beside the repository (../shared/data)")
            return nil
        }
        let reader = JSONLReader(try InputFile(path: path))
        return try index.importPosts(from: reader, file: path, format: "jsonl")
    }

    @Test func ksummitCountsAndReimport() throws {
        let index = try SearchIndex()
        guard let first = try importFile("jsonl/ksummit.jsonl.xz", into: index) else { return }
        #expect(first.added == 3852)
        #expect(first.skippedTotal == 0)
        var stats = try index.stats()
        #expect((stats.posts, stats.threads) == (3852, 220))
        let before = try index.search("\"swan fallacy\"", options: SearchOptions(limit: 50))

        let second = try #require(try importFile("jsonl/ksummit.jsonl.xz", into: index))
        #expect((second.added, second.updated, second.unchanged) == (0, 0, 3852))
        stats = try index.stats()
        #expect((stats.posts, stats.threads) == (3852, 220))
        #expect(try index.search("\"swan fallacy\"", options: SearchOptions(limit: 50)) == before)
        #expect(try index.check().passed)
    }

    /// "swan fallacy just because you" was written once (by the post below) and quoted by four
    /// replies: the writer comes first, the replies' snippets are labelled quoted.
    @Test func writerOfAQuotedPhraseComesFirst() throws {
        let index = try SearchIndex()
        guard try importFile("jsonl/ksummit.jsonl.xz", into: index) != nil else { return }
        let results = try index.search("\"swan fallacy just because you\"")
        #expect(results.total == 5)
        #expect(results.hits.first?.id == "ksummit:CAMP44s1Ai5qMU4yV+Rwz4cY869ZA=cxBcTf2wuaUY1oyLKUNCg@mail.gmail.com")
        #expect(results.hits.first?.snippet.column == .own)
        #expect(results.hits.dropFirst().allSatisfy { $0.snippet.column == .quoted })
    }

    @Test func delvingCountsAndKnownPhrases() throws {
        let index = try SearchIndex()
        guard let first = try importFile("jsonl/delving.jsonl.xz", into: index) else { return }
        #expect(first.added == 4661)
        let stats = try index.stats()
        #expect((stats.posts, stats.threads) == (4661, 635))
        #expect(stats.sources == ["delving": 4661])
        let again = try #require(try importFile("jsonl/delving.jsonl.xz", into: index))
        #expect(again.unchanged == 4661)
        #expect(try index.stats().posts == 4661)

        let welcome = try index.search("\"giving a presentation to a smart audience\"")
        #expect(welcome.hits.first?.id == "10")
        #expect(welcome.hits.first?.threadTitle == "Welcome to Delving Bitcoin!")
        #expect(try index.search("covenant* TXHASH").total > 10)
        #expect(try index.check().passed)
    }
}
