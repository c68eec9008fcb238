import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

@Suite("Generated access matrix: every route × every role × a foreign object")
struct AccessMatrixTests {
    /// Builds both stations' objects through the API as the city administrator and one user of
    /// every role at station A.
    static func setUp(_ world: TestWorld, _ client: any TestClientProtocol) async throws -> (AccessMatrix, [(Role, String)]) {
        let boss = try await client.login("boss")
        func create(_ path: String, _ json: String) async throws -> String {
            let reply = try await client.call(.post, path, token: boss, body: json)
            #expect((200..<300).contains(Int(reply.status.code)), "\(path): \(reply.text)")
            return try #require(reply.json["id"]?.stringValue ?? reply.json["items"]?[0]?["id"]?.stringValue, "\(path): \(reply.text)")
        }
        func objects(_ station: Jurisdiction, _ unit: PoliceUnit, user: User) async throws -> AccessMatrix.Objects {
            let s = station.id.rawValue
            let sensing = try await SensingWorld.make(client, admin: boss, station: station.id, name: "卡口\(station.code)")
            let alert = try #require(try await sensing.read([SensingWorld.plate], at: world.time.now(), client: client).first)
            let square = #"[{"lat":31.23,"lon":121.47},{"lat":31.23,"lon":121.48},{"lat":31.24,"lon":121.48},{"lat":31.24,"lon":121.47}]"#
            let agency = try await create("/v1/agencies", #"{"code":"G-\#(station.code)","name":"网格\#(station.code)","kind":"grid","jurisdictionID":"\#(s)"}"#)
            let referred = try await create("/v1/incidents", callJSON("咨询", category: "inquiry", jurisdictionID: station.id).canonicalText)
            let referral = try await create("/v1/incidents/\(referred)/referrals", #"{"agencyID":"\#(agency)"}"#)
            let yesterday = ReportDay(containing: world.time.now()).advanced(by: -1)
            let address = try await create("/v1/addresses", #"{"district":"黄浦区","street":"矩阵街","number":"\#(station.code)","stationID":"\#(s)"}"#)
            let person = station.id == world.fixtures.stationA.id ? "31010119800101123X" : "310101198502022340"
            _ = try await create("/v1/inhabitants", #"{"addressID":"\#(address)","name":"住户","idNumber":"\#(person)","kind":"registered"}"#)
            let warning = try await create("/v1/fraud-warnings", #"{"reference":"FW-\#(station.code)","victimName":"王某","phone":"13900000001","address":"矩阵街","reason":"刷单返利","deadline":"\#(yesterday.advanced(by: 3))","stationID":"\#(s)"}"#)
            let dispute = try await create("/v1/disputes", #"{"kind":"neighbour","risk":"low","summary":"漏水","parties":[{"name":"王某"}],"address":"矩阵街","location":{"lat":31.235,"lon":121.48},"stationID":"\#(s)"}"#)
            let report = try await create("/v1/reports", #"{"kind":"daily","jurisdiction":"\#(s)","date":"\#(yesterday)","pdf":false}"#)
            let (team, shift) = try await VolunteerWorld.shift(client, admin: boss, station: station, username: "vol-\(station.code.lowercased())")
            return AccessMatrix.Objects(
                station: s, unit: unit.id.rawValue,
                incident: try await create("/v1/incidents", callJSON(jurisdictionID: station.id).canonicalText),
                zone: try await create("/v1/zones", #"{"stationID":"\#(s)","name":"巡区","boundary":\#(square)}"#),
                post: try await create("/v1/posts", #"{"stationID":"\#(s)","kind":"camera","name":"点位","location":{"lat":31.235,"lon":121.48}}"#),
                user: user.id.rawValue,
                message: try await create("/v1/messages", #"{"unitID":"\#(unit.id.rawValue)","text":"注意"}"#),
                unitCallsign: unit.callsign, sensor: sensing.sensor, watchlist: sensing.watchlist, entry: sensing.entry, alert: alert,
                agency: agency, referral: referral, report: report, address: address, warning: warning, dispute: dispute, team: team, shift: shift)
        }
        let f = world.fixtures
        var own = try await objects(f.stationA, f.unitsA[0], user: f.officerA)
        var foreign = try await objects(f.stationB, f.unitsB[0], user: f.officerB)
        // Half an hour later the calls are overdue: a sweep opens a supervision case on each side.
        world.time.advance(by: 1800)
        try await AppServices(store: world.store, time: world.time).supervision.sweep()
        own.supervision = try #require(try await world.store.supervisionCases(SupervisionQuery(), scope: Scope(path: f.stationA.path)).first?.id.rawValue)
        foreign.supervision = try #require(try await world.store.supervisionCases(SupervisionQuery(), scope: Scope(path: f.stationB.path)).first?.id.rawValue)
        let secrets = foreign.all + f.unitsB.map(\.id.rawValue)
        var tokens: [(Role, String)] = []
        for role in Role.allCases {
            let name = "mx-\(role.rawValue.lowercased())"
            let unit = role == .fieldOfficer ? #","unitID":"\#(f.unitsA[1].id.rawValue)""# : role == .externalAgency ? #","agencyID":"\#(own.agency)""# : ""
            _ = try await create("/v1/users", #"{"username":"\#(name)","displayName":"\#(name)","role":"\#(role.rawValue)","jurisdictionID":"\#(f.stationA.id.rawValue)","password":"\#(TestWorld.password)"\#(unit)}"#)
            tokens.append((role, try await client.login(name)))
        }
        return (AccessMatrix(own: own, foreign: foreign, secrets: secrets), tokens)
    }

    /// The whole served document, every role: nothing of station B reaches station A's users,
    /// and nothing about station B is written.
    @Test func noRouteLeaksAnotherJurisdiction() async throws {
        try await TestWorld.run { world, client in
            let (matrix, tokens) = try await Self.setUp(world, client)
            let document = try await client.call(.get, "/openapi.json").json
            let operations = AccessMatrix.operations(from: document)
            #expect(operations.count == APIOperation.all.count)
            let start = try await world.store.lastSequence()
            var leaks: [AccessMatrix.Leak] = []
            var cases = 0
            for op in operations {
                for (role, token) in tokens {
                    leaks += try await matrix.check(op, role: role, token: token, client: client)
                    cases += 1
                }
            }
            #expect(leaks.isEmpty, "\(leaks.count) leak(s):\n\(leaks.map(\.description).joined(separator: "\n"))")
            #expect(cases == operations.count * Role.allCases.count)
            // The server's own clock-driven work (a sensor of B falls silent after the half hour the
            // set-up skipped) may write in B while the matrix runs; only what A's users wrote counts.
            let written = try await world.store.events(after: start, scope: Scope(path: world.fixtures.stationB.path), limit: 100)
                .filter { $0.actor != .system }
            #expect(written.isEmpty, "written in station B by station A's users: \(written.map { "\($0.type.rawValue) by \($0.actor.name)" })")
        }
    }

    /// The live feed, for every role at station A: replayed from the first event and followed
    /// until a marker incident of A arrives (or 3 s pass, for roles that are not sent A's
    /// incidents), no frame carries anything of station B.
    @Test func liveFramesCarryNothingForeign() async throws {
        try await TestWorld.run(.live) { world, client in
            let (matrix, tokens) = try await Self.setUp(world, client)
            let boss = try await client.login("boss")
            let marker = try #require(try await client.call(.post, "/v1/incidents", token: boss,
                                                            json: callJSON("marker", jurisdictionID: world.fixtures.stationA.id)).json["id"]?.stringValue)
            for (role, token) in tokens {
                // A volunteer has no feed at all: the upgrade itself is refused.
                guard role.may(.readIncidents) || role.may(.readReferrals) else {
                    await #expect(throws: (any Error).self, "\(role.rawValue) was given the live feed") {
                        try await client.ws("/v1/live?token=\(token)&after=0") { _, _, _ in }
                    }
                    continue
                }
                let sent = [.admin, .dispatcher, .stationOfficer, .supervisor, .auditor].contains(role)
                let received = try await liveTexts(client, token: token, until: marker, seconds: sent ? TestWorld.patience : 3)
                if sent {
                    #expect(received.contains { $0.contains(marker) }, "\(role.rawValue): station A's incident never arrived")
                }
                for text in received {
                    if let found = matrix.secrets.first(where: { text.contains($0) }) {
                        Issue.record("\(role.rawValue): a live frame carries foreign ID \(found): \(text.prefix(200))")
                    }
                }
            }
        }
    }

    /// The test of the test: a route that reads a unit without the caller's scope is caught.
    @Test func matrixCatchesALeakyRoute() async throws {
        let world = try await TestWorld.make()
        let router = try OpenAPITests.routers(world).http
        let store = world.store
        // Deliberately leaky: looks the unit up in the whole tree instead of the caller's scope.
        router.get("/v1/leaky/units/{id}") { _, context -> Response in
            let id = UnitID(try context.parameters.require("id"))
            guard let unit = try await store.unit(id, scope: .everything) else { throw DomainError.notFound("unit", id.rawValue) }
            return try JSONReply(.ok, unit).response
        }
        try await Application(router: router).test(.router) { client in
            let (matrix, tokens) = try await Self.setUp(world, client)
            let leaky = AccessMatrix.Operation(method: "GET", path: "/v1/units/{id}", query: [], hasBody: false, xml: false, isPublic: false)
            var rerouted = leaky
            rerouted.path = "/v1/leaky/units/{id}"
            var found: [AccessMatrix.Leak] = []
            for (role, token) in tokens {
                #expect(try await matrix.check(leaky, role: role, token: token, client: client).isEmpty)
                found += try await matrix.check(rerouted, role: role, token: token, client: client)
            }
            #expect(found.count >= Role.allCases.count, "the leaky route went unnoticed")
            #expect(found.contains { $0.what.contains("succeeded") })
        }
    }
}
