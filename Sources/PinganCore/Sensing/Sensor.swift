import Foundation
import PinganGeo

public typealias SensorID = Identifier<Sensor>

/// A device at the front end that reports what it sees (前端感知): a checkpoint's ID and
/// vehicle checks, a road camera gate (卡口) reading plates, a camera counting a crowd, a drone
/// over an old street, a school's one-click alarm button. Each signs in as itself with its own
/// token, so a record can only ever be posted by the device it claims to come from, and belongs
/// to a station, so only that station's subtree sees it and its alerts.
public struct Sensor: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case checkpoint, gate, camera, drone, alarmButton
    }

    /// Online while heartbeats or records arrive; offline after `SensorLiveness.offlineAfter`
    /// of silence, which is itself an alert: a dark camera is a gap in the net.
    public enum Status: String, Codable, Sendable, CaseIterable { case online, offline }

    public var id: SensorID
    public var name: String
    public var kind: Kind
    public var jurisdictionID: JurisdictionID
    /// Where it stands; a drone's moves with its heartbeats and records.
    public var location: Coordinate
    /// The post (checkpoint or camera point) it is mounted at, when it belongs to one.
    public var postID: PostID?
    public var status: Status
    /// SHA-256 of the device's token; never leaves the server.
    public var tokenHash: String
    /// The plate province a gate's camera assumes when it cannot read the Chinese character.
    public var defaultProvince: String?
    /// Crowd thresholds for a camera or drone that counts people.
    public var crowdRule: CrowdRule?
    public var path: String
    public var version: Int
    @DefaultTrue public var active: Bool

    public init(id: SensorID, name: String, kind: Kind, jurisdictionID: JurisdictionID, location: Coordinate, postID: PostID? = nil,
                status: Status = .offline, tokenHash: String, defaultProvince: String? = nil, crowdRule: CrowdRule? = nil,
                path: String, version: Int = 1, active: Bool = true) {
        self.id = id
        self.name = name
        self.kind = kind
        self.jurisdictionID = jurisdictionID
        self.location = location
        self.postID = postID
        self.status = status
        self.tokenHash = tokenHash
        self.defaultProvince = defaultProvince
        self.crowdRule = crowdRule
        self.path = path
        self.version = version
        self.active = active
    }

    /// The sensor as the console and the API show it: no token hash.
    public var publicView: PublicSensor {
        PublicSensor(id: id, name: name, kind: kind, jurisdictionID: jurisdictionID, location: location, postID: postID, status: status,
                     defaultProvince: defaultProvince, crowdRule: crowdRule, path: path, version: version, active: active)
    }
}

/// `Sensor` without its token hash.
public struct PublicSensor: Codable, Sendable, Hashable {
    public var id: SensorID
    public var name: String
    public var kind: Sensor.Kind
    public var jurisdictionID: JurisdictionID
    public var location: Coordinate
    public var postID: PostID?
    public var status: Sensor.Status
    public var defaultProvince: String?
    public var crowdRule: CrowdRule?
    public var path: String
    public var version: Int
    public var active: Bool
}

/// When a crowd count becomes a warning or an alarm at one place: the seeds' old street warns at
/// 10,000 and alarms at 15,000 visitors; a count rising faster than `risePerMinute` warns even
/// below both, because a crush builds in minutes.
public struct CrowdRule: Codable, Sendable, Hashable {
    public var warnAt: Int
    public var alarmAt: Int
    /// People per minute between two counts; nil for no rate rule.
    public var risePerMinute: Int?
    /// Local hours `[from, to)` the rule applies (a night market's evening); nil for all day.
    public var fromHour: Int?
    public var toHour: Int?

    public init(warnAt: Int, alarmAt: Int, risePerMinute: Int? = nil, fromHour: Int? = nil, toHour: Int? = nil) {
        self.warnAt = warnAt
        self.alarmAt = alarmAt
        self.risePerMinute = risePerMinute
        self.fromHour = fromHour
        self.toHour = toHour
    }

    /// Whether the rule applies at local hour `hour` (0-23).
    public func applies(atHour hour: Int) -> Bool {
        guard let from = fromHour, let to = toHour else { return true }
        return from <= to ? (hour >= from && hour < to) : (hour >= from || hour < to)
    }
}
