import Testing
@testable import SearchIndex

@Suite struct DiscourseQuoteSplitterTests {
    @Test func debug() {
        let v = Array("a, post:2, topic:3".utf8)
        print(DiscourseQuoteSplitter.parameters(v[...]))
        print(DiscourseQuoteSplitter.trimmedLines(Array(" post:2".utf8)[...]).map { Character(Unicode.Scalar($0)) })
    }
}
