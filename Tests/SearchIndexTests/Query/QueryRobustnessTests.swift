import Foundation
import Testing
@testable import SearchIndex

/// Random query text never crashes and never surfaces SQL or FTS5 wording: every error is a
/// ``QueryError``, run through the real (in-memory) index.
struct QueryRobustnessTests {
    static let pieces = [
        "a", "kettle", "copper", "\"", "\"dawn", "(", ")", "*", "-", "NOT", "OR", "AND", "NEAR", "NEAR(", ",", ", 3",
        ":", "::", "author:", "title:", "q:", "nq:", "s:", "@", "@x", "is:root", "after:2024", "before:7d",
        "date:..", "date:2023..", "thread:", "quotes:", "source:", "foo:bar", "{", "}", "^", "+", "'", ";",
        "DROP TABLE post", "é", "日本", "🙂", "\u{0}", "\\", "%", "_", "'--", "col:x", "{title}:", "rank", "bm25(",
    ]

    @Test func randomQueriesGiveOnlyQueryErrors() throws {
        let index = try SearchTests.corpus()
        var generator = SplitMix(seed: 20_261_130)
        var errors = 0
        for _ in 0..<600 {
            let count = Int(generator.next() % 6) + 1
            var query = ""
            for _ in 0..<count {
                query += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
                if generator.next() % 3 != 0 { query += " " }
            }
            for threads in [false, true] {
                do {
                    if threads {
                        _ = try index.searchThreads(query, options: SearchOptions(limit: 5))
                    } else {
                        _ = try index.search(query, options: SearchOptions(limit: 5, explain: true))
                    }
                } catch let error as QueryError {
                    errors += 1
                    let message = error.localizedDescription
                    for leak in ["fts5", "sqlite", "syntax error", "SQL"] {
                        #expect(!message.localizedCaseInsensitiveContains(leak), "\(leak) in message for \(query)")
                    }
                    #expect(error != .cannotRun, "the index refused \(query.debugDescription)")
                } catch {
                    Issue.record("\(query.debugDescription) threw \(error)")
                }
            }
        }
        #expect(errors > 0)
    }
}

/// A small deterministic generator, so that a failure can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
