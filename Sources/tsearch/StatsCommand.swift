import ArgumentParser
import SearchIndex

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the posts, threads and quotes in the index."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format.")
    var format: Format = .text

    func run() throws {
        try Terminal.run {
            let stats = try database.openForReading().stats()
            switch format {
            case .json:
                Terminal.write(JSONRenderer.stats(stats) + "\n")
            case .text:
                var out = "posts            \(stats.posts.grouped)\n"
                out += "threads          \(stats.threads.grouped)\n"
                out += "quotes           \(stats.quotes.grouped)\n"
                out += "resolved quotes  \(stats.resolvedQuotes.grouped)\n"
                for (source, count) in stats.sources.sorted(by: { $0.key < $1.key }) {
                    out += "source \(source): \(count.grouped) posts\n"
                }
                out += "schema           \(stats.schemaVersion)\n"
                Terminal.write(out)
            }
        }
    }
}
