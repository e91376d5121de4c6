/// A parsed `Content-Type` header: the media type and its parameters.
///
/// ```
/// ContentType(parsing: #"Text/Plain; charset="UTF-8"; format=flowed"#)
/// // mediaType "text/plain", parameters ["charset": "UTF-8", "format": "flowed"]
/// ```
///
/// Leniency:
/// - A missing or unreadable header means `text/plain` (RFC 2045's default).
/// - Type and parameter names are lower-cased; values are kept as written, quoted or not,
///   with backslash escapes in quoted values removed.
/// - Parenthesised comments between parameters are skipped; a parameter without `=` is ignored.
/// - RFC 2231 forms (`name*=`, `name*0=`) are not decoded; the plain name wins when both appear.
struct ContentType: Equatable {
    /// The media type in lower case, like `text/plain` or `multipart/mixed`.
    var mediaType: String
    /// Parameters by lower-case name.
    var parameters: [String: String]

    /// The content type of a part whose header has none.
    static let defaultType = ContentType(mediaType: "text/plain", parameters: [:])

    init(mediaType: String, parameters: [String: String]) {
        self.mediaType = mediaType
        self.parameters = parameters
    }

    /// Parses the value of a `Content-Type` header; `nil` gives ``defaultType``.
    init(parsing raw: String?) {
        guard let raw else {
            self = Self.defaultType
            return
        }
        let bytes = Array(raw.utf8)
        var i = 0
        var type = [UInt8]()
        while i < bytes.count, bytes[i] != 0x3B {
            let byte = bytes[i]
            if byte == 0x28 {
                i = Self.skipComment(bytes, from: i)
                continue
            }
            if byte != 0x20, byte != 0x09 { type.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            i += 1
        }
        mediaType = type.contains(0x2F) ? String(decoding: type, as: UTF8.self) : "text/plain"
        parameters = [:]
        while i < bytes.count {
            i += 1  // the ';'
            var name = [UInt8]()
            while i < bytes.count, bytes[i] != 0x3D, bytes[i] != 0x3B {
                if bytes[i] == 0x28 {
                    i = Self.skipComment(bytes, from: i)
                    continue
                }
                if bytes[i] != 0x20, bytes[i] != 0x09 {
                    name.append(bytes[i] >= 0x41 && bytes[i] <= 0x5A ? bytes[i] | 0x20 : bytes[i])
                }
                i += 1
            }
            guard i < bytes.count, bytes[i] == 0x3D else { continue }
            i += 1
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            var value = [UInt8]()
            if i < bytes.count, bytes[i] == 0x22 {
                i += 1
                while i < bytes.count, bytes[i] != 0x22 {
                    if bytes[i] == 0x5C, i + 1 < bytes.count { i += 1 }
                    value.append(bytes[i])
                    i += 1
                }
                while i < bytes.count, bytes[i] != 0x3B { i += 1 }
            } else {
                while i < bytes.count, bytes[i] != 0x3B, bytes[i] != 0x20, bytes[i] != 0x09, bytes[i] != 0x28 {
                    value.append(bytes[i])
                    i += 1
                }
                while i < bytes.count, bytes[i] != 0x3B { i += 1 }
            }
            let key = String(decoding: name, as: UTF8.self)
            if !key.isEmpty, parameters[key] == nil {
                parameters[key] = String(decoding: value, as: UTF8.self)
            }
        }
    }

    /// Whether the type is `multipart/*`.
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// The index just past the comment that opens at `start`, nested comments included.
    private static func skipComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case 0x28: depth += 1
            case 0x29: depth -= 1
            case 0x5C: i += 1
            default: break
            }
            i += 1
            if depth == 0 { break }
        }
        return i
    }
}
