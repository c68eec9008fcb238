import Foundation
import PinganGeo

/// Alerts as OASIS CAP 1.2 messages, out and in, so a warning system that speaks CAP can take
/// Pingan's alerts and hand Pingan its own.
public enum AlertCAP {
    /// The CAP message for `alert`: one info in the console's language, one area (a 500 m circle
    /// around its place). A closed alert goes out as an update whose urgency is past.
    public static func message(for alert: Alert, sender: String) -> CAPMessage {
        let info = CAPInfo(language: "zh-CN", categories: [category(alert.kind)], event: event(alert.kind),
                           urgency: alert.status.isClosed ? .past : (alert.severity >= .severe ? .immediate : .expected),
                           severity: severity(alert.severity), certainty: alert.fuzzy == true ? .possible : .observed,
                           senderName: alert.sensorName, headline: String(alert.title.prefix(160)),
                           description: [alert.title, alert.watchlistName.map { "布控: \($0)" }, alert.feedback.map { "反馈: \($0)" }]
                               .compactMap { $0 }.joined(separator: "\n"),
                           instruction: alert.action,
                           parameters: [.init(valueName: "pinganKind", value: alert.kind.rawValue), .init(valueName: "pinganStatus", value: alert.status.rawValue)],
                           areas: [CAPArea(areaDesc: alert.sensorName ?? alert.title, circles: [.init(lat: alert.location.lat, lon: alert.location.lon, radiusKm: 0.5)])])
        return CAPMessage(identifier: "pingan-alert-\(alert.id.rawValue)", sender: sender, sent: alert.raisedAt, status: .actual,
                          msgType: alert.status.isClosed ? .update : .alert, scope: .restricted, restriction: "police use only", infos: [info])
    }

    /// The alert a received CAP message becomes: its first info and the centre of its first area.
    public static func alert(from m: CAPMessage, id: AlertID, jurisdiction: Jurisdiction, now: Date, policy: AlertDeadlinePolicy) throws(DomainError) -> Alert {
        guard m.msgType == .alert || m.msgType == .update else {
            throw DomainError.invalid("msgType", "only Alert and Update messages become alerts (this is \(m.msgType.rawValue))")
        }
        guard let info = m.infos.first else { throw DomainError.invalid("info", "the message has no info block") }
        guard let place = info.areas.lazy.compactMap(centre).first else {
            throw DomainError.invalid("area", "the message names no polygon or circle to place the alert")
        }
        let s = severity(info.severity)
        let limits = policy.limits(for: s)
        let title = String((info.headline ?? info.event).prefix(200))
        return Alert(id: id, kind: .external, severity: s, title: title, action: String((info.instruction ?? "核实并按预案处置").prefix(500)),
                     location: place, jurisdictionID: jurisdiction.id, sensorName: info.areas.first.map { String($0.areaDesc.prefix(100)) },
                     raisedAt: now, acknowledgeBy: now.addingTimeInterval(TimeInterval(limits.acknowledgeSeconds)),
                     handleBy: now.addingTimeInterval(TimeInterval(limits.handleSeconds)), cause: "cap:\(m.sender):\(m.identifier)",
                     externalSender: m.sender, externalIdentifier: m.identifier, path: jurisdiction.path)
    }

    static func centre(_ area: CAPArea) -> Coordinate? {
        if let c = area.circles.first { return Coordinate(lat: c.lat, lon: c.lon) }
        guard let ring = area.polygons.first, ring.count >= 4 else { return nil }
        let points = ring.dropLast()
        return Coordinate(lat: points.map(\.lat).reduce(0, +) / Double(points.count), lon: points.map(\.lon).reduce(0, +) / Double(points.count))
    }

    static func severity(_ s: AlertSeverity) -> CAPInfo.Severity {
        switch s {
        case .extreme: .extreme
        case .severe: .severe
        case .moderate: .moderate
        case .minor: .minor
        }
    }

    static func severity(_ s: CAPInfo.Severity) -> AlertSeverity {
        switch s {
        case .extreme: .extreme
        case .severe: .severe
        case .minor: .minor
        case .moderate, .unknown: .moderate
        }
    }

    static func category(_ kind: Alert.Kind) -> CAPCategory {
        switch kind {
        case .watchlistHit, .alarmButton: .security
        case .crowdWarning, .crowdAlarm, .crowdRise: .safety
        case .sensorOffline: .infra
        case .external: .other
        case .coverageGap: .security
        }
    }

    static func event(_ kind: Alert.Kind) -> String {
        switch kind {
        case .watchlistHit: "Watchlist hit"
        case .crowdWarning: "Crowd warning"
        case .crowdAlarm: "Crowd alarm"
        case .crowdRise: "Crowd surge"
        case .sensorOffline: "Sensor offline"
        case .alarmButton: "Alarm button pressed"
        case .external: "External alert"
        case .coverageGap: "Patrol coverage gap"
        }
    }
}
