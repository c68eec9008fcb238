import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore

/// Puts the demo city into an empty deployment, once: the generated jurisdictions, posts, zones
/// and units through one audited `SeedOrganisation` command, plus three sign-ins — a city
/// dispatcher, a field officer who crews one unit (so the field page has something to do), and
/// the simulator's own account, whose name in the audit log says who moved the simulated crews;
/// and the city's dynamic patrol targets with coverage alerts on.
/// Then, on every start, whatever of the city's front-end sensing (`DemoSensingSetup`) and of its
/// triage — agencies, their sign-ins, routing rules (`DemoTriageSetup`) — is missing, and the
/// simulated registries, dispute book and volunteer teams when there are none (`DemoRegistrySetup`,
/// `DemoDisputeSetup`, `DemoVolunteerSetup`).
enum DemoSetup {
    static let simulatorUsername = "simulator"
    static let dispatcherUsername = "dispatcher"
    static let officerUsername = "officer"

    /// Seeds `city` unless the store already holds it; returns the simulator's account.
    static func ensure(city: DemoCity, network: RoadNetwork, store: any Store, bcryptCost: Int) async throws -> User {
        let service = AppServices(store: store)
        var seededPassword: String?
        if try await store.jurisdiction(city.jurisdictions[0].id, scope: .everything) == nil {
            guard try await store.jurisdictions(scope: .everything).isEmpty else {
                throw DemoError("this data directory already holds a deployment; run --demo with a fresh --data-dir")
            }
            try await service.organisation.seedOrganisation(jurisdictions: city.jurisdictions, units: city.units, posts: city.posts, zones: city.zones,
                                               by: Actor(id: "demo", name: "demo-city generator"))
            let given = Environment.process[.adminPassword]
            let password = given ?? FirstAdmin.randomPassword()
            seededPassword = password
            let hash = try await Passwords.hash(password, cost: bcryptCost)
            let cityID = city.jurisdictions[0].id
            _ = try await service.users.create(username: dispatcherUsername, displayName: "值班调度员（模拟）", role: .dispatcher,
                                             jurisdictionID: cityID, unitID: nil, passwordHash: hash, by: .system, scope: .everything).get()
            let crewed = city.units[0]
            _ = try await service.users.create(username: officerUsername, displayName: "\(crewed.callsign) 民警（模拟）", role: .fieldOfficer,
                                             jurisdictionID: crewed.stationID, unitID: crewed.id, passwordHash: hash, by: .system, scope: .everything).get()
            _ = try await service.users.create(username: simulatorUsername, displayName: "模拟器", role: .dispatcher, jurisdictionID: cityID,
                                             unitID: nil, passwordHash: try await Passwords.hash(FirstAdmin.randomPassword(), cost: bcryptCost),
                                             by: .system, scope: .everything).get()
            // Dynamic patrol's watch on, moves left to the dispatcher: a zone with under half its
            // junctions within 3 minutes of a free unit for 15 minutes raises a coverage alert.
            if let j = try await store.jurisdiction(cityID, scope: .everything) {
                var policy = j.policy ?? JurisdictionPolicy()
                policy.patrolTargets = PatrolTargets(reachSeconds: 180, minZoneShare: 0.5, holdMinutes: 15, alerts: true, autoAcceptMoves: false)
                _ = try await service.organisation.setPolicy(cityID, policy, version: j.version, by: DemoTriageSetup.generator).get()
            }
            let sites = Dictionary(grouping: city.posts, by: \.kind).mapValues(\.count)
            say("Demo city seeded: \(city.jurisdictions.count) jurisdictions, \(city.zones.count) patrol zones, "
                + "\(sites[.streetPost, default: 0]) posts, \(sites[.checkpoint, default: 0]) checkpoints, \(sites[.camera, default: 0]) cameras, "
                + "\(city.units.count) units (all simulated; roads are real OpenStreetMap data).")
            say(given == nil
                ? "Demo sign-ins: '\(dispatcherUsername)' (console) and '\(officerUsername)' (field page /field.html, crews \(crewed.callsign)), password: \(password)"
                : "Demo sign-ins: '\(dispatcherUsername)' (console) and '\(officerUsername)' (field page /field.html), password from PINGAN_ADMIN_PASSWORD.")
        }
        guard let simulator = try await store.user(username: simulatorUsername) else {
            throw DemoError("the demo city is there but its '\(simulatorUsername)' account is missing")
        }
        // The devices' names and places do not depend on the demo seed; only how they behave does.
        try await DemoSensingSetup.ensure(plan: DemoSensorPlan(city: city, network: network), city: city, store: store, bcryptCost: bcryptCost)
        // The agencies' sign-ins get the password just printed, when there is one.
        try await DemoTriageSetup.ensure(city: city, store: store, bcryptCost: bcryptCost, password: seededPassword)
        try await DemoRegistrySetup.ensure(city: city, network: network, store: store)
        try await DemoDisputeSetup.ensure(city: city, network: network, store: store)
        try await DemoVolunteerSetup.ensure(city: city, store: store, bcryptCost: bcryptCost, password: seededPassword)
        return simulator
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
