import Foundation

/// Writes the JSON of the renderers' values directly: objects with sorted keys, arrays, strings,
/// numbers, booleans and null. Foundation's `JSONSerialization` spent most of a CLI query's
/// instructions on 20 hits; this writer does one pass over the values.
enum JSONWriter {
    static func string(_ value: Any) -> String {
        var out = ""
        out.reserveCapacity(1024)
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) {
        switch value {
        case let string as String:
            writeString(string, into: &out)
        case let bool as Bool:
            out += bool ? "true" : "false"
        case let int as Int:
            out += String(int)
        case let int as Int64:
            out += String(int)
        case let double as Double:
            writeDouble(double, into: &out)
        case let object as [String: Any]:
            out += "{"
            for (i, key) in object.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(object[key]!, into: &out)
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (i, element) in array.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case is NSNull:
            out += "null"
        default:
            preconditionFailure("JSONWriter: a renderer built a value JSON cannot hold: \(type(of: value))")
        }
    }

    /// Integral values print without a fraction (`3`), others with the shortest round-trip form.
    private static func writeDouble(_ value: Double, into out: inout String) {
        guard value.isFinite else {
            out += "null"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            out += String(Int64(value))
        } else {
            out += String(value)
        }
    }

    private static func writeString(_ string: String, into out: inout String) {
        var string = string
        string.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var escaped: [UInt8] = [0x22]
            escaped.reserveCapacity(bytes.count + 2)
            for byte in bytes {
                switch byte {
                case 0x22: escaped += [0x5C, 0x22]
                case 0x5C: escaped += [0x5C, 0x5C]
                case 0x0A: escaped += [0x5C, 0x6E]
                case 0x0D: escaped += [0x5C, 0x72]
                case 0x09: escaped += [0x5C, 0x74]
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    escaped += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: escaped.append(byte)
                }
            }
            escaped.append(0x22)
            out += String(decoding: escaped, as: UTF8.self)
        }
    }
}
