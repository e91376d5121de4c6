/// Decodes one HTML character reference (`&amp;`, `&#39;`, `&#x27;`) on UTF-8 bytes.
enum HTMLEntities {
    /// The named references that posts use; others stay as written.
    private static let named: [[UInt8]: [UInt8]] = {
        let table: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
            "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
            "rdquo": "”", "sbquo": "‚", "bdquo": "„", "laquo": "«", "raquo": "»", "copy": "©",
            "reg": "®", "trade": "™", "bull": "•", "middot": "·", "times": "×", "divide": "÷",
            "deg": "°", "plusmn": "±", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢",
            "sect": "§", "para": "¶", "shy": "", "zwj": "\u{200D}", "zwnj": "\u{200C}",
            "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "le": "≤", "ge": "≥",
            "ne": "≠", "asymp": "≈", "infin": "∞", "micro": "µ", "frac12": "½", "frac14": "¼",
            "frac34": "¾", "sup2": "²", "sup3": "³", "eacute": "é", "egrave": "è", "aacute": "á",
            "agrave": "à", "ouml": "ö", "uuml": "ü", "auml": "ä", "szlig": "ß", "ccedil": "ç",
            "ntilde": "ñ", "iexcl": "¡", "iquest": "¿", "dagger": "†", "prime": "′", "tilde": "˜",
            "circ": "ˆ", "lambda": "λ", "pi": "π", "sigma": "σ", "mu": "μ", "alpha": "α",
            "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
        ]
        var result: [[UInt8]: [UInt8]] = [:]
        for (name, value) in table { result[Array(name.utf8)] = Array(value.utf8) }
        return result
    }()

    /// The longest name worth looking for after `&`.
    private static let maxNameLength = 10

    /// The decoded bytes of the reference that starts with the `&` at `start`, and how many input
    /// bytes it spans; `nil` when the bytes there are not a reference this decoder knows.
    static func decode<C: RandomAccessCollection<UInt8>>(_ bytes: C, at start: Int) -> ([UInt8], Int)?
    where C.Index == Int {
        var i = start + 1
        guard i < bytes.endIndex else { return nil }
        if bytes[i] == 0x23 {
            i += 1
            var hex = false
            if i < bytes.endIndex, bytes[i] | 0x20 == 0x78 {
                hex = true
                i += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while i < bytes.endIndex, digits < 8 {
                let b = bytes[i]
                let digit: UInt32
                if b >= 0x30, b <= 0x39 {
                    digit = UInt32(b - 0x30)
                } else if hex, b | 0x20 >= 0x61, b | 0x20 <= 0x66 {
                    digit = UInt32((b | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            // The `;` is optional in practice; take it when it is there.
            if i < bytes.endIndex, bytes[i] == 0x3B { i += 1 }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (Array(String(Character(scalar ?? "\u{FFFD}")).utf8), i - start)
        }
        let nameStart = i
        while i < bytes.endIndex, i - nameStart <= maxNameLength,
              (bytes[i] | 0x20 >= 0x61 && bytes[i] | 0x20 <= 0x7A) || (bytes[i] >= 0x30 && bytes[i] <= 0x39)
        {
            i += 1
        }
        guard i < bytes.endIndex, bytes[i] == 0x3B, i > nameStart else { return nil }
        guard let decoded = named[Array(bytes[nameStart..<i])] else { return nil }
        return (decoded, i + 1 - start)
    }
}
