import Testing
@testable import SearchIndex

@Suite struct HTMLTextTests {
    /// One row per rule of ``HTMLText``'s doc comment.
    static let cases: [(html: String, text: String)] = [
        // Paragraphs, line breaks, list items.
        ("plain words", "plain words"),
        ("one<p>two", "one\n\ntwo"),
        ("<p>one</p>\n<p>two</p>", "one\n\ntwo"),
        ("one<br>two", "one\ntwo"),
        ("one<br/><br />two", "one\n\ntwo"),
        ("<h2>Title</h2><div>body</div>", "Title\n\nbody"),
        ("<ul><li>first</li><li>second</li></ul>", "- first\n- second"),
        // Inline tags dropped, text kept; white space collapsed.
        ("an <i>important</i> and <b>bold</b> <code>call()</code>", "an important and bold call()"),
        ("  lots \n of\t\tspace  ", "lots of space"),
        ("<span class=\"x\">in</span><unknown>side</unknown>", "inside"),
        // Entities.
        ("don&#x27;t &#39;x&#39; &quot;q&quot; &amp; &lt;tag&gt;", "don't 'x' \"q\" & <tag>"),
        ("&hellip;&mdash;&#8212;&#X2014;&rsquo;", "…———’"),
        ("&bogus; &amp &#xD800; &#0;", "&bogus; &amp \u{FFFD} \u{FFFD}"),
        ("5 &lt 6", "5 &lt 6"),
        // Links.
        ("see <a href=\"https://example.com/a\">the docs</a>.", "see the docs (https://example.com/a)."),
        ("<a href=\"https://example.com/a\">https://example.com/a</a>", "https://example.com/a"),
        ("<a href=\"https:&#x2F;&#x2F;example.com&#x2F;a?b=1&amp;c=2\" rel=\"nofollow\">x</a>",
         "x (https://example.com/a?b=1&c=2)"),
        ("<a href=\"https://example.com/a/very/long/path\">https://example.com/a/ver...</a>",
         "https://example.com/a/very/long/path"),
        ("hi <a class=\"mention\" href=\"/u/alice\">@alice</a>", "hi @alice"),
        ("<a href='https://x.org'><img src=\"i.png\"></a>", "https://x.org"),
        // Preformatted code kept verbatim.
        ("before<pre><code>let a = 1\n  if  a {\n\n  }\n</code></pre>after",
         "before\n\nlet a = 1\n  if  a {\n\n  }\n\nafter"),
        // Quotes: blockquote and HN's &gt; paragraphs.
        ("<blockquote>quoted</blockquote>reply", "> quoted\n\nreply"),
        ("<blockquote><p>one</p><p>two</p></blockquote><p>reply</p>", "> one\n>\n> two\n\nreply"),
        ("<blockquote>outer<blockquote>inner</blockquote>back</blockquote>",
         "> outer\n>\n> > inner\n>\n> back"),
        ("&gt; No one is sure why.<p>We are.", "> No one is sure why.\n\nWe are."),
        ("a &gt; b", "a > b"),
        // Dropped content.
        ("a<script>if (a < b) { x() }</script>b<style>p{}</STYLE>c", "abc"),
        ("a<!-- <p>hidden</p> -->b<!DOCTYPE html>c", "abc"),
        // Broken HTML.
        ("1 < 2 and 3 <4", "1 < 2 and 3 <4"),
        ("text <a href=\"https://x.org\"", "text"),
        ("</p></b>stray</blockquote></a>", "stray"),
        ("<b>unclosed <i>tags", "unclosed tags"),
        ("<", "<"),
        ("&", "&"),
        ("&#", "&#"),
        ("<script>never closed", ""),
        ("<!-- never closed", ""),
        ("", ""),
    ]

    @Test(arguments: cases)
    func converts(html: String, text: String) {
        #expect(HTMLText.toPlainText(html) == text, "input: \(html)")
    }

    @Test func quotedParagraphsBecomeSpans() {
        let text = HTMLText.toPlainText("&gt; first<p>&gt; second<p>mine<blockquote>third</blockquote>")
        let split = QuoteSplitter.split(text)
        #expect(split.quotes.map(\.text) == ["first", "second", "third"])
        #expect(split.ownText == "mine")
    }

    @Test func neverTrapsOnTruncatedInput() {
        let html = "<p>a &amp; <a href=\"https://x.org/?a=1&amp;b\">link</a><pre><code>x\n</code></pre>"
            + "<blockquote><p>q</p></blockquote>&#x1F600;<br>"
        let bytes = Array(html.utf8)
        for end in 0...bytes.count {
            _ = HTMLText.toPlainText(String(decoding: bytes[..<end], as: UTF8.self))
        }
    }
}
