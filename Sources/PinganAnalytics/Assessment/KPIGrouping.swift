/// The ways the assessment breaks a jurisdiction's figures down (`groupBy`).
public enum KPIGrouping: String, Codable, Sendable, CaseIterable {
    /// By police station: the incident's path at station depth (a community's calls count to its station).
    case station
    /// By district bureau, one level above: its stations rolled up.
    case district
    /// By unit: every unit sent to an incident is credited with its response.
    case unit
    /// By patrol zone the incident lies in; incidents in no zone are left out.
    case zone
    /// By incident category.
    case category

    /// The jurisdiction depth a path grouping cuts at (0 city, 1 district, 2 station).
    var depth: Int? {
        switch self {
        case .station: 2
        case .district: 1
        case .unit, .zone, .category: nil
        }
    }

    /// Reads `groupBy`.
    public static func parse(_ text: String) throws(KPIError) -> KPIGrouping {
        guard let g = KPIGrouping(rawValue: text) else {
            throw KPIError(.unknownGrouping, field: "groupBy", "groupBy is one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return g
    }
}
