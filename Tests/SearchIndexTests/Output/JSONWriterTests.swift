import Foundation
import Testing
@testable import SearchIndex

struct JSONWriterTests {
    /// Each case: a value built by the closure (values of type `Any` are not `Sendable`, so the
    /// table holds builders) and the exact JSON expected.
    static let cases: [(@Sendable () -> [String: Any], String)] = [
        ({ ["b": 1, "a": "x"] }, #"{"a":"x","b":1}"#),
        ({ ["s": "quote \" back\\slash\nnew\ttab\u{1}é😀"] }, #"{"s":"quote \" back\\slash\nnew\ttab\u0001é😀"}"#),
        ({ ["n": NSNull(), "t": true, "f": false] }, #"{"f":false,"n":null,"t":true}"#),
        ({ ["d": 1.5, "i": 2.0, "big": Int64(1_744_372_800)] }, #"{"big":1744372800,"d":1.5,"i":2}"#),
        ({ ["a": [[1, 2], [] as [Int], ["k": "v"] as [String: Any]] as [Any]] }, #"{"a":[[1,2],[],{"k":"v"}]}"#),
        ({ ["url": "https://x.org/a/b"] }, #"{"url":"https://x.org/a/b"}"#),
    ]

    @Test func writesExactJSONThatFoundationReadsBack() throws {
        for (build, json) in Self.cases {
            let value = build()
            #expect(JSONWriter.string(value) == json, "JSON of \(value)")
            let back = try JSONSerialization.jsonObject(with: Data(JSONWriter.string(value).utf8)) as? NSDictionary
            #expect(back == value as NSDictionary, "read back \(json)")
        }
    }
}
