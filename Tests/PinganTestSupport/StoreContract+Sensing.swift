import Foundation
import PinganCore
import PinganGeo
import PinganStore
import Testing

/// Sensors, watchlists, alerts and sensor records: written through `commit` as the sensing
/// commands will write them, read back by scope, by audience and by the unscoped look-ups the
/// matcher and a device's sign-in need.
///
/// The organisation is only paths here: city `/c/`, district `/c/d/` with stations A `/c/d/a/`
/// (and its community `/c/d/a/k/`) and B `/c/d/b/`, and a second district `/c/e/`.
extension StoreContract {
    static let city = Scope(path: "/c/")
    static let districtD = Scope(path: "/c/d/")
    static let stationA = Scope(path: "/c/d/a/")
    static let stationB = Scope(path: "/c/d/b/")
    static let communityA = Scope(path: "/c/d/a/k/")
    static let districtE = Scope(path: "/c/e/")

    /// Commits `writes` with one event, as a command would.
    static func put(_ store: any Store, _ time: TestTime, _ command: CommandName, _ type: EventType, _ writes: [EntityWrite]) async throws {
        let event = Event(type: type, subject: "test", path: "/c/", data: .null)
        try await store.commit(Changeset(actor: .system, command: command, at: time.now(), events: [event], writes: writes))
    }

    static func sensor(_ id: String, at path: String, token: String) -> Sensor {
        Sensor(id: SensorID(id), name: "gate \(id)", kind: .gate, jurisdictionID: JurisdictionID(id + "-station"),
               location: Coordinate(lat: 31.23, lon: 121.48), tokenHash: token, defaultProvince: "沪", path: path)
    }

    static func sensors(_ store: any Store, _ time: TestTime) async throws {
        let a = sensor("gate-a", at: stationA.path, token: "hash-a")
        let b = sensor("gate-b", at: stationB.path, token: "hash-b")
        try await put(store, time, .createSensor, .sensorCreated, [.sensor(a), .sensor(b)])
        #expect(try await store.sensors(scope: .everything).map(\.id) == [a.id, b.id])
        #expect(try await store.sensors(scope: stationA).map(\.id) == [a.id])
        #expect(try await store.sensor(a.id, scope: districtD) == a)
        #expect(try await store.sensor(b.id, scope: stationA) == nil)   // a foreign station's sensor is not found
        #expect(try await store.sensor(a.id, scope: communityA) == nil)  // nor from below its station
        // A device signs in by its token's hash alone.
        #expect(try await store.sensor(tokenHash: "hash-b") == b)
        #expect(try await store.sensor(tokenHash: "nope") == nil)
        // A new token replaces the old one.
        var reissued = a
        reissued.tokenHash = "hash-a2"
        reissued.status = .online
        reissued.version = 2
        try await put(store, time, .issueSensorToken, .sensorTokenIssued, [.sensor(reissued)])
        #expect(try await store.sensor(tokenHash: "hash-a") == nil)
        #expect(try await store.sensor(tokenHash: "hash-a2") == reissued)
        // Two devices never share a token.
        let seq = try await store.lastSequence()
        do {
            try await put(store, time, .createSensor, .sensorCreated, [.sensor(sensor("gate-c", at: stationA.path, token: "hash-b"))])
            Issue.record("a second sensor with the same token hash must be refused")
        } catch let error as StoreError {
            #expect(error.kind == .duplicate)
        }
        #expect(try await store.lastSequence() == seq)
    }

    static func watchlist(_ id: String, owner: String, audience: [String]) -> Watchlist {
        Watchlist(id: WatchlistID(id), name: "list \(id)", reason: "case \(id)", jurisdictionID: JurisdictionID("owner"), severity: .severe,
                  validFrom: Date(timeIntervalSince1970: 1_790_000_000), audience: Audience(paths: audience), path: owner)
    }

    static func entry(_ id: String, of list: Watchlist, plate: String, active: Bool = true) throws -> WatchlistEntry {
        WatchlistEntry(id: WatchlistEntryID(id), watchlistID: list.id, kind: .plate, plate: try PlateNumber.normalise(plate),
                       note: "entry \(id)", path: list.path, active: active)
    }

    /// A list kept by district E and shared with station A is seen by E, by A and A's
    /// community, by the district and city above them, and by nobody else: not by station B,
    /// A's sibling, nor through its entries.
    static func watchlists(_ store: any Store, _ time: TestTime) async throws {
        let shared = watchlist("w-shared", owner: districtE.path, audience: [districtE.path, stationA.path])
        let local = watchlist("w-local", owner: districtD.path, audience: [districtD.path])
        let open = watchlist("w-open", owner: stationB.path, audience: [])
        try await put(store, time, .createWatchlist, .watchlistCreated, [.watchlist(shared), .watchlist(local), .watchlist(open)])
        let entries = try (0..<5).map { try entry("e\($0)", of: shared, plate: "沪A1234\($0)", active: $0 != 3) }
        let localEntry = try entry("l0", of: local, plate: "沪B00001")
        try await put(store, time, .addWatchlistEntry, .watchlistEntryAdded, entries.map { .watchlistEntry($0) } + [.watchlistEntry(localEntry)])

        func visible(_ scope: Scope) async throws -> [WatchlistID] { try await store.watchlists(scope: scope).map(\.id) }
        #expect(try await visible(.everything) == [local.id, open.id, shared.id])
        #expect(try await visible(city) == [local.id, open.id, shared.id])
        #expect(try await visible(districtE) == [shared.id])
        #expect(try await visible(stationA) == [local.id, shared.id])     // shared with A; inside D, the local list's owner
        #expect(try await visible(communityA) == [local.id, shared.id])   // inside A's subtree
        #expect(try await visible(districtD) == [local.id, open.id, shared.id])  // above A, so it sees what A sees
        #expect(try await visible(stationB) == [local.id, open.id])       // a sibling of A sees neither the list...
        #expect(try await store.watchlist(shared.id, scope: stationB) == nil)
        #expect(try await store.watchlist(shared.id, scope: communityA) == shared)
        #expect(try await store.watchlist(open.id, scope: stationA) == nil)   // no audience: the path range alone
        #expect(try await store.allWatchlists().map(\.id) == [local.id, open.id, shared.id])

        // ...nor its entries, one by one or listed.
        #expect(try await store.watchlistEntries(of: shared.id, scope: stationB, limit: 100, offset: 0).isEmpty)
        #expect(try await store.watchlistEntry(entries[0].id, scope: stationB) == nil)
        #expect(try await store.watchlistEntry(entries[0].id, scope: communityA) == entries[0])
        #expect(try await store.watchlistEntry(localEntry.id, scope: stationB) == localEntry)
        #expect(try await store.watchlistEntries(of: shared.id, scope: city, limit: 100, offset: 0) == entries)
        #expect(try await store.watchlistEntries(of: shared.id, scope: stationA, limit: 2, offset: 2) == Array(entries[2..<4]))
        #expect(try await store.watchlistEntries(of: local.id, scope: districtE, limit: 100, offset: 0).isEmpty)

        // The matcher pages through every active entry by id, unscoped.
        let firstPage = try await store.activeWatchlistEntries(after: nil, limit: 3)
        #expect(firstPage.map(\.id.rawValue) == ["e0", "e1", "e2"])
        let rest = try await store.activeWatchlistEntries(after: firstPage.last?.id, limit: 3)
        #expect(rest.map(\.id.rawValue) == ["e4", "l0"])   // e3 is withdrawn
        #expect(try await store.activeWatchlistEntries(after: rest.last?.id, limit: 3).isEmpty)

        // Withdrawing an entry takes it out of the matcher's pages.
        var withdrawn = entries[0]
        withdrawn.active = false
        withdrawn.version = 2
        try await put(store, time, .removeWatchlistEntry, .watchlistEntryRemoved, [.watchlistEntry(withdrawn)])
        #expect(try await store.activeWatchlistEntries(after: nil, limit: 10).map(\.id.rawValue) == ["e1", "e2", "e4", "l0"])
        // Sharing the list with B as well makes it, and its entries, visible there.
        var wider = shared
        wider.audience = Audience(paths: [districtE.path, stationA.path, stationB.path])
        wider.version = 2
        try await put(store, time, .updateWatchlist, .watchlistUpdated, [.watchlist(wider)])
        #expect(try await store.watchlist(shared.id, scope: stationB) == wider)
        #expect(try await store.watchlistEntries(of: shared.id, scope: stationB, limit: 100, offset: 0).count == 5)
    }

    static func alert(_ id: String, at path: String, raisedAt: Date, status: Alert.Status = .received, cause: String, audience: Audience = .everyone,
                      groupID: String? = nil) -> Alert {
        Alert(id: AlertID(id), kind: .watchlistHit, severity: .severe, status: status, title: "hit \(id)", action: "stop the car",
              location: Coordinate(lat: 31.23, lon: 121.48), jurisdictionID: JurisdictionID("j"), audience: audience, raisedAt: raisedAt,
              acknowledgeBy: raisedAt + 60, handleBy: raisedAt + 900, cause: cause, groupID: groupID.map(AlertID.init), path: path)
    }

    static func alerts(_ store: any Store, _ time: TestTime) async throws {
        let t0 = time.now()
        let listAudience = Audience(paths: [districtE.path, stationA.path])
        let inA = alert("a1", at: stationA.path, raisedAt: t0, cause: "plate:沪A12340", audience: listAudience)
        let inB = alert("b1", at: stationB.path, raisedAt: t0 + 10, cause: "sensor:gate-b:offline")
        let hitInB = alert("b2", at: stationB.path, raisedAt: t0 + 20, cause: "plate:沪A12341", audience: listAudience)
        var head = alert("b3", at: stationB.path, raisedAt: t0 + 30, status: .acknowledged, cause: "crowd:cam-1")
        let member = alert("b4", at: stationB.path, raisedAt: t0 + 40, cause: "crowd:cam-1", groupID: "b3")
        let closed = alert("b5", at: stationB.path, raisedAt: t0 + 50, status: .handled, cause: "crowd:cam-1")
        head.members = [member.id]
        try await put(store, time, .postSensorRecords, .alertRaised, [inA, inB, hitInB, head, member, closed].map { .alert($0) })

        // Scope: a foreign station's alert is not found.
        #expect(try await store.alert(inB.id, scope: stationB) == inB)
        #expect(try await store.alert(inB.id, scope: stationA) == nil)
        #expect(try await store.alert(inA.id, scope: stationB) == nil)
        // Audience: a hit on a list B is not shared with stays hidden from B, even at B's own gate.
        #expect(try await store.alert(hitInB.id, scope: stationB) == nil)
        #expect(try await store.alert(hitInB.id, scope: districtD) == hitInB)   // above A, in the audience
        #expect(try await store.alert(hitInB.id, scope: city) == hitInB)
        #expect(try await store.alert(inA.id, scope: communityA) == nil)        // the path range still applies

        // Lists: newest first, heads only by default, filters and paging.
        func ids(_ query: AlertQuery, _ scope: Scope) async throws -> [String] { try await store.alerts(query, scope: scope).map(\.id.rawValue) }
        #expect(try await ids(AlertQuery(), .everything) == ["b5", "b3", "b2", "b1", "a1"])
        #expect(try await ids(AlertQuery(heads: false), .everything) == ["b5", "b4", "b3", "b2", "b1", "a1"])
        #expect(try await ids(AlertQuery(), stationB) == ["b5", "b3", "b1"])
        #expect(try await ids(AlertQuery(), stationA) == ["a1"])
        #expect(try await ids(AlertQuery(statuses: [.received, .acknowledged]), districtD) == ["b3", "b2", "b1", "a1"])
        #expect(try await ids(AlertQuery(statuses: []), districtD).isEmpty)
        #expect(try await ids(AlertQuery(raisedFrom: t0 + 20), .everything) == ["b5", "b3", "b2"])
        #expect(try await ids(AlertQuery(limit: 2, offset: 1), .everything) == ["b3", "b2"])
        #expect(AlertQuery(limit: 10_000).limit == AlertQuery.maxLimit)

        // Counts: heads only, as each scope sees them.
        #expect(try await store.alertCounts(scope: .everything) == [.received: 3, .acknowledged: 1, .handled: 1])
        #expect(try await store.alertCounts(scope: stationB) == [.received: 1, .acknowledged: 1, .handled: 1])
        #expect(try await store.alertCounts(scope: stationA) == [.received: 1])
        #expect(try await store.alertCounts(scope: districtE) == [:])

        // The open head of a cause within the window: not a member, not a closed one, not an older one.
        #expect(try await store.openAlert(cause: "crowd:cam-1", since: t0) == head)
        #expect(try await store.openAlert(cause: "crowd:cam-1", since: t0 + 31) == nil)
        #expect(try await store.openAlert(cause: "plate:沪A12341", since: t0) == hitInB)
        #expect(try await store.openAlert(cause: "plate:nope", since: t0) == nil)
        var handled = hitInB
        handled.status = .falseAlarm
        handled.version = 2
        try await put(store, time, .closeAlert, .alertClosed, [.alert(handled)])
        #expect(try await store.openAlert(cause: "plate:沪A12341", since: t0) == nil)

        // A group's members by id, oldest first, unscoped; unknown ids are left out.
        #expect(try await store.alerts(ids: [member.id, AlertID("missing"), inA.id]).map(\.id) == [inA.id, member.id])
        #expect(try await store.alerts(ids: []).isEmpty)
    }

    static func record(_ sensor: String, batch: String, seq: Int, at: Date, path: String, plate: String?) throws -> SensorRecord {
        SensorRecord(sensorID: SensorID(sensor), batchID: batch, seq: seq, at: at, kind: plate == nil ? .crowd : .plate, path: path,
                     plate: try plate.map { try PlateNumber.normalise($0) }, plateColour: plate == nil ? nil : "blue",
                     confidence: plate == nil ? nil : 0.93, text: plate == nil ? "crowd" : nil, count: plate == nil ? 1200 : nil)
    }

    static func sensorRecords(_ store: any Store, _ time: TestTime) async throws {
        // Instants built from whole milliseconds, as the store keeps them, so they compare exactly.
        func t(_ seconds: Int) -> Date { Date(auditMilliseconds: 1_790_000_000_123 + Int64(seconds) * 1000) }
        let t0 = t(0)
        #expect(try await store.appendSensorRecords([]) == 0)
        var batch: [SensorRecord] = []
        for i in 0..<300 {
            let inA = i % 3 != 0
            batch.append(try record(inA ? "gate-a" : "gate-b", batch: "b1", seq: i, at: t(i), path: inA ? stationA.path : stationB.path,
                                    plate: i % 10 == 9 ? nil : (i % 2 == 0 ? "沪A12345" : "沪B6789\(i % 10)")))
        }
        // The same batch posted twice is stored once; an overlapping one adds only what is new.
        #expect(try await store.appendSensorRecords(batch) == 300)
        #expect(try await store.appendSensorRecords(batch) == 0)
        var changed = batch[0]
        changed.text = "a retry that differs is still the stored record"
        #expect(try await store.appendSensorRecords([changed, try record("gate-a", batch: "b2", seq: 0, at: t0, path: stationA.path, plate: nil)]) == 1)

        // By sensor: newest first, in the window, within scope.
        let aRecords = batch.filter { $0.sensorID == SensorID("gate-a") }
        let window = try await store.sensorRecords(of: SensorID("gate-a"), from: t(10), to: t(50), scope: stationA, limit: 100)
        #expect(window == aRecords.filter { $0.at >= t(10) && $0.at <= t(50) }.reversed())
        #expect(try await store.sensorRecords(of: SensorID("gate-a"), from: t0, to: t(1000), scope: stationA, limit: 5) ==
                Array(aRecords.reversed().prefix(5)))
        #expect(try await store.sensorRecords(of: SensorID("gate-a"), from: t0, to: t(1000), scope: stationB, limit: 100).isEmpty)
        #expect(try await store.sensorRecords(of: SensorID("gate-b"), from: t0, to: t(1000), scope: districtD, limit: 1000).count == 100)
        // The first record of the batch is the one stored first, not the retry that differs.
        let first = try await store.sensorRecords(of: SensorID("gate-b"), from: t0, to: t0, scope: .everything, limit: 10)
        #expect(first == [batch[0]])

        // By plate: every sensor in scope, newest first.
        let plate = try PlateNumber.normalise("沪A12345").text
        let everywhere = batch.filter { $0.plate?.text == plate }
        #expect(try await store.sensorRecords(plate: plate, from: t0, to: t(1000), scope: .everything, limit: 1000) == everywhere.reversed())
        #expect(try await store.sensorRecords(plate: plate, from: t0, to: t(1000), scope: stationB, limit: 1000) ==
                everywhere.filter { $0.path == stationB.path }.reversed())
        #expect(try await store.sensorRecords(plate: plate, from: t(100), to: t(110), scope: .everything, limit: 1000) ==
                everywhere.filter { $0.at >= t(100) && $0.at <= t(110) }.reversed())
        #expect(try await store.sensorRecords(plate: "沪Z99999", from: t0, to: t(1000), scope: .everything, limit: 10).isEmpty)

        // Purging deletes what was observed before the cut and nothing after it.
        #expect(try await store.purgeSensorRecords(before: t(100)) == 101)   // 100 of b1 and the one of b2
        #expect(try await store.purgeSensorRecords(before: t(100)) == 0)
        let left = try await store.sensorRecords(of: SensorID("gate-a"), from: t0, to: t(1000), scope: .everything, limit: 1000)
        #expect(left == aRecords.filter { $0.at >= t(100) }.reversed())
        #expect(try await store.appendSensorRecords(batch) == 100)   // what was purged may be posted again
    }
}
