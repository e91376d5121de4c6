import ArgumentParser
import Foundation
import SearchIndex

extension InputFormat: ExpressibleByArgument {}

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Import posts from files, folders or standard input into the index.",
        discussion: """
            Importing is idempotent: the same input twice leaves the same index; a post imported \
            again with new text replaces the old one. Compressed input: pipe it, for example \
            'xz -dc posts.jsonl.xz | tsearch index --format jsonl -'.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The input format.")
    var format: InputFormat = .auto

    @Option(help: "The source name for posts that do not give one (default: the format's, e.g. 'jsonl').")
    var source: String?

    @Argument(help: "Files or folders to import, or '-' for standard input.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file, folder or '-'") }
        if paths.contains("-"), format == .auto {
            throw ValidationError("standard input needs --format (for example --format jsonl)")
        }
        if let source, source.isEmpty || source.contains(":") {
            throw ValidationError("--source must be a non-empty name without ':'")
        }
    }

    func run() throws {
        try Terminal.run {
            let index = try database.open(create: true)
            var files: [String] = []
            for path in paths { files += try Self.expand(path) }
            var failures = 0
            var total = ImportSummary(file: "all", format: format.rawValue)
            for file in files {
                do {
                    let summary = try importFile(file, into: index)
                    Terminal.write(Self.describe(summary))
                    total.added += summary.added
                    total.updated += summary.updated
                    total.unchanged += summary.unchanged
                    for (reason, count) in summary.skipped { total.skipped[reason, default: 0] += count }
                } catch let error as ImportError {
                    failures += 1
                    Terminal.error("tsearch: \(error.localizedDescription)\n")
                }
            }
            let stats = try index.stats()
            Terminal.write("index \(database.path): \(stats.posts.grouped) posts in \(stats.threads.grouped) threads, "
                + "\(stats.quotes.grouped) quotes (\(stats.resolvedQuotes.grouped) linked to their source)\n")
            if failures > 0 { throw ExitCode.failure }
        }
    }

    private func importFile(_ path: String, into index: SearchIndex) throws -> ImportSummary {
        var chosen = format
        if chosen == .auto {
            guard let detected = try InputFormat.detect(path: path) else {
                throw ImportError.unknownFormat(file: path)
            }
            chosen = detected
        }
        let input = try InputFile(path: path)
        let reader = try chosen.makeReader(for: input, source: source)
        let showProgress = Terminal.stderrIsTerminal
        let summary = try index.importPosts(
            from: reader, file: input.name, format: chosen.rawValue,
            onIssue: { issue in Terminal.error("\(issue)\n") },
            onProgress: { count in
                if showProgress { Terminal.error("\r\(input.name): \(count.grouped) items…") }
            })
        if showProgress { Terminal.error("\r\u{1B}[K") }
        return summary
    }

    /// The files under `path`: itself, or every regular file under a folder, sorted.
    static func expand(_ path: String) throws -> [String] {
        if path == "-" { return [path] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("cannot open \(path): no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        for case let relative as String in enumerator {
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue,
               !(relative as NSString).lastPathComponent.hasPrefix(".")
            {
                files.append(full)
            }
        }
        return files.sorted()
    }

    /// `posts.jsonl (jsonl): 3,852 added, 0 updated, 0 unchanged, 0 skipped; 220 threads, ...`
    static func describe(_ s: ImportSummary) -> String {
        var skipped = "\(s.skippedTotal.grouped) skipped"
        if !s.skipped.isEmpty {
            let reasons = s.skipped.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\($0.value.grouped) \($0.key)" }
            skipped += " (" + reasons.joined(separator: ", ") + ")"
        }
        let mb = Double(s.textBytes) / 1_000_000
        let rate = s.seconds > 0 ? mb / s.seconds : 0
        var line = "\(s.file) (\(s.format)): \(s.added.grouped) added, \(s.updated.grouped) updated, "
            + "\(s.unchanged.grouped) unchanged, \(skipped); \(s.threads.grouped) threads, "
            + "\(s.quotes.grouped) quotes"
        if s.explicitQuoteLinks > 0 { line += ", \(s.explicitQuoteLinks.grouped) explicit quote links" }
        line += String(format: "; %.1f MB of text in %.2f s (%.1f MB/s)", mb, s.seconds, rate)
        if s.stoppedEarly { line += "; stopped early" }
        return line + "\n"
    }
}
