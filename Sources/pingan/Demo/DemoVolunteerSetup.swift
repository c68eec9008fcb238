import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore

/// Gives the demo city's stations their volunteer teams (群防群治) the first time it starts with
/// none: one team per station walking the station's first two patrol zones, three volunteer
/// accounts in each (named （模拟）, signing in with the password the demo's other sign-ins got,
/// so a newcomer can open the volunteer's page), all through the commands the console uses.
/// `DemoVolunteers` then walks them.
enum DemoVolunteerSetup {
    static let perTeam = 3

    static func username(_ station: Jurisdiction, _ i: Int) -> String {
        "vol-\(station.code.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })-\(i + 1)"
    }

    static func ensure(city: DemoCity, store: any Store, bcryptCost: Int, password: String?) async throws {
        guard try await store.volunteerTeams(after: "", limit: 1).isEmpty else { return }
        let stations = city.jurisdictions.filter { $0.level == .station && $0.location != nil }
        guard !stations.isEmpty else { return }
        let service = AppServices(store: store)
        let by = DemoTriageSetup.generator
        let text = password ?? Environment.process[.adminPassword] ?? FirstAdmin.randomPassword()
        let hash = try await Passwords.hash(text, cost: bcryptCost)
        var rng = SeededRandom(seed: 2123)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
        for station in stations {
            let zones = city.zones.filter { $0.stationID == station.id }.prefix(2).map(\.id)
            let teamName = station.name.contains("模拟") ? "\(station.name)义警" : "\(station.name)义警（模拟）"
            var team = try await service.volunteers.createTeam(name: teamName, stationID: station.id, zoneIDs: Array(zones), by: by).get()
            for i in 0..<perTeam {
                let name = username(station, i)
                if try await store.user(username: name) == nil {
                    _ = try await service.users.create(username: name, displayName: "\(surnames[rng.index(surnames.count)])某（模拟志愿者）", role: .volunteer,
                                                       jurisdictionID: station.id, unitID: nil, passwordHash: hash, by: .system, scope: .everything).get()
                }
                team = try await service.volunteers.addMember(team.id, username: name, phone: String(format: "1370%07d", rng.index(10_000_000)),
                                                              version: nil, by: by).get()
            }
        }
        let first = username(stations[0], 0)
        say("Demo volunteers: \(stations.count) simulated teams of \(perTeam), walking their stations' zones (the console's 群防群治 page and map layer); "
            + (password == nil && Environment.process[.adminPassword] == nil
               ? "volunteer sign-in '\(first)' (field page), password: \(text)"
               : "volunteer sign-in '\(first)' (field page), same password as the other demo sign-ins."))
    }

    /// The walkers of every team member, each signed in with a service session of their own.
    static func walkers(store: any Store) async throws -> [DemoVolunteers.Walker] {
        let users = AppServices(store: store).users
        var walkers: [DemoVolunteers.Walker] = []
        for team in try await store.volunteerTeams(scope: .everything) where team.active {
            guard let station = try await store.jurisdiction(team.stationID, scope: .everything), let home = station.location else { continue }
            var rings: [[Coordinate]] = []
            for id in team.zoneIDs { if let z = try await store.zone(id, scope: .everything) { rings.append(z.boundary) } }
            for member in team.members where member.active {
                guard let user = try await store.user(username: member.username), !user.disabled, user.role == .volunteer else { continue }
                walkers.append(.init(username: member.username, token: try await ServiceToken.issue(for: user, users: users), home: home, zones: rings))
            }
        }
        return walkers
    }
}
