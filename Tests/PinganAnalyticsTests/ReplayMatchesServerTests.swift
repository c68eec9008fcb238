import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// The replay's "nearest by road time" policy decides as the server does (issue 14): the same
/// units and the same incident, put through the server's tracker and recommender and through the
/// simulation, send the same units.
@Suite("Replay runs the server's dispatch rules")
struct ReplayMatchesServerTests {
    static let grid = TestNetworks.grid(16, spacing: 150)

    /// A crossroads of kinds: patrol cars, a motorbike, a foot patrol, a PTU team and a traffic
    /// officer, each at a grid node (x, y in metres).
    static let units: [(id: String, kind: UnitKind, x: Double, y: Double)] = [
        ("car-near", .patrolCar, 300, 300), ("car-far", .patrolCar, 1500, 1500), ("bike", .motorbike, 900, 150),
        ("foot", .footPatrol, 450, 600), ("ptu", .ptu, 1200, 300), ("traffic", .traffic, 150, 1050),
    ]

    /// What the server recommends for a call at (x, y): unit IDs in the order they are sent.
    static func serverChoice(category: String, priority: Priority, x: Double, y: Double) throws -> [String] {
        let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)
        var tracker = PositionTracker(network: grid, shiftStart: t0)
        var out = TrackerOutput()
        for u in units {
            let unit = PoliceUnit(id: UnitID(u.id), callsign: u.id, kind: u.kind, stationID: JurisdictionID("s"), statusSince: t0, crew: 2,
                                  path: "/c/d/s/")
            let slot = tracker.upsert(unit)
            let at = TestNetworks.coordinate(x: u.x, y: u.y)
            _ = tracker.ingest(slot: slot, time: t0.timeIntervalSinceReferenceDate, lat: at.lat, lon: at.lon, now: t0.timeIntervalSinceReferenceDate,
                               into: &out)
        }
        var ws = grid.makeWorkspace()
        let request = DispatchRequest(location: TestNetworks.coordinate(x: x, y: y), category: category, priority: priority,
                                      jurisdictionPath: "/c/d/s/")
        let r = Recommender().recommend(request, tracker: tracker, workspace: &ws, now: t0)
        return r.recommended.map(\.unit.rawValue)
    }

    /// What the simulation sends to the same call: unit IDs in the order they were dispatched.
    static func replayChoice(category: String, priority: Priority, x: Double, y: Double) throws -> [String] {
        let plan = ReplayPlan(
            name: "crossroads", simulated: true, policies: [.roadTime], repositioning: [.fixedPosts],
            stations: [.init(id: "s", name: "S", district: nil, location: TestNetworks.coordinate(x: 0, y: 0))], zones: [],
            posts: units.map { .init(id: "post-\($0.id)", station: "s", zone: nil, location: TestNetworks.coordinate(x: $0.x, y: $0.y)) },
            units: units.map { .init(id: $0.id, callsign: $0.id, kind: $0.kind, station: "s", zone: nil, post: "post-\($0.id)", shift: .allDay,
                                     dispatchable: true) })
        var options = ReplayEngine.Options(seed: 1)
        options.recordTrace = true
        let call = CallRecord(time: 1_451_865_600 + 3600, coordinate: TestNetworks.coordinate(x: x, y: y),
                              categoryIndex: try #require(CallCategories.index(of: category)), priority: priority)
        let out = try ReplayEngine(network: grid, plan: plan, options: options).run(calls: [call])
        let trace = out.traces["roadTime+fixedPosts"] ?? []
        return trace.filter { $0.call == 0 }.map { plan.units[$0.unit].id }
    }

    @Test("the same units go under both", arguments: [
        ("criminal", Priority.p1, 600.0, 600.0),   // a PTU team and a patrol
        ("criminal", Priority.p3, 600.0, 600.0),   // one patrol
        ("traffic", Priority.p1, 300.0, 900.0),    // the traffic officer and a car or motorbike
        ("fire", Priority.p1, 1350.0, 1350.0),     // two patrol cars
        ("dispute", Priority.p2, 900.0, 300.0),    // the nearest of car, motorbike and foot
    ])
    func sameChoice(_ call: (String, Priority, Double, Double)) throws {
        let server = try Self.serverChoice(category: call.0, priority: call.1, x: call.2, y: call.3)
        let replay = try Self.replayChoice(category: call.0, priority: call.1, x: call.2, y: call.3)
        #expect(!server.isEmpty)
        #expect(replay == server, "\(call.0) P\(call.1.rawValue): replay \(replay), server \(server)")
    }

    /// Non-police matters go to another agency under both: no unit.
    @Test func aNonPoliceCallSendsNobody() throws {
        #expect(try Self.serverChoice(category: "inquiry", priority: .p3, x: 600, y: 600).isEmpty)
        #expect(try Self.replayChoice(category: "inquiry", priority: .p3, x: 600, y: 600).isEmpty)
    }
}
