import Foundation

/// A file (or standard input) read in chunks of bytes.
///
/// Compressed files (`.gz`, `.xz`, `.bz2`, `.zst`, told by their first bytes) are read through
/// the system's decompressor (`gzip -dc`, ...) as a stream, so they are never unpacked to disk.
public final class InputFile {
    /// The name shown in messages: the path as given, or `<stdin>`.
    public let name: String
    private let handle: FileHandle
    private let closesHandle: Bool
    private var decompressor: Process?
    public private(set) var bytesRead = 0

    /// Opens `path`, or standard input for `-`.
    ///
    /// - Throws: ``ImportError/cannotOpen(path:reason:)`` when the file cannot be read.
    public init(path: String) throws {
        if path == "-" {
            name = "<stdin>"
            handle = FileHandle.standardInput
            closesHandle = false
            return
        }
        name = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError.cannotOpen(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ImportError.cannotOpen(path: path, reason: "is a directory")
        }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw ImportError.cannotOpen(path: path, reason: "permission denied")
        }
        let magic = (try? file.read(upToCount: 6)) ?? Data()
        guard let tool = Self.decompressor(for: magic) else {
            try? file.seek(toOffset: 0)
            handle = file
            closesHandle = true
            return
        }
        try? file.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, "-dc", "--", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ImportError.cannotOpen(path: path, reason: "it is compressed and '\(tool)' cannot be run")
        }
        handle = pipe.fileHandleForReading
        closesHandle = true
        decompressor = process
    }

    deinit {
        if let decompressor, decompressor.isRunning { decompressor.terminate() }
        if closesHandle { try? handle.close() }
    }

    /// The command that decompresses a file starting with `magic`, or `nil` for plain files.
    static func decompressor(for magic: Data) -> String? {
        let bytes = [UInt8](magic.prefix(6))
        if bytes.starts(with: [0x1F, 0x8B]) { return "gzip" }
        if bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "xz" }
        if bytes.starts(with: [0x42, 0x5A, 0x68]) { return "bzip2" }
        if bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return "zstd" }
        return nil
    }

    /// The first `count` bytes of the (decompressed) file at `path`, for telling its format.
    public static func prefix(of path: String, count: Int = 64 << 10) throws -> Data {
        let input = try InputFile(path: path)
        var data = Data()
        while data.count < count {
            let chunk = try input.read(upTo: count - data.count)
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        return data
    }

    /// The next chunk of at most `maxLength` bytes; empty at the end of the input.
    public func read(upTo maxLength: Int = 1 << 20) throws -> Data {
        let data: Data
        do {
            data = try handle.read(upToCount: maxLength) ?? Data()
        } catch {
            throw ImportError.readFailed(file: name, reason: error.localizedDescription)
        }
        bytesRead += data.count
        if data.isEmpty, let decompressor {
            decompressor.waitUntilExit()
            switch decompressor.terminationStatus {
            case 0: break
            case 127:
                // `env` found no such command.
                throw ImportError.readFailed(
                    file: name, reason: "it is compressed and '\(decompressor.arguments?.first ?? "")' cannot be run (is it installed?)")
            default:
                throw ImportError.readFailed(file: name, reason: "the file is damaged or truncated (decompression failed)")
            }
        }
        return data
    }
}
