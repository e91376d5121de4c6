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
            again with new text replaces the old one. Any other input can be piped, for example \
            'bzcat posts.jsonl.bz2 | tsearch index --format jsonl -'. Files compressed with gzip, \
            xz, bzip2 or zstd are read directly. Imports into one index take turns: while another \
            one runs, this one says so and waits (the lock is the file INDEX-import.lock).
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The input format.")
    var format: InputFormat = .auto

    @Option(help: "The source name for posts that do not give one (default: the format's, e.g. 'jsonl').")
    var source: String?

    @Flag(help: "Stop at the first bad item of a file and import nothing from that file.")
    var strict = false

    @Flag(name: .customLong("no-wait"),
          help: "Fail at once when another import into the index is running, instead of waiting for it.")
    var noWait = false

    @Flag(name: .customLong("defer-quotes"),
          help: "Do not match quotes to their sources now; the next import without this flag does.")
    var deferQuotes = false

    @Argument(help: "Files or folders to import, or '-' for standard input.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file, folder or '-'") }
        if strict, paths.contains("-") {
            throw ValidationError("--strict reads each file twice (check, then import); it cannot read standard input")
        }
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
            Interrupt.shared.install()
            // One turn for every path: no other import runs between them.
            let failures = try index.withImportLock(
                wait: !noWait,
                onWait: { Terminal.error("tsearch: waiting for another import into \(database.path) to finish…\n") },
                shouldStop: { Interrupt.shared.isRequested }
            ) {
                var failures = 0
                for path in paths where !Interrupt.shared.isRequested {
                    do {
                        let summary = try importPath(path, into: index)
                        Terminal.write(Self.describe(summary))
                    } catch let error as ImportError {
                        failures += 1
                        Terminal.error("tsearch: \(error.localizedDescription)\n")
                    } catch let error as CLIError {
                        failures += 1
                        Terminal.error("tsearch: \(error.description)\n")
                    }
                }
                return failures
            }
            guard let failures else {
                throw CLIError("stopped while waiting for the other import; nothing imported")
            }
            let stats = try index.stats()
            Terminal.write("index \(database.path): \(stats.posts.grouped) posts in \(stats.threads.grouped) threads, "
                + "\(stats.quotes.grouped) quotes (\(stats.resolvedQuotes.grouped) linked to their source)\n")
            if failures > 0 { throw ExitCode.failure }
        }
    }

    /// Imports one path argument (a file, a folder, or standard input) as one import.
    private func importPath(_ path: String, into index: SearchIndex) throws -> ImportSummary {
        let files = try Self.expand(path)
        var entries: [FileSetReader.Entry] = []
        var formats: [String: Int] = [:]
        for file in files {
            var chosen = format
            if chosen == .auto, file != "-" {
                do {
                    chosen = try InputFormat.detect(path: file) ?? .auto
                } catch where files.count == 1 {
                    // The file cannot be read (a damaged archive, no decompressor): say that,
                    // not that its format is unknown. In a folder the reader reports it.
                    throw error
                } catch {
                    chosen = .auto
                }
            }
            if chosen != .auto { formats[chosen.rawValue, default: 0] += 1 }
            entries.append(.init(path: file, format: chosen))
        }
        if files.count == 1, entries[0].format == .auto {
            throw ImportError.unknownFormat(file: path)
        }
        let formatName: String = if formats.count == 1, let only = formats.keys.first {
            only
        } else {
            formats.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        let name = path == "-" ? "<stdin>" : path
        if strict {
            // A first pass reads every file and stops at the first bad item: nothing of a file
            // with one is imported.
            var checker = FileSetReader(entries, source: source)
            while let item = try checker.next() {
                if case let .skipped(issue) = item {
                    throw CLIError("\(issue) (--strict: nothing imported from \(name))")
                }
            }
        }
        let showProgress = Terminal.stderrIsTerminal
        let summary = try index.importPosts(
            from: FileSetReader(entries, source: source), file: name, format: formatName,
            onIssue: { issue in Terminal.error("\(issue)\n") },
            onProgress: { count in
                if showProgress { Terminal.error("\r\(name): \(count.grouped) items…") }
            },
            shouldStop: { Interrupt.shared.isRequested },
            resolveQuotes: !deferQuotes)
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
            + "\(s.unchanged.grouped) unchanged, \(skipped)"
            + (s.removed > 0 ? ", \(s.removed.grouped) removed as deleted by the source" : "")
            + "; \(s.newThreads.grouped) new threads, "
            + "\(s.quotes.grouped) quotes"
        if s.explicitQuoteLinks > 0 { line += ", \(s.explicitQuoteLinks.grouped) explicit quote links" }
        if s.quotesResolved + s.quotesUnresolved > 0 {
            line += ", \(s.quotesResolved.grouped) resolved by text (\(s.quotesUnresolved.grouped) not)"
        }
        line += String(format: "; %.1f MB of text in %.2f s (%.1f MB/s)", mb, s.seconds, rate)
        if s.stoppedEarly {
            line += "; interrupted after \(s.postsRead.grouped) posts: run the same command again to finish"
        }
        return line + "\n"
    }
}
