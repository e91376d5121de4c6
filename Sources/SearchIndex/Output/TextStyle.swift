/// How text output marks things: ANSI bold and dim on a colour terminal, plain markers otherwise.
public struct TextStyle: Sendable, Equatable {
    /// Whether ANSI escapes may be written.
    public var ansi: Bool

    /// ANSI escapes on a terminal unless `NO_COLOR` is set (any value), plain text otherwise.
    public static func forOutput(isTerminal: Bool, environment: [String: String]) -> TextStyle {
        TextStyle(ansi: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    public init(ansi: Bool) {
        self.ansi = ansi
    }

    func match(_ text: String) -> String {
        ansi ? "\u{1B}[1m" + text + "\u{1B}[22m" : "**" + text + "**"
    }

    func heading(_ text: String) -> String {
        ansi ? "\u{1B}[1m" + text + "\u{1B}[22m" : text
    }

    func dim(_ text: String) -> String {
        ansi ? "\u{1B}[2m" + text + "\u{1B}[22m" : text
    }

    /// `text` with control characters removed, so that a post cannot send escape sequences to
    /// the terminal; line breaks become spaces.
    public static func sanitized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: out.append(" ")
            case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
