import Testing
@testable import SearchIndex

/// Spans written as `text|author|source`, `-` for none.
private func dump(_ result: QuoteSplitter.Result) -> [String] {
    ["own: " + result.ownText] + result.quotes.map {
        "\($0.position): \($0.text)|\($0.attributedAuthor ?? "-")|\($0.explicitSource ?? "-")"
    }
}

@Suite struct DiscourseQuoteSplitterTests {
    /// One row per leniency rule for `raw`.
    static let rawCases: [(raw: String, expected: [String])] = [
        ("[quote=\"murch, post:36, topic:2215\"]\nWe could batch.\n[/quote]\n\nAgreed.",
         ["own: Agreed.", "0: We could batch.|murch|t/2215/36"]),
        ("[QUOTE=\"murch, post:36, topic:2215, full:true\"]\nx\n[/Quote]",
         ["own: ", "0: x|murch|t/2215/36"]),
        ("[quote=\"Jane Doe, post:2, topic:9, username:jdoe\"]\nx\n[/quote]", ["own: ", "0: x|jdoe|t/9/2"]),
        ("[quote='ann, post:3']\nx\n[/quote]", ["own: ", "0: x|ann|t/7/3"]),
        ("[quote=\u{201C}RobinLinus, post:4, topic:5\u{201D}]\nx\n[/quote]", ["own: ", "0: x|RobinLinus|t/5/4"]),
        ("[quote=\"bob\"]\nx\n[/quote]", ["own: ", "0: x|bob|-"]),
        ("[quote=bob]\nx\n[/quote]", ["own: ", "0: x|bob|-"]),
        ("[quote]x[/quote]", ["own: ", "0: x|-|-"]),
        ("before [quote]inline[/quote] after", ["own: before\n\nafter", "6: inline|-|-"]),
        ("[quote=\"a, post:2, topic:1\"]\n[quote=\"b, post:1, topic:1\"]\ninner\n[/quote]\n\nouter\n[/quote]\nmine",
         ["own: mine", "0: > inner\n\nouter|a|t/1/2"]),
        ("[quote=\"a, post:2, topic:1\"]\nnever closed\n\nmine", ["own: [quote=\"a, post:2, topic:1\"]\nnever closed\n\nmine"]),
        ("stray [/quote] text", ["own: stray [/quote] text"]),
        // The inner tags pair up; the outer opening tag stays text.
        ("[quote=\"a, post:2, topic:1\"]\n[quote]\nunclosed inner\n[/quote]\nmine",
         ["own: [quote=\"a, post:2, topic:1\"]\n\nmine", "28: unclosed inner|-|-"]),
        ("```\n[quote]\nnot a quote\n[/quote]\n```\nmine", ["own: ```\n[quote]\nnot a quote\n[/quote]\n```\nmine"]),
        ("> markdown\n\n[quote=\"a, post:2, topic:1\"]\nbb\n[/quote]\nmine\n> more",
         ["own: mine", "0: markdown|-|-", "0: bb|a|t/1/2", "4: more|-|-"]),
        ("[quote=\"a, post:x, topic:1\"]\nbad number\n[/quote]", ["own: ", "0: bad number|a|-"]),
        ("[quotes] are not tags", ["own: [quotes] are not tags"]),
    ]

    @Test(arguments: rawCases)
    func splitsRaw(raw: String, expected: [String]) {
        #expect(dump(DiscourseQuoteSplitter.split(raw: raw, topic: "7")) == expected, "input: \(raw)")
    }

    static let cookedCases: [(cooked: String, expected: [String])] = [
        ("""
         <aside class="quote no-group" data-username="sipa" data-post="33" data-topic="209">
         <div class="title">
         <div class="quote-controls"></div>
         <img alt="" src="a.png" class="avatar"> sipa:</div>
         <blockquote>
         <aside class="quote no-group" data-username="ajtowns" data-post="32" data-topic="209">
         <div class="title"><div class="quote-controls"></div> ajtowns:</div>
         <blockquote><p>inner</p></blockquote>
         </aside>
         <p>outer</p>
         </blockquote>
         </aside>
         <p>mine</p>
         """, ["own: mine", "0: > inner\n\nouter|sipa|t/209/33"]),
        ("<aside class=\"quote no-group\"><blockquote><p>bare</p></blockquote></aside><p>x</p>",
         ["own: x", "0: bare|-|-"]),
        ("<aside class=\"onebox\"><p>preview</p></aside><blockquote><p>md</p></blockquote><p>x</p>",
         ["own: preview\n\nx", "7: md|-|-"]),
        ("<aside class=\"quote\" data-post=\"1\"><blockquote>never closed", ["own: ", "0: never closed|-|-"]),
    ]

    @Test(arguments: cookedCases)
    func splitsCooked(cooked: String, expected: [String]) {
        #expect(dump(DiscourseQuoteSplitter.split(cooked: cooked, topic: "7")) == expected, "input: \(cooked)")
    }
}
