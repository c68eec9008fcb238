import PinganCore
import PinganGeo

/// Which key places (重点部位) dynamic patrol keeps within reach: a station's own registry (its
/// key-place posts, imported from the map or added by hand) when it has one, else the map's
/// schools, hospitals, transport hubs and squares on its ground.
enum KeyPlaceRegistry {
    /// The registered key places among `posts`, or `fallback` when there are none.
    static func places(registered posts: [Post], fallback: @autoclosure () -> [KeyPlace]) -> [KeyPlace] {
        let own = posts.filter { $0.kind == .keyPlace && $0.active }
        guard !own.isEmpty else { return fallback() }
        return own.map { KeyPlace(name: $0.name, nameEn: $0.name, category: $0.category ?? "keyPlace", location: $0.location) }
    }

    /// The map's key places on a station's ground: inside its area, else inside one of its zones
    /// (none when it has neither).
    static func ground(of station: Jurisdiction, places: [KeyPlace], zones: [PatrolZone]) -> [KeyPlace] {
        if let area = station.area { return places.filter { area.contains($0.location) } }
        let outlines = zones.filter { $0.active && $0.boundary.count >= 3 }.map { Polygon($0.boundary) }
        return outlines.isEmpty ? [] : places.filter { p in outlines.contains { $0.contains(p.location) } }
    }
}
