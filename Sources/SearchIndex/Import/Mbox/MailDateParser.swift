/// Parses the `Date` header of a message (RFC 5322 and its obsolete forms) into unix seconds.
///
/// ```
/// MailDateParser.parse("Mon, 19 Apr 2021 11:28:51 -0400 (EDT)")   // 1618846131
/// MailDateParser.parse("19 Apr 21 15:28 GMT")                      // 1618846080
/// ```
///
/// Leniency:
/// - The weekday is optional and never checked; comments in parentheses are ignored.
/// - Two-digit years are 2000–2049 below 50, else 19xx; three-digit years add 1900.
/// - Seconds are optional; a time of `24:00:00` or a leap second `:60` is accepted.
/// - Zones: `+hhmm`/`-hhmm` (also `+hh:mm`), `UT`, `GMT`, `UTC`, `Z`, the North American
///   `EST`/`EDT`, `CST`/`CDT`, `MST`/`MDT`, `PST`/`PDT`; an unknown name or military letter, or a
///   missing zone, is taken as UTC.
/// - Day and month may come in either order, and the year may follow the time (`asctime` form,
///   `Thu Jan  1 00:00:00 1970`); month names are read from their first three letters, any case.
/// - Anything unreadable gives `nil`, never a guess at a different field.
enum MailDateParser {
    /// Seconds since 1970 UTC for `raw`, or `nil` when it is not a readable date.
    static func parse(_ raw: String) -> Int64? {
        var day: Int?, month: Int?, year: Int?
        var hour: Int?, minute = 0, second = 0
        var offset = 0
        for token in tokens(Array(raw.utf8)) {
            guard let first = token.first else { continue }
            if first == 0x2B || first == 0x2D, token.count > 1 {
                guard let zone = parseOffset(token) else { continue }
                offset = zone
            } else if token.contains(0x3A) {
                guard hour == nil, let time = parseTime(token) else { return nil }
                (hour, minute, second) = time
            } else if isDigit(first) {
                guard token.allSatisfy(isDigit), token.count <= 4 else { return nil }
                let value = token.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                if token.count <= 2, day == nil {
                    day = value
                } else if year == nil {
                    switch token.count {
                    case 4: year = value
                    case 3: year = 1900 + value
                    default: year = value < 50 ? 2000 + value : 1900 + value
                    }
                } else {
                    return nil
                }
            } else if let m = monthNumber(token) {
                guard month == nil else { return nil }
                month = m
            } else if let zone = zoneOffset(token) {
                offset = zone
            }
        }
        guard let day, let month, let year, let hour, (1...31).contains(day),
              hour <= 24, minute < 60, second <= 60
        else { return nil }
        let days = TimestampParser.daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// The words of `bytes`, split at spaces and commas, with comments removed.
    private static func tokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start: Int?
        var depth = 0
        for (i, byte) in bytes.enumerated() {
            let separator = byte == 0x20 || byte == 0x09 || byte == 0x2C || byte == 0x28 || byte == 0x29
                || depth > 0
            if byte == 0x28 { depth += 1 }
            if separator {
                if let s = start { result.append(bytes[s..<i]) }
                start = nil
            } else if start == nil {
                start = i
            }
            if byte == 0x29, depth > 0 { depth -= 1 }
        }
        if let s = start { result.append(bytes[s...]) }
        return result
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func number(_ token: ArraySlice<UInt8>) -> Int? {
        guard !token.isEmpty, token.count <= 2, token.allSatisfy(isDigit) else { return nil }
        return token.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// `hh:mm` or `hh:mm:ss`.
    private static func parseTime(_ token: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let parts = token.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let h = number(parts[0]), let m = number(parts[1])
        else { return nil }
        let s = parts.count == 3 ? number(parts[2]) : 0
        guard let s else { return nil }
        return (h, m, s)
    }

    /// `+hhmm`, `-hhmm`, `+hh:mm` or `+hh` as seconds east of UTC.
    private static func parseOffset(_ token: ArraySlice<UInt8>) -> Int? {
        let digits = token.dropFirst().filter { $0 != 0x3A }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy(isDigit) else { return nil }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let hours = digits.count == 4 ? value / 100 : value
        let minutes = digits.count == 4 ? value % 100 : 0
        guard hours < 24, minutes < 60 else { return nil }
        return (token.first == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    private static func monthNumber(_ token: ArraySlice<UInt8>) -> Int? {
        guard token.count >= 3 else { return nil }
        let key = String(decoding: token.prefix(3).map { $0 | 0x20 }, as: UTF8.self)
        return months[key]
    }

    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// The offset of a named zone; `nil` for a word that is not one we know (then ignored).
    private static func zoneOffset(_ token: ArraySlice<UInt8>) -> Int? {
        let key = String(decoding: token.map { $0 | 0x20 }, as: UTF8.self)
        return zones[key].map { $0 * 3600 }
    }
}
