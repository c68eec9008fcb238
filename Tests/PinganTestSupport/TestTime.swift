import Foundation
import PinganCore

/// A clock tests move by hand, so deadlines and overdue checks run at chosen instants.
public final class TestTime: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }

    public func set(_ date: Date) { lock.withLock { current = date } }

    /// Moves the clock on to 10:00 China time the next day: for a test whose steps (hours or days
    /// of clock) must not straddle a report day's midnight, whatever the hour it runs at.
    public func advanceToNextMorningInChina() {
        lock.withLock {
            let sinceMidnight = (current.timeIntervalSince1970 + ReportDay.offsetSeconds).truncatingRemainder(dividingBy: 86_400)
            current += 86_400 - sinceMidnight + 10 * 3600
        }
    }
}
