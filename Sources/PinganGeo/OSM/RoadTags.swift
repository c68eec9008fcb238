/// Turns OSM way tags into routing attributes: is it drivable by a police car, in which
/// directions, and how fast. Defaults follow common urban speeds by highway class; a tagged
/// `maxspeed` (km/h or mph) wins when it is plausible.
public enum RoadTags {
    public struct Road: Sendable, Equatable {
        public var speedKmh: Float
        /// +1 forward only, -1 reverse only, 0 both.
        public var oneway: Int8
    }

    /// Default speeds (km/h) per drivable highway class.
    public static let defaultSpeeds: [String: Float] = [
        "motorway": 100, "motorway_link": 60, "trunk": 80, "trunk_link": 50,
        "primary": 60, "primary_link": 40, "secondary": 50, "secondary_link": 40,
        "tertiary": 40, "tertiary_link": 30, "unclassified": 30, "residential": 30,
        "living_street": 10, "service": 15, "road": 30,
    ]

    /// nil when the way is not drivable.
    public static func classify(_ t: WayTags) -> Road? {
        guard let hw = t.highway, let base = defaultSpeeds[hw] else { return nil }
        if t.area == "yes" { return nil }
        let allowedValues: Set<String> = ["yes", "designated", "permissive", "destination", "official"]
        let deniedValues: Set<String> = ["no", "private"]
        if let mc = t.motorcar, allowedValues.contains(mc) {
            // explicitly allowed
        } else if let mv = t.motorVehicle, allowedValues.contains(mv), t.motorcar.map({ !deniedValues.contains($0) }) ?? true {
            // explicitly allowed
        } else {
            if let a = t.access, deniedValues.contains(a) { return nil }
            if let v = t.vehicle, deniedValues.contains(v) { return nil }
            if t.motorVehicle == "no" || t.motorVehicle == "private" { return nil }
            if t.motorcar == "no" || t.motorcar == "private" { return nil }
        }
        var oneway: Int8 = 0
        if hw == "motorway" || t.junction == "roundabout" || t.junction == "circular" { oneway = 1 }
        switch t.oneway {
        case "yes", "true", "1": oneway = 1
        case "-1", "reverse": oneway = -1
        case "no", "false", "0": oneway = 0
        default: break
        }
        let speed = t.maxspeed.flatMap(parseMaxspeed) ?? base
        return Road(speedKmh: speed, oneway: oneway)
    }

    /// "50", "50 km/h", "30 mph", "walk"; nil for unparseable or implausible values.
    public static func parseMaxspeed(_ s: String) -> Float? {
        let lower = s.lowercased()
        if lower == "walk" { return 6 }
        var digits = ""
        for ch in lower {
            if ch.isNumber || ch == "." { digits.append(ch) } else if !digits.isEmpty { break } else if ch != " " { return nil }
        }
        guard var v = Float(digits) else { return nil }
        if lower.contains("mph") { v *= 1.609344 }
        return v >= 5 && v <= 200 ? v : nil
    }
}
