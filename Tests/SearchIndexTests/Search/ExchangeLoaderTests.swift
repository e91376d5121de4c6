import Foundation
import Testing
import TestSupport
@testable import SearchIndex

struct ExchangeLoaderTests {
    /// What the exchange line was before it was read backwards on bytes: the text split into
    /// characters at "\n", each line trimmed with Foundation, the last that is not empty.
    static func splitAndTrim(_ text: String) -> String? {
        let line = text.split(separator: "\n").reversed().lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? ""
        return line.isEmpty ? nil : line
    }

    /// Each case: a quote's text and its last line that is not blank.
    static let cases: [(String, String?)] = [
        ("first\nsecond\n", "second"),
        ("first\nsecond", "second"),
        ("  spaced \t\n\n \t \n", "spaced"),
        ("\n\n", nil),
        ("", nil),
        ("only\u{00A0}\u{3000}\n\u{2003}\u{00A0}", "only"),
        ("zero width\u{200B}\n\u{200B}", "zero width"),
        ("crlf line\r\nnext\r\n", "crlf line\r\nnext\r\n"),
        ("a\r\r\nb", "a\r\r\nb"),
        ("keep \u{2028} line separators\n", "keep \u{2028} line separators"),
        ("e\u{301}\n\u{301}x", "\u{301}x"),
        ("last 😀\n", "last 😀"),
    ]

    @Test func lastLine() {
        for (text, line) in Self.cases {
            #expect(ExchangeLoader.lastLine(of: text) == line, "\(text.debugDescription)")
            #expect(Self.splitAndTrim(text) == line, "Foundation on \(text.debugDescription)")
        }
    }

    /// The same line as splitting and trimming, on random texts of spaces, line breaks and
    /// characters that combine or look like them (Foundation's whitespace set on Linux also
    /// holds U+200B).
    @Test func sameAsSplittingAndTrimming() {
        let pieces = ["a", "bc", " ", "\t", "\n", "\n", "\r", "\r\n", "\u{00A0}", "\u{3000}", "\u{200B}", "é", "\u{301}",
                      "😀", "\u{2028}", "\u{85}", "\u{0B}", "\u{FEFF}"]
        var random = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let text = (0..<random.next(12)).map { _ in pieces[random.next(pieces.count)] }.joined()
            #expect(ExchangeLoader.lastLine(of: text) == Self.splitAndTrim(text), "\(text.debugDescription)")
        }
    }
}
