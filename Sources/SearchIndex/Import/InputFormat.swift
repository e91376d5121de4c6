import Foundation

/// The input formats tsearch reads.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Tell the format from the file's content.
    case auto
    /// tsearch's generic JSON Lines.
    case jsonl
    /// A mailbox (mboxrd or mboxo), as mail clients and public-inbox export it.
    case mbox
    /// Discourse API post JSON (one post, an array, a topic, or JSON Lines).
    case discourse
    /// Hacker News API items or Algolia hits.
    case hn
    /// Reddit comments and submissions (Pushshift / Arctic Shift NDJSON).
    case reddit

    /// A reader for `input` in this format. `source` overrides the format's default source name.
    ///
    /// - Throws: ``ImportError/unknownFormat(file:)`` for `.auto` (detect first).
    public func makeReader(for input: InputFile, source: String?) throws -> any PostReader {
        switch self {
        case .jsonl: JSONLReader(input, defaultSource: source ?? "jsonl")
        case .mbox: MboxReader(input, defaultSource: source ?? "mail")
        case .discourse: DiscourseReader(input, defaultSource: source ?? "discourse")
        case .hn: HackerNewsReader(input, defaultSource: source ?? "hn")
        case .reddit: RedditReader(input, defaultSource: source ?? "reddit")
        case .auto: throw ImportError.unknownFormat(file: input.name)
        }
    }

    /// The format of a file, told from its first bytes.
    ///
    /// - Returns: `nil` when no reader recognises the content.
    public static func detect(prefix: Data) -> InputFormat? {
        // The most specific formats first: tsearch JSONL has "body" and "id", which Reddit
        // comments also have.
        if MboxReader.looksLike(prefix) { return .mbox }
        if DiscourseReader.looksLike(prefix) { return .discourse }
        if RedditReader.looksLike(prefix) { return .reddit }
        if HackerNewsReader.looksLike(prefix) { return .hn }
        if JSONLReader.looksLike(prefix) { return .jsonl }
        return nil
    }

    /// The format of the file at `path` (reads its first 64 KB, decompressed).
    public static func detect(path: String) throws -> InputFormat? {
        detect(prefix: try InputFile.prefix(of: path))
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
