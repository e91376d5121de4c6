import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// The fuzz tests' rounds: seeded, so that a failure names the seed that replays it.
///
/// Each fuzz test runs `rounds` rounds, round `r` with seed `base + r`. `TSEARCH_FUZZ_ROUNDS`
/// sets the number of rounds (default 4: about a second a test in a debug build);
/// `TSEARCH_FUZZ_SEED` replaces every test's base seed, to replay a failure:
///
/// ```sh
/// TSEARCH_FUZZ_ROUNDS=500 swift test --filter Fuzz
/// TSEARCH_FUZZ_SEED=7013 TSEARCH_FUZZ_ROUNDS=1 swift test --filter MboxFuzzTests
/// ```
enum FuzzRun {
    static let rounds: Int = {
        guard let raw = ProcessInfo.processInfo.environment["TSEARCH_FUZZ_ROUNDS"] else { return 4 }
        guard let rounds = Int(raw), rounds > 0 else {
            preconditionFailure("TSEARCH_FUZZ_ROUNDS must be a positive number, not '\(raw)'")
        }
        return rounds
    }()

    /// The seeds of a test whose own base seed is `base`.
    static func seeds(base: UInt64) -> [UInt64] {
        let start = ProcessInfo.processInfo.environment["TSEARCH_FUZZ_SEED"].flatMap { UInt64($0) } ?? base
        return (0..<UInt64(rounds)).map { start + $0 }
    }
}

/// One item of a valid input (an mbox message, a JSON line, a file) and how to mutate it.
struct FuzzUnit {
    var bytes: [UInt8]
    /// Bytes at the start that mutations leave alone (an mbox separator line), so that a mutated
    /// item never joins the one before it.
    var keepPrefix = 0
    /// Bytes at the end that mutations leave alone (the line end), so that a mutated item never
    /// swallows the one after it.
    var keepSuffix = 0
    /// A word that only this item's text has, to find it by searching; `nil` for real data.
    var marker: String?

    init(_ text: String, keepPrefix: Int = 0, keepSuffix: Int = 0, marker: String? = nil) {
        self.init(bytes: Array(text.utf8), keepPrefix: keepPrefix, keepSuffix: keepSuffix, marker: marker)
    }

    init(bytes: [UInt8], keepPrefix: Int = 0, keepSuffix: Int = 0, marker: String? = nil) {
        self.bytes = bytes
        self.keepPrefix = keepPrefix
        self.keepSuffix = keepSuffix
        self.marker = marker
    }
}

/// Mutates bytes at random: removes a byte or a run, replaces a byte, inserts a hostile piece,
/// or repeats a run, between the parts a unit keeps.
struct Mutator {
    var random: SeededGenerator
    let pieces: [[UInt8]]

    /// Pieces every reader meets: quotes, escapes, NUL, invalid UTF-8, control characters, JSON
    /// structure, deep nesting, huge lengths.
    static let common: [[UInt8]] = [
        "\"", "\\", "\\\"", "\\u0000", "\\ud800", "\\udc00\\ud800", "\\u001b[2J", "\\n", "\\n> ", "{", "}", "[",
        "]", ",", ":", "null", "1e999", "-0", "99999999999999999999999", "\n", "\r", "\r\n", "\t",
        "\u{202E}", "&gt;", "&amp;gt;", "&#x27;", "&#0;", "&#1114112;", "&", "<", ">", "\n> > >",
    ].map { Array($0.utf8) } + [
        [0x00], [0xFF], [0xFE], [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x1B],
        Array(repeating: UInt8(ascii: "["), count: 600),
        Array(String(repeating: "{\"a\":", count: 300).utf8),
        Array(("\"" + String(repeating: "x", count: 100_000) + "\"").utf8),
        Array(String(repeating: "&gt;", count: 20_000).utf8),
    ]

    init(seed: UInt64, pieces: [[UInt8]]) {
        random = SeededGenerator(seed: seed)
        self.pieces = pieces
    }

    /// `unit`'s bytes with one to four edits between its kept prefix and suffix.
    mutating func mutate(_ unit: FuzzUnit) -> [UInt8] {
        var bytes = unit.bytes
        for _ in 0..<(1 + random.next(4)) {
            let low = unit.keepPrefix
            let high = bytes.count - unit.keepSuffix
            guard high > low else { break }
            let at = low + random.next(high - low)
            switch random.next(6) {
            case 0: bytes.remove(at: at)
            case 1: bytes.removeSubrange(at..<min(high, at + 1 + random.next(24)))
            case 2: bytes[at] = UInt8(random.next(256))
            case 3: bytes.insert(contentsOf: Array(bytes[at..<min(high, at + 1 + random.next(64))]), at: at)
            default: bytes.insert(contentsOf: pieces[random.next(pieces.count)], at: at)
            }
        }
        return bytes
    }
}

/// A reader that keeps a copy of every item it yields, for the test to compare with the index.
struct RecordingReader: PostReader {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ReadItem] = []

        func add(_ item: ReadItem) {
            lock.lock()
            items.append(item)
            lock.unlock()
        }

        var all: [ReadItem] {
            lock.lock()
            defer { lock.unlock() }
            return items
        }
    }

    var reader: any PostReader
    let log = Log()

    mutating func next() throws -> ReadItem? {
        let item = try reader.next()
        if let item { log.add(item) }
        return item
    }
}

/// A fuzz test of one reader: valid units, mutated at random round after round, imported
/// through ``SearchIndex/importPosts(from:file:format:onIssue:onProgress:shouldStop:resolveQuotes:)``.
///
/// Each round checks that nothing crashes or throws; that every reported issue names its file
/// and a location the reader gives (`locationPattern`) in one line without control characters or
/// storage wording; that every untouched unit is read exactly as it reads alone, and is in the
/// index with its text and found by its marker word (unless a mutated unit took its key); that
/// the index passes ``SearchIndex/check()``; and that browsing it works.
struct ReaderFuzz {
    var format: InputFormat
    var units: [FuzzUnit]
    var pieces: [[UInt8]]
    /// How the units become files: one file of them all (`nil`), or one file each named so.
    var fileNames: ((Int) -> String)?
    var fileName = "input"
    var locationPattern: Regex<Substring>
    /// The most issues one file may give (a broken document is one issue, not one per line).
    var maxIssuesPerFile = Int.max

    /// What `run` saw over all its rounds, for tests to assert the run was not vacuous.
    struct Tally {
        var rounds = 0
        var intactChecked = 0
        var issues = 0
        var reasons: [String: Int] = [:]
    }

    /// The post each unit gives when read alone; records an issue when a unit is not one valid post.
    func cleanPosts() throws -> [Post] {
        let temporary = TemporaryDirectory(prefix: "tsearch-fuzz")
        return try units.enumerated().compactMap { number, unit in
            let path = temporary.write(Data(unit.bytes), to: "unit-\(number)")
            var reader = try format.makeReader(for: InputFile(path: path), source: nil)
            var posts: [Post] = []
            while let item = try reader.next() {
                if case let .post(post) = item { posts.append(post) } else { Issue.record("unit \(number) is not valid: \(item)") }
            }
            #expect(posts.count == 1, "unit \(number) reads as \(posts.count) posts")
            return posts.first
        }
    }

    func run(base: UInt64, name: String = #function) throws -> Tally {
        let clean = try cleanPosts()
        try #require(clean.count == units.count)
        var tally = Tally()
        let started = Date()
        for seed in FuzzRun.seeds(base: base) {
            try round(seed: seed, clean: clean, tally: &tally)
        }
        let reasons = tally.reasons.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print(String(format: "fuzz %@ (%@): %d rounds of %d units from seed %llu in %.1f s; %d untouched units checked; %d issues (%@)",
                     name, format.rawValue, tally.rounds, units.count, FuzzRun.seeds(base: base)[0],
                     Date().timeIntervalSince(started), tally.intactChecked, tally.issues, reasons))
        return tally
    }

    /// Whether a `line N` is a line of `bytes`, and a `byte N` the start of a line of it.
    static func location(_ location: String, fits bytes: [UInt8]) -> Bool {
        if let match = location.firstMatch(of: /line (\d+)/), let line = Int(match.1) {
            guard line >= 1, line <= bytes.count(where: { $0 == 0x0A }) + 1 else { return false }
        }
        if let match = location.firstMatch(of: /byte (\d+)/), let offset = Int(match.1) {
            guard offset < bytes.count, offset == 0 || bytes[offset - 1] == 0x0A else { return false }
        }
        return true
    }

    private func round(seed: UInt64, clean: [Post], tally: inout Tally) throws {
        var mutator = Mutator(seed: seed, pieces: pieces)
        let temporary = TemporaryDirectory(prefix: "tsearch-fuzz")
        var intact: [Int] = []
        var files: [[UInt8]] = []
        for (number, unit) in units.enumerated() {
            let keep = mutator.random.next(3) == 0
            if keep { intact.append(number) }
            let bytes = keep ? unit.bytes : mutator.mutate(unit)
            if fileNames == nil, !files.isEmpty { files[0] += bytes } else { files.append(bytes) }
        }
        let paths = files.enumerated().map { number, bytes in
            temporary.write(Data(bytes), to: fileNames?(number) ?? fileName)
        }
        let context = "seed \(seed) (replay: TSEARCH_FUZZ_SEED=\(seed) TSEARCH_FUZZ_ROUNDS=1)"

        let index = try SearchIndex()
        let recorder = RecordingReader(reader: FileSetReader(paths.map { .init(path: $0, format: format) }))
        let issues = IssueLog()
        _ = try index.importPosts(from: recorder, file: "fuzz", format: format.rawValue, onIssue: { issues.add($0) })
        let items = recorder.log.all

        // Every skipped item is reported once, in one clear line.
        #expect(issues.all == items.compactMap(\.issue), "\(context)")
        for issue in issues.all {
            let where_ = "\(context): \(issue.description.debugDescription)"
            #expect(paths.contains(issue.file), "issue names its file: \(where_)")
            #expect(issue.location.wholeMatch(of: locationPattern) != nil, "issue names its location: \(where_)")
            if let number = paths.firstIndex(of: issue.file) {
                #expect(Self.location(issue.location, fits: files[number]), "the location is in the file: \(where_)")
            }
            #expect(!issue.reason.isEmpty && !issue.detail.isEmpty, "issue says why: \(where_)")
            #expect(TextStyle.sanitized(issue.description) == issue.description,
                    "issue is one line without control characters: \(where_)")
            let lower = issue.description.lowercased()
            #expect(!["sql", "fts5", "syntax error", "constraint"].contains { lower.contains($0) },
                    "issue without storage wording: \(where_)")
            tally.reasons[issue.reason, default: 0] += 1
        }
        tally.issues += issues.all.count
        for path in paths {
            let count = issues.all.count { $0.file == path }
            #expect(count <= maxIssuesPerFile, "\(context): \(count) issues for \(path)")
        }

        let check = try index.check()
        #expect(check.passed, "\(context): \(check.items.filter { $0.problem != nil })")

        // Untouched units are read as they read alone, and are in the index.
        let posts = items.compactMap(\.post)
        for number in intact {
            let expected = clean[number]
            #expect(posts.contains(expected), "\(context): unit \(number) (\(expected.id)) read as alone")
            let key = "\(expected.source):\(expected.id)"
            let others = items.filter { item in
                switch item {
                case let .post(post): post.source == expected.source && post.id == expected.id && post != expected
                case let .deleted(source, id, _, _): source == expected.source && id == expected.id
                case .skipped: false
                }
            }
            // A mutated unit that came out with this one's id may have replaced or deleted it.
            guard others.isEmpty else { continue }
            let view = try index.post(key)
            #expect(view.ownText == expected.ownText, "\(context): \(key) stored as read")
            if let marker = units[number].marker {
                let hits = try index.search(marker, options: SearchOptions(limit: 50)).hits
                #expect(hits.contains { $0.source == expected.source && $0.id == expected.id }, "\(context): \(key) found by \(marker)")
            }
            _ = BrowseRenderer(style: TextStyle(ansi: false)).render(view)
            _ = BrowseRenderer(style: TextStyle(ansi: false)).render(try index.thread(key))
            tally.intactChecked += 1
        }
        _ = try index.quoteLinks()
        tally.rounds += 1
        // The input files stay until the round is over.
        withExtendedLifetime(temporary) {}
    }
}
