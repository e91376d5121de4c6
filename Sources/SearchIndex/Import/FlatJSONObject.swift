/// A fast reading of the usual JSON Lines record: one object whose values are all strings,
/// integers, `true`, `false` or `null`, read straight from the line's bytes.
///
/// ```
/// FlatJSONObject.fields(in: #"{"id": 7, "body": "a\nb", "title": null}"#, named: ["id", "body", "title"])
/// // [.text("7"), .text("a\nb"), .null]
/// ```
///
/// It reads only what it can read exactly as Foundation's `JSONDecoder` would, and answers `nil`
/// for everything else: a nested object or array, a number with a fraction or an exponent or
/// beyond 64 bits, a key given twice, a key with an escape or a non-ASCII letter, a lone surrogate, invalid UTF-8, a raw
/// control character in a string, or any syntax error. The caller then hands the line to
/// `JSONDecoder`, which reads it, or reports what is wrong, as before. The fast path exists
/// because the decoder costs about 80 instructions a byte of body text, a third of the parsing
/// thread's work on a JSON Lines import.
enum FlatJSONObject {
    /// A value as the JSON Lines reader takes it.
    enum Value: Equatable {
        case null
        /// A string as decoded, an integer in decimal, `true` or `false`.
        case text(String)
    }

    /// The values of the keys `names` (each `nil` when the key is absent), or `nil` when the
    /// object is not one this reads.
    static func fields(in line: some Collection<UInt8>, named names: [String]) -> [Value?]? {
        fields(in: line, keys: names.map { Array($0.utf8) })
    }

    /// ``fields(in:named:)`` with the names given as UTF-8 bytes, for a caller that reads many
    /// lines with the same names.
    static func fields(in line: some Collection<UInt8>, keys: [[UInt8]]) -> [Value?]? {
        let read = line.withContiguousStorageIfAvailable { bytes in
            var parser = Parser(bytes: bytes, keys: keys)
            return parser.object()
        }
        if let read { return read }
        let copy = Array(line)
        return copy.withUnsafeBufferPointer { bytes in
            var parser = Parser(bytes: bytes, keys: keys)
            return parser.object()
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let keys: [[UInt8]]
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>, keys: [[UInt8]]) {
            self.bytes = bytes
            self.keys = keys
        }

        mutating func object() -> [Value?]? {
            var values = [Value?](repeating: nil, count: keys.count)
            var seen = [Bool](repeating: false, count: keys.count)
            skipSpace()
            guard take(0x7B) else { return nil }  // {
            skipSpace()
            if !take(0x7D) {  // }
                while true {
                    guard let key = key() else { return nil }
                    skipSpace()
                    guard take(0x3A) else { return nil }  // :
                    skipSpace()
                    guard let value = value() else { return nil }
                    if let slot = keys.firstIndex(where: { $0.elementsEqual(key) }) {
                        // Which of two copies the decoder keeps is its business: let it decide.
                        if seen[slot] { return nil }
                        seen[slot] = true
                        values[slot] = value
                    }
                    skipSpace()
                    if take(0x2C) { skipSpace(); continue }  // ,
                    guard take(0x7D) else { return nil }
                    break
                }
            }
            skipSpace()
            return i == bytes.count ? values : nil
        }

        /// A key of printable ASCII without escapes, as its bytes.
        private mutating func key() -> UnsafeBufferPointer<UInt8>? {
            guard take(0x22) else { return nil }
            let start = i
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x22 {
                    i += 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)])
                }
                if byte == 0x5C || byte < 0x20 || byte >= 0x80 { return nil }
                i += 1
            }
            return nil
        }

        private mutating func value() -> Value? {
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case 0x22: return string().map(Value.text)
            case 0x2D, 0x30...0x39: return integer().map(Value.text)
            case 0x74: return literal("true") ? .text("true") : nil
            case 0x66: return literal("false") ? .text("false") : nil
            case 0x6E: return literal("null") ? .null : nil
            default: return nil
            }
        }

        private mutating func string() -> String? {
            i += 1
            let start = i
            skipPlain()
            guard i < bytes.count else { return nil }
            if bytes[i] == 0x22 {  // the usual case: no escape, so the bytes are the string
                i += 1
                return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), as: UTF8.self)
            }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(bytes.count - start)
            var run = start
            while i < bytes.count {
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                switch bytes[i] {
                case 0x22:
                    i += 1
                    return String(validating: decoded, as: UTF8.self)
                case 0x5C:
                    guard escape(into: &decoded) else { return nil }
                default:  // a raw control character
                    return nil
                }
                run = i
                skipPlain()
            }
            return nil
        }

        /// Moves to the next `"`, `\` or control character.
        private mutating func skipPlain() {
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { return }
                i += 1
            }
        }

        /// At `\`: appends what the escape stands for.
        private mutating func escape(into decoded: inout [UInt8]) -> Bool {
            guard i + 1 < bytes.count else { return false }
            let kind = bytes[i + 1]
            i += 2
            switch kind {
            case 0x22, 0x5C, 0x2F: decoded.append(kind)
            case 0x62: decoded.append(0x08)  // b
            case 0x66: decoded.append(0x0C)  // f
            case 0x6E: decoded.append(0x0A)  // n
            case 0x72: decoded.append(0x0D)  // r
            case 0x74: decoded.append(0x09)  // t
            case 0x75:  // u
                guard var unit = hex4() else { return false }
                if (0xD800...0xDBFF).contains(unit) {
                    guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return false }
                    i += 2
                    guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return false }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    return false
                }
                guard let scalar = Unicode.Scalar(unit) else { return false }
                decoded.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return false
            }
            return true
        }

        private mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[i]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                default: return nil
                }
                value = value << 4 | digit
                i += 1
            }
            return value
        }

        /// An integer in JSON's form (no leading zero, no `+`) that fits 64 bits, in decimal.
        private mutating func integer() -> String? {
            let start = i
            if bytes[i] == 0x2D { i += 1 }
            let digits = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > digits, !(bytes[digits] == 0x30 && i - digits > 1) else { return nil }
            if i < bytes.count, bytes[i] == 0x2E || bytes[i] | 0x20 == 0x65 { return nil }  // . e E
            guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self),
                  let value = Int64(text)
            else { return nil }
            return String(value)
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard i + count <= bytes.count else { return false }
            for k in 0..<count where bytes[i + k] != word.utf8Start[k] { return false }
            i += count
            return true
        }

        private mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }
    }
}
