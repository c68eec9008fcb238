import Foundation
import PinganCore
import PinganGeo

/// The demo city's front-end sensing (前端感知): which devices stand where, and the control list
/// its gates are watched against. Deterministic for a city, a network and a seed, so the seeding
/// that registers the devices and the simulator that drives them agree on every device by name.
///
/// - **Gates** (卡口): a plate-reading gate at every checkpoint post, in the post's station, reading
///   plates without a province character as Shanghai's (沪); each reads its own share of the
///   passing traffic (`readsPerMinute` at the daily peak).
/// - **Crowd cameras**: a counting camera at every camera post (the busiest junction of each patrol
///   zone, `SensorPlacement`), with a crowd rule scaled to a city street (`crowdRule`). Most peak
///   well under the warning line; the two nearest the city centre are its night-life junctions,
///   which cross it every evening (one of them only near the peak) and, in a rare surge, the
///   alarm line (`DemoCrowdCounter`).
/// - **Alarm buttons** (一键报警): one at a school in each of `schools.count` stations spread over
///   the city, on a road node about 400 m from a patrol zone's street post.
/// - **Watchlist** "演示布控车辆": five plates kept by the city and shared with every station, three of
///   them fuzzy (so misread plates still hit).
///
/// Everything is labelled simulated, like the rest of the demo city.
public struct DemoSensorPlan: Sendable {
    /// One device as it is registered.
    public struct Device: Sendable, Hashable {
        /// Unique within the plan: the registry and the simulator know a device by it.
        public var name: String
        public var kind: Sensor.Kind
        public var stationID: JurisdictionID
        public var location: Coordinate
        public var postID: PostID?
        public var defaultProvince: String?
        public var crowdRule: CrowdRule?
        /// A crowd camera's people in view at the evening peak.
        public var eveningPeak: Int?
        /// Whether a crowd camera's junction sees surges over the alarm line.
        public var surges = false
        /// A gate's plate reads per minute at the daily traffic peak.
        public var readsPerMinute: Double?
    }

    /// One plate on the demo watchlist.
    public struct ListedPlate: Sendable, Hashable {
        public var plate: String
        public var fuzzy: Bool
        public var note: String
    }

    public static let province = "沪"
    /// Scaled from the seeds' old street (warn 10,000, alarm 15,000) to one demo junction.
    public static let crowdRule = CrowdRule(warnAt: 800, alarmAt: 1200, risePerMinute: 150)
    public static let watchlistName = "演示布控车辆"
    public static let watchlistReason = "（模拟）演示用布控：被盗、套牌、肇事逃逸及涉案车辆"
    public static let watchlistSeverity = AlertSeverity.severe
    /// Invented plates, valid and unlike anything the passing traffic draws by chance; the fuzzy
    /// ones are full of characters cameras confuse.
    public static let watchlist: [ListedPlate] = [
        ListedPlate(plate: "沪B8Z205", fuzzy: true, note: "（模拟）被盗车辆"),
        ListedPlate(plate: "浙A6G2S8", fuzzy: true, note: "（模拟）涉嫌套牌"),
        ListedPlate(plate: "苏E5D0Q8", fuzzy: true, note: "（模拟）肇事逃逸车辆"),
        ListedPlate(plate: "沪AD10357", fuzzy: false, note: "（模拟）在逃人员驾驶车辆"),
        ListedPlate(plate: "皖K37019", fuzzy: false, note: "（模拟）涉案车辆"),
    ]
    /// The schools with an alarm button, each in its own station.
    public static let schools = ["第一中学", "实验小学", "育才中学", "明德小学"]

    public var devices: [Device]

    public var gates: [Device] { devices.filter { $0.kind == .gate } }
    public var cameras: [Device] { devices.filter { $0.kind == .camera } }
    public var alarmButtons: [Device] { devices.filter { $0.kind == .alarmButton } }

    public init(city: DemoCity, network: RoadNetwork, seed: UInt64 = 1) {
        var rng = SeededRandom(seed: seed).derived(0x5E75)
        var devices: [Device] = []
        for post in city.posts where post.kind == .checkpoint {
            devices.append(Device(name: "\(Self.bare(post.name)) 车牌识别（模拟）", kind: .gate, stationID: post.stationID, location: post.location,
                                  postID: post.id, defaultProvince: Self.province, readsPerMinute: 12 + 18 * rng.uniform()))
        }
        let cameraPosts = city.posts.filter { $0.kind == .camera }
        // The night-life junctions: the two camera posts nearest the centre of them all.
        let centre = Coordinate(lat: cameraPosts.map(\.location.lat).reduce(0, +) / Double(max(1, cameraPosts.count)),
                                lon: cameraPosts.map(\.location.lon).reduce(0, +) / Double(max(1, cameraPosts.count)))
        let downtown = cameraPosts.indices.sorted {
            (Geodesy.haversine(cameraPosts[$0].location, centre), $0) < (Geodesy.haversine(cameraPosts[$1].location, centre), $1)
        }.prefix(2)
        for (i, post) in cameraPosts.enumerated() {
            let peak = i == downtown.first ? 1000 : downtown.dropFirst().first == i ? 880 : 250 + Int(400 * rng.uniform())
            devices.append(Device(name: "\(Self.bare(post.name)) 人流计数（模拟）", kind: .camera, stationID: post.stationID, location: post.location,
                                  postID: post.id, crowdRule: Self.crowdRule, eveningPeak: peak, surges: downtown.contains(i)))
        }
        devices += Self.alarmButtons(city: city, network: network)
        self.devices = devices
    }

    /// A post's name without the simulated label, which the device's name carries again.
    static func bare(_ name: String) -> String {
        name.replacingOccurrences(of: "（模拟）", with: "").trimmingCharacters(in: .whitespaces)
    }

    /// One school button in each of `schools.count` stations spread evenly over the west-to-east
    /// station order (so across the districts), each in a different one of its station's zones,
    /// on the zone's road node nearest to 400 m from the zone's street post.
    static func alarmButtons(city: DemoCity, network: RoadNetwork) -> [Device] {
        let stations = city.jurisdictions.filter { $0.level == .station }
        guard !stations.isEmpty, network.graph.hasCoordinates, city.zoneOfNode.count == network.graph.nodeCount else { return [] }
        let count = min(schools.count, stations.count)
        var nodesOfZone = [[Int]](repeating: [], count: city.plan.zones.count)
        for (node, zone) in city.zoneOfNode.enumerated() where zone >= 0 && Int(zone) < nodesOfZone.count { nodesOfZone[Int(zone)].append(node) }
        var devices: [Device] = []
        for i in 0..<count {
            let station = stations[i * (stations.count - 1) / max(1, count - 1)]
            let zones = city.plan.zones.indices.filter { city.plan.zones[$0].station == station.id.rawValue && !nodesOfZone[$0].isEmpty }
            guard !zones.isEmpty else { continue }
            let zone = zones[i % zones.count]
            let post = city.plan.zones[zone].seed
            let node = nodesOfZone[zone].min {
                (abs(Geodesy.haversine(network.graph.coordinates[$0], post) - 400), $0) < (abs(Geodesy.haversine(network.graph.coordinates[$1], post) - 400), $1)
            }!
            devices.append(Device(name: "\(schools[i])一键报警（模拟）", kind: .alarmButton, stationID: station.id, location: network.graph.coordinates[node]))
        }
        return devices
    }
}
