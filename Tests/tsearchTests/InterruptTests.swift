import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Imports into one index take turns through the import lock (`DB-import.lock`): a second
/// import waits for the first and says so once, or with `--no-wait` refuses; a killed import
/// never blocks the next; searches never wait; the lock file follows the user's umask.
@Suite(.serialized)
struct ConcurrentImportTests {
    private let temporary = TemporaryDirectory()

    static let waiting = "waiting for another import into"

    /// Whether some process holds the import lock of `db`, as `flock` sees it.
    static func lockIsHeld(_ db: String) -> Bool {
        let fd = open(db + "-import.lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// `tsearch index --db db ARGUMENTS`, started, its standard error going to a file.
    func startImport(_ db: String, _ arguments: [String], name: String) throws -> (process: Process, stderr: String) {
        let stderr = temporary.write("", to: "\(name).err")
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["index", "--db", db] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        try process.run()
        return (process, stderr)
    }

    /// Waits until `process` holds the import lock of `db`.
    static func waitUntilLocked(_ db: String, by process: Process) throws {
        let deadline = Date().addingTimeInterval(60)
        while !lockIsHeld(db) {
            try #require(process.isRunning, "the import ended before it was seen holding the lock")
            try #require(Date() < deadline, "the import never took the lock")
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func corpusFiles(_ sizes: [Int]) throws -> [String] {
        var lines = InterruptTests.corpus(posts: sizes.reduce(0, +)).split(separator: "\n")[...]
        return sizes.enumerated().map { number, size in
            let part = lines.prefix(size)
            lines = lines.dropFirst(size)
            return temporary.write(part.joined(separator: "\n") + "\n", to: "part\(number).jsonl")
        }
    }

    @Test func twoImportsAtOnce() throws {
        let files = try corpusFiles([3_000, 3_000])
        let db = temporary.path("two.db")
        #expect(try CLITests.run(["index", "--db", db, "--format", "jsonl", "-"], stdin: "{\"id\":\"seed\",\"body\":\"seed\"}\n").status == 0)
        let runs = try files.enumerated().map { try startImport(db, [$0.element], name: "import\($0.offset)") }
        for run in runs { run.process.waitUntilExit() }
        #expect(runs.map(\.process.terminationStatus) == [0, 0])
        let errors = try runs.map { try String(contentsOfFile: $0.stderr, encoding: .utf8) }
        #expect(errors.allSatisfy { !$0.contains("locked") && !$0.contains("busy") }, "\(errors)")
        #expect(errors.map { $0.components(separatedBy: Self.waiting).count - 1 }.reduce(0, +) <= 1, "\(errors)")
        #expect(try InterruptTests.statsJSON(db)["posts"] == 6_001)
        #expect(try CLITests.run(["check", "--db", db]).status == 0)
    }

    @Test func aSecondImportWaitsForTheFirstAndSaysSoOnce() throws {
        let files = try corpusFiles([8_000, 500, 500])
        let db = temporary.path("turns.db")
        let first = try startImport(db, [files[0]], name: "first")
        try Self.waitUntilLocked(db, by: first.process)
        let second = try startImport(db, [files[1]], name: "second")

        // Searches do not take the lock: they answer while the first import holds it.
        let search = try CLITests.run(["search", "--db", db, "--limit", "1", "lantern"])
        #expect(search.status == 0 && search.stderr.isEmpty, "\(search.stderr)")
        // With --no-wait, a third import refuses at once and imports nothing.
        let refused = try CLITests.run(["index", "--db", db, "--no-wait", files[2]])
        #expect(refused.status == 1)
        #expect(refused.stderr == "tsearch: another import into \(db) is running; try again when it has finished\n")
        #expect(Self.lockIsHeld(db), "the first import still holds the lock")

        first.process.waitUntilExit()
        second.process.waitUntilExit()
        #expect((first.process.terminationStatus, second.process.terminationStatus) == (0, 0))
        let secondErrors = try String(contentsOfFile: second.stderr, encoding: .utf8)
        #expect(secondErrors == "tsearch: \(Self.waiting) \(db) to finish…\n")
        #expect(try InterruptTests.statsJSON(db)["posts"] == 8_500)
        #expect(try CLITests.run(["check", "--db", db]).status == 0)
        #expect(!Self.lockIsHeld(db))
    }

    @Test func aKilledImportDoesNotBlockTheNext() throws {
        let files = try corpusFiles([8_000, 500])
        let db = temporary.path("killed.db")
        let killed = try startImport(db, [files[0]], name: "killed")
        try Self.waitUntilLocked(db, by: killed.process)
        kill(killed.process.processIdentifier, SIGKILL)
        killed.process.waitUntilExit()
        #expect(killed.process.terminationReason == .uncaughtSignal)

        // The lock file stays, but nobody holds it: the next import goes on without waiting.
        #expect(FileManager.default.fileExists(atPath: db + "-import.lock"))
        #expect(!Self.lockIsHeld(db))
        let next = try CLITests.run(["index", "--db", db, "--no-wait", files[1]])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!next.stderr.contains(Self.waiting))
        #expect(try CLITests.run(["check", "--db", db]).status == 0)
    }

    @Test(arguments: [("077", 0o600), ("022", 0o644)])
    func theLockFileFollowsTheUmask(umask: String, mode: Int) throws {
        let db = temporary.path("umask-\(umask).db")
        let input = temporary.write("{\"id\":\"1\",\"body\":\"x\"}\n", to: "one.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", CLITests.binary.path, "index", "--db", db, input]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let attributes = { (path: String) in
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        }
        #expect(try attributes(db + "-import.lock") == mode)
        #expect(try attributes(db) == mode, "the lock file has the index file's mode")
    }
}
