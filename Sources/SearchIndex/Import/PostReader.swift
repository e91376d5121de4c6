/// A reader turns one input format into posts, one at a time, so that memory does not grow with
/// the size of the input.
///
/// A reader reports an item it cannot use as ``ReadItem/skipped(_:)`` and goes on with the next
/// one; it throws only when the input itself cannot be read any further (an I/O error).
public protocol PostReader {
    /// The next post or skipped item, or `nil` at the end of the input.
    mutating func next() throws -> ReadItem?
}

/// One step of a reader.
public enum ReadItem: Sendable, Equatable {
    case post(Post)
    case skipped(ImportIssue)
    /// The source says this post was deleted (at this revision, when it keeps them): the index
    /// drops it, and no older revision brings it back. Counted as skipped by the issue's reason.
    case deleted(source: String, id: String, revision: Int64?, ImportIssue)
}

/// An item of the input that was not imported, with where it is and why.
public struct ImportIssue: Sendable, Equatable, CustomStringConvertible {
    /// The input's name as the user gave it (`-` is shown as `<stdin>`).
    public var file: String
    /// Where in the file: `line 17`, `message 3`, `byte 1024`.
    public var location: String
    /// A short category used to count skips in the summary: `malformed JSON`, `missing body`.
    public var reason: String
    /// What exactly was wrong.
    public var detail: String

    public init(file: String, location: String, reason: String, detail: String) {
        self.file = file
        self.location = location
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(file): \(location): \(detail)" }
}
