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
        out += "\""
        var pending = Substring.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            let escape: String? = switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: nil
            }
            if let escape {
                out += String(pending)
                pending.removeAll()
                out += escape
            } else {
                pending.append(scalar)
            }
        }
        out += String(pending)
        out += "\""
    }
}
