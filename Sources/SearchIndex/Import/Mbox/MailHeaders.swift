/// The header fields of a message or MIME part (RFC 5322), unfolded, in order.
///
/// ```
/// Subject: Re: [MAINTAINER SUMMIT] Rethinking the acceptance policy for
///  "trivial" patches
/// ```
/// gives the field `subject` = `Re: [MAINTAINER SUMMIT] Rethinking the acceptance policy for "trivial" patches`.
///
/// Leniency:
/// - Lines end at LF; a CR before it is dropped.
/// - A folded line (starting with a space or tab) continues the field before it; the line break
///   and the run of whitespace that starts the continuation become one space.
/// - Names are matched case-insensitively; spaces before the colon are allowed.
/// - A line that is neither a field nor a continuation is ignored.
/// - Values are UTF-8 when valid (RFC 6532), else Windows-1252; encoded words stay encoded here
///   (see ``EncodedWords``).
/// - The header ends at the first empty line; without one, everything is header and the body is
///   empty.
struct MailHeaders {
    /// One field: its name in lower case and its unfolded raw value, trimmed.
    struct Field {
        var name: String
        var value: String
    }

    private(set) var fields: [Field] = []

    /// Parses the header at the start of `message`.
    ///
    /// - Returns: the header, and the body (what follows the empty line ending the header).
    static func parse(_ message: ArraySlice<UInt8>) -> (headers: MailHeaders, body: ArraySlice<UInt8>) {
        var headers = MailHeaders()
        var name: [UInt8] = []
        var value: [UInt8] = []
        var haveField = false
        var lineStart = message.startIndex
        var bodyStart = message.endIndex
        while lineStart < message.endIndex {
            let newline = message[lineStart...].firstIndex(of: 0x0A)
            var lineEnd = newline ?? message.endIndex
            let next = newline.map { $0 + 1 } ?? message.endIndex
            if lineEnd > lineStart, message[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = message[lineStart..<lineEnd]
            lineStart = next
            if line.isEmpty {
                bodyStart = next
                break
            }
            if line.first == 0x20 || line.first == 0x09 {
                guard haveField else { continue }
                let text = line.drop { $0 == 0x20 || $0 == 0x09 }
                if !text.isEmpty {
                    if !value.isEmpty { value.append(0x20) }
                    value.append(contentsOf: text)
                }
                continue
            }
            if haveField { headers.add(name, value) }
            haveField = false
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            var nameEnd = colon
            while nameEnd > line.startIndex, message[nameEnd - 1] == 0x20 || message[nameEnd - 1] == 0x09 {
                nameEnd -= 1
            }
            let rawName = line[line.startIndex..<nameEnd]
            guard !rawName.isEmpty, !rawName.contains(0x20) else { continue }
            name = rawName.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            value = Array(line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 })
            haveField = true
        }
        if haveField { headers.add(name, value) }
        return (headers, message[bodyStart...])
    }

    private mutating func add(_ name: [UInt8], _ value: [UInt8]) {
        var end = value.count
        while end > 0, value[end - 1] == 0x20 || value[end - 1] == 0x09 { end -= 1 }
        fields.append(Field(
            name: String(decoding: name, as: UTF8.self),
            value: Charsets.decode(value[..<end], charset: nil)
        ))
    }

    /// The value of the first field named `name` (lower case), or `nil`.
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}
