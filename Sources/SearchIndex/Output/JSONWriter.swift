/// Writes a ``JSONValue`` as compact JSON: objects with sorted keys, strings with the escapes
/// JSON requires (`"`, `\`, control characters; other characters as UTF-8), integral doubles
/// without a fraction.
///
/// ```swift
/// JSONWriter.string(["b": 1, "a": "x\n"]) // {"a":"x\n","b":1}
/// ```
enum JSONWriter {
    static func string(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes are appended to one buffer, in one pass over the value.
    private static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null:
            append("null", to: &out)
        case let .bool(bool):
            append(bool ? "true" : "false", to: &out)
        case let .int(int):
            append(String(int), to: &out)
        case let .double(double):
            writeDouble(double, into: &out)
        case let .string(string):
            writeString(string, into: &out)
        case let .array(array):
            out.append(0x5B)
            for (i, item) in array.enumerated() {
                if i > 0 { out.append(0x2C) }
                write(item, into: &out)
            }
            out.append(0x5D)
        case let .object(object):
            out.append(0x7B)
            for (i, key) in object.keys.sorted().enumerated() {
                if i > 0 { out.append(0x2C) }
                writeString(key, into: &out)
                out.append(0x3A)
                write(object[key]!, into: &out)
            }
            out.append(0x7D)
        }
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// Integral values print without a fraction (`3`), others with the shortest round-trip form;
    /// infinities and NaN, which JSON cannot hold, as `null`.
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
