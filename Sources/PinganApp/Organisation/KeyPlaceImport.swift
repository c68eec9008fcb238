import PinganCore

/// What importing a station's key places from the map did: the key places registered, and how
/// many of the map's were already there.
public struct KeyPlaceImport: Codable, Sendable, Hashable {
    public var items: [Post]
    public var skipped: Int

    public init(items: [Post], skipped: Int) {
        self.items = items
        self.skipped = skipped
    }

    /// Most places one import registers.
    public static let maxPlaces = 500
    /// A registered key place of the same name this close is the same place (metres).
    public static let sameWithin = 100.0
}
