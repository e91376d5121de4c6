import Foundation

/// A file (or standard input) read in chunks of bytes.
///
/// `.gz` files are not handled here; the caller pipes them (see the README).
public final class InputFile {
    /// The name shown in messages: the path as given, or `<stdin>`.
    public let name: String
    private let handle: FileHandle
    private let closesHandle: Bool
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
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError.cannotOpen(path: path, reason: "permission denied")
        }
        self.handle = handle
        closesHandle = true
    }

    deinit {
        if closesHandle { try? handle.close() }
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
        return data
    }
}
