import PinganGeo

/// Which jurisdiction files a new incident: the rule, apart from any store.
///
/// The call names its station, or the nearest station (by straight-line distance from the call's
/// location to the station's own location) among those the call-taker may file into, or — when
/// their scope has no station with a location — the call-taker's own jurisdiction.
public enum IncidentOwnership {
    /// - Parameters:
    ///   - location: Where the call is.
    ///   - jurisdictions: The jurisdictions in the call-taker's scope.
    ///   - own: The call-taker's own jurisdiction.
    /// - Returns: nil when none of them can hold the incident.
    public static func owner(of location: Coordinate, among jurisdictions: [Jurisdiction], own: JurisdictionID) -> Jurisdiction? {
        var nearest: (station: Jurisdiction, metres: Double)?
        for station in jurisdictions where station.level == .station {
            guard let at = station.location else { continue }
            let metres = Geodesy.haversine(at, location)
            if nearest == nil || metres < nearest!.metres || (metres == nearest!.metres && station.id.rawValue < nearest!.station.id.rawValue) {
                nearest = (station, metres)
            }
        }
        return nearest?.station ?? jurisdictions.first { $0.id == own }
    }
}
