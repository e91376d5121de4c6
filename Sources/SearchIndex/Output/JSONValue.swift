/// A JSON value as the renderers build it, for ``JSONWriter``.
///
/// ```swift
/// let value: JSONValue = ["key": "jsonl:a", "score": 7.5, "title": JSONValue(nil as String?)]
/// JSONWriter.string(value) // {"key":"jsonl:a","score":7.5,"title":null}
/// ```
/// Typed, not `Any`: writing a value of type `Any` cast it to each candidate type in turn, and
/// the Swift runtime answers the first cast of each pair of types by scanning every protocol
/// conformance of the process (about 6,000 of them, some 285,000 instructions a scan). Writing
/// a page of 20 hits from `[String: Any]` made ~800 conformance lookups and cost 4.9 M
/// instructions, 6% of a `tsearch search` process; typed, it needs none.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Written with its keys sorted, so that the output does not depend on hashing.
    case object([String: JSONValue])

    /// The text, or `null`.
    init(_ value: String?) {
        self = value.map { .string($0) } ?? .null
    }

    /// The number, or `null`.
    init(_ value: Int64?) {
        self = value.map { .int($0) } ?? .null
    }

    init(_ value: Int) {
        self = .int(Int64(value))
    }

    /// The number, or `null`.
    init(_ value: Double?) {
        self = value.map { .double($0) } ?? .null
    }

    init(_ values: [String]) {
        self = .array(values.map { .string($0) })
    }

    init(_ values: [Int]) {
        self = .array(values.map { .int(Int64($0)) })
    }

    init(_ values: [JSONValue]) {
        self = .array(values)
    }

    init(_ object: [String: JSONValue]) {
        self = .object(object)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int64) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(nilLiteral: ()) { self = .null }

    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(uniqueKeysWithValues: elements))
    }
}
