/// Decodes base64 (RFC 2045 transfer encoding and RFC 2047 `B` encoding) without ever failing.
///
/// ```
/// Base64.decode(Array("aGVs\nbG8=".utf8))   // "hello" as bytes
/// ```
///
/// Leniency:
/// - Line breaks, spaces and any other byte outside the alphabet are skipped.
/// - Decoding stops at the first `=`; missing padding is accepted and a lone trailing character
///   (which holds less than a byte) is dropped.
/// - The URL-safe alphabet (`-`, `_`) is accepted too.
enum Base64 {
    /// The decoded bytes of `raw`.
    static func decode(_ raw: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(raw.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in raw {
            if byte == 0x3D { break }
            let value = table[Int(byte)]
            guard value < 64 else { continue }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }

    /// The 6-bit value of each byte; 255 for bytes outside the alphabet.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()
}
