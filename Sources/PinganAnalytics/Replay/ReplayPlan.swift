import PinganCore
import PinganGeo

/// The forces a replay simulates: stations, patrol zones, posts, units with their shifts, and
/// which policies to compare. Plain JSON so an analyst can edit a generated plan (move a post,
/// add night cars) and replay again; `DemoCityGenerator` writes the default one.
public struct ReplayPlan: Codable, Sendable, Equatable {
    public var name: String
    /// True for invented forces (the demo city); reports repeat it so nobody mistakes a
    /// simulation for a real deployment.
    public var simulated: Bool
    public var notice: String?
    /// Policies to compare (default: all three).
    public var policies: [DispatchPolicy]?
    /// Repositioning modes (default: all); `coverGaps` and `maximalCover` are run with the first policy.
    public var repositioning: [RepositionMode]?
    public var stations: [Station]
    public var zones: [Zone]
    public var posts: [PostSpec]
    public var units: [UnitSpec]
    /// Median minutes on scene by category code; missing categories use `ServiceTimes.defaults`.
    public var serviceMinutes: [String: Double]?

    public struct Station: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var district: String?
        public var location: Coordinate
        public init(id: String, name: String, district: String?, location: Coordinate) {
            self.id = id; self.name = name; self.district = district; self.location = location
        }
    }

    /// A patrol zone: the nodes its seed reaches first by road time, after adding `offset`
    /// (graph weight units) to the seed's start (see `RoadPartition`).
    public struct Zone: Codable, Sendable, Equatable {
        public var id: String
        public var station: String
        public var name: String
        public var seed: Coordinate
        public var offset: Int32
        /// Display outline (convex hull of the zone's road nodes); not used for assignment.
        public var boundary: [Coordinate]?
        public init(id: String, station: String, name: String, seed: Coordinate, offset: Int32 = 0, boundary: [Coordinate]? = nil) {
            self.id = id; self.station = station; self.name = name; self.seed = seed; self.offset = offset; self.boundary = boundary
        }
    }

    public struct PostSpec: Codable, Sendable, Equatable {
        public var id: String
        public var station: String
        public var zone: String?
        public var location: Coordinate
        public init(id: String, station: String, zone: String?, location: Coordinate) {
            self.id = id; self.station = station; self.zone = zone; self.location = location
        }
    }

    /// Working hours in local time; `end < start` wraps past midnight, `start == end` is 24 h.
    public struct Shift: Codable, Sendable, Equatable {
        public var startHour: Double
        public var endHour: Double
        public init(startHour: Double, endHour: Double) { self.startHour = startHour; self.endHour = endHour }
        public static let day = Shift(startHour: 8, endHour: 20)
        public static let night = Shift(startHour: 20, endHour: 8)
        public static let allDay = Shift(startHour: 0, endHour: 0)

        /// On duty at local second-of-day `s`?
        public func covers(secondOfDay s: Double) -> Bool {
            let h = s / 3600
            if startHour == endHour { return true }
            return startHour < endHour ? (h >= startHour && h < endHour) : (h >= startHour || h < endHour)
        }
    }

    public struct UnitSpec: Codable, Sendable, Equatable {
        public var id: String
        public var callsign: String
        public var kind: UnitKind
        public var station: String
        public var zone: String?
        public var post: String?
        public var shift: Shift
        /// Whether the unit answers calls; default: vehicles yes, foot patrols and drones no
        /// (they walk or fly, and the road engine times cars).
        public var dispatchable: Bool?
        public init(id: String, callsign: String, kind: UnitKind, station: String, zone: String?, post: String?, shift: Shift, dispatchable: Bool? = nil) {
            self.id = id; self.callsign = callsign; self.kind = kind; self.station = station
            self.zone = zone; self.post = post; self.shift = shift; self.dispatchable = dispatchable
        }
        public var answersCalls: Bool { dispatchable ?? [.patrolCar, .motorbike, .traffic, .ptu].contains(kind) }
    }

    public init(name: String, simulated: Bool, notice: String? = nil, policies: [DispatchPolicy]? = nil,
                repositioning: [RepositionMode]? = nil, stations: [Station], zones: [Zone], posts: [PostSpec],
                units: [UnitSpec], serviceMinutes: [String: Double]? = nil) {
        self.name = name; self.simulated = simulated; self.notice = notice; self.policies = policies
        self.repositioning = repositioning; self.stations = stations; self.zones = zones; self.posts = posts
        self.units = units; self.serviceMinutes = serviceMinutes
    }

    /// The scenarios to run: each policy with fixed posts, then `coverGaps` and `maximalCover` with the first policy.
    public var scenarios: [ReplayScenario] {
        let ps = (policies?.isEmpty == false ? policies! : DispatchPolicy.allCases)
        let rs = repositioning?.isEmpty == false ? repositioning! : RepositionMode.allCases
        var out: [ReplayScenario] = []
        if rs.contains(.fixedPosts) { out += ps.map { ReplayScenario(policy: $0, reposition: .fixedPosts) } }
        if rs.contains(.coverGaps) { out.append(ReplayScenario(policy: ps[0], reposition: .coverGaps)) }
        if rs.contains(.maximalCover) { out.append(ReplayScenario(policy: ps[0], reposition: .maximalCover)) }
        return out
    }

    /// Checks references and sizes; the message names every offending id.
    public func validate() throws(AnalyticsError) {
        if stations.isEmpty { throw AnalyticsError(.badPlan, "plan '\(name)' has no stations") }
        if units.isEmpty { throw AnalyticsError(.badPlan, "plan '\(name)' has no units") }
        if !units.contains(where: \.answersCalls) {
            throw AnalyticsError(.badPlan, "plan '\(name)' has no unit that answers calls (patrol car, motorbike, traffic or PTU)")
        }
        func dupes(_ ids: [String]) -> [String] {
            var seen = Set<String>(), d: [String] = []
            for i in ids { if !seen.insert(i).inserted { d.append(i) } }
            return d
        }
        for (what, ids) in [("station", stations.map(\.id)), ("zone", zones.map(\.id)), ("post", posts.map(\.id)), ("unit", units.map(\.id))] {
            let d = dupes(ids)
            if !d.isEmpty { throw AnalyticsError(.badPlan, "duplicate \(what) id\(d.count > 1 ? "s" : ""): \(d.joined(separator: ", "))") }
        }
        let stationIDs = Set(stations.map(\.id)), zoneIDs = Set(zones.map(\.id)), postIDs = Set(posts.map(\.id))
        var problems: [String] = []
        for z in zones where !stationIDs.contains(z.station) { problems.append("zone \(z.id): unknown station '\(z.station)'") }
        for p in posts where !stationIDs.contains(p.station) { problems.append("post \(p.id): unknown station '\(p.station)'") }
        for p in posts { if let z = p.zone, !zoneIDs.contains(z) { problems.append("post \(p.id): unknown zone '\(z)'") } }
        for u in units {
            if !stationIDs.contains(u.station) { problems.append("unit \(u.id): unknown station '\(u.station)'") }
            if let z = u.zone, !zoneIDs.contains(z) { problems.append("unit \(u.id): unknown zone '\(z)'") }
            if let p = u.post, !postIDs.contains(p) { problems.append("unit \(u.id): unknown post '\(p)'") }
            if !(0...24).contains(u.shift.startHour) || !(0...24).contains(u.shift.endHour) {
                problems.append("unit \(u.id): shift hours must be 0-24")
            }
        }
        for s in stations where !s.location.isValid { problems.append("station \(s.id): invalid location") }
        if let sm = serviceMinutes {
            for (k, v) in sm where CallCategories.index(of: k) == nil || !(v > 0) { problems.append("serviceMinutes: bad entry '\(k)': \(v)") }
        }
        if !problems.isEmpty {
            let shown = problems.prefix(10).joined(separator: "; ")
            throw AnalyticsError(.badPlan, "plan '\(name)': \(shown)\(problems.count > 10 ? " (+\(problems.count - 10) more)" : "")")
        }
        if (policies ?? []).contains(.zoneOwn) && zones.isEmpty {
            throw AnalyticsError(.badPlan, "plan '\(name)' asks for the zoneOwn policy but has no zones")
        }
    }
}
