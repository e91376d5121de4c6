import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// Mutated mailboxes (seeded; see ``FuzzRun``): every reported message names its number and
/// byte offset, untouched messages are imported and searchable, the index stays consistent.
struct MboxFuzzTests {
    static let separator = "From fuzz@example.org Thu Jan  1 00:00:00 1970\n"

    /// One message of each kind the reader decodes, in turn: plain text with an attributed
    /// quote, quoted-printable, base64 in ISO-8859-1, multipart/alternative, nested multipart
    /// with an attachment in Windows-1252, HTML only with encoded words in the header.
    static func message(_ number: Int) -> FuzzUnit {
        let id = "m\(1000 + number)@fuzz.example"
        let marker = "zmark\(number)"
        var headers = [
            "From: Ann Example <ann\(number)@example.org>",
            "Subject: Re: fuzzed thread \(number / 6)",
            "Date: Mon, \(1 + number % 28) Apr 2024 10:00:00 +0000",
            "Message-ID: <\(id)>",
        ]
        if number % 6 != 0 {
            headers += ["In-Reply-To: <m\(999 + number)@fuzz.example>",
                        "References: <m\(1000 + number / 6 * 6)@fuzz.example> <m\(999 + number)@fuzz.example>"]
        }
        let own = "words of message \(number) with \(marker) in them"
        let body: String
        switch number % 6 {
        case 0:
            body = "On Sun, 31 Mar 2024, Bob wrote:\n> an earlier line quoted here\n\n\(own)\n\n-- \nAnn"
        case 1:
            headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
            body = "> caf=C3=A9 au lait was quoted\n\(own) and a soft =\nbreak"
        case 2:
            headers += ["Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: base64"]
            var latin1 = Array("> d\u{E9}j\u{E0} vu\n\(own) caf\u{E9}".unicodeScalars.map { UInt8($0.value) })
            latin1 += Array(" end".utf8)
            body = Data(latin1).base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r\n", with: "\n")
        case 3:
            headers += ["MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"b\(number)\""]
            body = """
                preamble
                --b\(number)
                Content-Type: text/plain; charset=us-ascii

                > quoted in the plain part
                \(own)
                --b\(number)
                Content-Type: text/html; charset=utf-8

                <p>\(own) in html</p>
                --b\(number)--
                epilogue
                """
        case 4:
            headers += ["Content-Type: multipart/mixed; boundary=outer\(number)"]
            body = """
                --outer\(number)
                Content-Type: multipart/alternative; boundary=inner\(number)

                --inner\(number)
                Content-Type: text/plain; charset=windows-1252
                Content-Transfer-Encoding: 8bit

                \(own)
                --inner\(number)--
                --outer\(number)
                Content-Type: text/plain
                Content-Disposition: attachment; filename=notes.txt

                attached file text
                --outer\(number)--
                """
        default:
            headers[0] = "From: =?utf-8?b?SsO2cmc=?= <j\(number)@example.org>"
            headers[1] = "Subject: =?iso-8859-1?q?caf=E9_talk?= \(number)"
            headers += ["Content-Type: text/html; charset=utf-8"]
            body = "<blockquote><p>quoted &gt; html</p></blockquote><p>\(own) &amp; more</p>"
        }
        let text = separator + headers.joined(separator: "\n") + "\n\n" + body + "\n\n"
        return FuzzUnit(text, keepPrefix: separator.utf8.count, keepSuffix: 2, marker: marker)
    }

    /// Pieces of mail structure that readers trip on.
    static let pieces: [[UInt8]] = Mutator.common + [
        "\nFrom fuzz@example.org Thu Jan  1 00:00:00 1970\n", "\nFrom nobody\n", ">From ", "\n>>From x\n",
        "\n--b3\n", "\n--b3--\n", "\n--outer4\nContent-Type: text/plain\n\n", "\n--inner4--\n", "--",
        "Content-Type: multipart/mixed; boundary=\"\"\n", "Content-Type: multipart/mixed; boundary=b3\n",
        "Content-Type: text/plain; charset=x-fuzz-unknown\n", "charset=utf-16", "charset=iso-2022-jp",
        "charset=gb18030", "charset=\"", "charset=utf-16le\n\n\u{1}", "Content-Transfer-Encoding: base64\n",
        "Content-Transfer-Encoding: quoted-printable\n", "=?utf-8?b?", "=?utf-8?b?/w==?=", "=?iso-8859-1?q?caf=E9?=",
        "=?x-unknown?q?a?=", "=?", "?=", "=\n", "=3D", "=F", "=FF", "=\r\n", "\n-- \n",
        "\nOn Mon, 1 Jan 2024, X wrote:\n> ", "<blockquote>", "</blockquote>", "<p>", "<html><body>",
        "Message-ID: <>\n", "Message-ID:\n", "In-Reply-To: <m1003@fuzz.example>\n", "References: <a@b> <",
        "Date: Thu, 31 Feb 99999 25:61:61 +9999\n", "\n\n",
    ].map { Array($0.utf8) } + [
        // Deep nesting: forty multiparts inside one another.
        Array((0..<40).map { "\nContent-Type: multipart/mixed; boundary=n\($0)\n\n--n\($0)" }.joined().utf8),
        // A header line of 100 KB, and a long run of encoded words.
        Array(("\nX-Long: " + String(repeating: "y", count: 100_000)).utf8),
        Array(("\nSubject: " + String(repeating: "=?utf-8?q?a=C3?= ", count: 2000)).utf8),
    ]

    @Test func mutatedMessagesNeverBreakTheIndex() throws {
        let fuzz = ReaderFuzz(format: .mbox, units: (0..<24).map(Self.message), pieces: Self.pieces,
                              fileName: "list.mbox", locationPattern: /message \d+ \(byte \d+\)/)
        let tally = try fuzz.run(base: 7000)
        #expect(tally.rounds == FuzzRun.rounds)
        #expect(tally.intactChecked >= tally.rounds, "untouched messages were checked")
    }

    /// The first messages of a real archive, mutated the same way.
    @Test(.enabled(if: RealData.exists("mailinglist-ksummit/ksummit-discuss.lists.linuxfoundation.org.0.mbox.xz")))
    func mutatedRealMessagesNeverBreakTheIndex() throws {
        let path = try #require(try RealData.unpacked("mailinglist-ksummit/ksummit-discuss.lists.linuxfoundation.org.0.mbox.xz"))
        let units = try Self.firstMessages(of: path, count: 30)
        let fuzz = ReaderFuzz(format: .mbox, units: units, pieces: Self.pieces, fileName: "real.mbox",
                              locationPattern: /message \d+ \(byte \d+\)/)
        let tally = try fuzz.run(base: 7100)
        #expect(tally.intactChecked >= tally.rounds)
    }

    /// The first `count` messages of the mbox at `path`, each with its separator line, ending in
    /// a blank line.
    static func firstMessages(of path: String, count: Int) throws -> [FuzzUnit] {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let bytes = [UInt8](try handle.read(upToCount: 4 << 20) ?? Data())
        let marker = Array("\nFrom mboxrd@z ".utf8)
        var starts = [0]
        var i = 0
        while starts.count <= count, i + marker.count <= bytes.count {
            if bytes[i] == 0x0A, bytes[i..<(i + marker.count)].elementsEqual(marker) { starts.append(i + 1) }
            i += 1
        }
        try #require(starts.count > count, "the archive has \(count) messages")
        return (0..<count).map { n in
            let message = Array(bytes[starts[n]..<starts[n + 1]])
            let separatorLength = (message.firstIndex(of: 0x0A) ?? 0) + 1
            return FuzzUnit(bytes: message, keepPrefix: separatorLength, keepSuffix: 2)
        }
    }
}
