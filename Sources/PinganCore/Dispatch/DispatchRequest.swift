import Foundation
import PinganGeo

/// What the recommender needs to know about an incident: where, what, how urgent, and whose.
public struct DispatchRequest: Codable, Sendable, Hashable {
    public var incidentID: IncidentID?
    public var location: Coordinate
    public var category: String
    public var priority: Priority
    /// The catalogue says it is not police work (咨询/非警务): no units, route it elsewhere.
    public var nonPolice: Bool
    /// The incident's jurisdiction path (`/city/district/station/…`); its station and district
    /// decide which units are first-class and which would cross a border.
    public var jurisdictionPath: String

    public init(incidentID: IncidentID? = nil, location: Coordinate, category: String, priority: Priority,
                nonPolice: Bool = false, jurisdictionPath: String) {
        self.incidentID = incidentID
        self.location = location
        self.category = category
        self.priority = priority
        self.nonPolice = nonPolice
        self.jurisdictionPath = jurisdictionPath
    }

    public init(incident: Incident, catalogue: CategoryCatalogue = .standard) {
        self.init(incidentID: incident.id, location: incident.location, category: incident.category,
                  priority: incident.priority, nonPolice: catalogue.category(incident.category)?.nonPolice ?? false,
                  jurisdictionPath: incident.path)
    }
}

/// Where a unit stands relative to an incident's jurisdiction.
public enum JurisdictionRelation: String, Codable, Sendable, Hashable {
    /// Same station (or below it): first-class.
    case ownStation
    /// Another station of the same district: proposed across the border when faster.
    case neighbourStation
    /// Another district: proposed only when the policy allows it.
    case outsideDistrict

    /// Classifies a unit whose station path is `unitPath` for an incident at `incidentPath`.
    /// Paths are `/city/district/station/…`; an incident filed above station level treats every
    /// station under its node as its own.
    public static func of(unitPath: String, incidentPath: String) -> JurisdictionRelation {
        let own = ancestor(incidentPath, depth: JurisdictionLevel.station.depth + 1)
        if unitPath.hasPrefix(own) { return .ownStation }
        let district = ancestor(incidentPath, depth: JurisdictionLevel.district.depth + 1)
        return unitPath.hasPrefix(district) ? .neighbourStation : .outsideDistrict
    }

    /// The prefix of `path` with at most `depth` components (`/a/b/c/`, 2 → `/a/b/`).
    static func ancestor(_ path: String, depth: Int) -> String {
        var seen = 0
        var end = path.startIndex
        for i in path.indices where path[i] == "/" && i != path.startIndex {
            seen += 1
            end = path.index(after: i)
            if seen == depth { return String(path[..<end]) }
        }
        return path
    }
}
