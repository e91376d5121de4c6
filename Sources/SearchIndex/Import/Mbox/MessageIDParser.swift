/// Reads message ids from `Message-ID`, `In-Reply-To` and `References` headers.
///
/// ```
/// MessageIDParser.ids(in: "<a@x.org> (Jane's message)\n <b@y.org>")   // ["a@x.org", "b@y.org"]
/// MessageIDParser.id(in: " <YH2hs6EsPTpDAqXc@mit.edu> ")              // "YH2hs6EsPTpDAqXc@mit.edu"
/// ```
///
/// Leniency:
/// - Ids are what stands between `<` and `>`, with the brackets and any whitespace inside removed.
/// - Text outside brackets (comments, phrases such as `Your message of ...`) is ignored, except
///   that a value with no brackets at all is read as whitespace-separated bare ids.
/// - Empty ids (`<>`) are dropped.
enum MessageIDParser {
    /// Every id in `raw`, in order.
    static func ids(in raw: String) -> [String] {
        let bytes = Array(raw.utf8)
        guard bytes.contains(0x3C) else {
            return raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                .map(String.init).filter { $0.contains("@") }
        }
        var result: [String] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x3C else {
                i += 1
                continue
            }
            var id = [UInt8]()
            var j = i + 1
            while j < bytes.count, bytes[j] != 0x3E, bytes[j] != 0x3C {
                if bytes[j] > 0x20 { id.append(bytes[j]) }
                j += 1
            }
            if j < bytes.count, bytes[j] == 0x3E, !id.isEmpty {
                result.append(String(decoding: id, as: UTF8.self))
                j += 1
            }
            i = j
        }
        return result
    }

    /// The one id of a `Message-ID` header: the first bracketed id, else the trimmed value.
    static func id(in raw: String) -> String? {
        if let first = ids(in: raw).first { return first }
        let trimmed = raw.trimmingCharacters(in: " \t<>")
        return trimmed.isEmpty || trimmed.contains(" ") ? nil : trimmed
    }
}
