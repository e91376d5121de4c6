/// The query set used on the real data, by kind. The side-by-side script gets it from
/// `tsearch-bench queries` (as TSV), so every tool runs exactly these queries.
public enum BenchQueries {
    public enum Kind: String, CaseIterable, Sendable {
        case single, and, phrase, prefix, common
    }

    public static let real: [(kind: Kind, query: String)] = [
        (.single, "folio"), (.single, "taproot"), (.single, "maintainer"), (.single, "rust"), (.single, "mempool"),
        (.and, "rust kernel"), (.and, "fee rate"), (.and, "patch review"), (.and, "cluster mempool"),
        (.and, "stable backport"),
        (.phrase, "\"code review\""), (.phrase, "\"cluster mempool\""), (.phrase, "\"pull request\""),
        (.phrase, "\"maintainer summit\""), (.phrase, "\"fee rate\""),
        (.prefix, "sched*"), (.prefix, "covenant*"), (.prefix, "maint*"), (.prefix, "sig*"), (.prefix, "regress*"),
        (.common, "the"), (.common, "is"), (.common, "bitcoin"), (.common, "patch"), (.common, "think"),
    ]

    /// Words with filters (author, date, root posts), for the micro-benchmarks only: the peers
    /// of the side-by-side have no such fields.
    public static let filtered = [
        "rust author:torvalds", "mempool author:sipa", "fee after:2024", "maintainer before:2020", "review is:root",
    ]

    public static func queries(_ kind: Kind) -> [String] {
        real.filter { $0.kind == kind }.map(\.query)
    }
}
