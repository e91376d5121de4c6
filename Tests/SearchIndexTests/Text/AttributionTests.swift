import Testing
@testable import SearchIndex

struct AttributionTests {
    @Test("the author an attribution line names", arguments: [
        ("On Tue, 3 May 2022, Jane Doe <j@x.org> wrote:", "Jane Doe"),
        ("In article <id@host>, kim@example.org writes:", "kim@example.org"),
        ("  Linus Torvalds <torvalds@linux-foundation.org> wrote:  ", "Linus Torvalds"),
        ("Le 3 mai 2022, Jean Dupont a écrit :", "Jean Dupont"),
        ("On 2019-07-03 12:39, 'Leon' wrote:", "Leon"),
        ("Jane wrote:", "Jane"),
        ("On Tuesday wrote:", nil),
        ("wrote:", nil),
        ("<x@y> wrote:", "<x@y>"),
        ("On Tue, 3 May 2022, <j@x.org> wrote:", "<j@x.org>"),
        ("On Wed, Jul 03, 2019 at 02:11:24PM +0300, Dan Carpenter said:", "Dan Carpenter"),
        ("On Thu, 2019-07-04 at 11:15 +0200, Jiri Kosina wrote :", "Jiri Kosina"),
        ("On Fri, 5 Jul 2019, \"Steven Rostedt\" <rostedt@goodmis.org> says:", "Steven Rostedt"),
        ("On Sat, 6 Jul 2019, \"Rostedt, Steven\" <r@g.org> wrote:", "Rostedt, Steven"),
        ("On Sun, 7 Jul 2019, Jürgen Groß <jg@x.de> wrote:", "Jürgen Groß"),
        // Mailers that put the time after the last comma.
        ("On Thu, Jul 4, 2019 at 1:04 AM James Bottomley <jb@h.com> wrote:", "James Bottomley"),
        ("On Sat, 6 Jul 2019 16:27:38 +0200 Wolfram Sang <wsa@t.de> wrote:", "Wolfram Sang"),
        ("On Monday, July 8, 2019 11:31:45 PM CEST Jiri Kosina wrote:", "Jiri Kosina"),
        ("On Fri, Aug 23, 2019, 21:17 Thomas Gleixner <tglx@l.de> wrote:", "Thomas Gleixner"),
        ("On Mon, Jan 1, 2024 at 10:00 AM \"Doe, John\" <jd@x.org> wrote:", "Doe, John"),
        ("On 2019-07-03 12:39, 7 of 9 wrote:", "7 of 9"),
        ("On Tue, Jul 2, 2019 at 9:00 PM ABBA Fan <a@b.c> wrote:", "ABBA Fan"),
        ("On Tue, Jul 2, 2019 at 9:00 PM 2019 wrote:", "2019"),
        ("On Tuesday, 2 Sept. 2019 at 9:00 p.m. Ann Lee <a@l.org> wrote:", "Ann Lee"),
        ("On Wed, Aug 9, 2023 at 8:05\u{202F}PM Bartosz G <b@l.org> wrote:", "Bartosz G"),
        ("On Wed, 9 Aug 2023,\u{A0}Kim\u{A0}Lee wrote:", "Kim Lee"),
        ("On Wed, 9 Aug 2023, Kim \u{2013} Lee wrote:", "Kim \u{2013} Lee"),
    ] as [(String, String?)])
    func author(line: String, expected: String?) {
        #expect(Attribution.author(in: Array(line.utf8)) == expected)
    }

    @Test("an attribution names a post's author", arguments: [
        ("Jane Doe <j@x.org>", "Jane Doe", true),
        ("Jane Doe <j@x.org>", "jane doe", true),
        ("Jane Doe <j@x.org>", "J@X.org", true),
        ("\"Doe, Jane\" <j@x.org>", "Doe, Jane", true),
        ("jane", "Jane", true),
        ("Jane Doe <j@x.org>", "John Doe", false),
        ("<j@x.org>", "", false),
        ("Jane Doe", "Jane", false),
        ("\tJane Doe' <J@X.ORG>", "jane doe", true),
        ("Jane Doe <j@x.org", "jane doe", false),
        ("Jürgen Groß <jg@x.org>", "JÜRGEN GROß", true),
        ("Jürgen Groß <jg@x.org>", "jg@x.org", true),
        ("Jane Doe <j@x.org>", "Jäne Doe", false),
    ])
    func sameAuthor(author: String, attributed: String, expected: Bool) {
        #expect(Attribution.isSameAuthor(author, as: attributed) == expected)
    }

    @Test func attributionLinesAreReadInSlicesToo() {
        let bytes = Array("xx Jane wrote:  yy".utf8)
        #expect(Attribution.isAttribution(bytes[3..<16]))
        #expect(!Attribution.isAttribution(bytes[0..<13]))
        #expect(Attribution.startsWithOn(Array(" On Tue,".utf8)[1...]))
        #expect(!Attribution.startsWithOn(Array("xOn Tue,".utf8)[0...]))
    }
}
