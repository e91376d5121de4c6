import Foundation
import Testing
@testable import SearchIndex

/// Mutated JSONL lines (seeded; see ``FuzzRun``): nothing crashes, every bad line is reported
/// with its line number, the good ones are searchable, and the index stays consistent.
struct FuzzTests {
    static let pieces: [[UInt8]] = Mutator.common + [
        "[quote=\"x, post:1, topic:1\"]", "On Mon, x wrote:\n", "\"body\":", "\"id\": \"p3\",", "\"parent\": \"p0\",",
    ].map { Array($0.utf8) }

    @Test func mutatedLinesNeverBreakTheIndex() throws {
        let units = (0..<40).map { i in
            FuzzUnit(Fixtures.line(id: "p\(100 + i)", thread: "t\(i % 5)", parent: i % 5 == 0 ? nil : "p\(99 + i)",
                                   body: "> quoted words number \(i)\nowned words marker\(i) and more") + "\n",
                     keepSuffix: 1, marker: "marker\(i)")
        }
        let fuzz = ReaderFuzz(format: .jsonl, units: units, pieces: Self.pieces, fileName: "posts.jsonl",
                              locationPattern: /line \d+/)
        let tally = try fuzz.run(base: 2026)
        #expect(tally.rounds == FuzzRun.rounds)
        #expect(tally.intactChecked >= tally.rounds)
        #expect(tally.reasons["malformed JSON", default: 0] > 0, "the mutations broke some lines")
    }
}
