import BenchSupport
import Foundation
import SearchIndex

// Times tsearch in-process, for the side-by-side and scale scripts.
//
//   tsearch-bench queries                       the real-data query set, as TSV (kind, query)
//   tsearch-bench query --db F --queries Q.tsv [--repeat 20] [--warmup 2] [--limit 20]
//       one JSON line per query: {"kind","query","total","samples_ms":[...]}
//   tsearch-bench import --db F [--every N] FILE.jsonl...
//       one JSON line: {"seconds","posts","text_bytes","slices":[[posts, seconds]...]}, a slice
//       each N posts read (default 100000), to see whether the time per post stays flat; each
//       slice is also written to standard error as it is reached

func option(_ name: String, in arguments: [String]) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tsearch-bench: \(message)\n".utf8))
    exit(64)
}

func json(_ object: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

func runQueries(_ arguments: [String]) throws {
    guard let db = option("--db", in: arguments), let file = option("--queries", in: arguments) else {
        fail("query needs --db F --queries FILE.tsv")
    }
    let repeatCount = Int(option("--repeat", in: arguments) ?? "") ?? 20
    let warmup = Int(option("--warmup", in: arguments) ?? "") ?? 2
    let limit = Int(option("--limit", in: arguments) ?? "") ?? 20
    let index = try SearchIndex(path: db)
    let options = SearchOptions(limit: limit)
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    for line in lines where !line.hasPrefix("#") {
        let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        var total = 0
        for _ in 0..<warmup { total = try index.search(parts[1], options: options).total }
        var samples: [Double] = []
        for _ in 0..<repeatCount {
            let start = DispatchTime.now().uptimeNanoseconds
            let results = try index.search(parts[1], options: options)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            total = results.total
        }
        print(json(["kind": parts[0], "query": parts[1], "total": total, "samples_ms": samples]))
    }
}

func runImport(_ arguments: [String]) throws {
    guard let db = option("--db", in: arguments) else { fail("import needs --db F FILE...") }
    let every = Int(option("--every", in: arguments) ?? "") ?? 100_000
    var files: [String] = []
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
        if argument.hasPrefix("--") { _ = rest.popFirst() } else { files.append(argument) }
    }
    let index = try SearchIndex(path: db)
    var seconds = 0.0, posts = 0, textBytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var slices: [[Double]] = []
    var nextSlice = every, readBefore = 0
    for file in files {
        let reader = JSONLReader(try InputFile(path: file))
        let summary = try index.importPosts(from: reader, file: file, format: "jsonl", onProgress: { read in
            if readBefore + read >= nextSlice {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                slices.append([Double(readBefore + read), elapsed])
                // Progress as it goes (standard error is not buffered); the report comes at the end.
                FileHandle.standardError.write(Data(String(format: "tsearch-bench: %d posts read in %.1f s\n", readBefore + read, elapsed).utf8))
                nextSlice += every
            }
        })
        readBefore += summary.postsRead + summary.skippedTotal
        seconds += summary.seconds
        posts += summary.added + summary.updated + summary.unchanged
        textBytes += summary.textBytes
    }
    print(json(["seconds": seconds, "posts": posts, "text_bytes": textBytes, "slices": slices]))
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "queries":
        for (kind, query) in BenchQueries.real { print("\(kind.rawValue)\t\(query)") }
    case "query": try runQueries(arguments)
    case "import": try runImport(arguments)
    default: fail("usage: tsearch-bench queries | query --db F --queries Q.tsv | import --db F FILE...")
    }
} catch {
    fail("\(error)")
}
