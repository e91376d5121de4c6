import Foundation
import Testing

@testable import SearchIndex

/// Issue 4's acceptance check: resolves every quote block of a JSONL post file by text and
/// compares with a truth file (`{"post","ordinal","source","text"}` per quote block, `source`
/// null when unknown), next to the naive substring baseline.
///
/// Runs on `../shared/data/jsonl/delving.jsonl.xz` and `delving-quote-truth.jsonl.xz` beside the
/// package, or on any such pair named by `QUOTE_EVAL_POSTS` and `QUOTE_EVAL_TRUTH` (`.jsonl` or
/// `.jsonl.xz`). `QUOTE_EVAL_SAMPLES=N` prints N misses and N wrong answers; `QUOTE_EVAL_STUDY=1`
/// adds precision and recall by confidence threshold and a run with each source withheld.
@Suite struct QuoteEvaluationTests {
    @Test func delvingQuotesResolveToTheirKnownSources() throws {
        let environment = ProcessInfo.processInfo.environment
        let packageRoot = URL(fileURLWithPath: #filePath)  // Tests/SearchIndexTests/Quotes/this file
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dataFolder = packageRoot.appendingPathComponent("../shared/data/jsonl").standardizedFileURL
        let posts = environment["QUOTE_EVAL_POSTS"].map(URL.init(fileURLWithPath:))
            ?? dataFolder.appendingPathComponent("delving.jsonl.xz")
        let truth = environment["QUOTE_EVAL_TRUTH"].map(URL.init(fileURLWithPath:))
            ?? dataFolder.appendingPathComponent("delving-quote-truth.jsonl.xz")
        for file in [posts, truth] where !FileManager.default.fileExists(atPath: file.path) {
            print("QuoteEvaluationTests skipped: \(file.path) not found")
            return
        }
        let samples = environment["QUOTE_EVAL_SAMPLES"].flatMap { Int($0) } ?? 0
        let report: QuoteEvaluation.Report
        do {
            report = try QuoteEvaluation.run(
                posts: posts, truth: truth, samples: samples, studying: environment["QUOTE_EVAL_STUDY"] != nil)
        } catch QuoteEvaluation.Failure.cannotDecompress(let file) {
            print("QuoteEvaluationTests skipped: cannot decompress \(file) (is xz installed?)")
            return
        }
        print(report.summary)
        #expect(report.ordinalMismatches == 0, "span counts differ from the truth's")
        #expect(report.textMismatches == 0, "span texts differ from the truth's")
        #expect(report.matcher.precision >= 0.99, "precision \(report.matcher.precision)")
        #expect(report.matcher.recall >= 0.95, "recall \(report.matcher.recall)")
    }
}

/// The evaluation itself, independent of the test framework so that it runs on any pair of files.
enum QuoteEvaluation {
    enum Failure: Error, Equatable {
        /// `xz -dc` could not read the file.
        case cannotDecompress(String)
    }

    struct Figures {
        var known = 0
        var answered = 0
        var correct = 0
        var seconds = 0.0

        var precision: Double { answered == 0 ? 1 : Double(correct) / Double(answered) }
        var recall: Double { known == 0 ? 1 : Double(correct) / Double(known) }

        func line(_ name: String) -> String {
            String(
                format: "%@ precision %.4f  recall %.4f  (%d correct, %d answered, %d known)  %.3f s",
                name, precision, recall, correct, answered, known, seconds)
        }
    }

    struct Report {
        var spans = 0
        var truthBlocks = 0
        var ordinalMismatches = 0
        var textMismatches = 0
        var matcher = Figures()
        var baselineAllText = Figures()
        var baselineOwnText = Figures()
        var notes: [String] = []

        var summary: String {
            ([
                "quote evaluation: \(truthBlocks) truth blocks, \(spans) spans split, "
                    + "\(ordinalMismatches) ordinal mismatches, \(textMismatches) text mismatches",
                matcher.line("matcher              "),
                baselineAllText.line("baseline (all text)  "),
                baselineOwnText.line("baseline (own text)  "),
            ] + notes).joined(separator: "\n")
        }
    }

    struct EvalPost {
        var index: Int64
        var id: String
        var thread: String
        var parent: String?
        var time: Int64
        var author: String?
        var split: QuoteSplitter.Result
        /// The baseline's normalized own text and whole body (quotes included).
        var baselineOwn: String
        var baselineBody: String
    }

    struct TruthBlock {
        var post: String
        var ordinal: Int
        var source: String?
        var text: String
    }

    /// - Parameters:
    ///   - samples: how many misses and wrong answers to describe in the report's notes.
    ///   - studying: whether to add precision and recall by confidence threshold, and how many
    ///     spans still resolve when their source is withheld (two more matcher passes).
    static func run(posts postsFile: URL, truth truthFile: URL, samples: Int = 0, studying: Bool = false) throws -> Report {
        var report = Report()
        let setupStart = DispatchTime.now().uptimeNanoseconds
        let posts = try readPosts(postsFile)
        let truth = try readTruth(truthFile)
        report.notes.append(String(
            format: "reading, splitting and baseline normalization: %.3f s",
            Double(DispatchTime.now().uptimeNanoseconds - setupStart) / 1e9))
        report.truthBlocks = truth.count
        report.spans = posts.values.reduce(0) { $0 + $1.split.quotes.count }
        let byThread = Dictionary(grouping: posts.values, by: \.thread)
            .mapValues { $0.sorted { ($0.time, $0.index) < ($1.time, $1.index) } }

        // Ordinals: the truth's blocks of each post must be our spans, in order.
        var truthCount = [String: Int]()
        for block in truth { truthCount[block.post, default: 0] += 1 }
        for (id, post) in posts where post.split.quotes.count != (truthCount[id] ?? 0) {
            report.ordinalMismatches += 1
            if report.ordinalMismatches <= 5 {
                report.notes.append("ordinal mismatch: post \(id) has \(post.split.quotes.count) spans, truth \(truthCount[id] ?? 0)")
            }
        }

        for block in truth {
            guard let post = posts[block.post] else { continue }
            let ours = block.ordinal < post.split.quotes.count ? post.split.quotes[block.ordinal].text : nil
            if ours.map(trimmedLines) != trimmedLines(block.text) {
                report.textMismatches += 1
                if report.textMismatches <= 3 {
                    report.notes.append("text mismatch: post \(block.post)#\(block.ordinal): \(ours?.prefix(80) ?? "no span") | \(block.text.prefix(80))")
                }
            }
        }

        // The matcher as an import runs it, timed: every span of every post, one matcher per
        // thread, candidates built and normalized inside the timed region.
        let matcherStart = DispatchTime.now().uptimeNanoseconds
        var matchers = [String: QuoteMatcher]()
        var results = [String: [QuoteMatch?]]()
        var pairs = 0
        for post in posts.values.sorted(by: { $0.index < $1.index }) where !post.split.quotes.isEmpty {
            let candidates = candidates(for: post, posts: posts, thread: byThread[post.thread] ?? [])
            pairs += candidates.count * post.split.quotes.count
            results[post.id] = post.split.quotes.map {
                matchers[post.thread, default: QuoteMatcher()].bestMatch(for: $0, among: candidates)
            }
        }
        report.matcher.seconds = Double(DispatchTime.now().uptimeNanoseconds - matcherStart) / 1e9
        report.notes.append(
            "matcher time: all \(report.spans) spans, \(pairs) span-candidate pairs, candidates built and normalized")

        // When studying, on spans of known source only: the confidence threshold off, to print
        // precision and recall by threshold, and once more with each span's source withheld.
        var studyMatchers = [String: QuoteMatcher]()
        var misses = [String]()
        var wrong = [String]()
        var outcomes = [(confidence: Double, correct: Bool)]()
        var withheldConfidences = [Double]()
        var withheldSamples = [String]()
        var unknownBlocks = 0
        var unknownResolved = 0
        for block in truth {
            guard let post = posts[block.post], block.ordinal < post.split.quotes.count else { continue }
            let span = post.split.quotes[block.ordinal]
            let result = results[post.id]?[block.ordinal] ?? nil
            guard let source = block.source else {
                unknownBlocks += 1
                if result != nil { unknownResolved += 1 }
                continue
            }
            let truthID = posts[source]?.index
            let candidates = candidates(for: post, posts: posts, thread: byThread[post.thread] ?? [])

            report.matcher.known += 1
            if let match = result {
                report.matcher.answered += 1
                if match.candidate.postID == truthID {
                    report.matcher.correct += 1
                } else if wrong.count < samples {
                    wrong.append(describe(block, post: post, match: match, candidates: candidates, posts: posts))
                }
            } else if misses.count < samples {
                misses.append(describe(block, post: post, match: nil, candidates: candidates, posts: posts))
            }

            let study = QuoteMatcher(threshold: 0, coverageThreshold: QuoteMatcher.minimumCoverage)
            if studying, let match = studyMatchers[post.thread, default: study].bestMatch(for: span, among: candidates) {
                outcomes.append((match.confidence, match.candidate.postID == truthID))
            }
            // Without its source, a span should stay unresolved unless another post shows its words.
            let withheld = candidates.filter { $0.postID != truthID }
            if studying, withheld.count != candidates.count,
               let guess = studyMatchers[post.thread, default: study].bestMatch(for: span, among: withheld)
            {
                withheldConfidences.append(guess.confidence)
                if guess.confidence >= 0.6, guess.confidence < 0.8, withheldSamples.count < samples {
                    withheldSamples.append(describe(block, post: post, match: guess, candidates: candidates, posts: posts))
                }
            }

            let baselineStart = DispatchTime.now().uptimeNanoseconds
            let quote = baselineNormalized(span.plainText)
            for ownOnly in [false, true] {
                var answer: Int64?
                if !quote.isEmpty {
                    for earlier in (byThread[post.thread] ?? []).reversed() where earlier.time < post.time {
                        if (ownOnly ? earlier.baselineOwn : earlier.baselineBody).contains(quote) {
                            answer = earlier.index
                            break
                        }
                    }
                }
                var figures = ownOnly ? report.baselineOwnText : report.baselineAllText
                figures.known += 1
                if let answer {
                    figures.answered += 1
                    if answer == truthID { figures.correct += 1 }
                }
                if ownOnly { report.baselineOwnText = figures } else { report.baselineAllText = figures }
            }
            let baselineSeconds = Double(DispatchTime.now().uptimeNanoseconds - baselineStart) / 1e9
            report.baselineAllText.seconds += baselineSeconds / 2
            report.baselineOwnText.seconds += baselineSeconds / 2
        }
        for threshold in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] where studying {
            let answered = outcomes.filter { $0.confidence >= threshold }
            let correct = answered.filter(\.correct).count
            report.notes.append(String(
                format: "  at threshold %.1f: precision %.4f  recall %.4f; with the source withheld, %d answered",
                threshold, Double(correct) / Double(max(1, answered.count)),
                Double(correct) / Double(max(1, report.matcher.known)),
                withheldConfidences.filter { $0 >= threshold }.count))
        }
        report.notes.append("blocks of unknown source resolved by the matcher: \(unknownResolved) of \(unknownBlocks)")
        if samples > 0 {
            report.notes.append("--- misses (\(misses.count) shown)")
            report.notes += misses
            report.notes.append("--- wrong answers (\(wrong.count) shown)")
            report.notes += wrong
            report.notes.append("--- answers with the source withheld, confidence 0.6..<0.8 (\(withheldSamples.count) shown)")
            report.notes += withheldSamples
        }
        return report
    }

    /// The parent and its ancestors, then every other earlier post of the thread; only posts
    /// earlier than the quoting post.
    static func candidates(for post: EvalPost, posts: [String: EvalPost], thread: [EvalPost]) -> [QuoteCandidate] {
        var result = [QuoteCandidate]()
        var seen = Set<Int64>()
        var distance = 1
        var next = post.parent.flatMap { posts[$0] }
        while let ancestor = next, distance < 1000, !seen.contains(ancestor.index) {
            if ancestor.time < post.time {
                result.append(candidate(ancestor, relation: distance == 1 ? .parent : .ancestor(distance: distance)))
                seen.insert(ancestor.index)
            }
            distance += 1
            next = ancestor.parent.flatMap { posts[$0] }
        }
        for earlier in thread where earlier.time < post.time && !seen.contains(earlier.index) {
            result.append(candidate(earlier, relation: .thread))
        }
        return result
    }

    static func candidate(_ post: EvalPost, relation: QuoteCandidate.Relation) -> QuoteCandidate {
        QuoteCandidate(
            postID: post.index, relation: relation, ownText: post.split.ownText,
            quotedText: post.split.quotes.map(\.text).joined(separator: "\n"), time: post.time,
            author: post.author)
    }

    static func trimmedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The baseline's normalization: quote markers removed, ASCII lowercased, the words (runs
    /// of letters, digits and `_`; typographic punctuation separates) joined by single spaces.
    static func baselineNormalized(_ text: String) -> String {
        var plain = QuoteSplitter.removingAllQuoteMarkers(text)
        return plain.withUTF8 { bytes -> String in
            String(unsafeUninitializedCapacity: bytes.count + 1) { out in
                var n = 0
                var inWord = false
                var i = 0
                let count = bytes.count
                while i < count {
                    let byte = bytes[i]
                    var length = 1
                    var isWord: Bool
                    if byte < 0x80 {
                        isWord = wordByte[Int(byte)]
                    } else {
                        // Only typographic punctuation (U+2000...U+206F, E2 80/81 xx) and
                        // Latin-1 punctuation (C2 xx) separate; other letters are word bytes.
                        length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                        isWord = !(byte == 0xC2 || (byte == 0xE2 && i + 1 < count && bytes[i + 1] <= 0x81))
                    }
                    if isWord {
                        if !inWord, n > 0 { out[n] = 0x20; n += 1 }
                        var k = i
                        while k < i + length, k < count {
                            let b = bytes[k]
                            out[n] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                            n += 1
                            k += 1
                        }
                    }
                    inWord = isWord
                    i += length
                }
                return n
            }
        }
    }

    static let wordByte: [Bool] = (0..<128).map { b in
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
    }

    static func describe(
        _ block: TruthBlock, post: EvalPost, match: QuoteMatch?, candidates: [QuoteCandidate],
        posts: [String: EvalPost]
    ) -> String {
        let truthIndex = block.source.flatMap { posts[$0]?.index }
        let truthCandidate = candidates.first { $0.postID == truthIndex }
        let quote = QuoteNormalizer.words(in: post.split.quotes[block.ordinal].text, readingLevels: true)
        var line = "post \(block.post)#\(block.ordinal) truth \(block.source ?? "-")"
        if let truthCandidate {
            let source = QuoteMatcher.CachedSource(own: truthCandidate.ownText, quoted: truthCandidate.quotedText)
            let score = QuoteMatcher.score(quote, segments: QuoteMatcher.segments(of: quote), against: source)
            line += " (\(truthCandidate.relation), coverage \(String(format: "%.2f", score.coverage)))"
        } else {
            line += " (not a candidate)"
        }
        if let match {
            let id = posts.values.first { $0.index == match.candidate.postID }?.id ?? "?"
            line += " got \(id) (\(match.candidate.relation), \(match.method), coverage "
                + String(format: "%.2f", match.coverage) + ")"
        }
        line += " words \(quote.count)\n    " + block.text.prefix(300).replacingOccurrences(of: "\n", with: "⏎")
        return line
    }

    // MARK: - Reading

    static func readLines(_ file: URL) throws -> [Data] {
        let data: Data
        if file.pathExtension == "xz" {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xz", "-dc", file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { throw Failure.cannotDecompress(file.path) }
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw Failure.cannotDecompress(file.path) }
        } else {
            data = try Data(contentsOf: file)
        }
        return data.split(separator: 0x0A).filter { !$0.isEmpty }
    }

    static func readPosts(_ file: URL) throws -> [String: EvalPost] {
        var posts = [String: EvalPost]()
        for (n, line) in try readLines(file).enumerated() {
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let id = string(object["id"]), let body = object["body"] as? String
            else { continue }
            let split = QuoteSplitter.split(body)
            posts[id] = EvalPost(
                index: Int64(n), id: id, thread: string(object["thread"]) ?? id, parent: string(object["parent"]),
                time: (object["time"] as? NSNumber)?.int64Value ?? 0, author: object["author"] as? String,
                split: split, baselineOwn: baselineNormalized(split.ownText), baselineBody: baselineNormalized(body))
        }
        return posts
    }

    static func readTruth(_ file: URL) throws -> [TruthBlock] {
        try readLines(file).compactMap { line in
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let post = string(object["post"]), let ordinal = (object["ordinal"] as? NSNumber)?.intValue
            else { return nil }
            return TruthBlock(
                post: post, ordinal: ordinal, source: string(object["source"]), text: object["text"] as? String ?? "")
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }
}
