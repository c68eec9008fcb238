import Foundation
import PinganApp
import PinganCore
import PinganServer

/// The smallest organisation a loopback benchmark needs: one city, district and station, seeded
/// through the audited command with whatever units and zones the benchmark brings, and an
/// administrator with a token.
enum BenchCity {
    static let city = Jurisdiction(id: JurisdictionID("bench-city"), parentID: nil, level: .city, code: "B", name: "Bench", path: "/bench-city/")
    static let district = Jurisdiction(id: JurisdictionID("bench-d"), parentID: city.id, level: .district, code: "BD", name: "Bench D",
                                       path: Jurisdiction.path(for: JurisdictionID("bench-d"), under: city))
    static let station = Jurisdiction(id: JurisdictionID("bench-s"), parentID: district.id, level: .station, code: "BS", name: "Bench S",
                                      path: Jurisdiction.path(for: JurisdictionID("bench-s"), under: district))

    /// Seeds the tree (with `units` and `zones` under the station) and answers the administrator's token.
    /// `stations` are further stations under the district.
    static func seed(_ service: AppServices, units: [PoliceUnit] = [], zones: [PatrolZone] = [], stations: [Jurisdiction] = []) async throws -> String {
        try await service.organisation.seedOrganisation(jurisdictions: [city, district, station] + stations, units: units, posts: [], zones: zones,
                                                        by: Actor(id: "bench", name: "bench"))
        let admin = try await service.users.createRoot(username: "bench", displayName: "Bench", role: .admin,
                                                       passwordHash: try await Passwords.hash("bench-password", cost: 4), by: .system)
        return try await ServiceToken.issue(for: admin, users: service.users)
    }
}
