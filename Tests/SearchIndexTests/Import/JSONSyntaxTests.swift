import Testing
@testable import SearchIndex

struct JSONSyntaxTests {
    @Test("where a document stops being JSON", arguments: [
        (#"{"id": 1}"#, nil),
        (#"{"id": 1, "raw": ["x", true, null, -0.5e+3]}"#, nil),
        (#"  [ ]  "#, nil),
        (#""\ud83d\ude00 \u00e9 \n""#, nil),
        (#"{"id": 1, "raw": "x" "y"}"#, 21),
        (#"{"id": 1,}"#, 9),
        (#"{"id" 1}"#, 6),
        (#"[1, 2"#, 5),
        (#"{"id": 01}"#, 8),
        (#"{"id": -}"#, 7),
        (#"{"id": tru}"#, 7),
        (#"{"s": "a\qb"}"#, 8),
        (#"{"s": "\ud800"}"#, 7),
        (#"{"s": "\udc00\ud800"}"#, 7),
        (#"{"s": "\ud800\u0041"}"#, 7),
        ("{\"s\": \"a\tb\"}", 8),
        (#"{"id": 1} {"id": 2}"#, 10),
        ("", 0),
    ] as [(String, Int?)])
    func findsTheFirstError(input: String, expected: Int?) {
        #expect(JSONSyntax.firstError(in: Array(input.utf8)) == expected, "input: \(input.debugDescription)")
    }

    @Test func invalidUTF8AndDeepNesting() {
        #expect(JSONSyntax.firstError(in: Array(#"{"s": "ab"#.utf8) + [0xFF] + Array(#""}"#.utf8)) == 9)
        #expect(JSONSyntax.firstError(in: Array(#"["#.utf8) + [0xC3, 0xA9] + Array(#"]"#.utf8)) == 1)
        #expect(JSONSyntax.firstError(in: Array(#"[""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""]"#.utf8)) == 2)
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(JSONSyntax.firstError(in: Array(deep.utf8)) == JSONSyntax.maxDepth)
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(JSONSyntax.firstError(in: Array(deepest.utf8)) == nil)
    }
}
