import Foundation
import Testing
import TestSupport

/// Runs the built `tsearch` binary as a user would: output, exit codes, JSON shape.
@Suite(.serialized)
struct CLITests {
    private let temporary = TemporaryDirectory()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("tsearch")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/tsearch")
    }()

    static let example: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/forum.jsonl").path

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TSEARCH_DB"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The path of a new index file in `temporary` (not created).
    static func newDatabase(in temporary: TemporaryDirectory) -> String {
        temporary.path("test-\(UUID().uuidString.prefix(8)).db")
    }

    /// A new index in `temporary` with the example forum imported.
    static func indexedExample(in temporary: TemporaryDirectory) throws -> String {
        let db = newDatabase(in: temporary)
        let run = try run(["index", "--db", db, example])
        #expect(run.status == 0, "index: \(run.stderr)")
        return db
    }

    @Test func helpListsSubcommands() throws {
        let run = try Self.run(["--help"])
        #expect(run.status == 0)
        for command in ["index", "search", "stats", "check", "optimize"] {
            #expect(run.stdout.contains(command), "help mentions \(command)")
        }
    }

    @Test func searchHelpDocumentsTheSyntax() throws {
        let run = try Self.run(["search", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"a phrase\""))
        #expect(run.stdout.contains("pre*"))
    }

    @Test(arguments: [
        ["search", "--limit", "0", "x"],
        ["search"],
        ["index"],
        ["frobnicate"],
        ["index", "--format", "yaml", "x"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let run = try Self.run(arguments + ["--db", Self.newDatabase(in: temporary)])
        #expect(run.status == 64, "exit code of \(arguments): \(run.stderr)")
    }

    @Test func indexPrintsASummaryAndIsIdempotent() throws {
        let db = Self.newDatabase(in: temporary)
        let first = try Self.run(["index", "--db", db, Self.example])
        #expect(first.status == 0)
        #expect(first.stdout.contains("14 added, 0 updated, 0 unchanged, 0 skipped"))
        let second = try Self.run(["index", "--db", db, Self.example])
        #expect(second.stdout.contains("0 added, 0 updated, 14 unchanged, 0 skipped"))
        #expect(second.stdout.contains("index \(db): 14 posts in 4 threads"))
    }

    @Test func indexReadsStandardInput() throws {
        let db = Self.newDatabase(in: temporary)
        let run = try Self.run(["index", "--db", db, "--format", "jsonl", "-"],
                               stdin: #"{"id":"1","body":"hello from a pipe"}"# + "\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("<stdin> (jsonl): 1 added"))
    }

    @Test func anUnreadableCompressedFileSaysWhyNotThatItsFormatIsUnknown() throws {
        let db = Self.newDatabase(in: temporary)
        let damaged = temporary.path("posts.jsonl.xz")
        // The xz magic number, then nothing xz can decode.
        try Data([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] + Array("not really xz".utf8)).write(to: URL(fileURLWithPath: damaged))
        let run = try Self.run(["index", "--db", db, damaged])
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(damaged): read failed: the file is damaged or truncated"), "\(run.stderr)")

        let good = temporary.path("good.jsonl.xz")
        try Data(#"{"id":"1","body":"compressed"}"#.utf8).write(to: URL(fileURLWithPath: temporary.path("good.jsonl")))
        let xz = try Self.runTool("/usr/bin/env", ["xz", "-k", temporary.path("good.jsonl")])
        try #require(xz == 0, "xz is needed for this test")
        // No xz on the PATH.
        let noTools = try Self.run(["index", "--db", db, good], environment: ["PATH": temporary.path("empty")])
        #expect(noTools.status != 0)
        #expect(noTools.stderr.contains("it is compressed and 'xz' cannot be run (is it installed?)"), "\(noTools.stderr)")
    }

    static func runTool(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func badLinesAreReportedWithTheirLine() throws {
        let db = Self.newDatabase(in: temporary)
        let run = try Self.run(["index", "--db", db, "--format", "jsonl", "-"],
                               stdin: "{\"id\":\"1\",\"body\":\"ok\"}\n{broken\n")
        #expect(run.status == 0)
        #expect(run.stderr.contains("<stdin>: line 2: malformed JSON"))
        #expect(run.stdout.contains("1 skipped (1 malformed JSON)"))
    }

    @Test func searchPrintsHitsWithPlainMarkers() throws {
        let db = try Self.indexedExample(in: temporary)
        let run = try Self.run(["search", "--db", db, "\"bead is not seated\""])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "1. Tubeless conversion keeps burping air")
        #expect(lines.contains { $0.contains("joel · 2025-03-02 · score") && $0.hasSuffix("coop:102") })
        #expect(run.stdout.contains("**bead is not seated**"))
        // The two replies that quote joel's words are credited to him, not listed as echoes.
        #expect(run.stdout.contains("quoted by 2: coop:103, coop:104"))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test func negatedWordIsNotAnOption() throws {
        let db = try Self.indexedExample(in: temporary)
        let run = try Self.run(["search", "--db", db, "--format", "jsonl", "chain", "-cassette"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.isEmpty)
    }

    @Test func doubleDashEndsTheOptions() throws {
        let db = try Self.indexedExample(in: temporary)
        let plain = try Self.run(["search", "--db", db, "--format", "jsonl", "chain", "-cassette"])
        let dashed = try Self.run(["search", "--db", db, "--format", "jsonl", "--", "chain", "-cassette"])
        #expect(dashed.status == 0, "\(dashed.stderr)")
        #expect(dashed.stdout == plain.stdout)
        let leading = try Self.run(["search", "--db", db, "--format", "jsonl", "--", "-cassette", "chain"])
        #expect(leading.status == 0, "\(leading.stderr)")
        #expect(!leading.stdout.isEmpty)
    }

    @Test func searchJSONShape() throws {
        let db = try Self.indexedExample(in: temporary)
        let run = try Self.run(["search", "--db", db, "--format", "json", "--limit", "2", "chain"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["query"] as? String == "chain")
        #expect((object["total"] as? Int ?? 0) >= 3)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        for key in ["source", "id", "key", "thread", "title", "author", "time", "timestamp", "score", "snippet", "quoted_match"] {
            #expect(hits[0][key] != nil, "hit has \(key)")
        }
        #expect(hits[0]["source"] as? String == "coop")
        #expect(hits[0]["thread"] as? String == "201")
        let snippet = try #require(hits[0]["snippet"] as? [String: Any])
        #expect(snippet["column"] as? String == "own")
        #expect((snippet["matches"] as? [[Int]])?.isEmpty == false)
    }

    @Test(arguments: [
        ("\"unclosed", "unclosed '\"' at 1"),
        ("OR", "'OR' at 1 needs a term on each side"),
        ("*", "'*' at 1 must end a word"),
        ("-chain", "only excludes words"),
        ("^", "'^' at 1 has no letters or digits"),
        ("(chain", "unclosed '(' at 1"),
    ])
    func badQueriesExit1WithOneClearLine(query: String, message: String) throws {
        let db = try Self.indexedExample(in: temporary)
        let run = try Self.run(["search", "--db", db, query])
        #expect(run.status == 1, "exit code for \(query)")
        #expect(run.stderr.contains(message), "message for \(query): \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        for leak in ["fts5", "SQL", "sqlite", "syntax error"] {
            #expect(!run.stderr.localizedCaseInsensitiveContains(leak), "\(leak) leaked for \(query)")
        }
    }

    @Test func statsJSONAndCheck() throws {
        let db = try Self.indexedExample(in: temporary)
        let stats = try Self.run(["stats", "--db", db, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["posts"] as? Int == 14)
        #expect(object["threads"] as? Int == 4)
        #expect(object["quotes"] as? Int == 10)
        #expect(object["resolved_quotes"] != nil)
        let check = try Self.run(["check", "--db", db])
        #expect(check.status == 0)
        #expect(!check.stdout.contains("FAIL"))
    }

    @Test func optimizeWithAndWithoutCompacting() throws {
        let db = try Self.indexedExample(in: temporary)
        for arguments in [["optimize", "--db", db, "--no-compact"], ["optimize", "--db", db]] {
            let run = try Self.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(run.stdout == "optimized \(db)\n")
            #expect(run.stderr.isEmpty)
            #expect(try Self.run(["check", "--db", db]).status == 0)
        }
        #expect(try Self.run(["search", "--db", db, "seated"]).stdout.contains("seated"))
    }

    @Test func databaseFromEnvironment() throws {
        let db = try Self.indexedExample(in: temporary)
        let run = try Self.run(["stats"], environment: ["TSEARCH_DB": db])
        #expect(run.status == 0)
        #expect(run.stdout.contains("14"))
    }

    @Test func missingIndexIsAClearError() throws {
        let run = try Self.run(["search", "--db", "/nonexistent/x.db", "chain"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no index at /nonexistent/x.db"))
    }

    @Test func readingCommandsLeaveTheIndexFileAsItWas() throws {
        let db = try Self.indexedExample(in: temporary)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for arguments in [["search", "chain"], ["search", "--format", "json", "--threads", "chain"], ["stats"],
                          ["show", "102"], ["thread", "101"], ["quotes"]] {
            let run = try Self.run(arguments + ["--db", db])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try Self.run(["check", "--db", db]).status == 0)
    }

    @Test func aFileThatIsNotAnIndexIsAClearError() throws {
        let path = temporary.write(String(repeating: "not an index\n", count: 100), to: "notes.db")
        for command in ["search", "stats"] {
            let run = try Self.run([command, "--db", path] + (command == "search" ? ["chain"] : []))
            #expect(run.status == 1)
            #expect(run.stderr == "tsearch: \(path) is not a tsearch index\n", "\(command)")
        }
    }
}

/// `show`, `thread` and `quotes` on the example forum.
@Suite(.serialized)
struct BrowseCLITests {
    private let temporary = TemporaryDirectory()

    @Test func showPutsQuotesBackWithTheirSources() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["show", "--db", db, "coop:103"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("coop:103 · marta · 2025-03-02 · in \"Tubeless conversion keeps burping air\" (coop:101)"))
        #expect(run.stdout.contains("> Burping almost always means the bead is not seated tightly.\n  └ quoted from coop:102 (joel, 2025-03-02) [parent, verbatim]"))
    }

    @Test func showListsWhoQuotesAPost() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["show", "--db", db, "102"])
        #expect(run.stdout.contains("Quoted by 2 posts:"))
        #expect(run.stdout.contains("coop:103 (marta, 2025-03-02)"))
        #expect(run.stdout.contains("coop:104 (priya, 2025-03-03)"))
    }

    @Test func threadIsATree() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["thread", "--db", db, "coop:101"])
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Tubeless conversion keeps burping air · coop:101 · 4 posts") == true)
        #expect(lines.dropFirst().map { String($0.prefix(20)) } == [
            "coop:101 marta 2025-", "└─ coop:102 joel 202", "   ├─ coop:103 marta", "   └─ coop:104 priya",
        ])
        #expect(lines[3].contains("↩102 "))
        let json = try CLITests.run(["thread", "--db", db, "--format", "json", "101"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let roots = try #require(object["roots"] as? [[String: Any]])
        #expect(roots.count == 1)
        #expect(((roots[0]["replies"] as? [[String: Any]])?.first?["replies"] as? [Any])?.count == 2)
    }

    @Test func quotesPrintsTheGraphAsJSONLines() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["quotes", "--db", db])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 10)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["post", "post_source", "ordinal", "source", "method", "confidence", "text"] {
            #expect(first[key] != nil, "link has \(key)")
        }
        #expect(first["post"] as? String == "102")
        #expect(first["source"] as? String == "101")
        #expect(first["method"] as? String == "parent")
    }

    /// A Discourse quote naming a post the index does not have: `show` says its source is
    /// unresolved, `quotes` gives method null, `check` passes; the post's arrival links it.
    @Test func quoteOfAMissingPostStaysUnresolvedUntilThePostArrives() throws {
        let db = CLITests.newDatabase(in: temporary)
        let reply = temporary.write(#"""
            {"id": 602, "topic_id": 60, "post_number": 2, "raw": "[quote=\"ghost, post:7, topic:60\"]\nwords of a post that is gone\n[/quote]\n\nmy reply"}
            """#, to: "reply.json")
        #expect(try CLITests.run(["index", "--db", db, reply]).status == 0)
        let show = try CLITests.run(["show", "--db", db, "discourse:602"])
        #expect(show.stdout.contains("> words of a post that is gone\n  └ source unresolved\n"), "\(show.stdout)")
        func link() throws -> [String: Any] {
            let quotes = try CLITests.run(["quotes", "--db", db, "discourse:602"])
            return try #require(try JSONSerialization.jsonObject(with: Data(quotes.stdout.utf8)) as? [String: Any])
        }
        #expect(try link()["method"] is NSNull && link()["source"] is NSNull)
        let check = try CLITests.run(["check", "--db", db])
        #expect(check.status == 0 && !check.stdout.contains("FAIL"), "\(check.stdout)")

        let quoted = temporary.write(#"{"id": 607, "topic_id": 60, "post_number": 7, "raw": "words of a post that is gone"}"#,
                                     to: "quoted.json")
        let later = try CLITests.run(["index", "--db", db, quoted])
        #expect(later.stdout.contains("1 explicit quote links"), "\(later.stdout)")
        #expect(try link()["method"] as? String == "explicit" && link()["source"] as? String == "607")
    }

    @Test func unknownPostIsAClearError() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["show", "--db", db, "nope"])
        #expect(run.status == 1)
        #expect(run.stderr == "tsearch: no post 'nope' in the index (give SOURCE:ID, as search results show it)\n")
    }
}

/// The ranking layer's options, end to end.
@Suite(.serialized)
struct SearchOptionsCLITests {
    private let temporary = TemporaryDirectory()

    @Test func threadsModeShowsTheThreadAndHowToOpenIt() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["search", "--db", db, "--threads", "pads"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("1. Squealing disc brakes after rain  [4/4]"))
        #expect(run.stdout.contains("open: tsearch thread coop:301"))
        let json = try CLITests.run(["search", "--db", db, "--threads", "--format", "json", "chain"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let threads = try #require(object["threads"] as? [[String: Any]])
        #expect(threads.first?["thread"] as? String == "201")
        for key in ["source", "thread", "title", "matched", "total", "score", "best"] {
            #expect(threads.first?[key] != nil, "thread has \(key)")
        }
    }

    @Test func sortChangesTheOrderNotTheSet() throws {
        let db = try CLITests.indexedExample(in: temporary)
        var sets: [Set<String>] = []
        var orders: [[String]] = []
        for sort in ["relevance", "newest", "oldest", "quoted"] {
            let run = try CLITests.run(["search", "--db", db, "--sort", sort, "--format", "jsonl", "chain OR pads"])
            #expect(run.status == 0, "sort \(sort)")
            let keys = run.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["key"] as? String
            }
            sets.append(Set(keys))
            orders.append(keys)
        }
        #expect(Set(sets).count == 1)
        #expect(orders[1] == orders[2].reversed())
    }

    /// A match in words that answer a quote shows the quoted line, then the answer, each with
    /// its author.
    @Test func snippetShowsTheExchange() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["search", "--db", db, "sealant"])
        #expect(run.stdout.contains("""
               > joel: add a third wrap of tape rather than more sealant
               marta: …I still topped up the **sealant** because
            """))
        let json = try CLITests.run(["search", "--db", db, "--format", "jsonl", "bedding card"])
        let hit = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        let exchange = try #require(hit["exchange"] as? [String: Any])
        #expect(exchange["quoted_author"] as? String == "marta")
        #expect(exchange["quoted_key"] as? String == "coop:303")
    }

    @Test func explainPrintsTheScoreTree() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["search", "--db", db, "--explain", "--limit", "1", "squeal"])
        #expect(run.stdout.contains("score = bm25 × priors"))
        #expect(run.stdout.contains("bm25 (title 3.0, own text 1.0, quoted 0.0)"))
    }

    @Test func filtersAlone() throws {
        let db = try CLITests.indexedExample(in: temporary)
        let run = try CLITests.run(["search", "--db", db, "--format", "jsonl", "author:priya", "after:2025-05-01"])
        let ids = run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["304", "301"])
    }

    @Test func mixedFolderImportsWithAuto() throws {
        let dir = temporary.url.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("forum"), withIntermediateDirectories: true)
        try """
            From mboxrd@z Thu Jan  1 00:00:00 1970
            From: Ann <ann@example.org>
            Subject: Kettle descaling
            Date: Mon, 3 Mar 2025 10:00:00 +0000
            Message-ID: <k1@example.org>

            Vinegar descales a kettle overnight.

            """.write(to: dir.appendingPathComponent("list.mbox"), atomically: true, encoding: .utf8)
        try #"{"id": 5, "topic_id": 2, "topic_title": "Kettles", "post_number": 1, "username": "bo", "created_at": "2025-03-04T10:00:00Z", "raw": "Citric acid descales faster than vinegar.", "cooked": "<p>Citric acid descales faster than vinegar.</p>"}"#
            .write(to: dir.appendingPathComponent("forum/5.json"), atomically: true, encoding: .utf8)
        try #"{"id":"77","by":"cy","time":"1741200000","text":"Descaling with lemon juice works too.","parent":"70"}"#
            .write(to: dir.appendingPathComponent("hn.jsonl"), atomically: true, encoding: .utf8)
        let db = CLITests.newDatabase(in: temporary)
        let run = try CLITests.run(["index", "--db", db, dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(1 discourse, 1 hn, 1 mbox): 3 added"))
        let search = try CLITests.run(["search", "--db", db, "--format", "jsonl", "descal*"])
        let sources = Set(search.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["source"] as? String
        })
        #expect(sources == ["mail", "discourse", "hn"])
    }
}

@Suite(.serialized)
struct StrictCLITests {
    private let temporary = TemporaryDirectory()

    @Test func strictImportsNothingFromAFileWithABadItem() throws {
        let dir = temporary.url
        let path = dir.appendingPathComponent("posts.jsonl").path
        try "{\"id\":\"1\",\"body\":\"fine\"}\n{broken\n{\"id\":\"3\",\"body\":\"also fine\"}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let db = CLITests.newDatabase(in: temporary)
        let strict = try CLITests.run(["index", "--db", db, "--strict", path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("posts.jsonl: line 2: malformed JSON (--strict: nothing imported"))
        #expect(strict.stdout.contains("0 posts"))
        let lenient = try CLITests.run(["index", "--db", db, path])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("2 added"))
    }
}
