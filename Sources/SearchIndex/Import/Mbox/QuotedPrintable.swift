/// Decodes the quoted-printable transfer encoding (RFC 2045) and the `Q` encoding of RFC 2047.
///
/// ```
/// QuotedPrintable.decode(Array("caf=C3=A9 =\nau lait".utf8))   // "café au lait" as UTF-8 bytes
/// ```
///
/// Leniency:
/// - `=` at the end of a line (before LF or CRLF, trailing spaces allowed) is a soft line break.
/// - Hex digits may be lower case; an `=` not followed by two hex digits is kept as written.
/// - Trailing whitespace is kept, so that a signature separator `-- ` survives.
enum QuotedPrintable {
    /// The decoded bytes of `raw`; with `underscoreIsSpace` (RFC 2047 `Q`), `_` decodes to a space.
    static func decode(_ raw: some Collection<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        let bytes = Array(raw)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte == 0x5F, underscoreIsSpace {
                out.append(0x20)
                i += 1
                continue
            }
            guard byte == 0x3D else {
                out.append(byte)
                i += 1
                continue
            }
            if i + 2 < count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
                continue
            }
            // A soft line break: "=", optional spaces or tabs, then the line end.
            var j = i + 1
            while j < count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if j < count, bytes[j] == 0x0D { j += 1 }
            if j == count || bytes[j] == 0x0A {
                i = min(j + 1, count)
                continue
            }
            out.append(byte)
            i += 1
        }
        return out
    }

    /// The value of one hex digit, either case.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
