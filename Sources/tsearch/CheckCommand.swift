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
        abstract: "Merge the full-text index and compact the file (safe to interrupt)."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try Terminal.run {
            let index = try database.open()
            _ = try index.withImportLock(onWait: {
                Terminal.error("tsearch: waiting for an import into \(database.path) to finish…\n")
            }) {
                try index.optimize()
            }
            Terminal.write("optimized \(database.path)\n")
        }
    }
}
