/// What the OSM readers collect for road building: every node's position (fixed point, 1e-7°)
/// and the drivable ways with their node references and road attributes. Flat arrays, so a
/// city extract fits in a few megabytes whatever the file format.
public struct OSMData: Sendable {
    public var nodeIds: [Int64] = []
    /// Latitude/longitude in 1e-7 degrees (the OSM database precision).
    public var nodeLat: [Int32] = []
    public var nodeLon: [Int32] = []
    /// Drivable ways: refs of way `i` are `wayRefs[wayStart[i]..<wayStart[i+1]]`.
    public var wayStart: [Int32] = [0]
    public var wayRefs: [Int64] = []
    public var wayIds: [Int64] = []
    public var waySpeedKmh: [Float] = []
    /// +1 forward only, -1 reverse only, 0 both directions.
    public var wayOneway: [Int8] = []
    /// Byte offset (PBF blob / XML element) or line where each way was read.
    public var wayOrigin: [Int] = []
    /// True when `wayOrigin` holds XML line numbers rather than byte offsets.
    public var originIsLine = false
    /// All ways in the file, drivable or not (for the import summary).
    public var totalWays = 0
    /// Named roads of any kind (pedestrian streets too), for finding an address: refs of
    /// street `i` are `streetRefs[streetStart[i]..<streetStart[i+1]]`.
    public var streetNames: [String] = []
    public var streetStart: [Int32] = [0]
    public var streetRefs: [Int64] = []
    /// Per street: its `name:en` ("" when none) and road class (`RoadClass`), for map labels.
    public var streetNamesEn: [String] = []
    public var streetClass: [UInt8] = []
    /// Elements that may be places, addresses or background areas, plus untagged ways (they
    /// may be members of a multipolygon read later). Element `i` is a node, way or relation
    /// (`featureKind` 0, 1, 2); its refs are `featureRefs[featureRefStart[i]..<featureRefStart[i+1]]`
    /// (the node's own id, a way's node ids, a relation's outer member way ids) and its tags
    /// `featureTagKey/Value[featureTagStart[i]..<featureTagStart[i+1]]` (`FeatureTags.keys`).
    public var featureKind: [UInt8] = []
    public var featureId: [Int64] = []
    public var featureRefStart: [Int32] = [0]
    public var featureRefs: [Int64] = []
    public var featureTagStart: [Int32] = [0]
    public var featureTagKey: [UInt8] = []
    public var featureTagValue: [String] = []

    public init() {}

    /// Keeps an element (node 0, way 1, relation 2) with its refs and feature tags.
    mutating func addFeature(kind: UInt8, id: Int64, refs: some Collection<Int64>, tags: FeatureTags) {
        featureKind.append(kind)
        featureId.append(id)
        featureRefs.append(contentsOf: refs)
        featureRefStart.append(Int32(featureRefs.count))
        featureTagKey.append(contentsOf: tags.keys)
        featureTagValue.append(contentsOf: tags.values)
        featureTagStart.append(Int32(featureTagKey.count))
    }

    /// Keeps a way as a feature when its tags say so, or as bare geometry when it has no tags at
    /// all (a multipolygon's member).
    mutating func addFeatureWay(id: Int64, refs: [Int64], tags: FeatureTags, untagged: Bool) {
        if tags.isKept(isNode: false) || untagged { addFeature(kind: 1, id: id, refs: refs, tags: untagged ? FeatureTags() : tags) }
    }

    mutating func addNode(id: Int64, lat: Int64, lon: Int64, origin: Int) {
        nodeIds.append(id)
        nodeLat.append(Int32(clamping: lat))
        nodeLon.append(Int32(clamping: lon))
    }

    /// Keeps a way's name and nodes when it is a named road of any kind.
    mutating func addStreet(_ tags: WayTags, refs: [Int64], nameEn: String? = nil) {
        guard tags.isNamedRoad, let name = tags.name, !refs.isEmpty else { return }
        streetNames.append(name)
        streetNamesEn.append(nameEn ?? "")
        streetClass.append(RoadClass(highway: tags.highway ?? "").rawValue)
        streetRefs.append(contentsOf: refs)
        streetStart.append(Int32(streetRefs.count))
    }

    mutating func addWay(id: Int64, refs: [Int64], road: RoadTags.Road, origin: Int) {
        wayIds.append(id)
        wayRefs.append(contentsOf: refs)
        wayStart.append(Int32(wayRefs.count))
        waySpeedKmh.append(road.speedKmh)
        wayOneway.append(road.oneway)
        wayOrigin.append(origin)
    }
}

/// The subset of a way's tags that decides whether and how fast a police car may drive it.
public struct WayTags: Sendable, Equatable {
    public var highway: String?
    public var oneway: String?
    public var junction: String?
    public var maxspeed: String?
    public var access: String?
    public var vehicle: String?
    public var motorVehicle: String?
    public var motorcar: String?
    public var area: String?
    /// The road's name (for the street index, not for routing).
    public var name: String?
    /// A road of any kind with a name: what the street index keeps.
    public var isNamedRoad: Bool { highway != nil && !(name ?? "").isEmpty }

    public init() {}

    /// Stores `value` if `key` is one of the interesting keys; returns whether it was.
    @discardableResult
    public mutating func set(_ key: String, _ value: String) -> Bool {
        switch key {
        case "highway": highway = value
        case "oneway": oneway = value
        case "junction": junction = value
        case "maxspeed": maxspeed = value
        case "access": access = value
        case "vehicle": vehicle = value
        case "motor_vehicle": motorVehicle = value
        case "motorcar": motorcar = value
        case "area": area = value
        case "name": name = value
        default: return false
        }
        return true
    }

    /// Index of `key` among the interesting keys, or -1 (for readers that map string tables once).
    public static func keyIndex(_ key: some Collection<UInt8>) -> Int {
        for (i, k) in keys.enumerated() where k.count == key.count && k.elementsEqual(key) { return i }
        return -1
    }
    static let keys: [[UInt8]] = ["highway", "oneway", "junction", "maxspeed", "access", "vehicle", "motor_vehicle", "motorcar", "area", "name"].map { Array($0.utf8) }

    mutating func set(index: Int, _ value: String) {
        switch index {
        case 0: highway = value
        case 1: oneway = value
        case 2: junction = value
        case 3: maxspeed = value
        case 4: access = value
        case 5: vehicle = value
        case 6: motorVehicle = value
        case 7: motorcar = value
        case 8: area = value
        case 9: name = value
        default: break
        }
    }
}
