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

    /// Reads `snippet()` output with ``openMarker``/``closeMarker`` into text and ranges.
    static func parse(_ marked: String, column: Column) -> Snippet {
        var text = String.UnicodeScalarView()
        var matches: [Range<Int>] = []
        var openAt: Int?
        var count = 0
        var lastWasSpace = false
        for scalar in marked.unicodeScalars {
            switch scalar {
            case "\u{2}":
                openAt = count
            case "\u{3}":
                if let start = openAt, start < count { matches.append(start..<count) }
                openAt = nil
            case " ", "\n", "\t", "\r":
                if !lastWasSpace, count > 0 {
                    text.append(" ")
                    count += 1
                }
                lastWasSpace = true
            default:
                if scalar.value < 0x20 { continue }
                text.append(scalar)
                count += 1
                lastWasSpace = false
            }
        }
        return Snippet(text: String(text), column: column, matches: matches)
    }

    /// Whether any match was found in this fragment.
    var hasMatches: Bool { !matches.isEmpty }
}
