import Testing

@testable import SearchIndex

@Suite struct QuoteRunSetTests {
    @Test(arguments: [0, 1, 7, 1000])
    func containsExactlyItsKeys(_ count: Int) {
        // Keys spread like hashes, plus the edge keys 0 and UInt64.max when there is room.
        var keys = (0..<UInt64(count)).map { $0 &* 0x9E37_79B9_7F4A_7C15 }
        if count > 1 { keys[1] = .max }
        let set = QuoteRunSet(keys + keys, count: 2 * count)
        for key in keys { #expect(set.contains(key), "missing \(key)") }
        for key in (UInt64(count)..<UInt64(count + 200)).map({ $0 &* 0x9E37_79B9_7F4A_7C15 }) {
            #expect(!set.contains(key), "unexpected \(key)")
        }
        #expect(set.contains(0) == (count > 0))
    }
}
