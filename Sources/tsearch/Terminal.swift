import ArgumentParser
import Foundation
import SearchIndex

/// A failure to report to the user in one line, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        description = message
    }
}

enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static var outputStyle: TextStyle {
        TextStyle.forOutput(isTerminal: stdoutIsTerminal, environment: ProcessInfo.processInfo.environment)
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Runs a command's body; an error becomes one line on stderr and exit code 1 (usage errors
    /// keep ArgumentParser's exit code 64).
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as LocalizedError {
            Self.error("tsearch: \(error.errorDescription ?? "\(error)")\n")
            throw ExitCode.failure
        } catch let error as CLIError {
            Self.error("tsearch: \(error.description)\n")
            throw ExitCode.failure
        } catch {
            Self.error("tsearch: \(error)\n")
            throw ExitCode.failure
        }
    }
}

extension Int {
    /// `12,345`
    var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}
