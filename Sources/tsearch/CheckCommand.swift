import ArgumentParser
import SearchIndex

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the index: file structure, schema, full-text index against the posts, links."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try Terminal.run {
            let report = try database.open().check()
            for item in report.items {
                Terminal.write((item.problem == nil ? "ok    " : "FAIL  ") + item.name
                    + (item.problem.map { ": " + $0 } ?? "") + "\n")
            }
            for note in report.notes { Terminal.write("note  " + note + "\n") }
            if !report.passed { throw ExitCode.failure }
        }
    }
}

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge the full-text index, make the frequent words' champion lists and compact the file (safe to interrupt).",
        discussion: """
            Compacting rewrites the whole file: it needs free disk space about twice the index's \
            size (a temporary copy, then the write-ahead log). Without that much, or with \
            --no-compact, the index is merged and its lists made, and the file is left as it is.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .customLong("compact"), inversion: .prefixedNo,
          help: "Compact the file after merging (needs free space about twice the index's size).")
    var compact = true

    func run() throws {
        try Terminal.run {
            let index = try database.open()
            let compaction = try index.withImportLock(onWait: {
                Terminal.error("tsearch: waiting for an import into \(database.path) to finish…\n")
            }) {
                try index.optimize(compact: compact)
            }
            Terminal.write("optimized \(database.path)\n")
            if case .notEnoughSpace(let directory, let needed, let available)? = compaction {
                Terminal.error("tsearch: \(database.path) was merged but not compacted: compacting needs about "
                    + "\(Self.megabytes(needed)) free on the disk of \(directory), which has \(Self.megabytes(available))\n")
            }
        }
    }

    private static func megabytes(_ bytes: Int64) -> String {
        "\((bytes + 999_999) / 1_000_000) MB"
    }
}
