import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Every incident's `IncidentFact` (and every alert's) held in memory for the assessment: the
/// KPI dashboard (`GET /v1/stats/kpi`) and the response report answer from here, never by
/// reading a year of incidents from the store per request.
///
/// **Loading.** `load` reads the whole history when the server starts, in the background
/// (`StatsLoader`): a million incidents take tens of seconds to decode, and the server must
/// answer dispatchers meanwhile. Until it is done the stats routes wait briefly and then answer
/// 503 `stats_loading` with `Retry-After`. Incidents are read a day at a time, newest first, so
/// no page pays for counting the whole table.
///
/// **Kept current** from every commit on this instance, like `DuplicateWatch`: the observer only
/// measures the changed incidents and queues them (microseconds, under a small lock); a query
/// applies the queue before it reads, so a dispatcher's request never waits for a dashboard's
/// scan. Loads and commits may interleave in any order: a row is replaced only by a later version.
/// (Commits on other instances of a multi-node deployment are seen at their next start.)
final class StatsWatch: CommitObserver, @unchecked Sendable {
    enum State: Sendable {
        case loading
        case ready
        case failed(String)
    }

    /// The organisation as the stats need it: names, where units and zones belong, the policies.
    struct Organisation: Sendable {
        var jurisdictions: [String: Jurisdiction] = [:]
        var units: [String: PoliceUnit] = [:]
        var zones: [String: PatrolZone] = [:]
    }

    /// Guards the queue and the zone index the observer reads; held for microseconds.
    private let queueLock = NSLock()
    private var pendingFacts: [IncidentFact] = []
    private var pendingAlerts: [Alert] = []
    private var pendingOrganisation: [EntityWrite] = []
    private var zoneIndex = ZoneIndex(zones: [])
    private var state = State.loading

    /// Guards the facts and the organisation: held by a query for its scan.
    private let factsLock = NSLock()
    private var facts = IncidentFacts()
    private var alerts = AlertFacts()
    private var organisation = Organisation()

    /// Queued changes past which the observer applies them itself rather than wait for a query.
    static let maxPending = 20_000

    var currentState: State { queueLock.withLock { state } }

    // MARK: Loading

    /// Reads the organisation, the alerts and every incident from `store`.
    func load(from store: any Store, now: Date) async throws {
        let jurisdictions = try await store.jurisdictions(scope: .everything)
        let units = try await store.units(scope: .everything)
        let zones = try await store.zones(scope: .everything)
        factsLock.withLock {
            for j in jurisdictions { organisation.jurisdictions[j.id.rawValue] = j }
            for u in units { organisation.units[u.id.rawValue] = u }
            for z in zones { organisation.zones[z.id.rawValue] = z }
        }
        let index = Self.index(of: zones)
        queueLock.withLock { zoneIndex = index }
        try await Pages.each(of: AlertQuery.maxLimit, {
            try await store.alerts(AlertQuery(heads: false, limit: AlertQuery.maxLimit, offset: $0), scope: .everything)
        }) { page in
            factsLock.withLock { for a in page { alerts.upsert(a) } }
        }
        // Calls from the future (a clock ahead) first, then a day at a time back to the first call.
        let horizon = ReportDay(containing: now).advanced(by: 2)
        try await loadIncidents(from: store, query: IncidentQuery(receivedFrom: horizon.start, limit: IncidentQuery.maxLimit), index: index)
        var day = horizon.advanced(by: -1)
        var sinceProbe = 30
        while true {
            if sinceProbe == 30 {
                // Anything that old at all? One count every 30 days, not one per page.
                let older = try await store.incidents(IncidentQuery(receivedTo: day.end, limit: 1), scope: .everything)
                if older.total == 0 { break }
                sinceProbe = 0
            }
            try await loadIncidents(from: store, query: IncidentQuery(receivedFrom: day.start, receivedTo: day.end, limit: IncidentQuery.maxLimit),
                                    index: index)
            sinceProbe += 1
            day = day.advanced(by: -1)
        }
        factsLock.withLock { facts.prepare() }
        queueLock.withLock { state = .ready }
    }

    /// Loads the incidents `query` selects, page by page; returns how many.
    @discardableResult
    private func loadIncidents(from store: any Store, query: IncidentQuery, index: ZoneIndex) async throws -> Int {
        var read = 0
        try await Pages.each(of: query.limit, {
            var q = query
            q.offset = $0
            return try await store.incidents(q, scope: .everything).items
        }) { page in
            let rows = page.map { IncidentFact($0, zone: Self.zone(of: $0.location, in: index)) }
            factsLock.withLock { for r in rows { facts.upsert(r) } }
            read += page.count
        }
        return read
    }

    func failed(_ error: any Error) {
        queueLock.withLock { state = .failed(String(describing: error).prefix(200).description) }
    }

    // MARK: Kept current

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        var incidents: [Incident] = [], alertsSeen: [Alert] = []
        var org: [EntityWrite] = []
        for write in changes.writes {
            switch write {
            case .incident(let i): incidents.append(i)
            case .alert(let a): alertsSeen.append(a)
            case .jurisdiction, .unit, .zone: org.append(write)
            default: break
            }
        }
        guard !incidents.isEmpty || !alertsSeen.isEmpty || !org.isEmpty else { return }
        let index = queueLock.withLock { zoneIndex }
        let rows = incidents.map { IncidentFact($0, zone: Self.zone(of: $0.location, in: index)) }
        let overflow = queueLock.withLock {
            pendingFacts += rows
            pendingAlerts += alertsSeen
            pendingOrganisation += org
            return pendingFacts.count + pendingAlerts.count + pendingOrganisation.count > Self.maxPending
        }
        if overflow { factsLock.withLock { drain() } }
    }

    /// Applies the queue (the caller holds `factsLock`); a zone redrawn re-files every
    /// incident's zone.
    private func drain() {
        let (rows, raised, org) = queueLock.withLock {
            defer { pendingFacts = []; pendingAlerts = []; pendingOrganisation = [] }
            return (pendingFacts, pendingAlerts, pendingOrganisation)
        }
        var rezone = false
        for write in org {
            switch write {
            case .jurisdiction(let j): organisation.jurisdictions[j.id.rawValue] = j
            case .unit(let u): organisation.units[u.id.rawValue] = u
            case .zone(let z):
                organisation.zones[z.id.rawValue] = z
                rezone = true
            default: break
            }
        }
        for r in rows { facts.upsert(r) }
        for a in raised { alerts.upsert(a) }
        if rezone {
            let index = Self.index(of: Array(organisation.zones.values))
            queueLock.withLock { zoneIndex = index }
            facts.reassignZones { Self.zone(of: $0, in: index) }
        }
        facts.prepare()
    }

    // MARK: Reading

    /// Runs `body` on the current facts, after applying what commits queued.
    func read<T>(_ body: (IncidentFacts, AlertFacts, Organisation) throws -> T) rethrows -> T {
        try factsLock.withLock {
            drain()
            return try body(facts, alerts, organisation)
        }
    }

    /// Waits up to `patience` for the load to finish; throws the 503 problem otherwise.
    func requireReady(patience: Duration = .seconds(3)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: patience)
        while true {
            switch currentState {
            case .ready: return
            case .failed(let why):
                throw Problem(.serviceUnavailable, code: "stats_unavailable", detail: "the statistics could not be loaded: \(why)",
                              headers: ["Retry-After": "30"])
            case .loading:
                guard clock.now < deadline else {
                    throw Problem(.serviceUnavailable, code: "stats_loading",
                                  detail: "the statistics are still being loaded from the incident history; try again shortly",
                                  headers: ["Retry-After": "10"])
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    // MARK: Zones

    /// The active zones with a usable ring, indexed for point look-ups.
    static func index(of zones: [PatrolZone]) -> ZoneIndex {
        ZoneIndex(zones: zones.filter { $0.active && $0.boundary.count >= 3 }.sorted { $0.id.rawValue < $1.id.rawValue })
    }

    static func zone(of location: Coordinate, in index: ZoneIndex) -> String? {
        let inside = index.zones(containing: location)
        return inside.isEmpty ? nil : index.zones[Int(inside[0])].id.rawValue
    }
}
