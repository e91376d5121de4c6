/// A fragment of a post around the words that matched, as data: the text and where the matches
/// are in it. Renderers decide how to show them (bold on a terminal, markers in plain text).
public struct Snippet: Sendable, Equatable {
    /// Which text of the post the fragment comes from.
    public enum Column: String, Sendable, Equatable {
        case title
        case own
        case quoted
    }

    /// The fragment, whitespace collapsed to single spaces; `…` where text was cut.
    public var text: String
    public var column: Column
    /// The matched ranges, as offsets in Unicode scalars of ``text``.
    public var matches: [Range<Int>]

    public init(text: String, column: Column, matches: [Range<Int>]) {
        self.text = text
        self.column = column
        self.matches = matches
    }

    /// The markers FTS5's `snippet()` is asked to put around matches: characters that cannot
    /// occur in indexed text (the importer drops control characters).
    static let openMarker = "\u{2}"
    static let closeMarker = "\u{3}"

    /// Reads `snippet()` output with ``openMarker``/``closeMarker`` into text and ranges, one
    /// pass over its UTF-8 bytes (markers, spaces and control characters are single bytes;
    /// a scalar is counted at each byte that does not continue one).
    static func parse(_ marked: String, column: Column) -> Snippet {
        var text: [UInt8] = []
        text.reserveCapacity(marked.utf8.count)
        var matches: [Range<Int>] = []
        var openAt: Int?
        var count = 0
        var lastWasSpace = false
        for byte in marked.utf8 {
            switch byte {
            case 0x02:
                openAt = count
            case 0x03:
                if let start = openAt, start < count { matches.append(start..<count) }
                openAt = nil
            case 0x20, 0x0A, 0x09, 0x0D:
                if !lastWasSpace, count > 0 {
                    text.append(0x20)
                    count += 1
                }
                lastWasSpace = true
            case 0..<0x20:
                continue
            case 0x80..<0xC0:
                // A continuation byte belongs to the scalar already counted.
                text.append(byte)
            default:
                text.append(byte)
                count += 1
                lastWasSpace = false
            }
        }
        return Snippet(text: String(decoding: text, as: UTF8.self), column: column, matches: matches)
    }

    /// Whether any match was found in this fragment.
    var hasMatches: Bool { !matches.isEmpty }
}
