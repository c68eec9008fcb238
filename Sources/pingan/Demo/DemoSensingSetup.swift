import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// Puts the demo city's front-end sensing into the store (`DemoSensorPlan`): the gates, crowd
/// cameras and school alarm buttons, the demo watchlist, and the account that commissions them.
/// Idempotent piece by piece — each device, the list and each of its plates is added only when
/// missing — so a data directory seeded before the city had sensors gets them on its next start,
/// and a start interrupted half-way finishes the job on the next.
///
/// Tokens. Only an administrator may register sensors and issue their tokens (`manageSensors`),
/// and the simulator's own account is a dispatcher, as a real duty room's is; the demo does not
/// make it more. So the sensing belongs to a separate demo account, `installer` (前端感知运维,
/// an administrator of the simulated city only, with a random password nobody is shown), which
/// registers the devices here and, at every start of the simulator, issues each device a fresh
/// token over the API (`DemoSensing.commission`), just as an engineer commissions a camera. The
/// devices are registered without a usable token — their token hash is a marker no token hashes
/// to — so nothing secret is generated at seeding or kept anywhere: the tokens live in the
/// simulator's memory only, and a restart replaces them. The audit log names `installer` for all
/// of it, and an administrator who retires a demo device or issues it a token of
/// their own takes it from the simulator (which then leaves it alone until its next start).
enum DemoSensingSetup {
    static let installerUsername = "installer"

    /// Adds what is missing; says what it added.
    static func ensure(plan: DemoSensorPlan, city: DemoCity, store: any Store, bcryptCost: Int) async throws {
        let service = AppServices(store: store)
        let cityID = city.jurisdictions[0].id
        let installer: User
        if let existing = try await store.user(username: installerUsername) {
            installer = existing
        } else {
            installer = try await service.users.create(username: installerUsername, displayName: "前端感知运维（模拟）", role: .admin, jurisdictionID: cityID,
                                                       unitID: nil, passwordHash: try await Passwords.hash(FirstAdmin.randomPassword(), cost: bcryptCost),
                                                       by: .system, scope: .everything).get()
        }

        let registered = Set(try await store.sensors(scope: .everything).map(\.name))
        var added = 0
        for device in plan.devices where !registered.contains(device.name) {
            let input = SensorCommands.NewSensor(name: device.name, kind: device.kind, jurisdictionID: device.stationID, location: device.location,
                                                 postID: device.postID, defaultProvince: device.defaultProvince, crowdRule: device.crowdRule)
            _ = try await service.sensors.create(input, token: "", tokenHash: uncommissioned(), by: installer).get()
            added += 1
        }

        var list = try await store.watchlists(scope: .everything).first { $0.name == DemoSensorPlan.watchlistName && $0.active }
        if list == nil {
            let stations = city.jurisdictions.filter { $0.level == .station }.map(\.id)
            list = try await service.watchlists.create(.init(name: DemoSensorPlan.watchlistName, reason: DemoSensorPlan.watchlistReason,
                                                             severity: DemoSensorPlan.watchlistSeverity, jurisdictionID: cityID, visibleTo: stations),
                                                       by: installer).get()
        }
        guard let list else { return }
        let listed = Set(try await store.watchlistEntries(of: list.id, scope: .everything, limit: 1000, offset: 0).filter(\.active).compactMap(\.plate?.text))
        var plates = 0
        for entry in DemoSensorPlan.watchlist where !listed.contains(entry.plate) {
            _ = try await service.watchlists.add(.init(kind: .plate, value: entry.plate, fuzzy: entry.fuzzy, note: entry.note), to: list.id, by: installer).get()
            plates += 1
        }
        if added > 0 || plates > 0 {
            say("Demo sensing: \(plan.gates.count) plate gates, \(plan.cameras.count) crowd cameras, \(plan.alarmButtons.count) school alarm buttons, "
                + "watchlist \(DemoSensorPlan.watchlistName) with \(DemoSensorPlan.watchlist.count) plates (all simulated; commissioned by '\(installerUsername)').")
        }
    }

    /// A session for the installer, for the simulator to commission the devices with at its start
    /// (then it signs out): an hour is ample, and nothing else holds it.
    static func installerToken(store: any Store) async throws -> String {
        guard let installer = try await store.user(username: installerUsername) else {
            throw DemoError("the demo city is there but its '\(installerUsername)' account is missing")
        }
        return try await ServiceToken.issue(for: installer, users: AppServices(store: store).users, lifetime: 3600)
    }

    /// A token hash no token has: real ones are 64 hex digits. Unique, as the registry requires.
    static func uncommissioned() -> String { "uncommissioned:" + UUID().uuidString }
}
