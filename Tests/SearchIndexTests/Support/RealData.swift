import Foundation
import TestSupport

/// The shared real data sets, found at `../shared/data` beside the package root.
enum RealData {
    /// The data folder, derived from this file's path (Tests/SearchIndexTests/Support/…).
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data")

    static func path(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    static func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative).path)
    }

    /// Unpacks a `.tar.xz` of the data folder (only `members` when given) into a new temporary
    /// directory and returns it; the caller removes it.
    static func unpack(_ relative: String, members: [String] = []) throws -> URL {
        let target = FileManager.default.temporaryDirectory
            .appendingPathComponent("tsearch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        do {
            try run("tar", ["-xJf", path(relative).path, "-C", target.path] + members)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw error
        }
        return target
    }

    /// The decompressed bytes of an `.xz` file of the data folder.
    static func decompress(_ relative: String) throws -> Data {
        try run("xz", ["-dc", path(relative).path])
    }

    @discardableResult
    private static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) failed"])
        }
        return data
    }

    /// Every regular file under `directory`, sorted by path.
    static func files(under directory: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// Every item the reader that `makeReader` makes of `text` yields; the text goes through a
/// temporary file, removed afterwards.
func readAll<R: PostReader>(_ text: String, name: String = "input.json", _ makeReader: (InputFile) -> R) throws -> [ReadItem] {
    let temporary = TemporaryDirectory()
    return try withExtendedLifetime(temporary) {
        try readAll(makeReader(InputFile(path: temporary.write(text, to: name))))
    }
}

/// Every item a reader yields.
func readAll<R: PostReader>(_ reader: R) throws -> [ReadItem] {
    var reader = reader
    var items: [ReadItem] = []
    while let item = try reader.next() { items.append(item) }
    return items
}

import SearchIndex

extension ReadItem {
    var post: Post? { if case let .post(post) = self { post } else { nil } }
    var issue: ImportIssue? {
        switch self {
        case let .skipped(issue), let .deleted(_, _, _, issue): issue
        case .post: nil
        }
    }
}
