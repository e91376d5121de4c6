import Foundation
import Testing
@testable import SearchIndex

/// Mutated JSONL lines (a bounded, seeded run): nothing crashes, every bad line is reported with
/// its line number, the good ones are searchable, and the index stays consistent.
struct FuzzTests {
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let pieces: [[UInt8]] = [
        Array("\"".utf8), Array("\\".utf8), Array("{".utf8), Array("}".utf8), Array("\\u0000".utf8),
        Array("\\ud800".utf8), [0xFF], [0xC3], [0x00], Array("\n> > >".utf8), Array("null".utf8),
        Array("[quote=\"x, post:1, topic:1\"]".utf8), Array("On Mon, x wrote:\n".utf8), Array("\u{202E}".utf8),
    ]

    @Test func mutatedLinesNeverBreakTheIndex() throws {
        var random = Generator(state: 2026)
        let base = (0..<40).map { i in
            Fixtures.line(id: "p\(i)", thread: "t\(i % 5)", parent: i % 5 == 0 ? nil : "p\(i - 1)",
                          body: "> quoted words number \(i)\nowned words marker\(i) and more")
        }
        var lines: [[UInt8]] = []
        var intact = Set<String>()
        for (i, line) in base.enumerated() {
            var bytes = Array(line.utf8)
            if i % 3 == 0 {
                intact.insert("p\(i)")
            } else {
                for _ in 0..<(1 + random.next(4)) {
                    let at = random.next(bytes.count)
                    switch random.next(3) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(contentsOf: Self.pieces[random.next(Self.pieces.count)], at: at)
                    default: bytes[at] = UInt8(random.next(256))
                    }
                }
            }
            lines.append(bytes)
        }
        var data = Data()
        for line in lines {
            data.append(contentsOf: line)
            data.append(0x0A)
        }
        let path = Fixtures.file("")
        try data.write(to: URL(fileURLWithPath: path))
        let index = try SearchIndex()
        let issues = IssueLog()
        let summary = try index.importPosts(from: JSONLReader(try InputFile(path: path)), file: path, format: "jsonl",
                                            onIssue: { issues.add($0) })
        #expect(summary.added + summary.updated + summary.skippedTotal >= intact.count)
        #expect(issues.all.allSatisfy { $0.location.hasPrefix("line ") })
        #expect(try index.check().passed)
        // Every untouched line is in the index and found by its own marker word.
        for id in intact {
            let number = id.dropFirst()
            #expect(try index.search("marker\(number)").hits.contains { $0.id == id }, "\(id) searchable")
        }
        _ = try index.quoteLinks()
        _ = try index.thread("jsonl:t0")
    }
}
