import Foundation

/// A typed identifier: an `Identifier<Incident>` can never be passed where an `Identifier<PoliceUnit>`
/// is expected, yet both travel as plain strings in JSON and SQL.
public struct Identifier<Subject>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A fresh random identifier. Lower-case UUIDs sort stably and never collide across instances.
    public static func random() -> Self { Self(UUID().uuidString.lowercased()) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public typealias IncidentID = Identifier<Incident>
public typealias UnitID = Identifier<PoliceUnit>
public typealias JurisdictionID = Identifier<Jurisdiction>
public typealias ZoneID = Identifier<PatrolZone>
public typealias PostID = Identifier<Post>
public typealias UserID = Identifier<User>
public typealias MessageID = Identifier<Message>
