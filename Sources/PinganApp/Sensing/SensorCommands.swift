import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// Sensors from registration to their records: each batch is checked and normalised whole
/// (`SensorIntake`), stored, matched against the watchlists and the crowd rules, and every alert
/// it raises is committed — with the batch's idempotency record — before the device gets its
/// answer, so an acknowledged batch is durable and a repeated one is stored and alerted once.
public struct SensorCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections & SensorRecordStore
    let incidents: IncidentCommands
    /// Sensors read lately: a device posts every second or so, and its batch needs its sensor.
    let known: KnownSensors
    public let matcher: WatchlistMatcher
    public let activity: SensorActivity
    let hasher: DocumentHasher
    let proposer: (any AlertProposer)?
    public var limits: SensingLimits
    /// Silence after which an online sensor is declared offline.
    public var offlineAfter: TimeInterval

    init(runner: CommandRunner, store: any Projections & SensorRecordStore, incidents: IncidentCommands, known: KnownSensors, matcher: WatchlistMatcher,
         activity: SensorActivity, hasher: DocumentHasher, proposer: (any AlertProposer)?, limits: SensingLimits, offlineAfter: TimeInterval) {
        self.runner = runner
        self.store = store
        self.incidents = incidents
        self.known = known
        self.matcher = matcher
        self.activity = activity
        self.hasher = hasher
        self.proposer = proposer
        self.limits = limits
        self.offlineAfter = offlineAfter
    }

    /// What a new sensor's registration asks for.
    public struct NewSensor: Codable, Sendable, Hashable {
        public var name: String
        public var kind: Sensor.Kind
        public var jurisdictionID: JurisdictionID
        public var location: Coordinate
        public var postID: PostID?
        public var defaultProvince: String?
        public var crowdRule: CrowdRule?

        public init(name: String, kind: Sensor.Kind, jurisdictionID: JurisdictionID, location: Coordinate, postID: PostID? = nil,
                    defaultProvince: String? = nil, crowdRule: CrowdRule? = nil) {
            self.name = name
            self.kind = kind
            self.jurisdictionID = jurisdictionID
            self.location = location
            self.postID = postID
            self.defaultProvince = defaultProvince
            self.crowdRule = crowdRule
        }
    }

    /// A registered sensor and the token it signs in with, shown this once.
    public struct Registered: Codable, Sendable, Hashable {
        public var sensor: PublicSensor
        public var token: String
    }

    /// Registers a sensor under a station of `user`'s scope; `token` is the device's new secret
    /// (the caller generates it and keeps only what it shows once).
    public func create(_ input: NewSensor, token: String, tokenHash: String, by user: User,
                       idempotency: Idempotency<Registered>? = nil) async throws -> Outcome<Registered> {
        try await runner.run(.createSensor, by: Actor(user), idempotency: idempotency) { _ in
            guard let station = try await store.jurisdiction(input.jurisdictionID, scope: user.scope) else {
                throw DomainError.notFound("jurisdiction", input.jurisdictionID.rawValue)
            }
            if let post = input.postID, try await store.post(post, scope: user.scope) == nil { throw DomainError.notFound("post", post.rawValue) }
            let (s, event) = try SensingDecider.sensor(id: .random(), name: input.name, kind: input.kind, station: station, location: input.location,
                                                       postID: input.postID, tokenHash: tokenHash, defaultProvince: input.defaultProvince,
                                                       crowdRule: input.crowdRule)
            return Decision(events: [event], writes: [.sensor(s)], output: Registered(sensor: s.publicView, token: token))
        }
    }

    public func update(_ id: SensorID, _ edit: SensingDecider.SensorEdit, by user: User,
                       idempotency: Idempotency<PublicSensor>? = nil) async throws -> Outcome<PublicSensor> {
        try await runner.run(.updateSensor, by: Actor(user), idempotency: idempotency) { _ in
            let (s, event) = try SensingDecider.edit(try await sensor(id, user: user), edit)
            return Decision(events: [event], writes: [.sensor(s)], output: s.publicView)
        }
    }

    /// A new token for the device (lost, leaked, or a replaced unit); the old one stops working.
    public func reissueToken(_ id: SensorID, token: String, tokenHash: String, by user: User,
                             idempotency: Idempotency<Registered>? = nil) async throws -> Outcome<Registered> {
        try await runner.run(.issueSensorToken, by: Actor(user), idempotency: idempotency) { _ in
            let (s, event) = try SensingDecider.reissue(try await sensor(id, user: user), tokenHash: tokenHash)
            return Decision(events: [event], writes: [.sensor(s)], output: Registered(sensor: s.publicView, token: token))
        }
    }

    func sensor(_ id: SensorID, user: User) async throws -> Sensor {
        guard let s = try await store.sensor(id, scope: user.scope) else { throw DomainError.notFound("sensor", id.rawValue) }
        return s
    }

    /// The sensor `user` may post for: a device only for itself, an administrator for any in scope.
    /// A copy from the last two seconds serves (`KnownSensors`) unless `fresh` asks for the stored
    /// one, as an attempt after a version conflict must.
    func poster(_ id: SensorID, user: User, fresh: Bool = false) async throws -> Sensor {
        if user.role == .sensor, user.id.rawValue != SensorCommands.userID(of: id).rawValue {
            throw DomainError(.forbidden, "a sensor posts its own records only")
        }
        let found = fresh ? try await store.sensor(id, scope: user.scope).map { known.remember($0); return $0 }
                          : try await known.record(id, in: user.scope) { try await store.sensor(id, scope: user.scope) }
        guard let s = found else { throw DomainError.notFound("sensor", id.rawValue) }
        guard s.active else { throw DomainError(.inactive, "sensor \(s.name) is retired") }
        return s
    }

    /// The identity a sensor's token signs in as.
    public static func userID(of sensor: SensorID) -> UserID { UserID("sensor:" + sensor.rawValue) }

    /// The user a sensor acts as: its own identity, its station's scope, the sensor role.
    public static func user(for s: Sensor) -> User {
        User(id: userID(of: s.id), username: "sensor:" + s.id.rawValue, displayName: s.name, role: .sensor, jurisdictionID: s.jurisdictionID,
             passwordHash: "", path: s.path)
    }

    /// What a batch did.
    public struct BatchResult: Codable, Sendable, Hashable {
        public var batchID: String
        /// Records stored now.
        public var accepted: Int
        /// Records of this batch stored before (a batch posted again).
        public var duplicates: Int
        /// Alerts raised (folded ones included).
        public var alerts: [AlertID]
        /// Incidents filed by alarm presses.
        public var incidents: [IncidentID]
    }

    /// Stores `inputs` as batch `batchID` of sensor `id` and raises what they call for.
    public func post(_ inputs: [SensorRecordInput], batchID: String, sensor id: SensorID, by user: User,
                     idempotency: Idempotency<BatchResult>? = nil) async throws -> Outcome<BatchResult> {
        try TextRules.check(batchID, field: "batchID", max: 100)
        let sensor = try await poster(id, user: user)
        let checkedAt = runner.time.now()
        let records = try SensorIntake.normalise(inputs, sensor: sensor, batchID: batchID, now: checkedAt, limits: limits, hash: hasher.hash)
        var alarms: [Alert] = []
        // The alerts first: a wanted car's alert goes out as soon as it is decided and committed,
        // not after the batch's thousands of reads are written. The batch is answered only once
        // its records are stored too, on a replay as well (the insert keeps rows already there),
        // so an acknowledged batch is durable whichever way it was answered.
        // The look-up just made serves the first attempt (a write to the sensor still checks its
        // version); an attempt after a conflict reads it from the store.
        var unused: Sensor? = sensor
        // A gate's batch is nearly always new, and deciding a repeat again is harmless (the
        // commit's check of the key answers it), so its key is not read first: one read of the
        // store fewer before the alert. A crowd count moves its place's level in memory as it is
        // decided, so a batch with one is checked first.
        var idempotency = idempotency
        idempotency?.readFirst = !records.contains { $0.kind == .crowd }
        let outcome = try await runner.run(.postSensorRecords, by: Actor(user), idempotency: idempotency) { now in
            let sensor = if let first = unused.take() { first } else { try await poster(id, user: user, fresh: true) }
            activity.seen(sensor.id, at: now)
            var result = BatchResult(batchID: batchID, accepted: records.count, duplicates: 0, alerts: [], incidents: [])
            var events: [Event] = [], writes: [EntityWrite] = []
            let moved = records.last(where: { $0.lat != nil }).map { Coordinate(lat: $0.lat!, lon: $0.lon!) }
            if let (s, e) = try SensingDecider.status(sensor, .online, location: moved) {
                events.append(e)
                writes.append(.sensor(s))
            }
            let drafts = try await alerts(for: records, sensor: sensor, now: now)
            let raised = try await fold(drafts)
            events += raised.events
            writes += raised.alerts.map { .alert($0) }
            result.alerts = drafts.map(\.id)
            alarms = drafts.filter { $0.kind == .alarmButton }
            return Decision(events: events, writes: writes, output: result)
        }
        // The reads are stored at background priority, the batch's answer waiting for them: their
        // encoding and insert then queue behind other gates' alerts, not before them. At 200k
        // reads/s (`pingan bench sensing --rate 200000`, 200 or 400 batches), eight runs each, in
        // turn with and without: alert p99 10.4–22.7 ms (median 15.7) against 14.5–41.3 (median
        // 19.8); closed loop, 292–307k reads/s against 290–326k. Started alongside the decision
        // instead, four runs each: p99 better in three, p50 worse in three; and a batch refused
        // after it (another body under a stored key: 409) would have had its new positions stored.
        let fresh = try await Task(priority: .background) { [store] in try await store.appendSensorRecords(records) }.value
        switch outcome {
        case .done(var result, let reply):
            result.duplicates = records.count - fresh
            result.accepted = fresh
            guard !alarms.isEmpty else { return .done(result, reply: reply) }
            for alarm in alarms { result.incidents.append(try await file(alarm, sensor: sensor)) }
            return .done(result, reply: reply)
        case .replayed(var record):
            // The first answer was stored before its alarms were filed: a retry files any the
            // first run did not get to (it stopped, or the answer was lost) and lists them all.
            guard let idempotency, var result = try? JSONCoding.decoder.decode(BatchResult.self, from: Data(record.body.utf8)),
                  !result.alerts.isEmpty else { return outcome }
            let loaded = try await store.alerts(ids: result.alerts)
            let pressed = result.alerts.compactMap { id in loaded.first { $0.id == id && $0.kind == .alarmButton } }
            guard !pressed.isEmpty else { return outcome }
            result.incidents = []
            for alarm in pressed { result.incidents.append(try await file(alarm, sensor: sensor)) }
            let reply = try idempotency.render(result)
            record.status = reply.status
            record.body = reply.body
            return .replayed(record)
        }
    }

    /// Files an alarm press as a P1 incident at the button's place, as the sensor itself, and
    /// links it to its alert. Keyed by the alert, so the batch's own run, a device's retry and
    /// `fileMissedAlarms` file it once between them.
    func file(_ alarm: Alert, sensor: Sensor) async throws -> IncidentID {
        let input = NewIncident(category: AlertDrafts.category(of: .alarmButton), priority: .p1, location: alarm.location,
                                address: sensor.name, description: "一键报警: \(sensor.name)")
        let key = Idempotency<Incident>(key: "sensor:\(sensor.id.rawValue):alarm:\(alarm.id.rawValue)", requestHash: alarm.id.rawValue) {
            StoredReply(status: 201, body: $0.id.rawValue)
        }
        let incident: IncidentID = switch try await incidents.create(input, by: SensorCommands.user(for: sensor), idempotency: key) {
        case .done(let filed, _): filed.id
        case .replayed(let record): IncidentID(record.body)
        }
        _ = try await runner.run(.dispatchAlert, by: Actor(SensorCommands.user(for: sensor))) { _ in
            guard let a = try await store.alert(alarm.id, scope: .everything) else { return .unchanged(()) }
            let d = try AlertDecider.link(a, to: incident)
            guard !d.events.isEmpty else { return .unchanged(()) }
            return Decision(events: d.events, writes: d.alerts.map { .alert($0) }, output: ())
        }
        return incident
    }

    /// Files the alarm presses of the last day still open without an incident and raised at least
    /// `grace` ago: those whose filing the process did not live to finish (the alert is committed
    /// first, so it reaches the console at once) and no device retry has filed since. Run by the
    /// server with the offline sweep; returns how many it filed.
    @discardableResult
    public func fileMissedAlarms(grace: TimeInterval = 10) async throws -> Int {
        let now = runner.time.now()
        var missed: [Alert] = []
        var query = AlertQuery(statuses: [.received, .acknowledged], raisedFrom: now.addingTimeInterval(-86_400), heads: false, limit: AlertQuery.maxLimit)
        while true {
            let page = try await store.alerts(query, scope: .everything)
            missed += page.filter { $0.kind == .alarmButton && $0.incidentID == nil && now.timeIntervalSince($0.raisedAt) >= grace }
            guard page.count == query.limit else { break }
            query.offset += page.count
        }
        // One press that cannot be filed (its error is thrown at the end) does not hold up the others.
        var filed = 0, failure: (any Error)?
        for alarm in missed {
            guard let id = alarm.sensorID, let sensor = try await store.sensor(id, scope: .everything) else { continue }
            do {
                _ = try await file(alarm, sensor: sensor)
                filed += 1
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return filed
    }

    /// The alerts `records` raise, before storm folding.
    func alerts(for records: [SensorRecord], sensor: Sensor, now: Date) async throws -> [Alert] {
        var drafts: [Alert] = []
        var policy: AlertDeadlinePolicy?
        func limits() async throws -> AlertDeadlinePolicy {
            if let policy { return policy }
            let p = try await alertPolicy(for: sensor)
            policy = p
            return p
        }
        for (i, hit) in try await matcher.match(records) {
            drafts.append(AlertDrafts.hit(.random(), record: records[i], sensor: sensor, entry: hit.entry, list: hit.list, fuzzy: hit.fuzzy,
                                          at: now, policy: try await limits()))
        }
        for r in records {
            switch r.kind {
            case .crowd:
                guard let rule = sensor.crowdRule, let count = r.count else { continue }
                for kind in activity.count(count, at: r.at, hour: Self.localHour(r.at), sensor: sensor.id, rule: rule) {
                    drafts.append(AlertDrafts.crowd(.random(), kind, record: r, sensor: sensor, rule: rule, at: now, policy: try await limits()))
                }
            case .alarm:
                drafts.append(AlertDrafts.alarm(.random(), record: r, sensor: sensor, at: now, policy: try await limits()))
            default:
                continue
            }
        }
        return drafts
    }

    func fold(_ drafts: [Alert]) async throws -> AlertDecider.Decision {
        try await AlertFolding(store: store, proposer: proposer).fold(drafts)
    }

    /// The alert limits in force at the sensor's station (the station and its parents from the
    /// known jurisdictions: a gate's every batch with a hit needs them).
    func alertPolicy(for sensor: Sensor) async throws -> AlertDeadlinePolicy {
        let known = incidents.jurisdictions
        guard let j = try await known.jurisdiction(sensor.jurisdictionID, in: .everything, from: store) else { return .standard }
        return .effective(chain: try await store.chain(of: j, known: known))
    }

    /// The local hour (China Standard Time) a crowd rule's window is read in.
    static func localHour(_ at: Date) -> Int {
        Int((at.timeIntervalSince1970 + 8 * 3600).truncatingRemainder(dividingBy: 86_400) / 3600)
    }

    // MARK: Liveness and retention

    /// A heartbeat: the device is alive (and, for a drone, where it is now).
    public func heartbeat(_ id: SensorID, location: Coordinate?, by user: User) async throws -> PublicSensor {
        let sensor = try await poster(id, user: user)
        if let location { try TextRules.check(location, field: "location") }
        var unused: Sensor? = sensor
        let outcome = try await runner.run(.sensorHeartbeat, by: Actor(user)) { now in
            activity.seen(sensor.id, at: now)
            let current = if let first = unused.take() { first } else { try await poster(id, user: user, fresh: true) }
            guard let (s, e) = try SensingDecider.status(current, .online, location: location) else {
                return .unchanged(sensor.publicView)
            }
            return Decision(events: [e], writes: [.sensor(s)], output: s.publicView)
        }
        return try outcome.get()
    }

    /// Declares offline every online sensor silent for `offlineAfter`, each with an alert; run
    /// by the server every half minute. Returns how many went offline.
    @discardableResult
    public func sweepOffline() async throws -> Int {
        let now = runner.time.now()
        var dark = 0
        for sensor in try await store.sensors(scope: .everything) where sensor.active && sensor.status == .online {
            let last = activity.lastSeen(sensor.id)
            guard now.timeIntervalSince(last) > offlineAfter else { continue }
            _ = try await runner.run(.markSensorsOffline, by: .system) { now in
                guard let current = try await store.sensor(sensor.id, scope: .everything), current.status == .online,
                      let (s, e) = try SensingDecider.status(current, .offline) else { return .unchanged(()) }
                let policy = try await alertPolicy(for: s)
                let folded = try await fold([AlertDrafts.offline(.random(), sensor: s, lastSeen: last, at: now, policy: policy)])
                return Decision(events: [e] + folded.events, writes: [.sensor(s)] + folded.alerts.map { .alert($0) }, output: ())
            }
            dark += 1
        }
        return dark
    }

    /// Deletes records older than `before`, and says so in the audit log.
    @discardableResult
    public func purge(before: Date, by actor: Actor = .system) async throws -> Int {
        let count = try await store.purgeSensorRecords(before: before)
        guard count > 0 else { return 0 }
        let event = try Event(.sensorRecordsPurged, subject: "sensor-records", path: "/", payload: RecordsPurged(before: before, count: count))
        _ = try await runner.run(.purgeSensorRecords, by: actor) { _ in Decision(events: [event], writes: [], output: ()) }
        return count
    }

    /// The payload of `sensorRecords.purged`.
    public struct RecordsPurged: EventPayload, Hashable {
        public var before: Date
        public var count: Int
    }
}
