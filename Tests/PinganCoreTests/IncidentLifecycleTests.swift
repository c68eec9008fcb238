import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Incident lifecycle")
struct IncidentLifecycleTests {
    let decider = IncidentDecider()
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d1"), level: .station, code: "HP01", name: "南京东路派出所",
                               location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c1/d1/s1/")

    func unit(_ n: Int, status: UnitStatus = .available) -> PoliceUnit {
        PoliceUnit(id: UnitID("u\(n)"), callsign: "HP01-\(n)", kind: .patrolCar, stationID: station.id, status: status, statusSince: t0, crew: 2, path: station.path)
    }

    func created() throws -> Incident {
        try decider.create(NewIncident(category: "dispute", priority: .p1, location: Coordinate(lat: 31.2352, lon: 121.4801), address: "南京东路300号",
                                       callerName: "张三", callerPhone: "13812345678", description: "争吵"),
                           id: IncidentID("i1"), in: station, sequence: 7, now: t0).incident
    }

    /// Puts an incident in `status` by the legal route, with unit u1 assigned while it is busy.
    func incident(in status: IncidentStatus) throws -> (Incident, [PoliceUnit]) {
        var i = try created()
        var units: [PoliceUnit] = [unit(1)]
        func step(_ d: IncidentDecision) { i = d.incident; if !d.units.isEmpty { units = d.units } }
        switch status {
        case .received: return (i, units)
        case .referred:
            let agency = Agency(id: AgencyID("g"), code: "G", name: "12345", kind: .hotline12345, jurisdictionID: station.id, path: station.path)
            let d = try ReferralDecider.send(i, to: agency, id: ReferralID("r"), note: "", rule: nil, by: "d",
                                             limits: .init(acceptSeconds: 60, feedbackSeconds: 600, setBy: "standard"), now: t0 + 1)
            return (d.incident, units)
        case .cancelled:
            step(try decider.transition(i, to: .cancelled, units: [], note: nil, now: t0))
            return (i, units)
        default: break
        }
        step(try decider.assign(i, units: units, now: t0 + 30))
        if status == .dispatched { return (i, units) }
        step(try decider.transition(i, to: .enRoute, units: units, note: nil, now: t0 + 40))
        if status == .enRoute { return (i, units) }
        step(try decider.transition(i, to: .onScene, units: units, note: nil, now: t0 + 200))
        if status == .onScene { return (i, units) }
        step(try decider.transition(i, to: .resolved, units: units, note: nil, now: t0 + 900))
        if status == .resolved { return (i, units) }
        step(try decider.feedback(i, outcome: "mediated", summary: "双方和解", by: UserID("o1"), now: t0 + 1000))
        if status == .closed { return (i, units) }
        step(try decider.transition(i, to: .reopened, units: [], note: "caller called back", now: t0 + 2000))
        return (i, units)
    }

    @Test func creationNumbersAndTimestamps() throws {
        let i = try created()
        #expect(i.status == .received)
        #expect(i.number.hasPrefix("HP01-") && i.number.hasSuffix("-0007"))
        #expect(i.times.receivedAt == t0)
        #expect(i.path == station.path)
        #expect(i.maskingCaller.caller.phone == "138****5678")
        #expect(i.maskingCaller.caller.name == "张*")
    }

    @Test func theWholeLoopStampsEveryStep() throws {
        let (i, units) = try incident(in: .closed)
        #expect(i.status == .closed)
        #expect(i.times.dispatchedAt == t0 + 30)
        #expect(i.times.enRouteAt == t0 + 40)
        #expect(i.times.onSceneAt == t0 + 200)
        #expect(i.times.resolvedAt == t0 + 900)
        #expect(i.times.closedAt == t0 + 1000)
        #expect(i.feedback?.outcome == "mediated")
        #expect(i.unitIDs.isEmpty)
        #expect(units.allSatisfy { $0.status == .available && $0.incidentID == nil })
    }

    static let targets: [IncidentStatus] = [.enRoute, .onScene, .resolved, .cancelled, .reopened]

    /// Every (from, to) pair through the transition command: legal ones succeed and land on
    /// `to`, the rest throw `illegal_transition` and change nothing.
    @Test(arguments: IncidentStatus.allCases)
    func everyTransitionFrom(_ from: IncidentStatus) throws {
        for to in IncidentStatus.allCases {
            let (i, units) = try incident(in: from)
            let viaCommand = Self.targets.contains(to)
            let legal = viaCommand && IncidentLifecycle.canMove(from: from, to: to)
            do {
                let d = try decider.transition(i, to: to, units: units, note: nil, now: t0 + 5000)
                #expect(legal, "\(from) → \(to) should be refused")
                #expect(d.incident.status == to)
                #expect(d.incident.version == i.version + 1)
                #expect(d.events.first?.type == .incidentTransitioned)
            } catch {
                #expect(!legal, "\(from) → \(to) should be allowed: \(error)")
                #expect(error.code == .illegalTransition)
            }
        }
    }

    @Test func tableMatchesTheIssue() {
        #expect(IncidentLifecycle.successors(of: .received) == [.dispatched, .cancelled, .referred])
        #expect(IncidentLifecycle.successors(of: .referred) == [.received, .closed])
        #expect(IncidentLifecycle.successors(of: .onScene) == [.resolved, .cancelled])
        #expect(IncidentLifecycle.successors(of: .resolved) == [.closed, .reopened])
        #expect(IncidentLifecycle.successors(of: .closed) == [.reopened])
        #expect(!IncidentLifecycle.canMove(from: .received, to: .resolved))
        #expect(!IncidentLifecycle.canMove(from: .closed, to: .cancelled))
    }

    @Test func feedbackOnlyClosesResolved() throws {
        for status in IncidentStatus.allCases where status != .resolved {
            let (i, _) = try incident(in: status)
            #expect(throws: DomainError.self) { try decider.feedback(i, outcome: "x", summary: "y", by: UserID("o"), now: t0) }
        }
    }

    @Test func assigningABusyOrUnavailableUnitIsRefused() throws {
        let (i, units) = try incident(in: .dispatched)
        let (other, _) = try incident(in: .received)
        var another = other
        another.id = IncidentID("i2")
        #expect(throws: DomainError(.unitAlreadyAssigned, field: "unitIDs", "unit HP01-1 is already assigned to incident i1")) {
            try decider.assign(another, units: units, now: t0)
        }
        #expect(performing: { try decider.assign(i, units: [unit(2, status: .offDuty)], now: t0) }, throws: { ($0 as? DomainError)?.code == .unitUnavailable })
        #expect(performing: { try decider.assign(i, units: [], now: t0) }, throws: { ($0 as? DomainError)?.code == .invalidField })
        #expect(performing: { try decider.assign(i, units: [unit(3), unit(3)], now: t0) }, throws: { ($0 as? DomainError)?.code == .invalidField })
        let (closed, _) = try incident(in: .closed)
        #expect(performing: { try decider.assign(closed, units: [unit(4)], now: t0) }, throws: { ($0 as? DomainError)?.code == .illegalTransition })
    }

    @Test func unitsFollowTheirIncident() throws {
        let (i, units) = try incident(in: .dispatched)
        #expect(units.first?.status == .dispatched)
        let enRoute = try decider.transition(i, to: .enRoute, units: units, note: nil, now: t0 + 50)
        #expect(enRoute.units.first?.status == .enRoute)
        let second = try decider.assign(enRoute.incident, units: [unit(2)], now: t0 + 60)
        #expect(second.units.first?.status == .enRoute)
        #expect(second.incident.unitIDs == [UnitID("u1"), UnitID("u2")])
        let released = try decider.unassign(second.incident, unit: second.units[0], now: t0 + 70)
        #expect(released.units.first?.status == .available)
        #expect(released.incident.status == .enRoute)
    }

    @Test func releasingTheLastUnitRequeues() throws {
        let (i, units) = try incident(in: .dispatched)
        let d = try decider.unassign(i, unit: units[0], now: t0 + 60)
        #expect(d.incident.status == .received)
        #expect(d.incident.unitIDs.isEmpty)
    }

    @Test func reopenClearsTheClosure() throws {
        let (i, _) = try incident(in: .reopened)
        #expect(i.status == .reopened)
        #expect(i.feedback == nil)
        #expect(i.times.closedAt == nil)
        let again = try decider.assign(i, units: [unit(5)], now: t0 + 3000)
        #expect(again.incident.status == .dispatched)
    }
}
