import Foundation
import PinganGeo

/// One unit proposed for an incident, with everything the dispatcher's screen shows for it.
public struct UnitRecommendation: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var callsign: String
    public var kind: UnitKind
    public var stationID: JurisdictionID
    /// The role it fills in the plan; nil for an alternative.
    public var role: DispatchRole?
    /// Exact road travel time from the unit's latest snapped position, in seconds.
    public var etaSeconds: Double
    /// Road distance along that route, in metres (nil if no route could be unpacked).
    public var distanceMeters: Double?
    public var tier: ResponseTier
    /// From another station than the incident's (issue 4: "marked crossBorder").
    public var crossBorder: Bool
    /// From another district (only when the border policy allows it).
    public var outsideDistrict: Bool
    /// No fix for `staleAfter`: the ETA is from where it was last seen.
    public var stalePosition: Bool
    /// The unit's road position the ETA starts from.
    public var position: Coordinate
    /// The route polyline (WGS-84), for the first few units only.
    public var route: [Coordinate]?
}

/// The recommender's answer for one incident, encodable as the server's JSON response.
public struct DispatchRecommendation: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, Hashable {
        /// Units found (possibly fewer than the plan wanted; see `unfilled`).
        case ok
        /// Not police work: route to the responsible agency instead.
        case noUnitsNeeded
        /// The incident location is farther than `maxSnapDistance` from any road.
        case incidentOffRoad
        /// No free unit of a suitable kind can reach the incident.
        case noUnitsAvailable
    }

    public var incidentID: IncidentID?
    public var status: Status
    public var plan: DispatchPlan
    /// The units to send, in plan order (each with its role).
    public var recommended: [UnitRecommendation]
    /// Other suitable units, fastest first.
    public var alternatives: [UnitRecommendation]
    /// Required roles left (partly) unfilled, once per missing unit.
    public var unfilled: [DispatchRole]
    /// The incident's position on the road network.
    public var incidentPosition: Coordinate?
    public var computedAt: Date
    /// How many units the many-to-one search had to rank to settle the answer.
    public var unitsSearched: Int
}
