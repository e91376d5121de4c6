import Testing
@testable import SearchIndex

struct ImportIssueTests {
    @Test("values from the input in messages", arguments: [
        ("42\n\u{1B}[2J", "42\\u{A}\\u{1B}[2J"),
        ("t1_abc", "t1_abc"),
        ("a\u{202E}b\u{2028}c\u{85}d", "a\\u{202E}b\\u{2028}c\\u{85}d"),
        (String(repeating: "é", count: 41), String(repeating: "é", count: 40) + "…"),
        (String(repeating: "x", count: 40), String(repeating: "x", count: 40)),
    ])
    func showsValuesOnOneLine(raw: String, shown: String) {
        #expect(ImportIssue.shown(raw) == shown, "input: \(raw.debugDescription)")
    }
}
