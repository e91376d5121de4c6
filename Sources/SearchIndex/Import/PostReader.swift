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

extension ImportIssue {
    /// The longest value from the input that a message shows whole.
    static let shownLength = 40

    /// `raw`, a value from the input such as an id, made fit for a one-line message: control,
    /// line-separator and bidirectional-override characters become `\u{…}` escapes, so that an
    /// id cannot break the line or drive the terminal, and a value longer than 40 characters is
    /// cut with `…`.
    ///
    /// ```
    /// ImportIssue.shown("42\n\u{1B}[2J")   // "42\u{A}\u{1B}[2J"
    /// ```
    static func shown(_ raw: String) -> String {
        var out = ""
        var count = 0
        for scalar in raw.unicodeScalars {
            if count == shownLength {
                out += "…"
                break
            }
            switch scalar.value {
            case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
