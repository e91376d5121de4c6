import Foundation
import TestSupport
@testable import SearchIndex

/// Helpers to build small indexes from JSONL written in the tests, and to find the real data.
enum Fixtures {
    /// A JSONL line for a post.
    static func line(
        id: String, thread: String? = nil, parent: String? = nil, author: String = "ann",
        time: Int = 1_700_000_000, title: String? = nil, body: String, source: String? = nil
    ) -> String {
        var object: [String: Any] = ["id": id, "author": author, "time": time, "body": body]
        if let thread { object["thread"] = thread }
        if let parent { object["parent"] = parent }
        if let title { object["title"] = title }
        if let source { object["source"] = source }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Imports JSONL text into `index` (through a temporary file, removed afterwards).
    @discardableResult
    static func importJSONL(_ text: String, into index: SearchIndex, source: String = "jsonl") throws -> (ImportSummary, [ImportIssue]) {
        let temporary = TemporaryDirectory()
        return try withExtendedLifetime(temporary) {
            let path = temporary.write(text, to: "posts.jsonl")
            let reader = JSONLReader(try InputFile(path: path), defaultSource: source)
            let issues = IssueLog()
            let summary = try index.importPosts(from: reader, file: path, format: "jsonl", onIssue: { issues.add($0) })
            return (summary, issues.all)
        }
    }

    /// `count` posts of unrelated text, so that bm25's IDF does not floor the terms under test.
    static func filler(_ count: Int, thread: String = "filler") -> String {
        let words = ["garden", "river", "bicycle", "lantern", "harbor", "meadow", "violin", "pepper", "window", "copper"]
        return (0..<count).map { i in
            line(id: "f\(i)", thread: thread, body: "\(words[i % 10]) \(words[(i * 3 + 1) % 10]) \(words[(i * 7 + 2) % 10]) note \(i)")
        }.joined(separator: "\n")
    }
}

/// Collects issues reported from the importer's callback.
final class IssueLog: @unchecked Sendable {
    private let lock = NSLock()
    private var issues: [ImportIssue] = []

    func add(_ issue: ImportIssue) {
        lock.lock()
        issues.append(issue)
        lock.unlock()
    }

    var all: [ImportIssue] {
        lock.lock()
        defer { lock.unlock() }
        return issues
    }
}

extension RealData {
    /// The decompressed copy of `relative` (an `.xz` file under the data folder), in a
    /// temporary folder, unpacked once per test run and removed when the run ends; `nil` when
    /// the data is absent.
    static func unpacked(_ relative: String) throws -> String? {
        guard exists(relative) else { return nil }
        return try UnpackCache.shared.unpack(path(relative).path)
    }
}

/// The decompressed data files of a test run, shared by its tests. The folder lives as long as
/// the process, so it is removed when the process exits.
private final class UnpackCache: @unchecked Sendable {
    static let shared: UnpackCache = {
        atexit { UnpackCache.shared.removeAll() }
        return UnpackCache()
    }()

    private let lock = NSLock()
    private var done: [String: String] = [:]
    private var folder: TemporaryDirectory?

    private var dir: String {
        if folder == nil { folder = TemporaryDirectory(prefix: "tsearch-test-data") }
        return folder!.path
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        folder = nil
        done = [:]
    }

    func unpack(_ path: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let found = done[path] { return found }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let output = (dir as NSString).appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xz", "-dc", path]
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        done[path] = output
        return output
    }
}
