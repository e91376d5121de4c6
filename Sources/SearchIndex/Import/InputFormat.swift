import Foundation

/// The input formats tsearch reads.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Tell the format from the file's content.
    case auto
    /// tsearch's generic JSON Lines.
    case jsonl

    /// A reader for `input` in this format. `source` overrides the format's default source name.
    ///
    /// - Throws: ``ImportError/unknownFormat(file:)`` for `.auto` (detect first).
    public func makeReader(for input: InputFile, source: String?) throws -> any PostReader {
        switch self {
        case .jsonl: JSONLReader(input, defaultSource: source ?? "jsonl")
        case .auto: throw ImportError.unknownFormat(file: input.name)
        }
    }

    /// The format of a file, told from its first bytes.
    ///
    /// - Returns: `nil` when no reader recognises the content.
    public static func detect(prefix: Data) -> InputFormat? {
        if JSONLReader.looksLike(prefix) { return .jsonl }
        return nil
    }

    /// The format of the file at `path` (reads its first 64 KB).
    public static func detect(path: String) throws -> InputFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError.cannotOpen(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        let prefix = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        return detect(prefix: prefix)
    }
}

extension JSONLReader {
    /// Whether `prefix` looks like tsearch JSONL: its first non-blank line is a JSON object with
    /// a `"body"` field.
    public static func looksLike(_ prefix: Data) -> Bool {
        guard let line = firstLine(prefix), line.first == UInt8(ascii: "{") else { return false }
        return line.range(of: Data("\"body\"".utf8)) != nil
    }

    static func firstLine(_ prefix: Data) -> Data? {
        var start = prefix.startIndex
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < prefix.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[start]) { start += 1 }
        guard start < prefix.endIndex else { return nil }
        let end = prefix[start...].firstIndex(of: 0x0A) ?? prefix.endIndex
        return prefix.subdata(in: start..<end)
    }
}
