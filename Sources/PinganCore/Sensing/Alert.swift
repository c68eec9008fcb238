import Foundation
import PinganGeo

public typealias AlertID = Identifier<Alert>

/// How bad an alert is, in CAP 1.2's words so that exchanged alerts keep their meaning.
public enum AlertSeverity: String, Codable, Sendable, CaseIterable, Comparable {
    case minor, moderate, severe, extreme

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// An early warning (预警) raised by what the sensors saw: a watchlist hit, a crowd past its
/// threshold, a sensor gone dark, a school's alarm button, a CAP alert from another system, a
/// key place or patrol zone left out of the free units' reach. It
/// closes its own loop — received, acknowledged, then handled or a false alarm, with feedback —
/// under deadlines by severity, and can bring an incident with it (one-click dispatch).
public struct Alert: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case watchlistHit, crowdWarning, crowdAlarm, crowdRise, sensorOffline, alarmButton, external
        /// A key place or a patrol zone out of the free units' reach for longer than its grace.
        case coverageGap
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case received, acknowledged, handled, falseAlarm

        public var isClosed: Bool { self == .handled || self == .falseAlarm }
    }

    /// A unit proposed when the alert was raised: the nearest free ones by road time.
    public struct ProposedUnit: Codable, Sendable, Hashable {
        public var unitID: UnitID
        public var callsign: String
        public var etaSeconds: Double

        public init(unitID: UnitID, callsign: String, etaSeconds: Double) {
            self.unitID = unitID
            self.callsign = callsign
            self.etaSeconds = etaSeconds
        }
    }

    /// Who did a step and when.
    public struct Step: Codable, Sendable, Hashable {
        public var at: Date
        public var by: String

        public init(at: Date, by: String) {
            self.at = at
            self.by = by
        }
    }

    public var id: AlertID
    public var kind: Kind
    public var severity: AlertSeverity
    public var status: Status
    /// One line for the panel ("布控车辆 沪A12345 过 G60 卡口").
    public var title: String
    /// What the receiving officer should do, from the list or the rule.
    public var action: String
    public var location: Coordinate
    public var jurisdictionID: JurisdictionID
    public var sensorID: SensorID?
    public var sensorName: String?
    /// The record that raised it (for a watchlist hit, a crowd count, an alarm press).
    public var record: SensorRecord?
    public var watchlistID: WatchlistID?
    public var watchlistName: String?
    public var entryID: WatchlistEntryID?
    public var entryLabel: String?
    /// Whether the read matched the entry exactly or by the fuzzy rule.
    public var fuzzy: Bool?
    /// The watchlist's audience (everyone in scope for other kinds).
    public var audience: Audience
    public var raisedAt: Date
    public var acknowledgeBy: Date
    public var handleBy: Date
    public var acknowledged: Step?
    public var closed: Step?
    public var feedback: String?
    public var proposedUnits: [ProposedUnit]
    /// The incident it became (an alarm press at once, any other on dispatch).
    public var incidentID: IncidentID?
    /// What makes alerts one storm (`plate:沪A12345`, `sensor:cam-3:offline`).
    public var cause: String
    /// The alert this one was folded into; nil for an alert on its own or a group's head.
    public var groupID: AlertID?
    /// For a group's head: the alerts folded into it, oldest first.
    public var members: [AlertID]
    /// For an alert received from another system as CAP: its sender and identifier.
    public var externalSender: String?
    public var externalIdentifier: String?
    public var path: String
    public var version: Int

    public init(id: AlertID, kind: Kind, severity: AlertSeverity, status: Status = .received, title: String, action: String,
                location: Coordinate, jurisdictionID: JurisdictionID, sensorID: SensorID? = nil, sensorName: String? = nil,
                record: SensorRecord? = nil, watchlistID: WatchlistID? = nil, watchlistName: String? = nil, entryID: WatchlistEntryID? = nil,
                entryLabel: String? = nil, fuzzy: Bool? = nil, audience: Audience = .everyone, raisedAt: Date, acknowledgeBy: Date,
                handleBy: Date, proposedUnits: [ProposedUnit] = [], incidentID: IncidentID? = nil, cause: String, groupID: AlertID? = nil,
                members: [AlertID] = [], externalSender: String? = nil, externalIdentifier: String? = nil, path: String, version: Int = 1) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.status = status
        self.title = title
        self.action = action
        self.location = location
        self.jurisdictionID = jurisdictionID
        self.sensorID = sensorID
        self.sensorName = sensorName
        self.record = record
        self.watchlistID = watchlistID
        self.watchlistName = watchlistName
        self.entryID = entryID
        self.entryLabel = entryLabel
        self.fuzzy = fuzzy
        self.audience = audience
        self.raisedAt = raisedAt
        self.acknowledgeBy = acknowledgeBy
        self.handleBy = handleBy
        self.proposedUnits = proposedUnits
        self.incidentID = incidentID
        self.cause = cause
        self.groupID = groupID
        self.members = members
        self.externalSender = externalSender
        self.externalIdentifier = externalIdentifier
        self.path = path
        self.version = version
    }

    /// Missed deadlines at `now`: acknowledgement, handling, or both.
    public func overdue(at now: Date) -> [AlertDeadline] {
        var late: [AlertDeadline] = []
        if (acknowledged?.at ?? now) > acknowledgeBy { late.append(.acknowledge) }
        if (closed?.at ?? now) > handleBy { late.append(.handle) }
        return late
    }
}

/// The two steps of an alert with a deadline.
public enum AlertDeadline: String, Codable, Sendable, CaseIterable { case acknowledge, handle }
