import Testing

@testable import SearchIndex

/// Normalizer cases as (input, expected words): words separated by spaces, `|` for a break,
/// `@url` for a bare address read as one word, `^` before each word of a nested (`>`) line.
@Suite struct QuoteNormalizerTests {
    /// The words of `expected` notation as the normalizer would produce them.
    static func expectedWords(_ expected: String) -> (hashes: [UInt64], breaks: [Bool], levels: [UInt8]) {
        var hashes = [UInt64]()
        var breaks = [Bool]()
        var levels = [UInt8]()
        var pendingBreak = true
        for item in expected.split(separator: " ") {
            if item == "|" {
                pendingBreak = true
                continue
            }
            var word = String(item)
            var level: UInt8 = 0
            while word.hasPrefix("^") {
                level += 1
                word.removeFirst()
            }
            if word.hasPrefix("@") {
                var address = Array(word.dropFirst().utf8)
                hashes.append(address.withUnsafeMutableBufferPointer { QuoteNormalizer.addressHash(UnsafeBufferPointer($0)) })
            } else {
                hashes.append(QuoteNormalizer.hash(of: word))
            }
            breaks.append(pendingBreak)
            levels.append(level)
            pendingBreak = false
        }
        return (hashes, breaks, levels)
    }

    @Test(arguments: [
        ("Don't **ship** it&hellip; [yet](https://x.org)!", "don t ship it | yet"),
        ("Hello,   WORLD\n  again", "hello world again"),
        ("don’t “quote” — me", "don t quote me"),
        ("a &amp; b &lt;c&gt; &#65;&#x42;c &nbsp;d &bogus; e", "a b c abc d bogus e"),
        ("one...two . . three [...] four … five [x](y) six", "one | two three | four | five x six"),
        ("see https://www.Example.org/a/, then <https://example.org/a> ok.", "see @example.org/a then @example.org/a ok"),
        ("use `utxo_set` and <br> <sub>x</sub> _it_ ~~no~~", "use utxo set and x it no"),
        ("![image|690x388](upload://abc.png) caption", "image 690x388 caption"),
        ("naïve café 2^n", "naïve café 2 n"),
        ("e.g. 1.5 sat/vB", "e g 1 5 sat vb"),
        ("emoji 👍🏽 here", "emoji here"),
    ])
    func wordsOfText(_ input: String, _ expected: String) {
        let words = QuoteNormalizer.words(in: input)
        let want = Self.expectedWords(expected)
        #expect(words.hashes == want.hashes, "words of \(input.debugDescription)")
        #expect(words.breakBefore == want.breaks, "breaks of \(input.debugDescription)")
    }

    @Test(arguments: [
        ("a b\n> c d\n> > e\nf", "a b | ^c ^d | ^^e | f"),
        ("> c d\nf", "^c ^d | f"),
        ("a\n>\nb", "a | b"),
    ])
    func levelsOfQuoteLines(_ input: String, _ expected: String) {
        let words = QuoteNormalizer.words(in: input, readingLevels: true)
        let want = Self.expectedWords(expected)
        #expect(words.hashes == want.hashes, "words of \(input.debugDescription)")
        #expect(words.breakBefore == want.breaks, "breaks of \(input.debugDescription)")
        #expect(words.levels == want.levels, "levels of \(input.debugDescription)")
    }

    @Test func linkTextCarriesItsTarget() {
        let words = QuoteNormalizer.words(in: "read [the BIP](https://x.org/bip) now")
        var address = Array("x.org/bip".utf8)
        let target = address.withUnsafeMutableBufferPointer { QuoteNormalizer.addressHash(UnsafeBufferPointer($0)) }
        #expect(words.linkTargets == [0, target, target, 0])
        #expect(words.urls == [target])
    }

    @Test func elisionIsNotedOnlyBetweenWords() {
        #expect(QuoteNormalizer.words(in: "a ... b").hasElision)
        #expect(!QuoteNormalizer.words(in: "... a b ...").hasElision)
    }
    /// A source's words are a quote's words without the per-word detail.
    @Test(arguments: [
        "Don't **ship** it&hellip; [yet](https://x.org)!",
        "see https://www.example.org/a/ and <https://x.org> &amp; caf\u{E9} \u{2019}tis",
        "> nested\n> > deeper ... and back\nplain line &#8217;s &#x41;",
        "",
    ])
    func sourceWordsAreTheWordsWithoutDetail(text: String) {
        var copy = text
        let full = QuoteNormalizer.words(in: text)
        let source = copy.withUTF8 { QuoteNormalizer.sourceWords(in: $0) }
        #expect(source.hashes == full.hashes)
        #expect(source.urls == full.urls)
        #expect(source.byteCount == full.byteCount)
        #expect(source.hasElision == full.hasElision)
        #expect(source.breakBefore.isEmpty && source.levels.isEmpty && source.linkTargets.isEmpty)
    }
}
