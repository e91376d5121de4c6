import Foundation
import Testing
@testable import SearchIndex

struct SnippetTests {
    /// `snippet()` output (with `[` for the open marker and `]` for the close one) → text and
    /// matched ranges in Unicode scalars.
    @Test(arguments: [
        ("a [kettle] sang", "a kettle sang", [2..<8]),
        ("…the [café]\n\n  [crème]…", "…the café crème…", [5..<9, 10..<15]),
        ("  lead\tand\r\ntrail  ", "lead and trail ", []),
        ("emoji 😀 [x]", "emoji 😀 x", [8..<9]),
        ("bell\u{7}ed [é]", "belled é", [7..<8]),
        ("[]empty", "empty", []),
        ("", "", []),
    ] as [(String, String, [Range<Int>])])
    func parsesMarkedText(marked: String, text: String, matches: [Range<Int>]) {
        let raw = marked.replacingOccurrences(of: "[", with: Snippet.openMarker)
            .replacingOccurrences(of: "]", with: Snippet.closeMarker)
        let snippet = Snippet.parse(raw, column: .own)
        #expect(snippet.text == text, "text of \(marked)")
        #expect(snippet.matches == matches, "matches of \(marked)")
        let scalars = Array(snippet.text.unicodeScalars)
        #expect(snippet.matches.allSatisfy { $0.upperBound <= scalars.count }, "ranges of \(marked)")
    }
}
