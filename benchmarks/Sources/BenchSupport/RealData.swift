import Foundation

/// Finds the real JSONL corpora in `shared/data/jsonl` beside the repository and unpacks them
/// once per process into a temporary folder (the data is never copied into the repository).
public enum RealData {
    /// The files the benchmarks import: the kernel summit mail and the Delving Bitcoin forum.
    public static let files = ["ksummit.jsonl.xz", "delving.jsonl.xz"]

    /// The folder holding the `.jsonl.xz` files: `$TSEARCH_DATA/jsonl` when set, else the first
    /// `shared/data/jsonl` found beside an ancestor of this source file or of the current folder.
    public static func folder() throws -> URL {
        let manager = FileManager.default
        if let data = ProcessInfo.processInfo.environment["TSEARCH_DATA"] {
            return URL(fileURLWithPath: data).appendingPathComponent("jsonl")
        }
        let starts = [URL(fileURLWithPath: #filePath), URL(fileURLWithPath: manager.currentDirectoryPath)]
        for start in starts {
            var dir = start.standardizedFileURL
            while dir.path != "/" {
                for candidate in ["shared/data/jsonl", "../shared/data/jsonl"] {
                    let url = dir.appendingPathComponent(candidate).standardizedFileURL
                    if manager.fileExists(atPath: url.appendingPathComponent(files[0]).path) { return url }
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw BenchError("cannot find shared/data/jsonl beside the repository; set TSEARCH_DATA")
    }

    /// The real corpora decompressed to plain JSONL files in a temporary folder, made once.
    public static func unpacked() throws -> [URL] {
        try unpackOnce.get()
    }

    private static let unpackOnce: Result<[URL], any Error> = Result {
        let source = try folder()
        let target = try TemporaryFolder.make(prefix: "tsearch-bench-data")
        return try files.map { name in
            let output = target.appendingPathComponent(String(name.dropLast(3)))
            try run("/usr/bin/env", ["xz", "-dc", source.appendingPathComponent(name).path], stdout: output)
            return output
        }
    }

    /// The same posts in the formats their sources publish, unpacked once to a temporary folder:
    /// the two ksummit mailboxes, and the Delving Bitcoin posts as Discourse API JSON files.
    public static func mailboxes() throws -> [URL] {
        try mailboxesOnce.get()
    }

    /// The Delving Bitcoin posts as Discourse API JSON, one file per post (4,725 files).
    public static func discourseFiles() throws -> [URL] {
        try discourseOnce.get()
    }

    /// The Hacker News sample (1,000 comments as API items, JSON Lines); not compressed.
    public static func hackerNews() throws -> URL {
        let file = try folder().deletingLastPathComponent().appendingPathComponent("hn-typesense-1000/hn-comments-1000-sample.jsonl")
        guard FileManager.default.fileExists(atPath: file.path) else { throw BenchError("no \(file.path)") }
        return file
    }

    private static let mailboxesOnce: Result<[URL], any Error> = Result {
        let source = try folder().deletingLastPathComponent().appendingPathComponent("mailinglist-ksummit")
        let target = try TemporaryFolder.make(prefix: "tsearch-bench-mbox")
        return try ["ksummit-discuss.lists.linuxfoundation.org.0.mbox.xz", "ksummit.lists.linux.dev.0.mbox.xz"].map { name in
            let output = target.appendingPathComponent(String(name.dropLast(3)))
            try run("/usr/bin/env", ["xz", "-dc", source.appendingPathComponent(name).path], stdout: output)
            return output
        }
    }

    private static let discourseOnce: Result<[URL], any Error> = Result {
        let archive = try folder().deletingLastPathComponent()
            .appendingPathComponent("discourse-delving-bitcoin/delving-bitcoin-archive-posts.tar.xz")
        let target = try TemporaryFolder.make(prefix: "tsearch-bench-discourse")
        try run("/usr/bin/env", ["tar", "-xJf", archive.path, "-C", target.path])
        let files = FileManager.default.enumerator(at: target, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []
        return files.sorted { $0.path < $1.path }
    }

    /// Total bytes of the unpacked files.
    public static func bytes(of files: [URL]) -> Int {
        files.reduce(0) { sum, url in
            sum + ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0)
        }
    }

    /// Runs `tool`, writing its standard output to `stdout` when given.
    static func run(_ tool: String, _ arguments: [String], stdout: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        var handle: FileHandle?
        if let stdout {
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            handle = try FileHandle(forWritingTo: stdout)
            process.standardOutput = handle
        }
        defer { try? handle?.close() }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(arguments.joined(separator: " ")) failed") }
    }
}

/// A folder under the system's temporary folder.
public enum TemporaryFolder {
    public static func make(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A benchmark set-up failure, with what went wrong.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
