import Foundation
import Testing
@testable import SearchIndex

struct JSONWriterTests {
    /// Each case: a value and the exact JSON expected.
    static let cases: [(JSONValue, String)] = [
        (["b": 1, "a": "x"], #"{"a":"x","b":1}"#),
        (["s": "quote \" back\\slash\nnew\ttab\r\u{1}\u{1F}é😀"], #"{"s":"quote \" back\\slash\nnew\ttab\r\u0001\u001fé😀"}"#),
        (["n": nil, "t": true, "f": false], #"{"f":false,"n":null,"t":true}"#),
        (["d": 1.5, "i": 2.0, "big": .int(1_744_372_800), "neg": -0.25], #"{"big":1744372800,"d":1.5,"i":2,"neg":-0.25}"#),
        (["inf": .double(.infinity), "nan": .double(.nan)], #"{"inf":null,"nan":null}"#),
        (["a": [JSONValue([1, 2]), [], ["k": "v"]]], #"{"a":[[1,2],[],{"k":"v"}]}"#),
        (["url": "https://x.org/a/b", "empty": "", "none": [:]], #"{"empty":"","none":{},"url":"https://x.org/a/b"}"#),
        (JSONValue(["x", "y"]), #"["x","y"]"#),
        (JSONValue(nil as String?), "null"),
        (JSONValue(Int64(7) as Int64?), "7"),
        (JSONValue(0.5 as Double?), "0.5"),
    ]

    @Test func writesExactJSONThatFoundationReads() throws {
        for (value, json) in Self.cases {
            #expect(JSONWriter.string(value) == json, "JSON of \(value)")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) != nil,
                    "Foundation reads \(json)")
        }
    }

    @Test func stringsReadBackAsWritten() throws {
        for text in ["quote \" back\\slash\nnew\ttab\r\u{1}\u{1F}\u{7F}é😀", "", "\u{0}", "a\u{2028}b"] {
            let json = JSONWriter.string(["s": .string(text)])
            let back = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            #expect(back?["s"] as? String == text, "\(json)")
        }
    }

    /// The doc comments' examples.
    @Test func examples() {
        let value: JSONValue = ["key": "jsonl:a", "score": 7.5, "title": JSONValue(nil as String?)]
        #expect(JSONWriter.string(value) == #"{"key":"jsonl:a","score":7.5,"title":null}"#)
        #expect(JSONWriter.string(["b": 1, "a": "x\n"]) == #"{"a":"x\n","b":1}"#)
    }
}
