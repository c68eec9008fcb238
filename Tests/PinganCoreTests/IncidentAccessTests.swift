import Foundation
import PinganCore
import PinganTestSupport
import Testing

/// The crew rule, pure (issue 13): who may see and work an incident beyond their scope.
@Suite("Incident access for crews")
struct IncidentAccessTests {
    let decider = IncidentDecider()
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let stationA = Jurisdiction(id: JurisdictionID("a"), parentID: JurisdictionID("d"), level: .station, code: "HP01", name: "A", path: "/c/d/a/")
    let stationB = Jurisdiction(id: JurisdictionID("b"), parentID: JurisdictionID("d"), level: .station, code: "HP02", name: "B", path: "/c/d/b/")

    func unit(_ n: Int) -> PoliceUnit {
        PoliceUnit(id: UnitID("u\(n)"), callsign: "HP01-\(n)", kind: .patrolCar, stationID: stationA.id, statusSince: t0, crew: 2, path: stationA.path)
    }

    func crew(_ n: Int) -> User {
        User(id: UserID("crew\(n)"), username: "crew\(n)", displayName: "crew", role: .fieldOfficer, jurisdictionID: stationA.id,
             unitID: UnitID("u\(n)"), passwordHash: "", path: stationA.path)
    }

    @Test func onlyUnitsOnTheIncidentStepIt() throws {
        var i = try decider.create(Fixtures.call(), id: IncidentID("i"), in: stationB, sequence: 1, now: t0).incident
        #expect(!IncidentAccess.crew(UnitID("u1"), may: .step, on: i))
        let assigned = try decider.assign(i, units: [unit(1)], now: t0)
        i = assigned.incident
        #expect(IncidentAccess.crew(UnitID("u1"), may: .step, on: i))
        i = try decider.unassign(i, unit: assigned.units[0], now: t0).incident
        #expect(!IncidentAccess.crew(UnitID("u1"), may: .step, on: i))
        #expect(!IncidentAccess.crew(UnitID("u1"), may: .feedback, on: i))
        #expect(i.attendedUnitIDs == [UnitID("u1")])   // history keeps it; rights do not
    }

    @Test func theResolvingCrewsGiveFeedbackAndNobodyElse() throws {
        var i = try decider.create(Fixtures.call(), id: IncidentID("i"), in: stationB, sequence: 1, now: t0).incident
        let assigned = try decider.assign(i, units: [unit(1), unit(2)], now: t0)
        i = assigned.incident
        var units = assigned.units
        let released = try decider.unassign(i, unit: units[1], now: t0)
        i = released.incident
        units = [units[0]]
        for status in [IncidentStatus.enRoute, .onScene, .resolved] {
            let d = try decider.transition(i, to: status, units: units, note: nil, now: t0)
            i = d.incident
            if !d.units.isEmpty { units = d.units }
        }
        #expect(i.unitIDs.isEmpty && i.resolvedByUnitIDs == [UnitID("u1")])
        #expect(IncidentAccess.crew(UnitID("u1"), may: .feedback, on: i))
        #expect(!IncidentAccess.crew(UnitID("u1"), may: .step, on: i))
        #expect(!IncidentAccess.crew(UnitID("u2"), may: .feedback, on: i))
        // Seen while it waits for that feedback, out of sight once it is closed.
        #expect(IncidentAccess.maySee(i, user: crew(1)) && !IncidentAccess.maySee(i, user: crew(2)))
        i = try decider.feedback(i, outcome: "done", summary: "ok", by: UserID("crew1"), now: t0).incident
        #expect(!IncidentAccess.maySee(i, user: crew(1)))
        // Reopened, the resolving crews lose the right too.
        i = try decider.transition(i, to: .reopened, units: [], note: nil, now: t0).incident
        #expect(i.resolvedByUnitIDs == nil)
    }

    @Test func aUnitsAssignmentIsShownInsideTheIncidentsScopeAndToItsCrew() throws {
        let i = try decider.create(Fixtures.call(), id: IncidentID("i"), in: stationB, sequence: 1, now: t0).incident
        let busy = try decider.assign(i, units: [unit(1)], now: t0).units[0]
        #expect(busy.incidentPath == stationB.path)
        let stationOfficer = User(id: UserID("o"), username: "o", displayName: "o", role: .stationOfficer, jurisdictionID: stationA.id,
                                  passwordHash: "", path: stationA.path)
        let district = User(id: UserID("d"), username: "d", displayName: "d", role: .dispatcher, jurisdictionID: JurisdictionID("d"),
                            passwordHash: "", path: "/c/d/")
        #expect(!IncidentAccess.mayShowAssignment(of: busy, to: stationOfficer))
        #expect(IncidentAccess.mayShowAssignment(of: busy, to: district))
        #expect(IncidentAccess.mayShowAssignment(of: busy, to: crew(1)))
        #expect(!IncidentAccess.mayShowAssignment(of: busy, to: crew(2)))
        #expect(busy.hidingAssignment.incidentID == nil && busy.hidingAssignment.status == .dispatched)
    }
}
