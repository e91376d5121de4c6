import Foundation
import Testing
@testable import SearchIndex

struct DateTextTests {
    /// Each case: unix seconds and the ISO 8601 text in UTC.
    static let cases: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1_562_112_000, "2019-07-03T00:00:00Z"),
        (1_700_000_000, "2023-11-14T22:13:20Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (-62_167_219_200, "0000-01-01T00:00:00Z"),
        (-62_198_755_200, "-001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (253_402_300_800, "10000-01-01T00:00:00Z"),
    ]

    @Test func iso8601() {
        for (time, text) in Self.cases {
            #expect(DateText.iso8601(time) == text, "\(time)")
        }
    }

    /// The same text as the `printf` format it replaces, on times spread over ±12,000 years.
    @Test func sameAsPrintf() {
        var time: Int64 = -440_000_000_000
        while time < 440_000_000_000 {
            let days = Int(time >= 0 ? time / 86400 : (time - 86399) / 86400)
            let seconds = Int(time - Int64(days) * 86400)
            let (y, m, d) = DateText.civil(fromDays: days)
            let printf = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, seconds / 3600, seconds / 60 % 60, seconds % 60)
            #expect(DateText.iso8601(time) == printf, "\(time)")
            time += 987_654_321
        }
    }
}
