import Foundation
import Testing
import TestSupport
@testable import SearchIndex

struct FlatJSONObjectTests {
    private static let names = ["id", "thread", "parent", "author", "time", "title", "body", "url", "score", "source"]

    /// The same fields as read by `JSONDecoder`, as the JSON Lines reader did before the fast path.
    private struct Decoded: Decodable {
        var id, thread, parent, author, time, title, body, url, score, source: Scalar?

        var texts: [String?] { [id, thread, parent, author, time, title, body, url, score, source].map { $0?.string } }
    }

    private static func fast(_ line: String) -> [FlatJSONObject.Value?]? {
        FlatJSONObject.fields(in: Array(line.utf8), named: names)
    }

    private static func texts(_ values: [FlatJSONObject.Value?]) -> [String?] {
        values.map { value in
            if case let .text(text) = value { text } else { nil }
        }
    }

    @Test("reads flat objects", arguments: [
        (#"{"id": 7, "body": "a\nb", "title": null}"#, ["7", nil, nil, nil, nil, nil, "a\nb", nil, nil, nil]),
        (#"{"id":"x","body":"","score":-12,"source":"hn"}"#, ["x", nil, nil, nil, nil, nil, "", nil, "-12", "hn"]),
        (#"  {"body": "\"q\" \\ \/ \b\f\r\t", "id": true, "extra": false}  "#,
         [
             "true", nil, nil, nil, nil, nil, "\"q\" \\ / \u{08}\u{0C}\r\t", nil, nil, nil,
         ]),
        (#"{"body": "caf\u00e9 \ud83d\ude00 \u2019", "id": -0}"#,
         ["0", nil, nil, nil, nil, nil, "café 😀 \u{2019}", nil, nil, nil]),
        (#"{"body": "é😀", "id": 9223372036854775807, "unknown": "x"}"#,
         ["9223372036854775807", nil, nil, nil, nil, nil, "é😀", nil, nil, nil]),
        (#"{}"#, [nil, nil, nil, nil, nil, nil, nil, nil, nil, nil]),
    ] as [(String, [String?])])
    func readsFlatObjects(line: String, expected: [String?]) throws {
        let values = try #require(Self.fast(line))
        #expect(Self.bytes(Self.texts(values)) == Self.bytes(expected))
    }

    /// Compared as bytes: `String`'s `==` takes a composed and a decomposed accent as equal.
    private static func bytes(_ texts: [String?]) -> [[UInt8]?] {
        texts.map { $0.map { Array($0.utf8) } }
    }

    @Test func tellsNullFromAbsent() throws {
        let values = try #require(Self.fast(#"{"id": 1, "title": null}"#))
        #expect(values[5] == .null)
        #expect(values[1] == nil)
    }

    @Test("leaves to the decoder what it does not read exactly", arguments: [
        #"{"id": 1, "body": "x", "raw": {"a": 1}}"#,  // nested object
        #"{"id": 1, "body": "x", "tags": ["a"]}"#,  // nested array
        #"{"id": 1.5, "body": "x"}"#,  // fraction
        #"{"id": 1e3, "body": "x"}"#,  // exponent
        #"{"id": 12345678901234567890, "body": "x"}"#,  // beyond 64 bits
        #"{"id": 01, "body": "x"}"#,  // leading zero
        #"{"id": 1, "id": 2, "body": "x"}"#,  // a key twice
        #"{"i\u0064": 1, "body": "x"}"#,  // an escape in a key
        #"{"título": 1, "body": "x"}"#,  // a key not in ASCII
        #"{"id": 1, "body": "\ud800"}"#,  // lone high surrogate
        #"{"id": 1, "body": "\udc00"}"#,  // lone low surrogate
        #"{"id": 1, "body": "\q"}"#,  // unknown escape
        "{\"id\": 1, \"body\": \"a\tb\"}",  // raw control character
        #"{"id": 1, "body": "x"} x"#,  // trailing text
        #"{"id": 1, "body": "x",}"#,  // trailing comma
        #"{"id": 1 "body": "x"}"#,  // missing comma
        #"{"id": tru, "body": "x"}"#,  // bad literal
        #"[1, 2]"#,  // not an object
        #"{"id": 1, "body": "x"#,  // cut short
        "",
    ])
    func declines(line: String) {
        #expect(Self.fast(line) == nil, "line: \(line.debugDescription)")
    }

    @Test func declinesInvalidUTF8() {
        let line = Array(#"{"id": 1, "body": "a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(FlatJSONObject.fields(in: line, named: Self.names) == nil)
    }

    /// Random lines made of the pieces JSON Lines files hold, some of them damaged: whenever the
    /// fast path reads a line, the decoder reads it too, to the same values; and it reads every
    /// undamaged line made only of pieces it handles.
    @Test func agreesWithTheDecoder() throws {
        let keys = Self.names + ["extra", "kids"]
        let plain = [
            #""plain text""#, #""""#, #""with \"escapes\" \\ \n \t \/""#, #""\u00e9\u2019 \ud83d\ude00""#,
            "\"caf\u{E9} \u{1F600}\"", "\"cafe\u{301}\"", "0", "-0", "-17", "1700000000", "true", "false", "null",
            "9223372036854775807", "-9223372036854775808", #""\u0000 \u00C9 \b\f\r""#,
        ]
        let other = ["1.5", "-2e3", #"{"a": [1]}"#, "[]", #""\ud800""#, "00", "99999999999999999999"]
        var random = SeededGenerator(seed: 20_261_130)
        let decoder = JSONDecoder()
        var readFast = 0
        for round in 0..<3000 {
            var fields: [String] = []
            var onlyPlain = true
            var used = Set<String>()
            for _ in 0..<(1 + random.next(6)) {
                let key = keys[random.next(keys.count)]
                guard used.insert(key).inserted else { continue }
                let useOther = random.next(8) == 0
                onlyPlain = onlyPlain && !useOther
                let value = useOther ? other[random.next(other.count)] : plain[random.next(plain.count)]
                fields.append("\"\(key)\"" + [":", ": ", " : "][random.next(3)] + value)
            }
            var bytes = Array(("{" + fields.joined(separator: [",", ", "][random.next(2)]) + "}").utf8)
            let damaged = random.next(4) == 0
            if damaged {
                let at = random.next(bytes.count)
                switch random.next(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert([0x22, 0x2C, 0x7B, 0x5C, 0xFF][random.next(5)], at: at)
                default: bytes[at] = [0x22, 0x3A, 0x7D, 0x20][random.next(4)]
                }
            }
            let fast = FlatJSONObject.fields(in: bytes, named: Self.names)
            let decoded = try? decoder.decode(Decoded.self, from: Data(bytes))
            let shown = String(decoding: bytes, as: UTF8.self)
            if let fast {
                readFast += 1
                let decoded = try #require(decoded, "round \(round): the decoder refuses \(shown)")
                #expect(Self.bytes(Self.texts(fast)) == Self.bytes(decoded.texts), "round \(round): \(shown)")
            } else if onlyPlain, !damaged {
                Issue.record("round \(round): the fast path declines \(shown)")
            }
        }
        #expect(readFast > 1500)
    }

    /// Every line of the real JSON Lines files takes the fast path, to the decoder's values.
    @Test(arguments: ["jsonl/ksummit.jsonl.xz", "jsonl/delving.jsonl.xz"])
    func readsTheRealDataLikeTheDecoder(file: String) throws {
        guard let path = try RealData.unpacked(file) else {
            print("skipped: no real data beside the repository (../shared/data)")
            return
        }
        let decoder = JSONDecoder()
        var lines = 0
        for line in try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 0x0A) {
            lines += 1
            let fast = try #require(FlatJSONObject.fields(in: line, named: Self.names), "line \(lines)")
            #expect(Self.bytes(Self.texts(fast)) == Self.bytes(try decoder.decode(Decoded.self, from: line).texts), "line \(lines)")
        }
        #expect(lines > 1000)
    }
}
