/// What happened, as the core decided it. The store appends events to the hash-chained log in the
/// same transaction as the projections they change, and the live feed streams them.
public struct Event: Codable, Sendable, Hashable {
    public var type: EventType
    /// The ID of the entity the event is about.
    public var subject: String
    /// The jurisdiction path of that entity, so the log and the live feed can be scoped.
    public var path: String
    public var data: JSONValue

    public init(type: EventType, subject: String, path: String, data: JSONValue) {
        self.type = type
        self.subject = subject
        self.path = path
        self.data = data
    }
}

/// Stable event names: they are in the audit log forever.
public struct EventType: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public static let incidentCreated: EventType = "incident.created"
    public static let incidentTransitioned: EventType = "incident.transitioned"
    public static let incidentUnitsAssigned: EventType = "incident.unitsAssigned"
    public static let incidentUnitUnassigned: EventType = "incident.unitUnassigned"
    public static let incidentFeedback: EventType = "incident.feedback"
    public static let incidentAccepted: EventType = "incident.accepted"
    public static let messageSent: EventType = "message.sent"
    public static let messageDelivered: EventType = "message.delivered"
    public static let messageRead: EventType = "message.read"
    public static let unitCreated: EventType = "unit.created"
    public static let unitUpdated: EventType = "unit.updated"
    public static let unitStatusChanged: EventType = "unit.statusChanged"
    public static let jurisdictionCreated: EventType = "jurisdiction.created"
    public static let jurisdictionUpdated: EventType = "jurisdiction.updated"
    public static let jurisdictionPolicySet: EventType = "jurisdiction.policySet"
    public static let zoneCreated: EventType = "zone.created"
    public static let zoneUpdated: EventType = "zone.updated"
    public static let postCreated: EventType = "post.created"
    public static let postUpdated: EventType = "post.updated"
    public static let userCreated: EventType = "user.created"
    public static let userUpdated: EventType = "user.updated"
    public static let userLoggedIn: EventType = "user.loggedIn"
    public static let userLoggedOut: EventType = "user.loggedOut"
    public static let userLoginFailed: EventType = "user.loginFailed"
    public static let userPasswordReset: EventType = "user.passwordReset"
    /// Every session of the user ended at once (disabled, password reset).
    public static let userSessionsRevoked: EventType = "user.sessionsRevoked"
    /// Someone saw personal data: an unmasked caller, a unit's track history.
    public static let personalDataRead: EventType = "personalData.read"
    public static let demoSwitched: EventType = "demo.switched"
    public static let unitZoneEntered: EventType = "unit.zoneEntered"
    public static let unitZoneExited: EventType = "unit.zoneExited"
    public static let unitOutOfZone: EventType = "unit.outOfZone"
    public static let sensorCreated: EventType = "sensor.created"
    public static let sensorUpdated: EventType = "sensor.updated"
    /// A new token was issued; the old one no longer signs in.
    public static let sensorTokenIssued: EventType = "sensor.tokenIssued"
    public static let sensorStatusChanged: EventType = "sensor.statusChanged"
    /// Records older than the retention period were deleted (how many, up to when).
    public static let sensorRecordsPurged: EventType = "sensorRecords.purged"
    public static let watchlistCreated: EventType = "watchlist.created"
    public static let watchlistUpdated: EventType = "watchlist.updated"
    public static let watchlistEntryAdded: EventType = "watchlist.entryAdded"
    public static let watchlistEntryRemoved: EventType = "watchlist.entryRemoved"
    /// Someone looked a plate, document or person up against the lists, or read a list's entries.
    public static let watchlistQueried: EventType = "watchlist.queried"
    public static let alertRaised: EventType = "alert.raised"
    /// A new alert was folded into this group head.
    public static let alertGrouped: EventType = "alert.grouped"
    public static let alertAcknowledged: EventType = "alert.acknowledged"
    public static let alertClosed: EventType = "alert.closed"
    public static let alertSplit: EventType = "alert.split"
    /// The alert became an incident with units sent.
    public static let alertDispatched: EventType = "alert.dispatched"
}
