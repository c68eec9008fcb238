import Foundation
import PinganCore
@testable import PinganServer
import Testing

@Suite("Live frames per viewer")
struct LiveFrameTests {
    /// A unit event tells its station the unit is busy, and only viewers who may see the incident
    /// learn which one (issue 13, defect 5).
    @Test func aForeignAssignmentIsLeftOutOfUnitEvents() throws {
        var unit = PoliceUnit(id: UnitID("u1"), callsign: "HP01-1", kind: .patrolCar, stationID: JurisdictionID("a"), status: .dispatched,
                              statusSince: Date(), crew: 2, incidentID: IncidentID("i9"), path: "/c/d/a/")
        unit.incidentPath = "/c/d/b/"
        let data = try Event(.unitStatusChanged, subject: "u1", path: unit.path, payload: EntityEventData(unit)).data
        func viewer(_ path: String, unit: UnitID? = nil) -> User {
            User(id: UserID("v"), username: "v", displayName: "v", role: unit == nil ? .stationOfficer : .fieldOfficer,
                 jurisdictionID: JurisdictionID("a"), unitID: unit, passwordHash: "", path: path)
        }
        let station = LiveFrame.hidingForeignAssignment(data, from: viewer("/c/d/a/"))
        #expect(station["unit"]?["incidentID"] == nil && station["unit"]?["incidentPath"] == nil)
        #expect(station["unit"]?["status"]?.stringValue == "dispatched")
        #expect(LiveFrame.hidingForeignAssignment(data, from: viewer("/c/d/"))["unit"]?["incidentID"]?.stringValue == "i9")
        #expect(LiveFrame.hidingForeignAssignment(data, from: viewer("/c/d/a/", unit: UnitID("u1")))["unit"]?["incidentID"]?.stringValue == "i9")
    }
}
