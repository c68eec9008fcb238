import PinganGeo

/// One daily shift of a zone's patrol plan (巡逻方案): when it runs (China Standard Time, the
/// time of the duty log), how many minutes its units must be seen inside the zone, which units
/// work it, and the points they must visit (key places, forecast hotspots), each with its stay.
/// A plan belongs to its zone, so it is versioned and audited with it (`zone.updated`).
public struct ZoneShift: Codable, Sendable, Hashable {
    public struct Point: Codable, Sendable, Hashable {
        public var name: String
        public var location: Coordinate
        /// Minutes the unit must stay (0: passing by is enough).
        public var dwellMinutes: Int
        /// How close a fix must be to count as at the point.
        public var radiusMetres: Int

        public init(name: String, location: Coordinate, dwellMinutes: Int = 0, radiusMetres: Int = 50) {
            self.name = name; self.location = location; self.dwellMinutes = dwellMinutes; self.radiusMetres = radiusMetres
        }
    }

    public var name: String
    /// Minutes after midnight CST the shift starts (a night shift runs on past midnight).
    public var startMinute: Int
    public var lengthMinutes: Int
    /// Presence in the zone each unit owes the shift.
    public var requiredMinutes: Int
    public var unitIDs: [UnitID]
    public var points: [Point]

    public init(name: String, startMinute: Int, lengthMinutes: Int, requiredMinutes: Int, unitIDs: [UnitID], points: [Point] = []) {
        self.name = name; self.startMinute = startMinute; self.lengthMinutes = lengthMinutes
        self.requiredMinutes = requiredMinutes; self.unitIDs = unitIDs; self.points = points
    }

    public static let maxShifts = 8
    public static let maxPoints = 30

    /// Whether two daily shifts share a minute on some day (a night shift overlaps the next
    /// morning's when it runs past its start).
    public func overlaps(_ other: ZoneShift) -> Bool {
        for shift in [-1440, 0, 1440] {
            let s = other.startMinute + shift
            if startMinute < s + other.lengthMinutes && s < startMinute + lengthMinutes { return true }
        }
        return false
    }

    /// `HH:MM` of the start.
    public var startText: String {
        let h = startMinute / 60, m = startMinute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// A list that reads as empty when the stored JSON lacks it, so entities recorded before it
/// existed decode as they were (a zone stored before it had shifts has none).
@propertyWrapper
public struct DefaultEmpty<Element: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: [Element]

    public init(wrappedValue: [Element]) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode([Element].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    public func decode<E>(_ type: DefaultEmpty<E>.Type, forKey key: Key) throws -> DefaultEmpty<E> {
        try decodeIfPresent(DefaultEmpty<E>.self, forKey: key) ?? DefaultEmpty(wrappedValue: [])
    }
}

extension ZoneShift {
    enum CodingKeys: String, CodingKey { case name, startMinute, lengthMinutes, requiredMinutes, unitIDs, points }

    /// A shift without `points` has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), startMinute: try c.decode(Int.self, forKey: .startMinute),
                  lengthMinutes: try c.decode(Int.self, forKey: .lengthMinutes), requiredMinutes: try c.decode(Int.self, forKey: .requiredMinutes),
                  unitIDs: try c.decode([UnitID].self, forKey: .unitIDs), points: try c.decodeIfPresent([Point].self, forKey: .points) ?? [])
    }
}

extension ZoneShift.Point {
    enum CodingKeys: String, CodingKey { case name, location, dwellMinutes, radiusMetres }

    /// A point without a stay needs a visit only; without a radius, 50 metres.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), location: try c.decode(Coordinate.self, forKey: .location),
                  dwellMinutes: try c.decodeIfPresent(Int.self, forKey: .dwellMinutes) ?? 0,
                  radiusMetres: try c.decodeIfPresent(Int.self, forKey: .radiusMetres) ?? 50)
    }
}
