import Foundation

/// Errors that stop the import of one input (items that can be skipped are ``ImportIssue``s).
public enum ImportError: Error, Equatable, LocalizedError {
    /// The path does not exist, is a directory where a file is needed, or cannot be read.
    case cannotOpen(path: String, reason: String)
    /// Reading failed part way through the input.
    case readFailed(file: String, reason: String)
    /// The format could not be told from the file's content.
    case unknownFormat(file: String)

    public var errorDescription: String? {
        switch self {
        case let .cannotOpen(path, reason): "cannot open \(path): \(reason)"
        case let .readFailed(file, reason): "\(file): read failed: \(reason)"
        case let .unknownFormat(file): "\(file): cannot tell the format from its content; give --format"
        }
    }
}
