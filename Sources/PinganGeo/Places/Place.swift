/// A place a typed text or a map position names: a landmark (a named bus stop, school,
/// square…), an address (a house number on a street), a street, or the crossing of two
/// streets, which is how callers and dispatchers in China usually name a place.
public struct Place: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case landmark, address, street, intersection
    }

    /// In the requested language when the map has it (`name:en`), else the local name.
    public var name: String
    public var kind: Kind
    /// What a landmark is ("bus_stop", "school", "railway_station"…); nil for the other kinds.
    public var category: String?
    public var location: Coordinate

    public init(name: String, kind: Kind, category: String? = nil, location: Coordinate) {
        self.name = name
        self.kind = kind
        self.category = category
        self.location = location
    }

    /// The language names are given in.
    public enum Language: String, Sendable, CaseIterable {
        /// The map's own names (Chinese in China).
        case local = "zh"
        /// `name:en` where the map has it, else the local name.
        case english = "en"
    }
}
