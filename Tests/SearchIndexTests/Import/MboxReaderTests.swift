import Foundation
import Testing
@testable import SearchIndex

/// Writes `text` to a temporary file and reads every item of it with ``MboxReader``.
private func readMbox(_ text: String, source: String = "mail") throws -> [ReadItem] {
    try readMbox(bytes: Array(text.utf8), source: source)
}

private func readMbox(bytes: [UInt8], source: String = "mail") throws -> [ReadItem] {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("mbox-test-\(UUID().uuidString).mbox")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    var reader = MboxReader(try InputFile(path: url.path), defaultSource: source)
    var items: [ReadItem] = []
    while let item = try reader.next() { items.append(item) }
    return items
}

private func posts(_ items: [ReadItem]) -> [Post] {
    items.compactMap { if case let .post(post) = $0 { post } else { nil } }
}

/// One message in mbox form with the given header lines and body.
private func message(_ headers: [String], _ body: String) -> String {
    "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + headers.joined(separator: "\n") + "\n\n" + body + "\n\n"
}

private func splitMessages(_ text: String) throws -> [[UInt8]] {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("mbox-split-\(UUID().uuidString).mbox")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    var splitter = MboxSplitter(try InputFile(path: url.path))
    var result: [[UInt8]] = []
    while let raw = try splitter.next() { result.append(raw.bytes) }
    return result
}

@Suite("MboxReader")
struct MboxReaderTests {
    // MARK: - Splitting the file

    @Test("From separators, unescaping and CRLF", arguments: [
        ("From a@b Thu Jan  1 00:00:00 1970\nA: 1\n\nx\n\nFrom a@b Thu Jan  1 00:00:00 1970\nA: 2\n\ny\n",
         ["A: 1\n\nx\n", "A: 2\n\ny\n"]),
        ("From a@b Sat Jan 01 12:00:00 +0000 2011\nA: 1\n\n>From here\n>>From there\n>>>From far\n",
         ["A: 1\n\nFrom here\n>From there\n>>From far\n"]),
        ("From a@b Thu Jan  1 00:00:00 1970\r\nA: 1\r\n\r\nx\r\n", ["A: 1\n\nx\n"]),
        ("A: 1\n\nno separator at all", ["A: 1\n\nno separator at all\n"]),
        ("From a@b Thu Jan  1 00:00:00 1970\nA: 1\n\nFrom the start, no time here\n> From x\n",
         ["A: 1\n\nFrom the start, no time here\n> From x\n"]),
        ("From a@b Thu Jan  1 00:00:00 1970\nA: 1\n\nx\nFrom b@c Fri Jan  2 10:00:00 1970\nA: 2\n\ny",
         ["A: 1\n\nx\n", "A: 2\n\ny\n"]),
        ("\n\r\nFrom a@b Thu Jan  1 00:00:00 1970\nA: 1\n\nx", ["A: 1\n\nx\n"]),
        ("", []),
    ])
    func splitsMessages(input: String, expected: [String]) throws {
        let got = try splitMessages(input).map { String(decoding: $0, as: UTF8.self) }
        #expect(got == expected, "input: \(input.debugDescription)")
    }

    @Test func reportsMessageNumbersAndOffsets() throws {
        let text = "From a@b Thu Jan  1 00:00:00 1970\nA: 1\n\nx\n\nFrom a@b Thu Jan  1 00:00:00 1970\nA: 2\n\ny\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mbox-\(UUID().uuidString)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var splitter = MboxSplitter(try InputFile(path: url.path))
        let first = try #require(try splitter.next())
        let second = try #require(try splitter.next())
        #expect((first.number, first.offset) == (1, 0))
        #expect((second.number, second.offset) == (2, 43))
    }

    @Test func messagesLargerThanAChunkSurviveIntact() throws {
        // Lines of every length cross the reader's 1 MiB chunk boundaries, with CRLF and escapes.
        var expected: [String] = []
        var text = ""
        for number in 0..<3 {
            var body = ""
            var line = 0
            while body.utf8.count < 700_000 {
                body += line % 97 == 0 ? "From line \(line)\n" : String(repeating: "x", count: line % 131) + "\n"
                line += 1
            }
            let header = "Message-ID: <m\(number)@x>\n\n"
            expected.append(header + body)
            let escaped = body.replacingOccurrences(of: "From line", with: ">From line")
            text += "From a@b Thu Jan  1 00:00:00 1970\n" + (header + escaped).replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        }
        let got = try splitMessages(text).map { String(decoding: $0, as: UTF8.self) }
        #expect(got.count == 3)
        #expect(got == expected, "three messages of 700 kB with CRLF line ends and >From escapes")
    }

    // MARK: - Headers

    @Test("header folding and names", arguments: [
        ("Subject: Re: [MAINTAINER SUMMIT] Rethinking the acceptance policy for\n \"trivial\" patches\n\nbody",
         "subject", "Re: [MAINTAINER SUMMIT] Rethinking the acceptance policy for \"trivial\" patches"),
        ("SUBJECT :  spaced   \n\n", "subject", "spaced"),
        ("To: a\nSubject: one\n\tline\r\n  two\n\nbody", "subject", "one line two"),
        ("Subject: caf\u{E9}\n\n", "subject", "caf\u{E9}"),
        ("X: 1\nSubject: first\nSubject: second\n\n", "subject", "first"),
    ])
    func parsesHeaders(input: String, name: String, expected: String) {
        let (headers, _) = MailHeaders.parse(Array(input.utf8)[...])
        #expect(headers[name] == expected, "input: \(input.debugDescription)")
    }

    @Test func headerBytesInLatin1AreRead() {
        let bytes: [UInt8] = Array("Subject: caf".utf8) + [0xE9] + Array("\n\nbody".utf8)
        let (headers, body) = MailHeaders.parse(bytes[...])
        #expect(headers["subject"] == "café")
        #expect(String(decoding: body, as: UTF8.self) == "body")
    }

    // MARK: - Encodings

    @Test("RFC 2047 encoded words", arguments: [
        ("Toke =?utf-8?Q?H=C3=B8iland-J=C3=B8rgensen?= <toke@redhat.com>", "Toke Høiland-Jørgensen <toke@redhat.com>"),
        ("=?iso-8859-1?B?Y2Fm6Q==?=", "café"),
        ("=?utf-8?Q?H=C3=B8iland?= <toke@example.org>", "Høiland <toke@example.org>"),
        ("=?ISO-8859-1?q?caf=E9_au_lait?=", "café au lait"),
        ("=?utf-8?B?6L2s5Y+R77ya?=", "转发："),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\n =?utf-8?q?b?= c", "ab c"),
        ("=?utf-8?B?w6k=?= =?iso-8859-2?Q?=B1?=", "éą"),
        ("=?utf-8?B?4oK=?= =?utf-8?B?rA==?=", "€"),
        ("\"=?utf-8?Q?J=C3=B6rg?=\" <j@x.org>", "\"Jörg\" <j@x.org>"),
        ("=?utf-8*en?Q?hi?=", "hi"),
        ("=?windows-1252?Q?=80?=", "€"),
        ("=?utf-8?X?bad?= and =?utf-8?Q?no end", "=?utf-8?X?bad?= and =?utf-8?Q?no end"),
        ("plain subject", "plain subject"),
    ])
    func decodesEncodedWords(input: String, expected: String) {
        #expect(EncodedWords.decode(input) == expected, "input: \(input.debugDescription)")
    }

    @Test("quoted-printable", arguments: [
        ("caf=C3=A9 =\nau lait", "café au lait"),
        ("soft=\r\nbreak", "softbreak"),
        ("trailing =  \nspaces", "trailing spaces"),
        ("lower =c3=a9", "lower é"),
        ("--=20\nsig", "-- \nsig"),
        ("a = b =Zz", "a = b =Zz"),
        ("ends with =", "ends with "),
    ])
    func decodesQuotedPrintable(input: String, expected: String) {
        let got = String(decoding: QuotedPrintable.decode(Array(input.utf8)), as: UTF8.self)
        #expect(got == expected, "input: \(input.debugDescription)")
    }

    @Test("base64", arguments: [
        ("aGVs\nbG8=", "hello"),
        ("aGVsbG8", "hello"),
        ("aGVs bG8h\r\n", "hello!"),
        ("", ""),
        ("!!!", ""),
    ])
    func decodesBase64(input: String, expected: String) {
        let got = String(decoding: Base64.decode(Array(input.utf8)), as: UTF8.self)
        #expect(got == expected, "input: \(input.debugDescription)")
    }

    @Test("charsets", arguments: [
        ([0x63, 0x61, 0x66, 0xE9], "iso-8859-1", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "\"ISO_8859-1\"", "café"),
        ([0x80], "iso-8859-1", "€"),
        ([0xA4], "iso-8859-15", "€"),
        ([0xB1, 0xE6], "iso-8859-2", "ąć"),
        ([0xE4, 0xE1], "iso-8859-5", "фс"),
        ([0xE1], "iso-8859-7", "α"),
        ([0xFD], "iso-8859-9", "ı"),
        ([0x9A, 0xB9], "windows-1250", "šą"),
        ([0xE0, 0xE1], "cp1251", "аб"),
        ([0x80, 0x9C], "windows-1252", "€œ"),
        ([0xE1, 0xFF], "windows-1253", "α\u{FFFD}"),
        ([0xF0], "windows-1254", "ğ"),
        ([0xF9], "windows-1255", "ש"),
        ([0xC7], "windows-1256", "ا"),
        ([0xE0], "windows-1257", "ą"),
        ([0xE3], "windows-1258", "ă"),
        ([0xC3, 0xA9], "utf-8", "é"),
        ([0xC3, 0xA9], nil, "é"),
        ([0xE9], nil, "é"),
        ([0xE9], "us-ascii", "é"),
        ([0x61, 0xFF, 0x62], "utf-8", "a\u{FFFD}b"),
        ([0xC3, 0xA9], "x-unknown-charset", "é"),
        ([0xD6, 0xD0, 0xCE, 0xC4], "gb2312", "中文"),
        ([0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], "iso-2022-jp", "日本"),
        ([0x00, 0x61, 0x00, 0x62], "utf-16be", "ab"),
    ] as [([UInt8], String?, String)])
    func decodesCharsets(bytes: [UInt8], charset: String?, expected: String) {
        #expect(Charsets.decode(bytes, charset: charset) == expected, "input: \(bytes) in \(charset ?? "nil")")
    }

    // MARK: - Dates and ids

    @Test("RFC 2822 dates, leniently", arguments: [
        ("Mon, 19 Apr 2021 11:28:51 -0400", 1_618_846_131),
        ("Mon, 19 Apr 2021 11:28:51 -0400 (EDT)", 1_618_846_131),
        ("19 Apr 2021 15:28 GMT", 1_618_846_080),
        ("19 Apr 21 15:28 GMT", 1_618_846_080),
        ("Mon,  19 Apr 21 15:28:00 UT", 1_618_846_080),
        ("Tue, 3 May 2022 10:00:00 EST", 1_651_590_000),
        ("3 May 99 10:00:00 +0130", 925_720_200),
        ("Thu Jan  1 00:00:00 1970", 0),
        ("Thu, 1 Jan 1970 00:00:00 +00:00", 0),
        ("1 jan 1970 00:00:00 A", 0),
        ("Thu, 01 Jan 1970 (a comment) 00:00:00 (another) +0000", 0),
    ] as [(String, Int64)])
    func parsesDates(input: String, expected: Int64) {
        #expect(MailDateParser.parse(input) == expected, "input: \(input.debugDescription)")
    }

    @Test("unreadable dates give nil", arguments: [
        "", "yesterday", "Mon, 19 Apr 2021", "32 Apr 2021 10:00", "19 Foo 2021 10:00", "19 Apr 2021 25:00",
    ])
    func rejectsDates(input: String) {
        #expect(MailDateParser.parse(input) == nil, "input: \(input.debugDescription)")
    }

    @Test("message ids", arguments: [
        ("<a@x.org>", ["a@x.org"]),
        ("<a@x.org> (Jane's message)\n <b@y.org>", ["a@x.org", "b@y.org"]),
        (" <a@x.org> (Jane's message)\n <b@y.org>", ["a@x.org", "b@y.org"]),
        ("Your message of \"Mon\" <a@x.org>", ["a@x.org"]),
        ("<a@x.org><b@y.org>", ["a@x.org", "b@y.org"]),
        ("<a@\n x.org>", ["a@x.org"]),
        ("bare@x.org", ["bare@x.org"]),
        ("<>", []),
    ])
    func readsMessageIDs(input: String, expected: [String]) {
        #expect(MessageIDParser.ids(in: input) == expected, "input: \(input.debugDescription)")
    }

    @Test("the one id of a Message-ID header", arguments: [
        (" <YH2hs6EsPTpDAqXc@mit.edu> ", "YH2hs6EsPTpDAqXc@mit.edu"),
        ("no-brackets-or-at", "no-brackets-or-at"),
        ("<>", nil),
        ("", nil),
    ] as [(String, String?)])
    func readsTheMessageID(input: String, expected: String?) {
        #expect(MessageIDParser.id(in: input) == expected, "input: \(input.debugDescription)")
    }

    // MARK: - MIME

    @Test("content types", arguments: [
        (#"Text/Plain; charset="UTF-8"; format=flowed"#, "text/plain", ["charset": "UTF-8", "format": "flowed"]),
        (#"multipart/mixed; (a comment) boundary="a\"b";"#, "multipart/mixed", ["boundary": "a\"b"]),
        ("text/html;charset=iso-8859-1 (Latin)", "text/html", ["charset": "iso-8859-1"]),
        ("garbage", "text/plain", [:]),
    ] as [(String, String, [String: String])])
    func parsesContentTypes(input: String, mediaType: String, parameters: [String: String]) {
        let type = ContentType(parsing: input)
        #expect(type.mediaType == mediaType, "input: \(input.debugDescription)")
        #expect(type.parameters == parameters, "input: \(input.debugDescription)")
    }

    @Test("MIME structure", arguments: [
        // Plain text, quoted-printable.
        (["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
         "caf=C3=A9 =\nau lait", "café au lait"),
        // Base64 in ISO-8859-1.
        (["Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: base64"],
         "Y2Fm6Q==", "café"),
        // Alternative: the plain part wins over the HTML part before it.
        (["Content-Type: multipart/alternative; boundary=\"b1\""],
         "preamble\n--b1\nContent-Type: text/html\n\n<p>html</p>\n--b1\nContent-Type: text/plain\n\nplain\n--b1--\nepilogue",
         "plain"),
        // Nested: signed around mixed around the text, then an attachment.
        (["Content-Type: multipart/signed; boundary=outer; protocol=\"application/pgp-signature\""],
         "--outer\nContent-Type: multipart/mixed; boundary=inner\n\n--inner\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nbmVzdGVk\n--inner\nContent-Type: text/x-patch\n\ndiff\n--inner--\n--outer\nContent-Type: application/pgp-signature\n\nsig\n--outer--",
         "nested"),
        // HTML only: made plain.
        (["Content-Type: multipart/alternative; boundary=b"],
         "--b\nContent-Type: text/html; charset=utf-8\n\n<div>a &lt; b</div>\n--b--", "a < b"),
        // An inline HTML body beats an attached text file; an attached text file beats nothing.
        (["Content-Type: multipart/mixed; boundary=b"],
         "--b\nContent-Type: text/html\n\n<p>body</p>\n--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nfile\n--b--",
         "body"),
        (["Content-Type: multipart/mixed; boundary=b"],
         "--b\nContent-Type: text/html\nContent-Disposition: attachment\n\n<p>page</p>\n--b\nContent-Type: text/plain\nContent-Disposition: ATTACHMENT; filename=a.txt\n\nfile\n--b--",
         "file"),
        // A multipart whose boundary never appears is read as text.
        (["Content-Type: multipart/mixed; boundary=nothere"], "just text", "just text"),
        // No text part at all.
        (["Content-Type: multipart/mixed; boundary=b"], "--b\nContent-Type: image/png\n\nxx\n--b--", ""),
        // An upper-case transfer encoding, no closing delimiter.
        (["Content-Type: multipart/mixed; boundary=b"],
         "--b \nContent-Type: TEXT/PLAIN\nContent-Transfer-Encoding: QUOTED-PRINTABLE\n\nx=3Dy\n", "x=y"),
    ] as [([String], String, String)])
    func findsTheText(headers: [String], body: String, expected: String) throws {
        let text = message(["Message-ID: <m@x>"] + headers, body)
        let post = try #require(posts(try readMbox(text)).first)
        #expect(post.ownText == expected, "input: \(text.debugDescription)")
    }

    // MARK: - Posts

    @Test func buildsThePost() throws {
        let text = message([
            "From: =?utf-8?Q?J=C3=B6rg?= Doe <jd@example.org>",
            "Subject: Re: [TECH TOPIC] Rust\n in the kernel",
            "Date: Mon, 19 Apr 2021 11:28:51 -0400",
            "Message-ID: <child@x.org>",
            "In-Reply-To: <parent@x.org> (Jane's message)",
            "References: <root@x.org>\n <middle@x.org> <parent@x.org>",
        ], "On Mon, Jane wrote:\n> quoted line\n\nMy answer.\n\n-- \nJörg Doe\nExample Corp")
        let post = try #require(posts(try readMbox(text, source: "ksummit")).first)
        #expect(post == Post(
            source: "ksummit", id: "child@x.org", parent: "parent@x.org",
            ancestors: ["root@x.org", "middle@x.org", "parent@x.org"],
            author: "Jörg Doe <jd@example.org>", time: 1_618_846_131,
            title: "Re: [TECH TOPIC] Rust in the kernel", ownText: "My answer.",
            quotes: [QuotedSpan(text: "quoted line", depth: 1, position: 0,
                                attribution: "On Mon, Jane wrote:", attributedAuthor: "Jane")]
        ))
    }

    @Test("parent and ancestors", arguments: [
        ([], nil, []),
        (["In-Reply-To: <p@x>"], "p@x", []),
        (["References: <r@x> <q@x>"], "q@x", ["r@x", "q@x"]),
        (["In-Reply-To: <p@x>", "References: <r@x> <q@x>"], "p@x", ["r@x", "q@x"]),
        (["In-Reply-To: <p@x> <other@x>"], "p@x", []),
        (["In-Reply-To: <m@x>", "References: <r@x> <m@x>"], nil, ["r@x"]),
    ] as [([String], String?, [String])])
    func linksParentAndAncestors(headers: [String], parent: String?, ancestors: [String]) throws {
        let post = try #require(posts(try readMbox(message(["Message-ID: <m@x>"] + headers, "x"))).first)
        #expect(post.parent == parent, "headers: \(headers)")
        #expect(post.ancestors == ancestors, "headers: \(headers)")
        #expect(post.thread == nil, "headers: \(headers)")
    }

    @Test func skipsMessagesWithoutMessageID() throws {
        let text = message(["Message-ID: <a@x>"], "one") + message(["Subject: none"], "two")
            + message(["Message-ID: b@x"], "three")
        let items = try readMbox(text)
        #expect(items.count == 3)
        #expect(posts(items).map(\.id) == ["a@x", "b@x"])
        guard case let .skipped(issue) = items[1] else {
            Issue.record("expected a skip, got \(items[1])")
            return
        }
        #expect(issue.reason == "missing Message-ID")
        #expect(issue.location == "message 2 (byte 63)")
        #expect(issue.detail == "message 2 at byte 63 has no Message-ID header")
    }

    @Test("signatures are removed from own text", arguments: [
        ("text\n-- \nsig", "text", 0),
        ("text\n--\nnot a signature", "text\n--\nnot a signature", 0),
        ("top reply\n-- \nsig line\n\nOn Mon, X wrote:\n> quoted\n\nbelow", "top reply\nbelow", 1),
        ("a\n> q\n\nb\n-- \nsig", "a\n\nb", 1),
    ])
    func removesSignatures(body: String, ownText: String, quoteCount: Int) throws {
        let post = try #require(posts(try readMbox(message(["Message-ID: <m@x>"], body))).first)
        #expect(post.ownText == ownText, "input: \(body.debugDescription)")
        #expect(post.quotes.count == quoteCount, "input: \(body.debugDescription)")
        for quote in post.quotes {
            #expect(quote.position <= post.ownText.utf8.count, "input: \(body.debugDescription)")
        }
    }

    @Test func keepsPatchesAsOwnText() throws {
        let patch = """
            Signed-off-by: A <a@x>
            ---
             a.c | 2 +-
            diff --git a/a.c b/a.c
            --- a/a.c
            +++ b/a.c
            @@ -1 +1 @@
            -old
            +new
            """
        let body = patch + "\n-- \n2.34.1"
        let post = try #require(posts(try readMbox(message(["Message-ID: <m@x>", "Subject: [PATCH] a"], body))).first)
        #expect(post.ownText == patch)
        #expect(post.quotes.isEmpty)
    }

    @Test func undecodableBytesNeverCrash() throws {
        var bytes = Array(message(
            ["Message-ID: <m@x>", "Subject: =?utf-8?B?/w==?=", "Content-Type: text/plain; charset=utf-8"],
            "x").utf8)
        bytes.insert(contentsOf: [0xFF, 0xFE, 0xC3], at: bytes.count - 3)
        let post = try #require(posts(try readMbox(bytes: bytes)).first)
        #expect(post.title == "\u{FFFD}")
        #expect(post.ownText.contains("\u{FFFD}"))
    }
}

/// The real mailing-list archives beside the repository, unpacked at test time.
@Suite("MboxReader on the ksummit archives")
struct MboxReaderRealDataTests {
    /// The folder holding the `.mbox.xz` files, found from this file's path; `nil` when absent.
    static let dataFolder: URL? = {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("../shared/data/mailinglist-ksummit").standardized
        guard FileManager.default.fileExists(atPath: folder.path) else {
            print("skipping the real-data mbox test: \(folder.path) is absent")
            return nil
        }
        return folder
    }()

    /// Unpacks `name` with `xz -dc` into a fresh temporary directory; returns the mbox path.
    private func unpack(_ name: String, into directory: URL) throws -> String {
        let output = directory.appendingPathComponent(name.replacingOccurrences(of: ".xz", with: ""))
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xz", "-dc", Self.dataFolder!.appendingPathComponent(name).path]
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "xz -dc \(name) failed")
        return output.path
    }

    private struct Counts {
        var messages = 0
        var skipped = 0
        var ids = Set<String>()
        var parentInFile = 0
        var posts: [Post] = []
    }

    private func read(_ path: String) throws -> Counts {
        var counts = Counts()
        var reader = MboxReader(try InputFile(path: path), defaultSource: "ksummit")
        while let item = try reader.next() {
            counts.messages += 1
            switch item {
            case let .post(post):
                counts.ids.insert(post.id)
                counts.posts.append(post)
            case .skipped, .deleted:
                counts.skipped += 1
            }
        }
        counts.parentInFile = counts.posts.count { $0.parent.map(counts.ids.contains) ?? false }
        return counts
    }

    @Test(.enabled(if: dataFolder != nil, "the real data folder ../shared/data is absent"))
    func readsTheArchives() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mbox-real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let ksummit = try read(try unpack("ksummit.lists.linux.dev.0.mbox.xz", into: directory))
        #expect(ksummit.messages == 3115)
        #expect(ksummit.skipped == 0)
        #expect(ksummit.ids.count == 3112)
        #expect(ksummit.parentInFile >= 2936)
        #expect(ksummit.posts.allSatisfy { $0.time != nil && $0.author != nil && $0.title != nil })
        #expect(!ksummit.posts.contains { $0.ownText.contains("\u{FFFD}") }, "no undecodable text")

        let discuss = try read(try unpack("ksummit-discuss.lists.linuxfoundation.org.0.mbox.xz", into: directory))
        #expect(discuss.messages == 759)
        #expect(discuss.skipped == 0)
        #expect(discuss.ids.count == 758)
        #expect(discuss.parentInFile >= 659)
        #expect(discuss.ids.union(ksummit.ids).count == 3852)
    }
}
