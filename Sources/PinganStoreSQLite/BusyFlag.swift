import Foundation

/// A flag one task at a time may raise: `raise()` says whether this caller got it.
final class BusyFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false

    func raise() -> Bool {
        lock.withLock {
            if busy { return false }
            busy = true
            return true
        }
    }
    func lower() { lock.withLock { busy = false } }
}
