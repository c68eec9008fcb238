import Foundation
import PinganCore
import PinganGeo
import PinganStore
import PinganApp
import Testing

/// The behaviour every `Store` backend must show. A backend's test target runs each case with
/// a fresh, migrated store:
///
/// ```swift
/// @Test(arguments: StoreContract.cases)
/// func contract(_ c: StoreContract.Case) async throws { try await c.run(try await makeStore()) }
/// ```
public enum StoreContract {
    public struct Case: Sendable, CustomTestStringConvertible {
        public let name: String
        let body: @Sendable (any Store, TestTime) async throws -> Void

        public var testDescription: String { name }

        public func run(_ store: any Store) async throws {
            try await body(store, TestTime())
        }
    }

    public static let cases: [Case] = [
        Case(name: "commit appends chained events and projections", body: commitAppends),
        Case(name: "stale version is a conflict and changes nothing", body: staleVersion),
        Case(name: "scope limits every read", body: scopeLimitsReads),
        Case(name: "incident list filters and pages", body: listFilters),
        Case(name: "counters number incidents per day", body: countersNumber),
        Case(name: "idempotency key is stored once", body: idempotencyOnce),
        Case(name: "a unit cannot be on two incidents", body: noDoubleBooking),
        Case(name: "concurrent creates all land, chain intact", body: concurrentCreates),
        Case(name: "a write that fails among concurrent ones fails alone", body: failureAmongConcurrent),
        Case(name: "sessions save, load and delete", body: sessions),
        Case(name: "duplicate username is refused", body: duplicateUsername),
        Case(name: "a callsign names one unit per station", body: duplicateCallsign),
        Case(name: "events replay in order within scope", body: eventsInScope),
        Case(name: "track points append in batches and the latest per unit is recovered", body: trackPoints),
        Case(name: "a unit's track is read by time window within scope", body: trackWindow),
        Case(name: "messages reach each unit once with delivery and read receipts", body: messages),
        Case(name: "the audit log pages newest first by actor, subject, type and time", body: auditQueries),
        Case(name: "sensors are scoped and found by their token", body: sensors),
        Case(name: "watchlists and their entries are seen by their audience", body: watchlists),
        Case(name: "alerts follow scope and audience, count heads and find the open one", body: alerts),
        Case(name: "sensor records append once, read by sensor and plate within scope, purge by age", body: sensorRecords),
        Case(name: "agencies are read whole, referrals by id, scope, agency, incident and state", body: referrals),
        Case(name: "supervision cases by id, scope, state and the work they chase", body: supervisionCases),
        Case(name: "reports list by scope, kind, jurisdiction, language and day; pages read back whole; one per key", body: reports),
        Case(name: "incident pages may be read without their count", body: incidentPagesWithoutCount),
        Case(name: "addresses by id, key and registration order; inhabitants by address and ID number", body: registry),
        Case(name: "fraud warnings by id, scope, status, received time and reference; earliest deadline first", body: fraudWarnings),
        Case(name: "disputes by id, scope, status, risk and opening time; newest first", body: disputes),
        Case(name: "houses one per door, organisations one per credit code, both counted per station", body: actuals),
        Case(name: "volunteer teams by scope and name; shifts by state, pending reports, team, member and start", body: volunteers),
    ]

    static func trackPoints(_ store: any Store, _ time: TestTime) async throws {
        #expect(try await store.latestPositions().isEmpty)
        try await store.appendTrackPoints([])
        let t0 = Date(timeIntervalSince1970: 1_790_000_000.123)
        var batch: [TrackRecord] = []
        for i in 0..<1500 {
            let unit = UnitID("u\(i % 3)")
            batch.append(TrackRecord(unitID: unit, path: "/c/d/s\(i % 3)/", at: t0.addingTimeInterval(Double(i)),
                                     lat: 31.2 + Double(i) * 1e-5, lon: 121.4, speed: i % 2 == 0 ? 8.5 : nil, heading: i % 2 == 0 ? 90 : nil))
        }
        try await store.appendTrackPoints(Array(batch[0..<700]))
        try await store.appendTrackPoints(Array(batch[500...]))   // overlapping rows are kept once
        // An older point arriving late does not become the latest.
        try await store.appendTrackPoints([TrackRecord(unitID: UnitID("u0"), path: "/c/d/s0/", at: t0, lat: 0, lon: 0)])
        let latest = try await store.latestPositions()
        #expect(latest.count == 3)
        for r in latest {
            let expected = batch.last { $0.unitID == r.unitID }
            #expect(r == expected)
        }
    }

    static func seeded(_ store: any Store, _ time: TestTime) async throws -> (AppServices, Fixtures) {
        let service = AppServices(store: store, time: time)
        return (service, try await Fixtures.seed(service))
    }

    static func commitAppends(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let before = try await store.lastSequence()
        let incident = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        #expect(try await store.lastSequence() == before + 1)
        let loaded = try #require(try await store.incident(incident.id, scope: .everything))
        #expect(loaded == incident)
        #expect(loaded.caller.phone == "13812345678")
        let events = try await store.events(after: before, scope: .everything, limit: 10)
        #expect(events.count == 1)
        #expect(events.first?.type == .incidentCreated)
        #expect(events.first?.actor.name == "dispatch1")
        #expect(events.first?.command == "CreateIncident")
        #expect(events.first?.data["incident"]?["id"]?.stringValue == incident.id.rawValue)
        let report = try await store.verifyChain()
        #expect(report.isIntact)
        #expect(report.rows == before + 1)
    }

    static func staleVersion(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let incident = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        let seq = try await store.lastSequence()
        var stale = incident
        stale.version = incident.version + 2
        stale.description = "changed"
        let event = Event(type: .incidentTransitioned, subject: incident.id.rawValue, path: incident.path, data: .null)
        await #expect(throws: StoreError.self) {
            try await store.commit(Changeset(actor: .system, command: .createIncident, at: time.now(), events: [event], writes: [.incident(stale)]))
        }
        #expect(try await store.lastSequence() == seq)
        #expect(try await store.incident(incident.id, scope: .everything)?.description == incident.description)
        // Inserting an existing ID is a conflict as well.
        var copy = incident
        copy.version = 1
        await #expect(throws: StoreError.self) {
            try await store.commit(Changeset(actor: .system, command: .createIncident, at: time.now(), events: [event], writes: [.incident(copy)]))
        }
        #expect(try await store.lastSequence() == seq)
    }

    static func scopeLimitsReads(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let a = try await service.incidents.create(Fixtures.call(), by: f.officerA).get()
        var callB = Fixtures.call("on the Bund", at: Coordinate(lat: 31.2300, lon: 121.4905))
        callB.jurisdictionID = f.stationB.id
        let b = try await service.incidents.create(callB, by: f.dispatcher).get()
        #expect(a.jurisdictionID == f.stationA.id)
        #expect(b.jurisdictionID == f.stationB.id)
        let scopeA = f.officerA.scope
        #expect(try await store.incident(a.id, scope: scopeA) != nil)
        #expect(try await store.incident(b.id, scope: scopeA) == nil)
        let listA = try await store.incidents(IncidentQuery(), scope: scopeA)
        #expect(listA.items.map(\.id) == [a.id])
        #expect(listA.total == 1)
        #expect(try await store.unit(f.unitsB[0].id, scope: scopeA) == nil)
        #expect(try await store.unit(f.unitsA[0].id, scope: scopeA) != nil)
        #expect(Set(try await store.units(scope: scopeA).map(\.id)) == Set(f.unitsA.map(\.id)))
        #expect(Set(try await store.jurisdictions(scope: scopeA).map(\.id)) == [f.stationA.id, f.community.id])
        #expect(try await store.jurisdiction(f.stationB.id, scope: scopeA) == nil)
        #expect(try await store.users(scope: scopeA).map(\.username) == ["officerA"])
        let everything = try await store.incidents(IncidentQuery(), scope: .everything)
        #expect(everything.total == 2)
        // A station officer cannot change another station's incident: it is not found for them.
        await #expect(throws: DomainError.self) {
            _ = try await service.incidents.transition(b.id, to: .cancelled, note: nil, by: f.officerA).get()
        }
        #expect(try await store.incident(b.id, scope: .everything)?.status == .received)
    }

    static func listFilters(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        var ids: [IncidentID] = []
        for i in 0..<12 {
            var call = Fixtures.call("case \(i) \(i % 3 == 0 ? "kite" : "noise")", priority: i % 2 == 0 ? .p1 : .p3,
                                     at: Coordinate(lat: 31.20 + Double(i) * 0.005, lon: 121.45))
            call.category = i % 4 == 0 ? "criminal" : "dispute"
            ids.append(try await service.incidents.create(call, by: f.dispatcher).get().id)
            time.advance(by: 60)
        }
        _ = try await service.incidents.transition(ids[0], to: .cancelled, note: "test", by: f.dispatcher).get()
        let p1 = try await store.incidents(IncidentQuery(priorities: [.p1]), scope: .everything)
        #expect(p1.total == 6)
        let criminal = try await store.incidents(IncidentQuery(categories: ["criminal"]), scope: .everything)
        #expect(criminal.total == 3)
        let cancelled = try await store.incidents(IncidentQuery(statuses: [.cancelled]), scope: .everything)
        #expect(cancelled.items.map(\.id) == [ids[0]])
        let kite = try await store.incidents(IncidentQuery(text: "kite"), scope: .everything)
        #expect(kite.total == 4)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        let window = try await store.incidents(IncidentQuery(receivedFrom: start + 120, receivedTo: start + 299), scope: .everything)
        #expect(window.total == 3)
        let area = try await store.incidents(IncidentQuery(area: BoundingBox(south: 31.199, west: 121.44, north: 31.2101, east: 121.46)), scope: .everything)
        #expect(area.total == 3)
        let page1 = try await store.incidents(IncidentQuery(limit: 5, offset: 0), scope: .everything)
        let page3 = try await store.incidents(IncidentQuery(limit: 5, offset: 10), scope: .everything)
        #expect(page1.items.count == 5)
        #expect(page3.items.count == 2)
        #expect(page1.total == 12)
        // Newest first.
        #expect(page1.items.first?.id == ids.last)
        // Text that looks like SQL is only text.
        let sql = try await store.incidents(IncidentQuery(text: "' OR 1=1 --"), scope: .everything)
        #expect(sql.total == 0)
        let wildcard = try await store.incidents(IncidentQuery(text: "%"), scope: .everything)
        #expect(wildcard.total == 0)
    }

    static func countersNumber(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let first = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        let second = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        #expect(first.number.hasSuffix("-0001"))
        #expect(second.number.hasSuffix("-0002"))
        #expect(first.number.hasPrefix("HP01-"))
        time.advance(by: 86_400)
        let nextDay = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        #expect(nextDay.number.hasSuffix("-0001"))
        #expect(nextDay.number != first.number)
        // Concurrent allocations on two counters never hand out one value twice or skip one.
        let values = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for i in 0..<100 {
                let key = i % 3 == 0 ? "other-counter" : "test-counter"
                group.addTask { (key, try await store.nextValue(of: key)) }
            }
            var all: [(String, Int)] = []
            for try await v in group { all.append(v) }
            return all
        }
        #expect(values.filter { $0.0 == "test-counter" }.map(\.1).sorted() == Array(1...66))
        #expect(values.filter { $0.0 == "other-counter" }.map(\.1).sorted() == Array(1...34))
        #expect(try await store.nextValue(of: "test-counter") == 67)
    }

    static func idempotencyOnce(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let key = Idempotency<Incident>(key: "u:abc", requestHash: "h1") { StoredReply(status: 201, body: $0.id.rawValue) }
        let first = try await service.incidents.create(Fixtures.call(), by: f.dispatcher, idempotency: key).get()
        let count = try await store.incidents(IncidentQuery(), scope: .everything).total
        guard case .replayed(let replay) = try await service.incidents.create(Fixtures.call(), by: f.dispatcher, idempotency: key) else {
            Issue.record("a second create with the same key must not run")
            return
        }
        #expect(replay.body == first.id.rawValue)
        // The store refuses a second commit under the key by itself, with the first reply.
        let again = try IncidentDecider().create(Fixtures.call(), id: .random(), in: f.stationA, sequence: 99, now: time.now())
        do {
            try await store.commit(Changeset(actor: .system, command: .createIncident, at: time.now(), events: again.events,
                                             writes: [.incident(again.incident)],
                                             idempotency: IdempotencyRecord(key: "u:abc", requestHash: "h1", status: 201, body: "x", createdAt: time.now())))
            Issue.record("a second commit with the same key must not succeed")
        } catch let error as StoreError {
            #expect(error.kind == .idempotencyReplay)
            #expect(error.record?.body == first.id.rawValue)
        }
        #expect(try await store.incidents(IncidentQuery(), scope: .everything).total == count)
        #expect(try await store.idempotencyRecord(key: "u:abc")?.body == first.id.rawValue)
        #expect(try await store.idempotencyRecord(key: "u:other") == nil)
    }

    static func noDoubleBooking(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let one = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        let two = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        let unit = f.unitsA[0].id
        _ = try await service.incidents.assign(one.id, units: [unit], by: f.dispatcher).get()
        await #expect(throws: DomainError.self) {
            _ = try await service.incidents.assign(two.id, units: [unit], by: f.dispatcher).get()
        }
        #expect(try await store.incident(two.id, scope: .everything)?.unitIDs == [])
        #expect(try await store.unit(unit, scope: .everything)?.incidentID == one.id)
        // Racing assignments of one unit: exactly one wins.
        let three = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        let four = try await service.incidents.create(Fixtures.call(), by: f.dispatcher).get()
        let free = f.unitsA[1].id
        async let a: Bool = (try? await service.incidents.assign(three.id, units: [free], by: f.dispatcher).get()) != nil
        async let b: Bool = (try? await service.incidents.assign(four.id, units: [free], by: f.dispatcher).get()) != nil
        let wins = [await a, await b].filter { $0 }.count
        #expect(wins == 1)
        let holders = try await store.incidents(IncidentQuery(), scope: .everything).items.filter { $0.unitIDs.contains(free) }
        #expect(holders.count == 1)
        #expect(try await store.verifyChain().isIntact)
    }

    static func concurrentCreates(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let created = try await withThrowingTaskGroup(of: Incident.self) { group in
            for i in 0..<40 {
                group.addTask { try await service.incidents.create(Fixtures.call("concurrent \(i)"), by: f.dispatcher).get() }
            }
            var all: [Incident] = []
            for try await incident in group { all.append(incident) }
            return all
        }
        #expect(Set(created.map(\.number)).count == 40)
        #expect(try await store.incidents(IncidentQuery(), scope: .everything).total == 40)
        let report = try await store.verifyChain()
        #expect(report.isIntact)
        #expect(report.rows == (try await store.lastSequence()))
    }

    /// Writes that arrive together may share a transaction (group commit); one of them failing
    /// (a replayed idempotency key, a lost race for a unit) must not take the others with it.
    static func failureAmongConcurrent(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let target = try await service.incidents.create(Fixtures.call("race target"), by: f.dispatcher).get()
        let other = try await service.incidents.create(Fixtures.call("race other"), by: f.dispatcher).get()
        let unit = f.unitsA[0].id
        let shared = Idempotency<Incident>(key: "u:shared", requestHash: "h") { StoredReply(status: 201, body: $0.id.rawValue) }
        enum Outcome: Sendable { case created(Incident), replayed(String), assigned, refused }
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for i in 0..<24 {
                group.addTask { .created(try await service.incidents.create(Fixtures.call("plain \(i)"), by: f.dispatcher).get()) }
            }
            for _ in 0..<4 {
                // Each through a runner of its own, as on four instances: only the store keeps them to one.
                let instance = AppServices(store: store, time: time)
                group.addTask {
                    switch try await instance.incidents.create(Fixtures.call("keyed"), by: f.dispatcher, idempotency: shared) {
                    case .done(let incident, _): return .created(incident)
                    case .replayed(let record): return .replayed(record.body)
                    }
                }
            }
            for incident in [target, other] {
                group.addTask {
                    do { _ = try await service.incidents.assign(incident.id, units: [unit], by: f.dispatcher).get(); return .assigned }
                    catch is DomainError { return .refused }
                }
            }
            var all: [Outcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let created = outcomes.compactMap { if case .created(let i) = $0 { i } else { nil } }
        let replayed = outcomes.compactMap { if case .replayed(let body) = $0 { body } else { nil } }
        let keyed = created.filter { $0.description == "keyed" }
        #expect(created.count == 25)
        #expect(keyed.count == 1)
        #expect(replayed.count == 3)
        #expect(replayed.allSatisfy { $0 == keyed.first?.id.rawValue })
        #expect(outcomes.filter { if case .assigned = $0 { true } else { false } }.count == 1)
        #expect(outcomes.filter { if case .refused = $0 { true } else { false } }.count == 1)
        #expect(try await store.incidents(IncidentQuery(), scope: .everything).total == 27)
        #expect(Set(try await store.incidents(IncidentQuery(limit: 100), scope: .everything).items.map(\.number)).count == 27)
        let report = try await store.verifyChain()
        #expect(report.isIntact)
        #expect(report.rows == (try await store.lastSequence()))
    }

    static func sessions(_ store: any Store, _ time: TestTime) async throws {
        let (_, f) = try await seeded(store, time)
        let session = Session(tokenHash: "abc123", userID: f.dispatcher.id, expiresAt: time.now() + 3600)
        try await store.saveSession(session)
        #expect(try await store.session(tokenHash: "abc123") == session)
        #expect(try await store.session(tokenHash: "nope") == nil)
        try await store.deleteSession(tokenHash: "abc123")
        #expect(try await store.session(tokenHash: "abc123") == nil)
        for hash in ["s1", "s2"] { try await store.saveSession(Session(tokenHash: hash, userID: f.dispatcher.id, expiresAt: time.now() + 3600)) }
        try await store.saveSession(Session(tokenHash: "other", userID: f.officerA.id, expiresAt: time.now() + 3600))
        #expect(try await store.deleteSessions(userID: f.dispatcher.id, keeping: "s2") == 1)
        #expect(try await store.session(tokenHash: "s2") != nil)
        #expect(try await store.deleteSessions(userID: f.dispatcher.id, keeping: nil) == 1)
        #expect(try await store.session(tokenHash: "s1") == nil)
        #expect(try await store.session(tokenHash: "other") != nil)
        #expect(try await store.user(username: "dispatch1")?.id == f.dispatcher.id)
        #expect(try await store.user(f.dispatcher.id, scope: .everything)?.passwordHash == Fixtures.placeholderHash)
    }

    static func duplicateUsername(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let seq = try await store.lastSequence()
        await #expect(throws: DomainError.self) {
            _ = try await service.users.create(username: "dispatch1", displayName: "Again", role: .dispatcher, jurisdictionID: f.city.id,
                                             unitID: nil, passwordHash: Fixtures.placeholderHash, by: .system, scope: .everything).get()
        }
        // Bypassing the service check, the store's own uniqueness still refuses it.
        var copy = f.dispatcher
        copy.id = UserID("other-id")
        let event = Event(type: .userCreated, subject: "other-id", path: copy.path, data: .null)
        await #expect(throws: StoreError.self) {
            try await store.commit(Changeset(actor: .system, command: .createIncident, at: time.now(), events: [event], writes: [.user(copy)]))
        }
        #expect(try await store.lastSequence() == seq)
    }

    static func duplicateCallsign(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let seq = try await store.lastSequence()
        let root = User(id: UserID("root"), username: "root", displayName: "Root", role: .admin, jurisdictionID: f.city.id,
                        passwordHash: Fixtures.placeholderHash, path: "/")
        await #expect(throws: DomainError.self) {
            _ = try await service.organisation.createUnit(callsign: "hp01-1", kind: .patrolCar, stationID: f.stationA.id, crew: 2, by: root).get()
        }
        // The store refuses it by itself, keyed on the normalised callsign within the station...
        var copy = f.unitsA[0]
        copy.id = UnitID("other-unit")
        copy.callsign = "ＨＰ01-1"
        let event = Event(type: .unitCreated, subject: "other-unit", path: copy.path, data: .null)
        await #expect(throws: StoreError.self) {
            try await store.commit(Changeset(actor: .system, command: .createIncident, at: time.now(), events: [event], writes: [.unit(copy)]))
        }
        #expect(try await store.lastSequence() == seq)
        // ...while another station, and a new version of the unit itself, may carry it.
        _ = try await service.organisation.createUnit(callsign: "HP01-1", kind: .patrolCar, stationID: f.stationB.id, crew: 2, by: root).get()
        _ = try await service.organisation.setUnitStatus(f.unitsA[0].id, to: .offDuty, by: root).get()
        #expect(try await store.unit(f.unitsA[0].id, scope: .everything)?.status == .offDuty)
    }

    static func eventsInScope(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let start = try await store.lastSequence()
        let a = try await service.incidents.create(Fixtures.call(), by: f.officerA).get()
        var callB = Fixtures.call()
        callB.jurisdictionID = f.stationB.id
        _ = try await service.incidents.create(callB, by: f.dispatcher).get()
        _ = try await service.incidents.assign(a.id, units: [f.unitsA[0].id], by: f.officerA).get()
        let all = try await store.events(after: start, scope: .everything, limit: 100)
        #expect(all.map(\.seq) == Array((start + 1)...(start + 4)))
        let scoped = try await store.events(after: start, scope: f.officerA.scope, limit: 100)
        #expect(scoped.allSatisfy { $0.path.hasPrefix(f.stationA.path) })
        #expect(scoped.count == 3)
        let limited = try await store.events(after: start, scope: .everything, limit: 2)
        #expect(limited.count == 2)
        let resumed = try await store.events(after: start + 2, scope: .everything, limit: 100)
        #expect(resumed.first?.seq == start + 3)
    }

    static func auditQueries(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let start = try await store.lastSequence()
        let t0 = time.now()
        let a = try await service.incidents.create(Fixtures.call(), by: f.officerA).get()
        time.advance(by: 60)
        var callB = Fixtures.call()
        callB.jurisdictionID = f.stationB.id
        let b = try await service.incidents.create(callB, by: f.dispatcher).get()
        _ = try await service.incidents.assign(a.id, units: [f.unitsA[0].id], by: f.officerA).get()
        let history = try await store.auditEvents(AuditQuery(subject: a.id.rawValue), scope: .everything)
        #expect(history.map(\.type) == [.incidentUnitsAssigned, .incidentCreated])
        #expect(try await store.auditEvents(AuditQuery(actorID: f.dispatcher.id.rawValue), scope: .everything).map(\.subject) == [b.id.rawValue])
        #expect(try await store.auditEvents(AuditQuery(type: "incident.created"), scope: .everything).prefix(2).map(\.subject) == [b.id.rawValue, a.id.rawValue])
        #expect(try await store.auditEvents(AuditQuery(type: "incident."), scope: .everything).filter { $0.seq > start }.count == 3)
        #expect(try await store.auditEvents(AuditQuery(type: "incident"), scope: .everything).isEmpty)  // exact, not a prefix
        #expect(try await store.auditEvents(AuditQuery(type: "unit."), scope: .everything).filter { $0.seq > start }.count == 1)
        // Time bounds are half-open, and scope applies.
        let early = try await store.auditEvents(AuditQuery(to: t0.addingTimeInterval(30)), scope: .everything).filter { $0.seq > start }
        #expect(early.map(\.subject) == [a.id.rawValue])
        let late = try await store.auditEvents(AuditQuery(from: t0.addingTimeInterval(30)), scope: .everything)
        #expect(late.allSatisfy { $0.seq > start + 1 } && late.count == 3)
        #expect(try await store.auditEvents(AuditQuery(subject: b.id.rawValue), scope: f.officerA.scope).isEmpty)
        // Paging: `before` continues below the last row seen.
        let page = try await store.auditEvents(AuditQuery(limit: 2), scope: .everything)
        #expect(page.map(\.seq) == [start + 4, start + 3])
        let next = try await store.auditEvents(AuditQuery(before: page[1].seq, limit: 2), scope: .everything)
        #expect(next.map(\.seq) == [start + 2, start + 1])
    }
}
