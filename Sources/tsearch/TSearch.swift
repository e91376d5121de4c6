import ArgumentParser

@main
struct TSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsearch",
        abstract: "Full-text search over discussion archives: posts, threads and who quoted whom.",
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, ShowCommand.self, ThreadCommand.self, QuotesCommand.self,
            StatsCommand.self, CheckCommand.self, OptimizeCommand.self,
        ]
    )
}
