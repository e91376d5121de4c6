import Foundation
import Testing
@testable import SearchIndex

/// Reads every post file of the Delving Bitcoin archive and checks the counts and the explicit
/// quote sources against the ground truth of the JSONL data set.
@Suite(.enabled(if: RealData.exists("discourse-delving-bitcoin/delving-bitcoin-archive-posts.tar.xz")))
struct DiscourseRealDataTests {
    @Test func readsTheDelvingArchive() throws {
        let directory = try RealData.unpack("discourse-delving-bitcoin/delving-bitcoin-archive-posts.tar.xz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = RealData.files(under: directory)
        #expect(files.count == 4725)

        var newest: [String: Post] = [:]
        var postCount = 0
        var skipped: [String: Int] = [:]
        for file in files {
            for item in try readAll(DiscourseReader(InputFile(path: file.path))) {
                switch item {
                case let .post(post):
                    postCount += 1
                    if let kept = newest[post.id], (kept.revision ?? 0) >= (post.revision ?? 0) { continue }
                    newest[post.id] = post
                case let .skipped(issue), let .deleted(_, _, _, issue):
                    skipped[issue.reason, default: 0] += 1
                }
            }
        }
        // 56 files are tombstones ("(post deleted by author)", user_deleted); 2 of those posts have
        // an older readable version in another file.
        #expect(postCount + skipped.values.reduce(0, +) == 4725)
        #expect(skipped == ["deleted": 56])
        #expect(newest.count == 4661 - 54)
        // 635 topics in all; 6 of them hold only deleted posts.
        #expect(Set(newest.values.compactMap(\.thread)).count == 629)
        #expect(newest.values.filter { $0.parent != nil }.count > 2200)
        #expect(newest.values.allSatisfy { $0.time != nil && $0.aliases.count == 1 })

        // Explicit sources against the ground truth of `[quote="u, post:N, topic:M"]` blocks.
        struct Truth: Decodable {
            var post: String
            var ordinal: Int
            var named: String?
            var markup: String
        }
        let decoder = JSONDecoder()
        let truth = try RealData.decompress("jsonl/delving-quote-truth.jsonl.xz")
            .split(separator: 0x0A).map { try decoder.decode(Truth.self, from: $0) }
            .filter { $0.markup == "bbcode-post" }
        var byOrdinal = 0, inPost = 0, missingPost = 0
        var mismatches: [String] = []
        for record in truth {
            guard let post = newest[record.post], let named = record.named else {
                missingPost += 1
                continue
            }
            let expected = "t/" + named
            if record.ordinal < post.quotes.count, post.quotes[record.ordinal].explicitSource == expected {
                byOrdinal += 1
            } else if mismatches.count < 10 {
                mismatches.append("post \(record.post) #\(record.ordinal): \(expected) vs "
                    + "\(post.quotes.map { $0.explicitSource ?? "-" })")
            }
            if post.quotes.contains(where: { $0.explicitSource == expected }) { inPost += 1 }
        }
        let explicitSpans = newest.values.reduce(0) { $0 + $1.quotes.filter { $0.explicitSource != nil }.count }
        print("delving: files \(files.count), posts read \(postCount), skipped \(skipped), distinct \(newest.count), "
            + "spans \(newest.values.reduce(0) { $0 + $1.quotes.count }), explicit spans \(explicitSpans); "
            + "truth bbcode-post \(truth.count): same ordinal \(byOrdinal), source named in post \(inPost), "
            + "post not read \(missingPost)")
        for line in mismatches { print("  mismatch: \(line)") }
        #expect(byOrdinal >= truth.count * 95 / 100)
    }
}
