import Foundation
import Testing
import TestSupport

/// Killing `tsearch index` at any moment leaves an index that opens, passes `check`, and that
/// the same import completes to exactly the counts of an uninterrupted run.
@Suite(.serialized)
struct InterruptTests {
    private let temporary = TemporaryDirectory()

    /// A deterministic corpus: threads of replies that quote their parents.
    static func corpus(posts: Int) -> String {
        let words = ["harbor", "lantern", "copper", "meadow", "violin", "pepper", "window", "river", "garden", "bicycle",
                     "kettle", "orchard", "compass", "thimble", "saddle", "quarry", "beacon", "harvest", "ledger", "anchor"]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func sentence() -> String { (0..<12).map { _ in words[next() % words.count] }.joined(separator: " ") }
        var lines: [String] = []
        var bodies: [Int: String] = [:]
        for i in 0..<posts {
            let thread = i / 20
            let own = sentence() + ". " + sentence() + "."
            var body = own
            var parent = "null"
            if i % 20 != 0 {
                let p = i - 1 - next() % (i % 20)
                parent = "\"\(p)\""
                body = "> " + (bodies[p] ?? "") + "\n" + own
            }
            bodies[i] = own
            lines.append("{\"id\":\"\(i)\",\"thread\":\"t\(thread)\",\"parent\":\(parent),\"author\":\"user\(next() % 50)\",\"time\":\(1_600_000_000 + i * 60),\"body\":\"\(body.replacingOccurrences(of: "\n", with: "\\n"))\"}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func statsJSON(_ db: String) throws -> [String: Int] {
        let run = try CLITests.run(["stats", "--db", db, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? Int }
    }

    static func searchKeys(_ db: String, _ query: String) throws -> [String] {
        let run = try CLITests.run(["search", "--db", db, "--format", "jsonl", "--limit", "50", query])
        return run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["key"] as? String
        }
    }

    @Test func killedImportIsCompletedByRunningItAgain() throws {
        let dir = temporary.url
        let input = dir.appendingPathComponent("posts.jsonl").path
        try Self.corpus(posts: 12_000).write(toFile: input, atomically: true, encoding: .utf8)

        let reference = dir.appendingPathComponent("reference.db").path
        #expect(try CLITests.run(["index", "--db", reference, input]).status == 0)
        let expected = try Self.statsJSON(reference)
        #expect(expected["posts"] == 12_000)
        let queries = ["lantern copper", "\"harbor meadow\"", "violin -river"]
        let expectedHits = try queries.map { try Self.searchKeys(reference, $0) }

        for (attempt, delay) in [0.15, 0.5, 1.0, 2.0].enumerated() {
            let db = dir.appendingPathComponent("killed-\(attempt).db").path
            let process = Process()
            process.executableURL = CLITests.binary
            process.arguments = ["index", "--db", db, input]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            if FileManager.default.fileExists(atPath: db) {
                let check = try CLITests.run(["check", "--db", db])
                #expect(check.status == 0, "check after a kill at \(delay) s: \(check.stdout)")
                #expect(!check.stdout.contains("FAIL"), "check after a kill at \(delay) s: \(check.stdout)")
            }
            let rerun = try CLITests.run(["index", "--db", db, input])
            #expect(rerun.status == 0, "re-run after a kill at \(delay) s: \(rerun.stderr)")
            #expect(try Self.statsJSON(db) == expected, "counts after a kill at \(delay) s")
            #expect(try queries.map { try Self.searchKeys(db, $0) } == expectedHits, "results after a kill at \(delay) s")
            #expect(try CLITests.run(["check", "--db", db]).status == 0)
        }
    }

    @Test func searchWhileImporting() throws {
        let dir = temporary.url
        let input = dir.appendingPathComponent("posts.jsonl").path
        try Self.corpus(posts: 8_000).write(toFile: input, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("live.db").path
        // The index exists before the import starts, so searches never see a missing file.
        #expect(try CLITests.run(["index", "--db", db, "--format", "jsonl", "-"], stdin: "{\"id\":\"seed\",\"body\":\"lantern seed\"}\n").status == 0)

        let importer = Process()
        importer.executableURL = CLITests.binary
        importer.arguments = ["index", "--db", db, input]
        importer.standardOutput = FileHandle.nullDevice
        importer.standardError = FileHandle.nullDevice
        try importer.run()
        var searches = 0
        var totals: [Int] = []
        while importer.isRunning || searches < 3 {
            let run = try CLITests.run(["search", "--db", db, "--format", "json", "--limit", "5", "lantern"])
            #expect(run.status == 0, "search during import: \(run.stderr)")
            #expect(!run.stderr.contains("locked"))
            if let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
               let total = object["total"] as? Int
            {
                totals.append(total)
            }
            searches += 1
            if searches > 200 { break }
        }
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        // Each search saw a committed state: the totals never go down.
        #expect(totals == totals.sorted(), "totals \(totals)")
        #expect(searches >= 3)
    }
}

/// Two imports into one index at once: SQLite serialises their write transactions; both finish,
/// and the index holds both inputs, consistent.
@Suite(.serialized)
struct ConcurrentImportTests {
    private let temporary = TemporaryDirectory()

    @Test func twoImportsAtOnce() throws {
        let dir = temporary.url
        let corpus = InterruptTests.corpus(posts: 6_000).split(separator: "\n")
        let a = dir.appendingPathComponent("a.jsonl").path
        let b = dir.appendingPathComponent("b.jsonl").path
        try (corpus[..<3_000].joined(separator: "\n") + "\n").write(toFile: a, atomically: true, encoding: .utf8)
        try (corpus[3_000...].joined(separator: "\n") + "\n").write(toFile: b, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("two.db").path
        #expect(try CLITests.run(["index", "--db", db, "--format", "jsonl", "-"], stdin: "{\"id\":\"seed\",\"body\":\"seed\"}\n").status == 0)
        var processes: [Process] = []
        for input in [a, b] {
            let process = Process()
            process.executableURL = CLITests.binary
            process.arguments = ["index", "--db", db, input]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        #expect(try InterruptTests.statsJSON(db)["posts"] == 6_001)
        #expect(try CLITests.run(["check", "--db", db]).status == 0)
    }
}
