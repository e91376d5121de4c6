/// The header fields of a message or MIME part (RFC 5322), read on demand.
///
/// ```
/// Subject: Re: [MAINTAINER SUMMIT] Rethinking the acceptance policy for
///  "trivial" patches
/// ```
/// gives `headers["subject"]` = `Re: [MAINTAINER SUMMIT] Rethinking the acceptance policy for "trivial" patches`.
///
/// Parsing only notes where each field lies; a value becomes a `String` when it is asked for,
/// so the many `Received:` lines of a message cost one scan and nothing more.
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
    /// Where one field lies in ``bytes``: its name, and its value up to the end of its last line.
    private struct Field {
        var name: Range<Int>
        var value: Range<Int>
    }

    private var bytes: ArraySlice<UInt8> = []
    private var fields: [Field] = []

    /// An empty header.
    init() {}

    /// Parses the header at the start of `message`.
    ///
    /// - Returns: the header, and the body (what follows the empty line ending the header).
    static func parse(_ message: ArraySlice<UInt8>) -> (headers: MailHeaders, body: ArraySlice<UInt8>) {
        var headers = MailHeaders()
        headers.bytes = message
        let base = message.startIndex
        let bodyStart = message.withUnsafeBufferPointer { buffer -> Int in
            let count = buffer.count
            var lineStart = 0
            while lineStart < count {
                var lineEnd = lineStart
                while lineEnd < count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
                let next = lineEnd < count ? lineEnd + 1 : count
                var contentEnd = lineEnd
                if contentEnd > lineStart, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd == lineStart { return next }
                let first = buffer[lineStart]
                if first == 0x20 || first == 0x09 {
                    if let last = headers.fields.indices.last {
                        headers.fields[last].value = headers.fields[last].value.lowerBound..<(base + contentEnd)
                    }
                    lineStart = next
                    continue
                }
                var colon = lineStart
                while colon < contentEnd, buffer[colon] != 0x3A { colon += 1 }
                var nameEnd = colon
                while nameEnd > lineStart, buffer[nameEnd - 1] == 0x20 || buffer[nameEnd - 1] == 0x09 {
                    nameEnd -= 1
                }
                var valid = colon < contentEnd && nameEnd > lineStart
                if valid {
                    for i in lineStart..<nameEnd where buffer[i] <= 0x20 { valid = false }
                }
                if valid {
                    headers.fields.append(Field(
                        name: (base + lineStart)..<(base + nameEnd),
                        value: (base + colon + 1)..<(base + contentEnd)))
                } else {
                    // Not a field: continuation lines after it must not join the field before.
                    headers.fields.append(Field(name: base..<base, value: base..<base))
                }
                lineStart = next
            }
            return count
        }
        return (headers, message[(base + bodyStart)...])
    }

    /// The value of the first field named `name` (lower case), unfolded and trimmed, or `nil`.
    subscript(name: String) -> String? {
        let key = Array(name.utf8)
        for field in fields where field.name.count == key.count {
            var same = true
            for (offset, index) in field.name.enumerated() where bytes[index] | 0x20 != key[offset] | 0x20 {
                same = false
                break
            }
            if same { return value(field.value) }
        }
        return nil
    }

    /// The bytes of `range` unfolded: each line break with the whitespace around it becomes one
    /// space; leading and trailing whitespace is removed.
    private func value(_ range: Range<Int>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var pendingSpace = false
        for index in range {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if byte == 0x0A || byte == 0x0D {
                    while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
                    pendingSpace = !out.isEmpty
                } else if pendingSpace {
                    continue
                } else if !out.isEmpty {
                    out.append(byte)
                }
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte)
        }
        while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
        return Charsets.decode(out, charset: nil)
    }
}
