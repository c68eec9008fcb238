import Foundation
import PinganCore
import PinganGeo

/// The road route from where a unit was last seen to its incident: what the officer's field page
/// draws and counts down.
struct UnitRoute: Encodable, Sendable {
    var unitID: UnitID
    var incidentID: IncidentID
    var etaSeconds: Double
    var distanceMeters: Double
    var from: Coordinate
    var to: Coordinate
    var route: [Coordinate]
}
