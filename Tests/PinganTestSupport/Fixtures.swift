import Foundation
import PinganCore
import PinganGeo
import PinganStore
import PinganApp

/// A small real-looking organisation: one city, one district, two stations in central Shanghai
/// (Huangpu and Jing'an), a community, units at each station and one user per role that matters.
public struct Fixtures: Sendable {
    public var city: Jurisdiction
    public var district: Jurisdiction
    public var stationA: Jurisdiction
    public var stationB: Jurisdiction
    public var community: Jurisdiction
    public var unitsA: [PoliceUnit]
    public var unitsB: [PoliceUnit]
    public var admin: User
    public var dispatcher: User
    public var officerA: User
    public var officerB: User

    /// A dummy bcrypt-looking hash; tests that sign in create their users through the server.
    public static let placeholderHash = "$2b$04$fixturefixturefixturefixturefixturefixturefixturefixt"

    /// Builds the organisation through the command service, so fixtures take the same audited
    /// path as real data.
    public static func seed(_ app: AppServices) async throws -> Fixtures {
        let root = User(id: UserID("root"), username: "root", displayName: "Root", role: .admin, jurisdictionID: JurisdictionID("none"),
                        passwordHash: placeholderHash, path: "/")
        let city = try await app.organisation.createJurisdiction(parentID: nil, level: .city, code: "SH", name: "上海市公安局", nameEn: "Shanghai PSB", location: nil, by: root).get()
        let district = try await app.organisation.createJurisdiction(parentID: city.id, level: .district, code: "HP", name: "黄浦分局", nameEn: "Huangpu Branch", location: nil, by: root).get()
        let stationA = try await app.organisation.createJurisdiction(parentID: district.id, level: .station, code: "HP01", name: "南京东路派出所",
                                                            nameEn: "East Nanjing Road Station", location: Coordinate(lat: 31.2355, lon: 121.4830), by: root).get()
        let stationB = try await app.organisation.createJurisdiction(parentID: district.id, level: .station, code: "HP02", name: "外滩派出所",
                                                            nameEn: "The Bund Station", location: Coordinate(lat: 31.2304, lon: 121.4900), by: root).get()
        let community = try await app.organisation.createJurisdiction(parentID: stationA.id, level: .community, code: "HP01C1", name: "贵州路社区",
                                                             nameEn: "Guizhou Road Community", location: nil, by: root).get()
        var unitsA: [PoliceUnit] = []
        var unitsB: [PoliceUnit] = []
        for i in 1...3 {
            unitsA.append(try await app.organisation.createUnit(callsign: "HP01-\(i)", kind: i == 3 ? .footPatrol : .patrolCar, stationID: stationA.id, crew: 2, by: root).get())
            unitsB.append(try await app.organisation.createUnit(callsign: "HP02-\(i)", kind: .patrolCar, stationID: stationB.id, crew: 2, by: root).get())
        }
        let system = Actor.system
        let admin = try await app.users.create(username: "admin1", displayName: "Admin", role: .admin, jurisdictionID: city.id, unitID: nil,
                                                 passwordHash: placeholderHash, by: system, scope: .everything).get()
        let dispatcher = try await app.users.create(username: "dispatch1", displayName: "Dispatcher", role: .dispatcher, jurisdictionID: city.id,
                                                      unitID: nil, passwordHash: placeholderHash, by: system, scope: .everything).get()
        let officerA = try await app.users.create(username: "officerA", displayName: "Officer A", role: .stationOfficer, jurisdictionID: stationA.id,
                                                    unitID: nil, passwordHash: placeholderHash, by: system, scope: .everything).get()
        let officerB = try await app.users.create(username: "officerB", displayName: "Officer B", role: .stationOfficer, jurisdictionID: stationB.id,
                                                    unitID: nil, passwordHash: placeholderHash, by: system, scope: .everything).get()
        return Fixtures(city: city, district: district, stationA: stationA, stationB: stationB, community: community,
                        unitsA: unitsA, unitsB: unitsB, admin: admin, dispatcher: dispatcher, officerA: officerA, officerB: officerB)
    }

    /// A call near station A.
    public static func call(_ description: String = "两人在店门口争吵", priority: Priority = .p2, at location: Coordinate = Coordinate(lat: 31.2352, lon: 121.4801)) -> NewIncident {
        NewIncident(category: "dispute", priority: priority, location: location, address: "南京东路300号", callerName: "张三",
                    callerPhone: "13812345678", description: description)
    }
}
