/// How important a road is, read from its OSM `highway` tag: what the map labels by (major
/// roads are labelled first and at lower zooms) and styles by.
public enum RoadClass: UInt8, Sendable, CaseIterable {
    case motorway = 0, trunk, primary, secondary, tertiary, local

    public init(highway: String) {
        let base = highway.hasSuffix("_link") ? String(highway.dropLast(5)) : highway
        switch base {
        case "motorway": self = .motorway
        case "trunk": self = .trunk
        case "primary": self = .primary
        case "secondary": self = .secondary
        case "tertiary": self = .tertiary
        default: self = .local
        }
    }

    public var name: String {
        switch self {
        case .motorway: "motorway"
        case .trunk: "trunk"
        case .primary: "primary"
        case .secondary: "secondary"
        case .tertiary: "tertiary"
        case .local: "local"
        }
    }

    /// Labelled at zooms 14-15 too, not only from 16.
    public var isMajor: Bool { rawValue <= RoadClass.secondary.rawValue }
}
