import Foundation

/// Writes the JSON of the renderers' values directly: objects with sorted keys, arrays, strings,
/// numbers, booleans and null. Foundation's `JSONSerialization` spent most of a CLI query's
/// instructions on 20 hits; this writer does one pass over the values.
enum JSONWriter {
    static func string(_ value: Any) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes are appended to one buffer. Arrays of known element types are matched before
    /// `[Any]`: casting an `[Int]` or `[String]` to `[Any]` copies it element by element.
    private static func write(_ value: Any, into out: inout [UInt8]) {
        switch value {
        case let string as String:
            writeString(string, into: &out)
        case let bool as Bool:
            append(bool ? "true" : "false", to: &out)
        case let int as Int:
            append(String(int), to: &out)
        case let int as Int64:
            append(String(int), to: &out)
        case let double as Double:
            writeDouble(double, into: &out)
        case let object as [String: Any]:
            out.append(0x7B)
            for (i, key) in object.keys.sorted().enumerated() {
                if i > 0 { out.append(0x2C) }
                writeString(key, into: &out)
                out.append(0x3A)
                write(object[key]!, into: &out)
            }
            out.append(0x7D)
        case let strings as [String]:
            writeArray(strings, into: &out) { writeString($0, into: &$1) }
        case let ints as [Int]:
            writeArray(ints, into: &out) { append(String($0), to: &$1) }
        case let pairs as [[Int]]:
            writeArray(pairs, into: &out) { pair, out in writeArray(pair, into: &out) { append(String($0), to: &$1) } }
        case let objects as [[String: Any]]:
            writeArray(objects, into: &out) { write($0, into: &$1) }
        case let array as [Any]:
            writeArray(array, into: &out) { write($0, into: &$1) }
        case is NSNull:
            append("null", to: &out)
        default:
            preconditionFailure("JSONWriter: a renderer built a value JSON cannot hold: \(type(of: value))")
        }
    }

    private static func writeArray<T>(_ array: [T], into out: inout [UInt8], _ element: (T, inout [UInt8]) -> Void) {
        out.append(0x5B)
        for (i, item) in array.enumerated() {
            if i > 0 { out.append(0x2C) }
            element(item, &out)
        }
        out.append(0x5D)
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// Integral values print without a fraction (`3`), others with the shortest round-trip form.
    private static func writeDouble(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite else {
            append("null", to: &out)
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            append(String(Int64(value)), to: &out)
        } else {
            append(String(value), to: &out)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func writeString(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            out.append(0x22)
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            for (i, byte) in bytes.enumerated() where byte == 0x22 || byte == 0x5C || byte < 0x20 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                default: out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            out.append(0x22)
        }
    }
}
