import Dispatch
import Foundation

/// Ctrl-C during an import: the first one asks the import to stop at the next batch boundary
/// (everything written so far stays, and is linked); a second one ends the process at once,
/// which is also safe: each batch is one transaction.
final class Interrupt: @unchecked Sendable {
    static let shared = Interrupt()

    private let lock = NSLock()
    private var requested = false
    private var source: (any DispatchSourceSignal)?

    var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    /// Starts catching SIGINT.
    func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock()
            let second = self.requested
            self.requested = true
            self.lock.unlock()
            if second {
                signal(SIGINT, SIG_DFL)
                kill(getpid(), SIGINT)
            } else {
                FileHandle.standardError.write(Data("\ntsearch: stopping after the current batch (Ctrl-C again to quit now)\n".utf8))
            }
        }
        source.resume()
        self.source = source
    }
}
