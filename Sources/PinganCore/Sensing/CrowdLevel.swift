import Foundation

/// Where a counted place stands against its `CrowdRule`, and what a new count raises.
///
/// A crowd above a threshold stays above it for hours; one alert when the count first crosses
/// each threshold is what the ground units need, not one per count. The level only falls again
/// once the count drops below 90 % of the warning figure, so a crowd hovering at the threshold
/// does not flap.
public struct CrowdLevel: Sendable, Hashable {
    public enum Level: Int, Sendable, Hashable, Comparable {
        case normal, warning, alarm
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    public var level: Level
    public var count: Int
    public var at: Date
    /// When the last rate-of-change alert was raised (one per rule window at most).
    public var roseAt: Date?

    public init(level: Level = .normal, count: Int, at: Date, roseAt: Date? = nil) {
        self.level = level
        self.count = count
        self.at = at
        self.roseAt = roseAt
    }

    /// The level after `count` at `at` under `rule` (which applies at local `hour`), with the
    /// alert kinds the count raises.
    public static func next(after previous: CrowdLevel?, count: Int, at: Date, hour: Int, rule: CrowdRule) -> (CrowdLevel, [Alert.Kind]) {
        var state = previous ?? CrowdLevel(count: count, at: at)
        var raised: [Alert.Kind] = []
        guard rule.applies(atHour: hour) else {
            state.level = .normal
            state.count = count
            state.at = at
            return (state, [])
        }
        let reached: Level = count >= rule.alarmAt ? .alarm : count >= rule.warnAt ? .warning : .normal
        if reached > state.level {
            raised.append(reached == .alarm ? .crowdAlarm : .crowdWarning)
            state.level = reached
        } else if Double(count) < Double(rule.warnAt) * 0.9 {
            state.level = .normal
        } else if reached == .warning && state.level == .alarm && Double(count) < Double(rule.alarmAt) * 0.9 {
            state.level = .warning
        }
        if let rise = rule.risePerMinute, let previous, at > previous.at, raised.isEmpty {
            let minutes = at.timeIntervalSince(previous.at) / 60
            let perMinute = Double(count - previous.count) / max(minutes, 1.0 / 60)
            // At most one rise alert every ten minutes: a surge is one event.
            if perMinute >= Double(rise), state.roseAt.map({ at.timeIntervalSince($0) >= 600 }) ?? true {
                raised.append(.crowdRise)
                state.roseAt = at
            }
        }
        state.count = count
        state.at = at
        return (state, raised)
    }
}
