import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// Hostile and broken input: each is reported or absorbed, the good posts around it are
/// searchable, and the index stays consistent.
struct BadInputTests {
    private let temporary = TemporaryDirectory()

    @Test func invalidUTF8AndNULBytes() throws {
        let index = try SearchIndex()
        var bytes = Data((Fixtures.line(id: "1", body: "before") + "\n").utf8)
        bytes.append(contentsOf: Array("{\"id\":\"2\",\"body\":\"bad ".utf8) + [0xFF, 0xFE] + Array(" bytes\"}\n".utf8))
        bytes.append(contentsOf: Array((Fixtures.line(id: "3", body: "nul\u{0}byte in the middle") + "\n").utf8))
        bytes.append(contentsOf: Array((Fixtures.line(id: "4", body: "after") + "\n").utf8))
        let path = temporary.write(bytes, to: "posts.jsonl")
        let issues = IssueLog()
        let summary = try index.importPosts(from: JSONLReader(try InputFile(path: path)), file: path, format: "jsonl",
                                            onIssue: { issues.add($0) })
        #expect(summary.added == 3)
        #expect(issues.all.map(\.location) == ["line 2"])
        #expect(try index.search("nulbyte OR nul").hits.map(\.id) == ["3"])
        #expect(try index.search("before OR after").total == 2)
        #expect(try index.check().passed)
    }

    @Test func truncatedLastLine() throws {
        let index = try SearchIndex()
        let (summary, issues) = try Fixtures.importJSONL(Fixtures.line(id: "1", body: "whole") + "\n{\"id\":\"2\",\"bo", into: index)
        #expect(summary.added == 1)
        #expect(issues.map(\.description).first?.hasSuffix("line 2: malformed JSON") == true)
    }

    @Test func deeplyNestedQuotes() throws {
        let index = try SearchIndex()
        let deep = (1...1000).map { String(repeating: ">", count: $0) + " level \($0)" }.joined(separator: "\n")
        let (summary, _) = try Fixtures.importJSONL(Fixtures.line(id: "deep", body: deep + "\nmy own words"), into: index)
        #expect(summary.added == 1)
        #expect(try index.search("level").hits.first?.snippet.column == .quoted)
        #expect(try index.search("own words").hits.map(\.id) == ["deep"])
    }

    @Test func parentCycleAndSelfParent() throws {
        let index = try SearchIndex()
        let text = [
            Fixtures.line(id: "a", parent: "b", body: "first of a loop"),
            Fixtures.line(id: "b", parent: "a", body: "> first of a loop\nsecond of a loop"),
            Fixtures.line(id: "s", parent: "s", body: "my own parent"),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(text, into: index)
        #expect(try index.stats().posts == 3)
        #expect(try index.check().passed)
        let thread = try index.thread("jsonl:a")
        #expect(thread.postCount >= 1)
        #expect(try index.search("loop").total == 2)
    }

    @Test func hugePostAndDates() throws {
        let index = try SearchIndex()
        let big = String(repeating: "lorem ipsum dolor sit amet ", count: 400_000) + "needle"
        let text = [
            Fixtures.line(id: "big", body: big),
            Fixtures.line(id: "old", time: 0, body: "posted in nineteen seventy"),
            Fixtures.line(id: "future", time: 4_102_444_800, body: "posted in twenty one hundred"),
        ].joined(separator: "\n")
        let (summary, _) = try Fixtures.importJSONL(text, into: index)
        #expect(summary.added == 3)
        #expect(try index.search("needle").hits.map(\.id) == ["big"])
        #expect(try index.search("posted").hits.compactMap(\.time).sorted() == [0, 4_102_444_800])
    }

    @Test func duplicateIdWithDifferentContentKeepsTheLast() throws {
        let index = try SearchIndex()
        let text = [Fixtures.line(id: "d", body: "first version"), Fixtures.line(id: "d", body: "second version")]
            .joined(separator: "\n")
        let (summary, _) = try Fixtures.importJSONL(text, into: index)
        #expect((summary.added, summary.updated) == (1, 1))
        #expect(try index.search("version").hits.first?.snippet.text == "second version")
        #expect(try index.check().passed)
    }
}
