import Foundation
import PinganGeo

/// Validates and builds sensors, watchlists and entries. Pure, like `OrganisationDecider`,
/// whose event and version helpers it shares.
public enum SensingDecider {
    /// The provinces whose one-character abbreviations a plate may start with.
    public static let provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

    public static func sensor(id: SensorID, name: String, kind: Sensor.Kind, station: Jurisdiction, location: Coordinate, postID: PostID?,
                              tokenHash: String, defaultProvince: String?, crowdRule: CrowdRule?) throws(DomainError) -> (Sensor, Event) {
        try checkSensor(name: name, location: location, defaultProvince: defaultProvince, crowdRule: crowdRule)
        guard station.level == .station || station.level == .community else {
            throw DomainError(.invalidHierarchy, field: "jurisdictionID", "a sensor belongs to a station or community")
        }
        try OrganisationDecider.checkActive(station)
        let s = Sensor(id: id, name: name, kind: kind, jurisdictionID: station.id, location: location, postID: postID, tokenHash: tokenHash,
                       defaultProvince: defaultProvince, crowdRule: crowdRule, path: station.path)
        return (s, try OrganisationDecider.event(.sensorCreated, s.publicView, path: s.path, id: id.rawValue))
    }

    /// What an edit may change; nil leaves a field as it is.
    public struct SensorEdit: Codable, Sendable, Hashable {
        public var version: Int
        public var name: String?
        public var location: Coordinate?
        public var defaultProvince: String?
        public var crowdRule: CrowdRule?
        /// Clears the crowd rule (a JSON `null` cannot say it in `crowdRule`).
        public var clearCrowdRule: Bool?
        public var active: Bool?

        public init(version: Int, name: String? = nil, location: Coordinate? = nil, defaultProvince: String? = nil, crowdRule: CrowdRule? = nil,
                    clearCrowdRule: Bool? = nil, active: Bool? = nil) {
            self.version = version
            self.name = name
            self.location = location
            self.defaultProvince = defaultProvince
            self.crowdRule = crowdRule
            self.clearCrowdRule = clearCrowdRule
            self.active = active
        }
    }

    public static func edit(_ sensor: Sensor, _ e: SensorEdit) throws(DomainError) -> (Sensor, Event) {
        try OrganisationDecider.checkVersion(e.version, of: sensor.version, "sensor \(sensor.name)")
        var s = sensor
        s.name = e.name ?? s.name
        s.location = e.location ?? s.location
        s.defaultProvince = e.defaultProvince ?? s.defaultProvince
        s.crowdRule = e.clearCrowdRule == true ? nil : (e.crowdRule ?? s.crowdRule)
        s.active = e.active ?? s.active
        try checkSensor(name: s.name, location: s.location, defaultProvince: s.defaultProvince, crowdRule: s.crowdRule)
        s.version += 1
        return (s, try OrganisationDecider.event(.sensorUpdated, s.publicView, path: s.path, id: s.id.rawValue))
    }

    /// A new token: the old one stops working with this write.
    public static func reissue(_ sensor: Sensor, tokenHash: String) throws(DomainError) -> (Sensor, Event) {
        var s = sensor
        s.tokenHash = tokenHash
        s.version += 1
        return (s, try OrganisationDecider.event(.sensorTokenIssued, s.publicView, path: s.path, id: s.id.rawValue))
    }

    /// Online or offline; nil when it already is. A drone's heartbeat moves it too.
    public static func status(_ sensor: Sensor, _ status: Sensor.Status, location: Coordinate? = nil) throws(DomainError) -> (Sensor, Event)? {
        // A drone reports every few seconds; its place in the log moves only when it has gone somewhere.
        let moved = location.map { sensor.kind == .drone && $0.distance(to: sensor.location) > 100 } ?? false
        guard sensor.status != status || moved else { return nil }
        var s = sensor
        s.status = status
        if moved, let location { s.location = location }
        s.version += 1
        return (s, try OrganisationDecider.event(.sensorStatusChanged, s.publicView, path: s.path, id: s.id.rawValue))
    }

    static func checkSensor(name: String, location: Coordinate, defaultProvince: String?, crowdRule: CrowdRule?) throws(DomainError) {
        try TextRules.check(name, field: "name", max: 100)
        try TextRules.check(location, field: "location")
        if let p = defaultProvince, p.count != 1 || !provinces.contains(p) {
            throw DomainError.invalid("defaultProvince", "one province abbreviation, such as 沪")
        }
        if let r = crowdRule {
            guard r.warnAt > 0, r.alarmAt >= r.warnAt, r.alarmAt <= 10_000_000 else {
                throw DomainError.invalid("crowdRule", "0 < warnAt <= alarmAt <= 10,000,000")
            }
            if let rise = r.risePerMinute, rise <= 0 { throw DomainError.invalid("crowdRule.risePerMinute", "a rise is a positive number of people a minute") }
            if (r.fromHour == nil) != (r.toHour == nil) { throw DomainError.invalid("crowdRule.fromHour", "give both fromHour and toHour, or neither") }
            for h in [r.fromHour, r.toHour].compactMap({ $0 }) where !(0...23).contains(h) {
                throw DomainError.invalid("crowdRule.fromHour", "hours are 0 to 23")
            }
        }
    }

    // MARK: Watchlists

    public static func watchlist(id: WatchlistID, name: String, reason: String, owner: Jurisdiction, severity: AlertSeverity, validFrom: Date,
                                 validUntil: Date?, visibleTo: [Jurisdiction]) throws(DomainError) -> (Watchlist, Event) {
        try checkWatchlist(name: name, reason: reason, validFrom: validFrom, validUntil: validUntil)
        try OrganisationDecider.checkActive(owner)
        let w = Watchlist(id: id, name: name, reason: reason, jurisdictionID: owner.id, severity: severity, validFrom: validFrom,
                          validUntil: validUntil, visibleTo: visibleTo.map(\.id), audience: audience(owner, visibleTo), path: owner.path)
        return (w, try OrganisationDecider.event(.watchlistCreated, w, id: id.rawValue))
    }

    public struct WatchlistEdit: Codable, Sendable, Hashable {
        public var version: Int
        public var name: String?
        public var reason: String?
        public var severity: AlertSeverity?
        public var validUntil: Date?
        public var visibleTo: [JurisdictionID]?
        public var active: Bool?

        public init(version: Int, name: String? = nil, reason: String? = nil, severity: AlertSeverity? = nil, validUntil: Date? = nil,
                    visibleTo: [JurisdictionID]? = nil, active: Bool? = nil) {
            self.version = version
            self.name = name
            self.reason = reason
            self.severity = severity
            self.validUntil = validUntil
            self.visibleTo = visibleTo
            self.active = active
        }
    }

    /// - Parameter visibleTo: The jurisdictions `e.visibleTo` names, loaded, when it names any.
    public static func edit(_ list: Watchlist, _ e: WatchlistEdit, owner: Jurisdiction, visibleTo: [Jurisdiction]?) throws(DomainError) -> (Watchlist, Event) {
        try OrganisationDecider.checkVersion(e.version, of: list.version, "watchlist \(list.name)")
        var w = list
        w.name = e.name ?? w.name
        w.reason = e.reason ?? w.reason
        w.severity = e.severity ?? w.severity
        w.validUntil = e.validUntil ?? w.validUntil
        w.active = e.active ?? w.active
        if let visibleTo {
            w.visibleTo = visibleTo.map(\.id)
            w.audience = audience(owner, visibleTo)
        }
        try checkWatchlist(name: w.name, reason: w.reason, validFrom: w.validFrom, validUntil: w.validUntil)
        w.version += 1
        return (w, try OrganisationDecider.event(.watchlistUpdated, w, id: w.id.rawValue))
    }

    static func audience(_ owner: Jurisdiction, _ visibleTo: [Jurisdiction]) -> Audience {
        var paths: [String] = []
        for j in visibleTo where !paths.contains(j.path) { paths.append(j.path) }
        return Audience(owner: owner.path, paths: paths)
    }

    static func checkWatchlist(name: String, reason: String, validFrom: Date, validUntil: Date?) throws(DomainError) {
        try TextRules.check(name, field: "name", max: 100)
        try TextRules.check(reason, field: "reason", max: 500, multiline: true)
        if let until = validUntil, until <= validFrom { throw DomainError.invalid("validUntil", "validUntil comes after validFrom") }
    }

    /// A checked entry: the plate or document already normalised (and hashed) by the caller.
    public static func entry(id: WatchlistEntryID, in list: Watchlist, kind: WatchlistEntry.Kind, plate: PlateNumber?, documentHash: String?,
                             documentMasked: String?, name: String?, fuzzy: Bool, note: String) throws(DomainError) -> (WatchlistEntry, Event) {
        guard list.active else { throw DomainError(.inactive, "watchlist \(list.name) is withdrawn") }
        switch kind {
        case .plate:
            guard plate != nil else { throw DomainError.invalid("value", "a plate entry needs a plate") }
        case .document:
            guard documentHash != nil else { throw DomainError.invalid("value", "a document entry needs a document number") }
        case .person:
            guard documentHash != nil || name != nil else { throw DomainError.invalid("value", "a person entry needs a document number or a name") }
        }
        if let name { try TextRules.check(name, field: "name", max: 100) }
        try TextRules.check(note, field: "note", max: 500, required: false, multiline: true)
        guard !fuzzy || kind == .plate else { throw DomainError.invalid("fuzzy", "only plates are matched fuzzily") }
        let e = WatchlistEntry(id: id, watchlistID: list.id, kind: kind, plate: plate, documentHash: documentHash, documentMasked: documentMasked,
                               name: name, fuzzy: fuzzy, note: note, path: list.path)
        return (e, try OrganisationDecider.event(.watchlistEntryAdded, e, id: id.rawValue))
    }

    public static func remove(_ entry: WatchlistEntry) throws(DomainError) -> (WatchlistEntry, Event)? {
        guard entry.active else { return nil }
        var e = entry
        e.active = false
        e.version += 1
        return (e, try OrganisationDecider.event(.watchlistEntryRemoved, e, id: e.id.rawValue))
    }
}
