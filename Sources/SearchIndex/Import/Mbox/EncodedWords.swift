/// Decodes RFC 2047 encoded words in a header value: `=?utf-8?Q?caf=C3=A9?=` → `café`.
///
/// ```
/// EncodedWords.decode("=?utf-8?Q?H=C3=B8iland?= <toke@example.org>")   // "Høiland <toke@example.org>"
/// EncodedWords.decode("=?iso-8859-1?B?Y2Fm6Q==?=")                     // "café"
/// ```
///
/// Leniency:
/// - `B` and `Q` in either case; the charset may carry an RFC 2231 language (`utf-8*en`).
/// - Whitespace between two adjacent encoded words is dropped, as the RFC says; the bytes of
///   adjacent words in the same charset are joined before decoding, so a character split across
///   two words (as some mailers do) survives.
/// - Encoded words are decoded wherever they stand, also inside quoted strings and glued to
///   other text, which the RFC forbids but mailers write.
/// - A malformed word (unknown encoding, missing `?=`, whitespace inside) is kept as written.
enum EncodedWords {
    /// `raw` with its encoded words decoded.
    static func decode(_ raw: String) -> String {
        guard raw.utf8.count >= 8, raw.contains("=?") else { return raw }
        var decoder = Decoder(Array(raw.utf8))
        return decoder.run()
    }

    private struct Decoder {
        let bytes: [UInt8]
        var out = [UInt8]()
        /// Decoded bytes of the current run of adjacent words in one charset, not yet converted.
        var pending = [UInt8]()
        var pendingCharset = ""
        /// Whether the last thing written was an encoded word, followed only by whitespace since.
        var afterWord = false
        /// The whitespace seen since the last encoded word, held back until we know whether
        /// another word follows.
        var heldSpace = [UInt8]()

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> String {
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x3D, i + 1 < bytes.count, bytes[i + 1] == 0x3F,
                   let word = parseWord(at: i)
                {
                    heldSpace.removeAll()
                    if word.charset != pendingCharset { flush() }
                    pendingCharset = word.charset
                    pending.append(contentsOf: word.bytes)
                    afterWord = true
                    i = word.end
                    continue
                }
                let byte = bytes[i]
                if afterWord, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    heldSpace.append(byte)
                } else {
                    flush()
                    out.append(contentsOf: heldSpace)
                    heldSpace.removeAll()
                    afterWord = false
                    out.append(byte)
                }
                i += 1
            }
            flush()
            out.append(contentsOf: heldSpace)
            return String(decoding: out, as: UTF8.self)
        }

        /// Converts the pending bytes from their charset and writes them out.
        mutating func flush() {
            guard !pending.isEmpty else { return }
            out.append(contentsOf: Charsets.decode(pending, charset: pendingCharset).utf8)
            pending.removeAll()
        }

        /// The encoded word starting at `start` (at `=?`), or `nil` when it is malformed.
        func parseWord(at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
            var i = start + 2
            let charsetStart = i
            while i < bytes.count, bytes[i] != 0x3F {
                if isSpace(bytes[i]) { return nil }
                i += 1
            }
            guard i + 2 < bytes.count, i > charsetStart, bytes[i + 2] == 0x3F else { return nil }
            var charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self)
            if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
            let encoding = bytes[i + 1] | 0x20
            guard encoding == 0x62 || encoding == 0x71 else { return nil }
            let textStart = i + 3
            var j = textStart
            while j + 1 < bytes.count, !(bytes[j] == 0x3F && bytes[j + 1] == 0x3D) {
                if isSpace(bytes[j]) { return nil }
                j += 1
            }
            guard j + 1 < bytes.count else { return nil }
            let text = bytes[textStart..<j]
            let decoded = encoding == 0x62
                ? Base64.decode(text)
                : QuotedPrintable.decode(text, underscoreIsSpace: true)
            return (charset.lowercased(), decoded, j + 2)
        }

        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
    }
}
