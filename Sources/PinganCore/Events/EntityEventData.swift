/// An entity that events carry whole, under its own key (`{"unit": {…}}`).
public protocol EventSubject: Codable, Sendable {
    static var eventKey: String { get }
}

extension Jurisdiction: EventSubject { public static var eventKey: String { "jurisdiction" } }
extension Post: EventSubject { public static var eventKey: String { "post" } }
extension PatrolZone: EventSubject { public static var eventKey: String { "zone" } }
extension PoliceUnit: EventSubject { public static var eventKey: String { "unit" } }
extension PublicUser: EventSubject { public static var eventKey: String { "user" } }
extension Message: EventSubject { public static var eventKey: String { "message" } }
extension PublicSensor: EventSubject { public static var eventKey: String { "sensor" } }
extension Watchlist: EventSubject { public static var eventKey: String { "watchlist" } }
extension WatchlistEntry: EventSubject { public static var eventKey: String { "entry" } }
extension Alert: EventSubject { public static var eventKey: String { "alert" } }

/// The payload of organisation, unit, user and message events: the entity after the change.
public struct EntityEventData<Entity: EventSubject>: EventPayload {
    public var entity: Entity

    public init(_ entity: Entity) { self.entity = entity }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        entity = try decoder.container(keyedBy: Key.self).decode(Entity.self, forKey: Key(stringValue: Entity.eventKey))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(entity, forKey: Key(stringValue: Entity.eventKey))
    }
}

extension EntityEventData: Equatable where Entity: Equatable {}

/// The payload of `user.loggedIn`.
public struct SessionEventData: EventPayload, Hashable {
    public var username: String

    public init(username: String) { self.username = username }
}
