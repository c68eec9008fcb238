/// Places whose 1-3-5 minute reach a patrol picture watches (重点部位): schools, hospitals,
/// transport hubs, squares and markets, taken from the map's landmarks by their OSM tags
/// (`amenity=school|kindergarten|college|university|hospital|clinic|bus_station|marketplace`,
/// `railway=station`, `public_transport=station`, `place=square`, `shop=mall`).
public struct KeyPlace: Sendable, Equatable, Codable {
    public var name: String
    /// `name:en`, or the local name when the map has none.
    public var nameEn: String
    public var category: String
    public var location: Coordinate

    public init(name: String, nameEn: String, category: String, location: Coordinate) {
        self.name = name; self.nameEn = nameEn; self.category = category; self.location = location
    }
}

extension MapFeatures {
    /// The landmark categories that count as key places.
    public static let keyPlaceCategories: Set<String> = [
        "school", "kindergarten", "college", "university", "hospital", "clinic",
        "railway_station", "station", "bus_station", "square", "marketplace", "mall",
    ]

    /// The map's key places, in the map's order.
    public func keyPlaces() -> [KeyPlace] {
        landmarkName.indices.compactMap { i in
            guard Self.keyPlaceCategories.contains(landmarkCategory[i]) else { return nil }
            let en = landmarkNameEn[i]
            return KeyPlace(name: landmarkName[i], nameEn: en.isEmpty ? landmarkName[i] : en, category: landmarkCategory[i], location: landmarkLocation[i])
        }
    }
}
