import Foundation

/// A folder of its own under the system's temporary directory, removed with everything in it
/// when the value is released.
///
/// A test suite holds one as a stored property: Swift Testing makes a new suite value for each
/// test, so each test writes into a fresh folder that is gone once the test has run.
///
/// ```swift
/// struct ImportTests {
///     private let temporary = TemporaryDirectory()
///
///     @Test func reopens() throws {
///         let index = try SearchIndex(path: temporary.path("index.db"))
///         ...
/// ```
public final class TemporaryDirectory: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates a new, empty folder named `prefix-UUID`.
    public init(prefix: String = "tsearch-test") {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create a temporary folder at \(path): \(error)")
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public var url: URL { URL(fileURLWithPath: path) }

    /// The path of `name` inside the folder; nothing is created.
    public func path(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Writes `data` to `name` inside the folder (creating subfolders) and returns its path.
    @discardableResult
    public func write(_ data: Data, to name: String) -> String {
        let file = path(name)
        let folder = (file as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: file))
        } catch {
            preconditionFailure("cannot write the test file \(file): \(error)")
        }
        return file
    }

    /// Writes `text` as UTF-8 to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String) -> String {
        write(Data(text.utf8), to: name)
    }
}
