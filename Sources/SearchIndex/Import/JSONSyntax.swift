/// Finds where a JSON document stops being JSON, so that a broken document of many lines is
/// reported once, at the line where it breaks, instead of as many bad lines.
///
/// ```
/// JSONSyntax.firstError(in: Array(#"{"id": 1, "raw": "x" "y"}"#.utf8))   // 21: ',' or '}' expected
/// JSONSyntax.firstError(in: Array(#"{"id": 1}"#.utf8))                    // nil
/// ```
///
/// It follows RFC 8259 as Foundation's parser applies it to the values it reads: strings are
/// valid UTF-8 without raw control characters, escapes are the nine JSON escapes with surrogates
/// in pairs, nesting is at most 512 deep, and only white space may follow the value. (Foundation
/// does not look inside values it skips; this does, so it may point at an earlier fault.)
enum JSONSyntax {
    static let maxDepth = 512

    private enum Container { case object, array }

    /// What the scanner expects next.
    private enum Expect { case value, valueOrClose, key, keyOrClose, colon, commaOrClose }

    /// The byte offset where `bytes` stop being one JSON value (`bytes.count` when the value is
    /// cut short), or `nil` when they are one.
    static func firstError(in bytes: [UInt8]) -> Int? {
        var stack: [Container] = []
        var expect = Expect.value
        var i = 0
        var done = false
        while true {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
            guard i < bytes.count else { return done ? nil : i }
            if done { return i }
            let byte = bytes[i]
            switch expect {
            case .colon:
                guard byte == 0x3A else { return i }
                i += 1
                expect = .value
                continue
            case .commaOrClose:
                if byte == 0x2C {
                    i += 1
                    expect = stack.last == .object ? .key : .value
                    continue
                }
                guard byte == (stack.last == .object ? 0x7D : 0x5D) else { return i }
                i += 1
                stack.removeLast()
            case .key, .keyOrClose:
                if byte == 0x7D, expect == .keyOrClose {
                    i += 1
                    stack.removeLast()
                } else {
                    guard byte == 0x22 else { return i }
                    let string = scanString(bytes, from: i)
                    guard let end = string.end else { return string.error }
                    i = end
                    expect = .colon
                    continue
                }
            case .value, .valueOrClose:
                switch byte {
                case 0x5D where expect == .valueOrClose:
                    i += 1
                    stack.removeLast()
                case 0x7B, 0x5B:
                    guard stack.count < maxDepth else { return i }
                    stack.append(byte == 0x7B ? .object : .array)
                    i += 1
                    expect = byte == 0x7B ? .keyOrClose : .valueOrClose
                    continue
                case 0x22:
                    let string = scanString(bytes, from: i)
                    guard let end = string.end else { return string.error }
                    i = end
                case 0x74, 0x66, 0x6E:
                    let word: [UInt8] = byte == 0x74 ? Array("true".utf8) : byte == 0x66 ? Array("false".utf8) : Array("null".utf8)
                    guard bytes.count - i >= word.count, bytes[i..<(i + word.count)].elementsEqual(word) else { return i }
                    i += word.count
                case 0x2D, 0x30...0x39:
                    guard let end = numberEnd(bytes, from: i) else { return i }
                    i = end
                default:
                    return i
                }
            }
            // A value (or a whole container) has ended.
            if stack.isEmpty { done = true } else { expect = .commaOrClose }
        }
    }

    /// Where the string that opens at `start` ends (just past its closing quote), or where it
    /// breaks: a raw control character, a bad escape, a lone surrogate, invalid UTF-8, the end.
    private static func scanString(_ bytes: [UInt8], from start: Int) -> (end: Int?, error: Int) {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case 0x22:
                return (i + 1, i)
            case 0x5C:
                guard i + 1 < bytes.count else { return (nil, i) }
                if [0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74].contains(bytes[i + 1]) {
                    i += 2
                    continue
                }
                guard let unit = hexEscape(bytes, at: i) else { return (nil, i) }
                switch unit {
                case 0xD800...0xDBFF:
                    guard let low = hexEscape(bytes, at: i + 6), (0xDC00...0xDFFF).contains(low) else { return (nil, i) }
                    i += 12
                case 0xDC00...0xDFFF:
                    return (nil, i)
                default:
                    i += 6
                }
            case 0..<0x20:
                return (nil, i)
            case 0x80...:
                guard let length = utf8Length(bytes, at: i) else { return (nil, i) }
                i += length
            default:
                i += 1
            }
        }
        return (nil, i)
    }

    /// The code unit of the `\uXXXX` escape at `i`, or `nil` when there is none.
    private static func hexEscape(_ bytes: [UInt8], at i: Int) -> UInt16? {
        guard i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return nil }
        var value: UInt16 = 0
        for byte in bytes[(i + 2)..<(i + 6)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// The offset just past the number that starts at `start`, or `nil` when it is not one.
    private static func numberEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        func digits() -> Bool {
            let first = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i > first
        }
        if bytes[i] == 0x2D { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == 0x30 { i += 1 } else if !digits() { return nil }
        if i < bytes.count, bytes[i] == 0x2E {
            i += 1
            guard digits() else { return nil }
        }
        if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            guard digits() else { return nil }
        }
        return i
    }

    /// The length of the well-formed UTF-8 sequence at `i` (whose first byte is 0x80 or more).
    private static func utf8Length(_ bytes: [UInt8], at i: Int) -> Int? {
        let first = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return nil }
        for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return nil }
        return length
    }
}
