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
    ] as [(String, String?)])
    func author(line: String, expected: String?) {
        #expect(Attribution.author(in: Array(line.utf8)) == expected)
    }
}
