import PinganGeo

/// Which jurisdiction files a new incident: the rule, apart from any store (issue 16).
///
/// Once areas are drawn, ground decides: the smallest active station or community area that
/// contains the call's location files it; a call on no area goes to the nearest station within
/// `outsideAreaMetres` (a call on a boundary road, an area drawn a little short), and anything
/// farther is refused rather than filed under a station that does not answer for it (a call
/// typed at Beijing in a Shanghai deployment). Before any area exists, the nearest station in
/// the call-taker's scope files it, as it always did, or the call-taker's own jurisdiction when
/// their scope has no station with a location.
public enum IncidentOwnership {
    /// The configurable part of the rule.
    public struct Rule: Sendable, Hashable {
        /// How far from the nearest station a call on no area may still be filed there; 0
        /// refuses every call outside the drawn areas.
        public var outsideAreaMetres: Double

        public init(outsideAreaMetres: Double = 1_000) { self.outsideAreaMetres = outsideAreaMetres }
    }

    /// - Parameters:
    ///   - location: Where the call is.
    ///   - all: Every active jurisdiction of the tree (areas decide across scopes).
    ///   - scoped: The active jurisdictions in the call-taker's scope (the rule before areas).
    ///   - own: The call-taker's own jurisdiction.
    /// - Throws: `outside_jurisdiction` when no area holds the call and no station is near it.
    public static func owner(of location: Coordinate, all: [Jurisdiction], scoped: [Jurisdiction], own: JurisdictionID,
                             rule: Rule) throws(DomainError) -> Jurisdiction {
        let mapped = all.filter { $0.area != nil && ($0.level == .station || $0.level == .community) }
        guard !mapped.isEmpty else {
            if let station = nearestStation(to: location, among: scoped) { return station.station }
            if let mine = scoped.first(where: { $0.id == own }) { return mine }
            throw DomainError(.invalidHierarchy, field: "jurisdictionID", "no jurisdiction in scope to hold the incident")
        }
        var best: (j: Jurisdiction, size: Double)?
        for j in mapped where j.area!.contains(location) {
            let size = j.area!.squareMetres
            if best == nil || size < best!.size || (size == best!.size && j.id.rawValue < best!.j.id.rawValue) { best = (j, size) }
        }
        if let best { return best.j }
        if let near = nearestStation(to: location, among: all), near.metres <= rule.outsideAreaMetres { return near.station }
        throw DomainError(.outsideJurisdiction, field: "location",
                          "the location is in no station's area and no station is within \(Int(rule.outsideAreaMetres)) m of it")
    }

    /// Whether `user` may file an incident that `owner` holds: inside their scope, or anywhere
    /// for a role that takes calls for the whole city (`fileAnywhere`).
    public static func check(_ owner: Jurisdiction, for user: User) throws(DomainError) {
        guard !user.scope.contains(path: owner.path), !user.role.may(.fileAnywhere) else { return }
        throw DomainError(.outsideScope, field: "location", "the location belongs to \(owner.name), outside your jurisdiction")
    }

    static func nearestStation(to location: Coordinate, among jurisdictions: [Jurisdiction]) -> (station: Jurisdiction, metres: Double)? {
        var nearest: (station: Jurisdiction, metres: Double)?
        for station in jurisdictions where station.level == .station {
            guard let at = station.location else { continue }
            let metres = Geodesy.haversine(at, location)
            if nearest == nil || metres < nearest!.metres || (metres == nearest!.metres && station.id.rawValue < nearest!.station.id.rawValue) {
                nearest = (station, metres)
            }
        }
        return nearest
    }
}
