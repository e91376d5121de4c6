/// A JSON value read as leniently as web dumps need: a string, a number or a boolean, read as
/// text; `null`, an object or an array read as nothing. Decoding it never fails.
///
/// Dumps written by scripts often stringify everything (`"post_number": "7"`) and write a missing
/// value as `"None"` or `"null"`; ``text`` treats those, and the empty string, as absent.
struct LooseValue: Decodable, Sendable {
    /// The value as text, `nil` when absent.
    let text: String?
    /// Whether a value is there that cannot be read as text: an object, an array, or a string
    /// Foundation refuses (an unpaired surrogate escape such as `"\ud800"`). ``text`` is `nil`.
    let unreadable: Bool

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.singleValueContainer(), !container.decodeNil() else {
            text = nil
            unreadable = false
            return
        }
        let raw: String?
        if let s = try? container.decode(String.self) {
            raw = s
        } else if let i = try? container.decode(Int64.self) {
            raw = String(i)
        } else if let d = try? container.decode(Double.self) {
            raw = d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        } else if let b = try? container.decode(Bool.self) {
            raw = b ? "true" : "false"
        } else {
            raw = nil
        }
        unreadable = raw == nil
        switch raw {
        case nil, "", "None", "null", "NULL", "nil": text = nil
        default: text = raw
        }
    }

    /// The value as a whole number: digits, or a number with a zero fraction (`"7"`, `7.0`).
    var int64: Int64? {
        guard let text else { return nil }
        if let i = Int64(text) { return i }
        if let d = Double(text), d.rounded() == d, abs(d) < 9e15 { return Int64(d) }
        return nil
    }

    /// Whether the value is true: `true`, `"true"`, `"True"`, `1`, `"1"`.
    var isTrue: Bool {
        switch text {
        case "true", "True", "TRUE", "1": true
        default: false
        }
    }
}

extension KeyedDecodingContainer {
    /// The loose value under `key`, `nil` when the key is missing or its value is absent.
    func loose(_ key: Key) -> LooseValue? {
        guard let value = try? decodeIfPresent(LooseValue.self, forKey: key), value.text != nil else {
            return nil
        }
        return value
    }

    /// The first of `keys` whose value is there but cannot be read as text (see
    /// ``LooseValue/unreadable``), so that a reader says so instead of "no text".
    func firstUnreadable(_ keys: Key...) -> Key? {
        keys.first { key in (try? decodeIfPresent(LooseValue.self, forKey: key))?.unreadable == true }
    }
}
