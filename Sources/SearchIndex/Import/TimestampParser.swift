/// Parses the times that inputs carry into seconds since 1970 UTC.
///
/// Leniency:
/// - Unix seconds as digits (`"1665022937"`), with an optional fraction that is dropped.
/// - ISO 8601 / RFC 3339: `2022-05-03`, `2022-05-03T10:00`, `2022-05-03T10:00:00`, a space
///   instead of `T`, fractional seconds, and `Z`, `+02:00`, `+0200` or no zone (taken as UTC).
public enum TimestampParser {
    /// The time in `raw`, or `nil` when it is neither unix seconds nor ISO 8601.
    public static func parse(_ raw: String) -> Int64? {
        let bytes = Array(raw.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ isDigit($0) || $0 == 0x2E }) {
            let whole = bytes.prefix { $0 != 0x2E }
            guard !whole.isEmpty, whole.count <= 12 else { return nil }
            return whole.reduce(0) { $0 * 10 + Int64($1 - 0x30) }
        }
        return parseISO(bytes)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        return value
    }

    private static func parseISO(_ b: [UInt8]) -> Int64? {
        guard let year = number(b, 0, 4), b.count >= 10, b[4] == 0x2D, b[7] == 0x2D,
              let month = number(b, 5, 2), let day = number(b, 8, 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var i = 10
        if i < b.count, b[i] == 0x54 || b[i] == 0x20 || b[i] == 0x74 {
            guard let h = number(b, i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A,
                  let m = number(b, i + 4, 2)
            else { return nil }
            hour = h
            minute = m
            i += 6
            if i < b.count, b[i] == 0x3A {
                guard let s = number(b, i + 1, 2) else { return nil }
                second = s
                i += 3
            }
            if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                i += 1
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
        }
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        var offset = 0
        if i < b.count {
            switch b[i] {
            case 0x5A, 0x7A:
                i += 1
            case 0x2B, 0x2D:
                let sign = b[i] == 0x2D ? -1 : 1
                guard let h = number(b, i + 1, 2) else { return nil }
                var j = i + 3
                if j < b.count, b[j] == 0x3A { j += 1 }
                let m = number(b, j, 2) ?? 0
                if number(b, j, 2) != nil { j += 2 }
                offset = sign * (h * 3600 + m * 60)
                i = j
            default:
                return nil
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
