import Foundation
import PinganCore

/// What this instance knows of its sensors between commits: when each was last heard from and
/// where each counted place stands against its crowd rule. Neither is an event — a heartbeat a
/// minute from ten thousand devices would drown the audit log — only the changes they cause are
/// (online/offline, an alert). After a restart every sensor counts as just heard from, so none is
/// declared dark before it had the chance to report.
public final class SensorActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var lastSeen: [SensorID: Date] = [:]
    private var crowd: [SensorID: CrowdLevel] = [:]
    private let started: Date

    public init(started: Date) { self.started = started }

    public func seen(_ id: SensorID, at: Date) {
        lock.withLock { if (lastSeen[id] ?? .distantPast) < at { lastSeen[id] = at } }
    }

    public func lastSeen(_ id: SensorID) -> Date {
        lock.withLock { lastSeen[id] ?? started }
    }

    /// Applies a count and returns the alert kinds it raises (see `CrowdLevel`).
    public func count(_ count: Int, at: Date, hour: Int, sensor: SensorID, rule: CrowdRule) -> [Alert.Kind] {
        lock.withLock {
            let (next, raised) = CrowdLevel.next(after: crowd[sensor], count: count, at: at, hour: hour, rule: rule)
            crowd[sensor] = next
            return raised
        }
    }

    /// The latest count of every counted place, for the sensors layer.
    public func counts() -> [SensorID: CrowdLevel] { lock.withLock { crowd } }
}
