import Foundation
import PinganGeo

/// Builds the alert each kind of trigger raises, with its severity, cause, deadlines and the
/// action the receiving officer is told to take. Pure; the caller supplies IDs, the policy and
/// the proposed units.
public enum AlertDrafts {
    static func base(_ id: AlertID, _ kind: Alert.Kind, _ severity: AlertSeverity, title: String, action: String, sensor: Sensor,
                     record: SensorRecord?, cause: String, at: Date, policy: AlertDeadlinePolicy) -> Alert {
        let limits = policy.limits(for: severity)
        let place = record.flatMap { r in r.lat.flatMap { lat in r.lon.map { Coordinate(lat: lat, lon: $0) } } } ?? sensor.location
        return Alert(id: id, kind: kind, severity: severity, title: title, action: action, location: place, jurisdictionID: sensor.jurisdictionID,
                     sensorID: sensor.id, sensorName: sensor.name, record: record, raisedAt: at,
                     acknowledgeBy: at.addingTimeInterval(TimeInterval(limits.acknowledgeSeconds)),
                     handleBy: at.addingTimeInterval(TimeInterval(limits.handleSeconds)), cause: cause, path: sensor.path)
    }

    /// A record matched a watchlist entry. The alert carries the list's audience, so only those
    /// the list is shared with see it.
    public static func hit(_ id: AlertID, record: SensorRecord, sensor: Sensor, entry: WatchlistEntry, list: Watchlist, fuzzy: Bool,
                           at: Date, policy: AlertDeadlinePolicy) -> Alert {
        let what = entry.kind == .plate ? "布控车辆" : "布控人员"
        let seen = record.plate?.text ?? record.documentMasked ?? record.text ?? entry.label
        var a = base(id, .watchlistHit, list.severity, title: "\(what) \(seen) · \(sensor.name)" + (fuzzy ? " (近似)" : ""),
                     action: list.severity >= .severe ? "立即调派最近警力核查拦截，注意安全" : "核查并反馈",
                     sensor: sensor, record: record, cause: hitCause(entry, list: list, sensor: sensor, seen: seen),
                     at: at, policy: policy)
        a.watchlistID = list.id
        a.watchlistName = list.name
        a.entryID = entry.id
        a.entryLabel = entry.label
        a.fuzzy = fuzzy
        a.audience = list.audience
        return a
    }

    /// One plate (or person) on one list within one station: what a storm of its hits shares.
    /// Grouping stays inside a station and a list, so a group never lists an alert its readers
    /// may not see.
    static func hitCause(_ entry: WatchlistEntry, list: Watchlist, sensor: Sensor, seen: String) -> String {
        let what = entry.kind == .plate ? "plate:\(entry.plate?.text ?? seen)" : "entry:\(entry.id.rawValue)"
        return "\(what) list:\(list.id.rawValue) at:\(sensor.path)"
    }

    /// A counted place crossed its threshold or surged.
    public static func crowd(_ id: AlertID, _ kind: Alert.Kind, record: SensorRecord, sensor: Sensor, rule: CrowdRule, at: Date,
                             policy: AlertDeadlinePolicy) -> Alert {
        let count = record.count ?? 0
        let (severity, title, action): (AlertSeverity, String, String) = switch kind {
        case .crowdAlarm: (.severe, "人流超限 \(count) 人 (报警线 \(rule.alarmAt)) · \(sensor.name)", "增派警力疏导分流，启动限流")
        case .crowdRise: (.moderate, "人流陡增 \(count) 人 · \(sensor.name)", "关注现场，准备疏导")
        default: (.moderate, "人流预警 \(count) 人 (预警线 \(rule.warnAt)) · \(sensor.name)", "加强巡逻，准备疏导")
        }
        return base(id, kind, severity, title: title, action: action, sensor: sensor, record: record, cause: "crowd:\(sensor.id.rawValue)",
                    at: at, policy: policy)
    }

    /// A one-click alarm button was pressed: the worst severity, an incident comes with it.
    public static func alarm(_ id: AlertID, record: SensorRecord, sensor: Sensor, at: Date, policy: AlertDeadlinePolicy) -> Alert {
        base(id, .alarmButton, .extreme, title: "一键报警 · \(sensor.name)", action: "立即出警，就近警力赶赴现场",
             sensor: sensor, record: record, cause: "alarm:\(sensor.id.rawValue)", at: at, policy: policy)
    }

    /// A sensor went dark.
    public static func offline(_ id: AlertID, sensor: Sensor, lastSeen: Date, at: Date, policy: AlertDeadlinePolicy) -> Alert {
        base(id, .sensorOffline, .minor, title: "设备离线 · \(sensor.name)", action: "联系运维检查设备与链路",
             sensor: sensor, record: nil, cause: "sensor:\(sensor.id.rawValue):offline", at: at, policy: policy)
    }

    /// A key place or a zone stayed out of the free units' reach past the grace: the station is
    /// told where, since when, and to send a free unit or patrol there.
    public static func coverage(_ id: AlertID, _ due: CoverageWatch.Due, station: Jurisdiction, targets: PatrolTargets, at: Date,
                                policy: AlertDeadlinePolicy) -> Alert {
        let g = due.gap, minutes = Int(at.timeIntervalSince(due.since) / 60), reach = targets.reachSeconds / 60
        let title: String
        switch g.kind {
        case .place:
            let drive = g.seconds.map { "最近空闲警力 \(max(1, $0 / 60)) 分钟车程" } ?? "无空闲警力可达"
            title = "重点部位 \(g.name) 超出 \(reach) 分钟巡防覆盖已 \(minutes) 分钟（\(drive)）"
        case .zone:
            title = "巡区 \(g.name) \(reach) 分钟覆盖率 \(Int(((g.share ?? 0) * 100).rounded()))%，低于 \(Int((targets.minZoneShare * 100).rounded()))% 已 \(minutes) 分钟"
        }
        let limits = policy.limits(for: .moderate)
        return Alert(id: id, kind: .coverageGap, severity: .moderate, title: title, action: "调派空闲警力前往该处或在该区域巡逻，补齐覆盖",
                     location: g.location, jurisdictionID: station.id, raisedAt: at, acknowledgeBy: at.addingTimeInterval(TimeInterval(limits.acknowledgeSeconds)),
                     handleBy: at.addingTimeInterval(TimeInterval(limits.handleSeconds)), cause: g.kind == .place ? "coverage:\(station.id.rawValue):places" : "coverage:\(station.id.rawValue):\(g.key)", path: station.path)
    }

    /// The incident category an alert becomes when dispatched.
    public static func category(of kind: Alert.Kind) -> String {
        switch kind {
        case .watchlistHit: "suspicious"
        case .crowdWarning, .crowdAlarm, .crowdRise: "publicOrder"
        case .alarmButton: "criminal"
        case .sensorOffline: "other"
        case .external: "disaster"
        case .coverageGap: "other"
        }
    }

    public static func priority(of severity: AlertSeverity) -> Priority {
        switch severity {
        case .extreme: .p1
        case .severe: .p2
        case .moderate: .p3
        case .minor: .p4
        }
    }
}
