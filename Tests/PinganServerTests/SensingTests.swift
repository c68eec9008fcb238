import Foundation
import HummingbirdTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

/// Issue 17 over HTTP: a gate's plate read hits a watchlist and becomes an alert with its loop;
/// a sensor posts only for itself; a batch is stored once; bad records store nothing; a station
/// the list is not shared with sees neither the list nor its hits; look-ups are audited.
@Suite("Sensing and early warning over HTTP")
struct SensingTests {
    @Test func aPlateOnAWatchlistRaisesAnAlertThatClosesItsLoop() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let gate = try await SensingWorld.make(client, admin: boss, station: world.fixtures.stationA.id)
            let check = try await client.call(.post, "/v1/watchlists/check", token: disp, body: #"{"kind":"plate","value":"沪a 12345"}"#)
            #expect(check.json["hits"]?.arrayCount == 1, "\(check.text)")
            let ids = try await gate.read(["沪A12345", "沪B00001"], at: world.time.now(), client: client)
            #expect(ids.count == 1)
            let id = try #require(ids.first)
            let alert = try await client.call(.get, "/v1/alerts/\(id)", token: disp)
            #expect(alert.json["kind"]?.stringValue == "watchlistHit")
            #expect(alert.json["severity"]?.stringValue == "severe")
            #expect(alert.json["record"]?["plate"]?.stringValue == "沪A12345")
            #expect(alert.json["watchlistName"]?.stringValue == "盗抢车辆")
            // Closing needs an acknowledgement first.
            let early = try await client.call(.post, "/v1/alerts/\(id)/close", token: disp, body: #"{"outcome":"handled","feedback":"已核查"}"#)
            #expect(early.status == .conflict)
            #expect(try await client.call(.post, "/v1/alerts/\(id)/acknowledge", token: disp, body: "").json["status"]?.stringValue == "acknowledged")
            let closed = try await client.call(.post, "/v1/alerts/\(id)/close", token: disp, body: #"{"outcome":"handled","feedback":"已拦截核查，系套牌"}"#)
            #expect(closed.json["status"]?.stringValue == "handled")
            #expect(closed.json["feedback"]?.stringValue == "已拦截核查，系套牌")
            let list = try await client.call(.get, "/v1/alerts", token: disp)
            #expect(list.json["counts"]?["handled"]?.intValue == 1)
        }
    }

    @Test func aBatchIsStoredOnceAndABadOneStoresNothing() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let gate = try await SensingWorld.make(client, admin: boss, station: world.fixtures.stationA.id)
            let now = Timestamp.format(world.time.now())
            let body = #"{"batchID":"b-1","records":[{"at":"\#(now)","kind":"plate","plate":"ＡＢ１２３４"},{"at":"\#(now)","kind":"document","document":"11010519491231002x"}]}"#
            let first = try await client.call(.post, "/v1/sensors/\(gate.sensor)/records", token: gate.token, body: body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["accepted"]?.intValue == 2)
            let again = try await client.call(.post, "/v1/sensors/\(gate.sensor)/records", token: gate.token, body: body)
            #expect(again.text == first.text)
            let records = try await world.store.sensorRecords(of: SensorID(gate.sensor), from: .distantPast, to: .distantFuture, scope: .everything, limit: 10)
            #expect(records.count == 2)
            #expect(records.contains { $0.plate?.text == "沪AB1234" })
            #expect(records.contains { $0.documentMasked == "1101**********002X" && $0.documentHash?.count == 64 })
            // Another body under the used batch ID is refused.
            let reused = try await client.call(.post, "/v1/sensors/\(gate.sensor)/records", token: gate.token,
                                               body: #"{"batchID":"b-1","records":[{"at":"\#(now)","kind":"crowd","count":5}]}"#)
            #expect(reused.status == .conflict)
            // Malformed plate, bad check digit, a clock an hour ahead: 422 naming each, nothing stored.
            let ahead = Timestamp.format(world.time.now().addingTimeInterval(3600))
            let bad = try await client.call(.post, "/v1/sensors/\(gate.sensor)/records", token: gate.token, body: """
                {"batchID":"b-2","records":[{"at":"\(now)","kind":"plate","plate":"沪I"},{"at":"\(now)","kind":"document","document":"110105194912310021"},
                {"at":"\(ahead)","kind":"crowd","count":3}]}
                """)
            #expect(bad.status == .unprocessableContent, "\(bad.text)")
            #expect(bad.json["code"]?.stringValue == "malformed_plate")
            #expect(bad.json["errors"]?.arrayCount == 3)
            #expect(bad.text.contains("clock_skew") && bad.text.contains("malformed_document"))
            let after = try await world.store.sensorRecords(of: SensorID(gate.sensor), from: .distantPast, to: .distantFuture, scope: .everything, limit: 10)
            #expect(after.count == 2)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.text.contains("pingan_sensor_records_total{outcome=\"rejectedBatch\"}"))
            #expect(metrics.text.contains("pingan_problems_total{code=\"malformed_plate\"} 1"))
        }
    }

    @Test func aSensorPostsOnlyForItselfAndOnlyRecords() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let a = try await SensingWorld.make(client, admin: boss, station: world.fixtures.stationA.id)
            let b = try await SensingWorld.make(client, admin: boss, station: world.fixtures.stationA.id, plate: "沪E11111", name: "二号卡口")
            let now = Timestamp.format(world.time.now())
            let other = try await client.call(.post, "/v1/sensors/\(b.sensor)/records", token: a.token,
                                              body: #"{"batchID":"x","records":[{"at":"\#(now)","kind":"crowd","count":1}]}"#)
            #expect(other.status == .forbidden)
            #expect(try await client.call(.get, "/v1/incidents", token: a.token).status == .forbidden)
            #expect(try await client.call(.get, "/v1/alerts", token: a.token).status == .forbidden)
            #expect(try await client.call(.post, "/v1/sensors/\(a.sensor)/heartbeat", token: a.token, body: "").json["status"]?.stringValue == "online")
            // A new token: the old one stops working at once (the heartbeat above left it in the sign-in cache).
            let reissued = try await client.call(.post, "/v1/sensors/\(a.sensor)/token", token: boss, body: "")
            let fresh = try #require(reissued.json["token"]?.stringValue)
            #expect(try await client.call(.post, "/v1/sensors/\(a.sensor)/heartbeat", token: a.token, body: "").status == .unauthorized)
            let alive = try await client.call(.post, "/v1/sensors/\(a.sensor)/heartbeat", token: fresh, body: "")
            #expect(alive.status == .ok)
            // Retired: its token stops at once too.
            let version = try #require(alive.json["version"]?.intValue)
            #expect(try await client.call(.patch, "/v1/sensors/\(a.sensor)", token: boss, body: #"{"version":\#(version),"active":false}"#).status == .ok)
            #expect(try await client.call(.post, "/v1/sensors/\(a.sensor)/heartbeat", token: fresh, body: "").status == .unauthorized)
            // No account can take the sensor role.
            let user = try await client.call(.post, "/v1/users", token: boss,
                                             body: #"{"username":"cam","displayName":"cam","role":"sensor","jurisdictionID":"\#(world.fixtures.stationA.id)","password":"a long enough password"}"#)
            #expect(user.status.code >= 400)
        }
    }

    @Test func aStationTheListIsNotSharedWithSeesNoneOfItsHits() async throws {
        try await TestWorld.run { world, client in
            let f = world.fixtures, boss = try await client.login("boss")
            // Kept by the district, shared with station A only; the gate is station B's.
            let s = try await client.call(.post, "/v1/sensors", token: boss,
                                          body: #"{"name":"外滩卡口","kind":"gate","jurisdictionID":"\#(f.stationB.id)","location":{"lat":31.2352,"lon":121.4801}}"#)
            let sensor = try #require(s.json["sensor"]?["id"]?.stringValue), token = try #require(s.json["token"]?.stringValue)
            let w = try await client.call(.post, "/v1/watchlists", token: boss,
                                          body: #"{"name":"在逃","reason":"网上追逃","severity":"extreme","jurisdictionID":"\#(f.district.id)","visibleTo":["\#(f.stationB.id)"]}"#)
            let list = try #require(w.json["id"]?.stringValue)
            _ = try await client.call(.post, "/v1/watchlists/\(list)/entries", token: boss, body: #"{"kind":"document","value":"11010519491231002X"}"#)
            let now = Timestamp.format(world.time.now())
            let r = try await client.call(.post, "/v1/sensors/\(sensor)/records", token: token,
                                          body: #"{"batchID":"z","records":[{"at":"\#(now)","kind":"document","document":"110105194912310 02x"}]}"#)
            let alert = try #require(r.json["alerts"]?[0]?.stringValue, "\(r.text)")
            // Station B (shared) sees it; station A (a sibling, not shared) sees neither list nor alert.
            for (name, password) in [("offB", TestWorld.password)] {
                let t = try await client.login(name, password: password)
                #expect(try await client.call(.get, "/v1/alerts/\(alert)", token: t).status == .ok)
                #expect(try await client.call(.get, "/v1/watchlists/\(list)", token: t).status == .ok)
            }
            let a = try await client.login("offA")
            #expect(try await client.call(.get, "/v1/alerts/\(alert)", token: a).status == .notFound)
            #expect(try await client.call(.get, "/v1/watchlists/\(list)", token: a).status == .notFound)
            #expect(!(try await client.call(.get, "/v1/alerts", token: a).text.contains(alert)))
            #expect(!(try await client.call(.get, "/v1/watchlists", token: a).text.contains(list)))
            // Looking the number up is audited, with the number masked.
            let disp = try await client.login("disp")
            let looked = try await client.call(.post, "/v1/watchlists/check", token: disp, body: #"{"kind":"document","value":"11010519491231002X"}"#)
            #expect(looked.json["hits"]?.arrayCount == 1, "\(looked.text)")
            let events = try await world.store.events(after: 0, scope: .everything, limit: 1000)
            let queried = events.filter { $0.type == .watchlistQueried }
            #expect(queried.contains { $0.actor.name == "disp" && $0.data["looked"]?.stringValue == "1101**********002X" && $0.data["hits"]?.intValue == 1 })
            #expect(events.contains { $0.type == .alertRaised && $0.subject == alert })
            #expect(!events.contains { $0.payload.contains("11010519491231002X") })
        }
    }

    /// The live feed leaves out a hit's frames for a station its list is not shared with, even
    /// when the gate that read the plate is that station's own.
    @Test func theLiveFeedKeepsAHitFromAStationTheListIsNotSharedWith() async throws {
        try await TestWorld.run(.live) { world, client in
            let f = world.fixtures, boss = try await client.login("boss")
            let s = try await client.call(.post, "/v1/sensors", token: boss,
                                          body: #"{"name":"南京东路卡口","kind":"gate","jurisdictionID":"\#(f.stationA.id)","location":{"lat":31.2352,"lon":121.4801}}"#)
            let sensor = try #require(s.json["sensor"]?["id"]?.stringValue), token = try #require(s.json["token"]?.stringValue)
            let w = try await client.call(.post, "/v1/watchlists", token: boss,
                                          body: #"{"name":"专案","reason":"专案组","severity":"severe","jurisdictionID":"\#(f.district.id)","visibleTo":["\#(f.stationB.id)"]}"#)
            let list = try #require(w.json["id"]?.stringValue)
            _ = try await client.call(.post, "/v1/watchlists/\(list)/entries", token: boss, body: #"{"kind":"plate","value":"沪F66666"}"#)
            let now = Timestamp.format(world.time.now())
            let r = try await client.call(.post, "/v1/sensors/\(sensor)/records", token: token,
                                          body: #"{"batchID":"live","records":[{"at":"\#(now)","kind":"plate","plate":"沪F66666"}]}"#)
            let alert = try #require(r.json["alerts"]?[0]?.stringValue, "\(r.text)")
            let marker = try #require(try await client.call(.post, "/v1/incidents", token: boss,
                                                            json: callJSON("marker", jurisdictionID: f.stationA.id)).json["id"]?.stringValue)
            for (name, sees) in [("offA", false), ("boss", true)] {
                let t = try await client.login(name)
                let received = try await liveTexts(client, token: t, until: marker)
                #expect(received.contains { $0.contains(marker) }, "\(name): the marker never arrived")
                #expect(received.contains { $0.contains(alert) } == sees, "\(name)")
            }
            // Nor does station A's alert list show it.
            let a = try await client.login("offA")
            #expect(!(try await client.call(.get, "/v1/alerts", token: a).text.contains(alert)))
        }
    }

    /// Alert deadlines are policy data: a district's limit for severe alerts applies to its stations' hits.
    @Test func alertDeadlinesComeFromThePolicy() async throws {
        try await TestWorld.run { world, client in
            let f = world.fixtures, boss = try await client.login("boss")
            let set = try await client.call(.put, "/v1/jurisdictions/\(f.district.id)/policy", token: boss,
                                            body: #"{"version":\#(f.district.version),"alertDeadlines":{"severe":{"acknowledgeSeconds":30,"handleSeconds":600}}}"#)
            #expect(set.status == .ok, "\(set.text)")
            let wrong = try await client.call(.put, "/v1/jurisdictions/\(f.district.id)/policy", token: boss,
                                              body: #"{"version":\#(f.district.version + 1),"alertDeadlines":{"dire":{"acknowledgeSeconds":30,"handleSeconds":600}}}"#)
            #expect(wrong.status.code == 422 || wrong.status.code == 400, "\(wrong.text)")
            let gate = try await SensingWorld.make(client, admin: boss, station: f.stationA.id)
            let id = try #require(try await gate.read([SensingWorld.plate], at: world.time.now(), client: client).first)
            let alert = try await client.call(.get, "/v1/alerts/\(id)", token: boss).json
            let raised = try #require(alert["raisedAt"]?.stringValue.flatMap(Timestamp.parse))
            #expect(alert["acknowledgeBy"]?.stringValue.flatMap(Timestamp.parse) == raised.addingTimeInterval(30))
            #expect(alert["handleBy"]?.stringValue.flatMap(Timestamp.parse) == raised.addingTimeInterval(600))
        }
    }

    /// A school's alarm button: the press files a P1 incident at the button, the batch's retry
    /// lists the same incident, and a press whose alert was committed but whose incident was
    /// never filed (the process stopped in between) is filed by the housekeeping sweep, once.
    @Test func anAlarmPressIsFiledOnceWhicheverWayItComes() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let urgent = { try await world.store.incidents(IncidentQuery(priorities: [.p1]), scope: .everything).total }
            let urgentBefore = try await urgent()
            let made = try await client.call(.post, "/v1/sensors", token: boss, body: """
                {"name":"实验小学一键报警","kind":"alarmButton","jurisdictionID":"\(world.fixtures.stationA.id)","location":{"lat":31.2352,"lon":121.4801}}
                """)
            let button = try #require(made.json["sensor"]?["id"]?.stringValue, "\(made.text)"), token = try #require(made.json["token"]?.stringValue)
            let body = #"{"batchID":"press-1","records":[{"at":"\#(Timestamp.format(world.time.now()))","kind":"alarm"}]}"#
            let pressed = try await client.call(.post, "/v1/sensors/\(button)/records", token: token, body: body)
            #expect(pressed.status == .ok, "\(pressed.text)")
            let incident = try #require(pressed.json["incidents"]?[0]?.stringValue, "\(pressed.text)")
            let filed = try await client.call(.get, "/v1/incidents/\(incident)", token: disp)
            #expect(filed.json["priority"]?.intValue == 1, "\(filed.text)")
            let again = try await client.call(.post, "/v1/sensors/\(button)/records", token: token, body: body)
            #expect(again.json["incidents"]?.arrayCount == 1 && again.json["incidents"]?[0]?.stringValue == incident, "\(again.text)")

            // The state a crash between the two commits leaves: the press's alert, no incident.
            let app = AppServices(store: world.store, time: world.time)
            let sensor = try #require(try await world.store.sensor(SensorID(button), scope: .everything))
            let record = try SensorIntake.normalise([SensorRecordInput(at: world.time.now(), kind: .alarm)], sensor: sensor, batchID: "press-2",
                                                    now: world.time.now(), limits: SensingLimits(), hash: { _ in "" })[0]
            let raised = try AlertDecider.raise(AlertDrafts.alarm(.random(), record: record, sensor: sensor, at: world.time.now(), policy: .standard), into: nil)
            _ = try await world.store.commit(Changeset(actor: .system, command: .postSensorRecords, at: world.time.now(), events: raised.events,
                                                       writes: raised.alerts.map { .alert($0) }))
            let orphan = try #require(raised.alerts.first)
            #expect(try await app.sensors.fileMissedAlarms() == 0)   // within the grace: the batch's own run may still be filing it
            world.time.advance(by: 30)
            #expect(try await app.sensors.fileMissedAlarms() == 1)
            let linked = try #require(try await world.store.alert(orphan.id, scope: .everything)?.incidentID)
            #expect(try await world.store.incident(linked, scope: .everything)?.priority == .p1)
            #expect(try await app.sensors.fileMissedAlarms() == 0)
            #expect(try await urgent() == urgentBefore + 2)
        }
    }
}
