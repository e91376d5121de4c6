import Testing
@testable import SearchIndex

/// Quote spans on marked text: `|` separates own text from what the splitter should find.
struct QuoteSplitterTests {
    struct Case: CustomStringConvertible {
        let body: String
        let own: String
        let spans: [(text: String, depth: Int, attribution: String?)]
        var description: String { body.debugDescription }
    }

    static let cases: [Case] = [
        Case(body: "no quotes here", own: "no quotes here", spans: []),
        Case(body: "> quoted\nreply", own: "reply", spans: [("quoted", 1, nil)]),
        Case(body: ">no space\nreply", own: "reply", spans: [("no space", 1, nil)]),
        Case(body: "> a\n> > b\n>> c\nreply", own: "reply", spans: [("a\n> b\n> c", 1, nil)]),
        Case(body: "> > only deep\nreply", own: "reply", spans: [("> only deep", 2, nil)]),
        Case(body: "a > b is not a quote", own: "a > b is not a quote", spans: []),
        Case(body: " > indented is not a quote", own: " > indented is not a quote", spans: []),
        Case(body: "> one\n\n> two\nreply", own: "reply", spans: [("one", 1, nil), ("two", 1, nil)]),
        Case(
            body: "On Tue, 3 May 2022, Jane Doe wrote:\n> ship it\nNo.",
            own: "No.", spans: [("ship it", 1, "On Tue, 3 May 2022, Jane Doe wrote:")]),
        Case(
            body: "Jane Doe <j@x.org> writes:\n\n> ship it\nNo.",
            own: "No.", spans: [("ship it", 1, "Jane Doe <j@x.org> writes:")]),
        Case(
            body: "In article <abc@host>, kim@example.org writes:\n> old news\nNews.",
            own: "News.", spans: [("old news", 1, "In article <abc@host>, kim@example.org writes:")]),
        Case(
            body: "Hi,\n\nOn Wed, Jul 03, 2019 at 11:12:11AM +0200, Thomas\nGleixner wrote:\n> text\nreply",
            own: "Hi,\n\nreply",
            spans: [("text", 1, "On Wed, Jul 03, 2019 at 11:12:11AM +0200, Thomas Gleixner wrote:")]),
        Case(body: "He wrote:\nnothing quoted", own: "He wrote:\nnothing quoted", spans: []),
        Case(body: "line1\r\n> q\r\nline2\r\n", own: "line1\nline2", spans: [("q", 1, nil)]),
        Case(body: "a\n\n\n\nb", own: "a\n\nb", spans: []),
        Case(body: "bell\u{7}\u{1B}[31m red", own: "bell[31m red", spans: []),
    ]

    @Test(arguments: cases)
    func splits(_ c: Case) {
        let result = QuoteSplitter.split(c.body)
        #expect(result.ownText == c.own, "own text of \(c.body.debugDescription)")
        #expect(result.quotes.map(\.text) == c.spans.map(\.text), "span texts of \(c.body.debugDescription)")
        #expect(result.quotes.map(\.depth) == c.spans.map(\.depth), "depths of \(c.body.debugDescription)")
        #expect(result.quotes.map(\.attribution) == c.spans.map(\.attribution), "attributions of \(c.body.debugDescription)")
    }

    @Test func positionsPointIntoOwnText() {
        let result = QuoteSplitter.split("first\n> q1\nsecond\n> q2\nthird")
        #expect(result.ownText == "first\nsecond\nthird")
        #expect(result.quotes.map(\.position) == [5, 12])
    }

    @Test(arguments: [
        ("On Tue, 3 May 2022, Jane Doe wrote:", "Jane Doe"),
        ("On Wed, Jul 03, 2019 at 11:12:11AM +0200, Thomas Gleixner wrote:", "Thomas Gleixner"),
        ("Jane Doe <j@x.org> writes:", "Jane Doe"),
        ("In article <abc@host>, kim@example.org writes:", "kim@example.org"),
        ("On Mon, 1 Jan 2024 at 10:00, \"Smith, Bob\" <b@x.org> wrote:", "Smith, Bob"),
    ])
    func attributedAuthor(line: String, author: String) {
        let result = QuoteSplitter.split(line + "\n> x\ny")
        #expect(result.quotes.first?.attributedAuthor == author, "author in \(line.debugDescription)")
    }

    @Test func quotedTextRemovesEveryLevel() {
        #expect(QuoteSplitter.removingAllQuoteMarkers("a\n> b\n>> c\n> > d") == "a\nb\nc\nd")
    }

    @Test(arguments: [
        // The span's own attribution lines go, with a wrapped "On ..." line above them.
        ("Jane wrote:\n> a\nb", "> a\nb"),
        ("x\nOn Tue, 2 Jul 2019,\nKim wrote:\n\n> a", "x\n\n> a"),
        ("Ann said: \n>\n> > a", ">\n> > a"),
        // Deeper ones are the quoted post's quoted text: kept.
        ("> On Mon, Kim wrote:\n> > a\n> b", "> On Mon, Kim wrote:\n> > a\n> b"),
        // Not followed by a deeper quote (one blank line at most between): kept.
        ("Jane wrote:\nb", "Jane wrote:\nb"),
        ("Jane wrote:\n\n\n> a", "Jane wrote:\n\n\n> a"),
        ("> a\nJane wrote:", "> a\nJane wrote:"),
        ("On Tue, 2 Jul 2019,\n\nKim wrote:\n> a", "On Tue, 2 Jul 2019,\n\n> a"),
        ("no attribution\n> a", "no attribution\n> a"),
    ])
    func nestedAttributionsAreRemoved(text: String, expected: String) {
        #expect(QuoteSplitter.removingNestedAttributions(text) == expected, "\(text.debugDescription)")
    }
}
