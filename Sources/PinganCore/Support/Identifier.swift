import Foundation

/// A typed identifier: an `Identifier<Incident>` can never be passed where an `Identifier<PoliceUnit>`
/// is expected, yet both travel as plain strings in JSON and SQL.
public struct Identifier<Subject>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A fresh random identifier. Lower-case UUIDs sort stably and never collide across instances.
    public static func random() -> Self { Self(UUID().uuidString.lowercased()) }

    /// Read from a request (a decoder whose `userInfo` sets `Identifier.strict`), an identifier
    /// must be well formed (see `isWellFormed`): a request naming something by a malformed ID is
    /// refused rather than looked up. Stored data is read as it was written.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        rawValue = try container.decode(String.self)
        guard decoder.userInfo[identifierStrictness] == nil || Self.isWellFormed(rawValue) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an ID is 1-200 characters without / or control characters"))
        }
    }

    /// 1 to 200 characters (code points), none a control character and no `/`, which separates
    /// the IDs of a jurisdiction path.
    public static func isWellFormed(_ raw: String) -> Bool {
        var n = 0
        for s in raw.unicodeScalars {
            n += 1
            if n > 200 || s == "/" || s.properties.generalCategory == .control { return false }
        }
        return n > 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Set (to anything) in a decoder's `userInfo` to have identifiers checked as they are read.
public let identifierStrictness = CodingUserInfoKey(rawValue: "pingan.identifier.strict")!

public typealias IncidentID = Identifier<Incident>
public typealias UnitID = Identifier<PoliceUnit>
public typealias JurisdictionID = Identifier<Jurisdiction>
public typealias ZoneID = Identifier<PatrolZone>
public typealias PostID = Identifier<Post>
public typealias UserID = Identifier<User>
public typealias MessageID = Identifier<Message>
