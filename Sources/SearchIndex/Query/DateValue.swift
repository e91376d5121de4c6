/// Reads the dates of `after:`, `before:` and `date:` as periods of unix seconds (UTC).
///
/// | value | period |
/// |---|---|
/// | `2024` | 2024-01-01 to 2025-01-01 |
/// | `2024-03` | 2024-03-01 to 2024-04-01 |
/// | `2024-03-15` | that day |
/// | `7d`, `2w`, `3m`, `1y` | the instant that long before now (a month is 30 days, a year 365) |
///
/// `after:` keeps posts from the period's start on, `before:` posts before its start, and
/// `date:A..B` posts from A's start to B's end.
enum DateValue {
    /// `[start, end)` in unix seconds.
    struct Period: Equatable {
        var start: Int64
        var end: Int64
    }

    static let expected = "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, or a time ago as 7d, 2w, 3m or 1y"

    /// The period `raw` names, or `nil` when it is not a date.
    static func period(_ raw: String, now: Int64) -> Period? {
        if let unit = raw.last, let seconds = unitSeconds(unit), let count = Int64(raw.dropLast()), count >= 0,
           count < 100_000, raw.dropLast().allSatisfy(\.isASCII)
        {
            let instant = now - count * seconds
            return Period(start: instant, end: instant)
        }
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count <= 2 }),
              let year = Int(parts[0])
        else { return nil }
        let month = parts.count > 1 ? Int(parts[1]) ?? 0 : 1
        let day = parts.count > 2 ? Int(parts[2]) ?? 0 : 1
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let start = days(year: year, month: month, day: day)
        let end: Int = switch parts.count {
        case 1: days(year: year + 1, month: 1, day: 1)
        case 2: month == 12 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
        default: start + 1
        }
        return Period(start: Int64(start) * 86400, end: Int64(end) * 86400)
    }

    private static func unitSeconds(_ unit: Character) -> Int64? {
        switch unit {
        case "d": 86400
        case "w": 7 * 86400
        case "m": 30 * 86400
        case "y": 365 * 86400
        default: nil
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
