import Foundation
import PinganCore
import PinganGeo
import Testing

/// The referral loop (警情分流) and what it does to its incident: sent → accepted → in progress →
/// done closes a call nobody else worked; a return or a withdrawal puts it back in the queue;
/// police feedback waits for the agency's; deadlines come from the limits given.
@Suite("Referral loop")
struct ReferralLoopTests {
    let decider = IncidentDecider()
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d1"), level: .station, code: "HP01", name: "南京东路派出所",
                               location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c1/d1/s1/")
    let hotline = Agency(id: AgencyID("g1"), code: "12345-HP", name: "12345 热线", kind: .hotline12345, jurisdictionID: JurisdictionID("c1"), path: "/c1/")
    let limits = ReferralDecider.Limits(acceptSeconds: 1800, feedbackSeconds: 86400, setBy: "standard")

    func call(_ n: Int = 1) throws -> Incident {
        try decider.create(NewIncident(category: "inquiry", priority: .p4, location: Coordinate(lat: 31.2352, lon: 121.4801), address: "南京东路300号",
                                       callerName: "李四", callerPhone: "13812345678", description: "楼上装修噪音 noise upstairs"),
                           id: IncidentID("i\(n)"), in: station, sequence: n, now: t0).incident
    }

    @Test func theWholeLoopClosesACallOnlyTheAgencyWorked() throws {
        let sent = try ReferralDecider.send(try call(), to: hotline, id: ReferralID("r1"), note: "请核实", rule: "noise", by: "dispatcher", limits: limits, now: t0 + 60)
        #expect(sent.incident.status == .referred)
        #expect(sent.referral.status == .sent)
        #expect(sent.referral.acceptDue == t0 + 60 + 1800)
        #expect(sent.referral.feedbackDue == t0 + 60 + 86400)
        #expect(sent.referral.summary.caller.phone == "138****5678", "the agency sees the caller masked")
        #expect(sent.referral.rule == "noise")
        #expect(sent.incident.openReferral?.id == ReferralID("r1"))
        #expect(sent.events.map(\.type) == [.referralSent, .incidentTransitioned])

        let accepted = try ReferralDecider.accept(sent.referral, incident: sent.incident, by: "agent", now: t0 + 120)
        #expect(accepted.referral.status == .accepted && accepted.referral.version == 2)
        #expect(accepted.incident.status == .referred)
        #expect(accepted.incident.referrals?.first?.status == .accepted)
        let started = try ReferralDecider.start(accepted.referral, incident: accepted.incident, by: "agent", now: t0 + 300)
        let done = try ReferralDecider.finish(started.referral, incident: started.incident, outcome: "handled", summary: "已劝导施工方",
                                              by: "agent", byUser: UserID("agent"), now: t0 + 3600)
        #expect(done.referral.status == .done)
        #expect(done.incident.status == .closed)
        #expect(done.incident.times.closedAt == t0 + 3600)
        #expect(done.incident.feedback?.summary.contains("已劝导施工方") == true)
        #expect(done.incident.openReferral == nil)
        #expect(done.events.map(\.type) == [.referralDone, .incidentTransitioned])
    }

    @Test func aReturnPutsTheCallBackInTheQueueAndItMayBeReferredAgain() throws {
        let sent = try ReferralDecider.send(try call(), to: hotline, id: ReferralID("r1"), note: "", rule: nil, by: "d", limits: limits, now: t0)
        let back = try ReferralDecider.giveBack(sent.referral, incident: sent.incident, reason: "属于公安管辖 police matter", by: "agent", now: t0 + 100)
        #expect(back.referral.status == .returned)
        #expect(back.referral.returnReason == "属于公安管辖 police matter")
        #expect(back.incident.status == .received)
        #expect(back.incident.openReferral == nil)
        let again = try ReferralDecider.send(back.incident, to: hotline, id: ReferralID("r2"), note: "", rule: nil, by: "d", limits: limits, now: t0 + 200)
        #expect(again.incident.referrals?.map(\.id) == [ReferralID("r1"), ReferralID("r2")])
        let withdrawn = try ReferralDecider.withdraw(again.referral, incident: again.incident, by: "d", now: t0 + 300)
        #expect(withdrawn.incident.status == .received && withdrawn.referral.status == .withdrawn)
    }

    @Test func policeFeedbackWaitsForTheAgencys() throws {
        var i = try call()
        let unit = PoliceUnit(id: UnitID("u1"), callsign: "HP01-1", kind: .patrolCar, stationID: station.id, statusSince: t0, crew: 2, path: station.path)
        let assigned = try decider.assign(i, units: [unit], now: t0 + 10)
        let sent = try ReferralDecider.send(assigned.incident, to: hotline, id: ReferralID("r1"), note: "", rule: nil, by: "d", limits: limits, now: t0 + 20)
        #expect(sent.incident.status == .dispatched, "a call police also work keeps its own step")
        i = try decider.transition(sent.incident, to: .onScene, units: assigned.units, note: nil, now: t0 + 30).incident
        i = try decider.transition(i, to: .resolved, units: assigned.units, note: nil, now: t0 + 40).incident
        #expect(throws: DomainError.self) { try decider.feedback(i, outcome: "x", summary: "y", by: UserID("o"), now: t0 + 50) }
        do { _ = try decider.feedback(i, outcome: "x", summary: "y", by: UserID("o"), now: t0 + 50) } catch { #expect(error.code == .referralOpen) }
        #expect(throws: DomainError.self) { try decider.transition(sent.incident, to: .cancelled, units: [], note: nil, now: t0 + 50) }
        let accepted = try ReferralDecider.accept(sent.referral, incident: i, by: "a", now: t0 + 60)
        let done = try ReferralDecider.finish(accepted.referral, incident: accepted.incident, outcome: "ok", summary: "ok", by: "a", byUser: UserID("a"), now: t0 + 70)
        #expect(done.incident.status == .resolved, "the police close their own part")
        #expect(try decider.feedback(done.incident, outcome: "x", summary: "y", by: UserID("o"), now: t0 + 80).incident.status == .closed)
    }

    @Test func refusalsChangeNothing() throws {
        let i = try call()
        var retired = hotline
        retired.active = false
        #expect(throws: DomainError.self) { try ReferralDecider.send(i, to: retired, id: ReferralID("r"), note: "", rule: nil, by: "d", limits: limits, now: t0) }
        var elsewhere = hotline
        elsewhere.jurisdictionID = JurisdictionID("c2")
        elsewhere.path = "/c2/"
        do {
            _ = try ReferralDecider.send(i, to: elsewhere, id: ReferralID("r"), note: "", rule: nil, by: "d", limits: limits, now: t0)
            Issue.record("an agency of another city was accepted")
        } catch { #expect(error.code == .agencyOutsideArea) }
        var narrow = hotline
        narrow.serves = [JurisdictionID("s9")]
        #expect(!ReferralDecider.serves(narrow, path: i.path))
        narrow.serves = [JurisdictionID("d1")]
        #expect(ReferralDecider.serves(narrow, path: i.path))
        let sent = try ReferralDecider.send(i, to: hotline, id: ReferralID("r"), note: "", rule: nil, by: "d", limits: limits, now: t0)
        do {
            _ = try ReferralDecider.send(sent.incident, to: hotline, id: ReferralID("r2"), note: "", rule: nil, by: "d", limits: limits, now: t0)
            Issue.record("a second open referral was accepted")
        } catch { #expect(error.code == .illegalTransition || error.code == .referralOpen) }
        // Feedback before acceptance, and any step after the end, are refused.
        #expect(throws: DomainError.self) {
            try ReferralDecider.finish(sent.referral, incident: sent.incident, outcome: "x", summary: "y", by: "a", byUser: UserID("a"), now: t0)
        }
        let back = try ReferralDecider.giveBack(sent.referral, incident: sent.incident, reason: "no", by: "a", now: t0)
        #expect(throws: DomainError.self) { try ReferralDecider.accept(back.referral, incident: back.incident, by: "a", now: t0) }
        #expect(throws: DomainError.self) { try ReferralDecider.withdraw(back.referral, incident: back.incident, by: "d", now: t0) }
        #expect(throws: DomainError.self) { try ReferralDecider.giveBack(back.referral, incident: back.incident, reason: "", by: "a", now: t0) }
        #expect(throws: DomainError.self) {
            try ReferralDecider.send(i, to: hotline, id: ReferralID("r"), note: "", rule: nil, by: "d",
                                     limits: .init(acceptSeconds: 0, feedbackSeconds: 10, setBy: "x"), now: t0)
        }
    }
}

@Suite("Merging duplicate calls")
struct IncidentMergeTests {
    let decider = IncidentDecider()
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d1"), level: .station, code: "HP01", name: "所",
                               location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c1/d1/s1/")

    func call(_ n: Int) throws -> Incident {
        try decider.create(NewIncident(category: "publicOrder", priority: .p2, location: Coordinate(lat: 31.2352, lon: 121.4801), address: "广场",
                                       callerPhone: "1380000000\(n)", description: "有人打架 fight"),
                           id: IncidentID("i\(n)"), in: station, sequence: n, now: t0 + Double(n)).incident
    }

    @Test func mergeKeepsTheCallAndUndoGivesItBack() throws {
        let first = try call(1), second = try call(2)
        let m = try IncidentMerge.merge(second, into: first, by: "d", score: 0.9, reasons: ["near:5m"], now: t0 + 60)
        #expect(m.duplicate.status == .cancelled)
        #expect(m.duplicate.number == second.number && m.duplicate.caller == second.caller)
        #expect(m.duplicate.mergedInto?.into == first.id && m.duplicate.mergedInto?.previousStatus == .received)
        #expect(m.primary.mergedIncidentIDs == [second.id])
        #expect(m.events.map(\.type) == [.incidentMerged, .incidentMerged])
        // A merged call is not reopened: its merge is undone instead.
        #expect(throws: DomainError.self) { try decider.transition(m.duplicate, to: .reopened, units: [], note: nil, now: t0 + 90) }
        #expect(DeadlinePolicy.standard.overdue(m.duplicate, at: t0 + 86400 * 9).isEmpty, "a merged call chases no deadline")

        let u = try IncidentMerge.unmerge(m.duplicate, from: m.primary)
        #expect(u.duplicate.status == .received && u.duplicate.mergedInto == nil && u.duplicate.times.cancelledAt == nil)
        #expect(u.primary.mergedIncidentIDs == nil)
        do {
            _ = try IncidentMerge.unmerge(u.duplicate, from: u.primary)
            Issue.record("a second undo was accepted")
        } catch { #expect(error.code == .notMerged) }
    }

    @Test func onlyUntouchedCallsMergeAndNeverIntoAMergedOne() throws {
        let first = try call(1), second = try call(2), third = try call(3)
        #expect(throws: DomainError.self) { try IncidentMerge.merge(first, into: first, by: "d", score: nil, reasons: nil, now: t0) }
        let unit = PoliceUnit(id: UnitID("u1"), callsign: "HP01-1", kind: .patrolCar, stationID: station.id, statusSince: t0, crew: 2, path: station.path)
        let busy = try decider.assign(second, units: [unit], now: t0).incident
        #expect(throws: DomainError.self) { try IncidentMerge.merge(busy, into: first, by: "d", score: nil, reasons: nil, now: t0) }
        let m = try IncidentMerge.merge(third, into: first, by: "d", score: nil, reasons: nil, now: t0)
        #expect(throws: DomainError.self) { try IncidentMerge.merge(second, into: m.duplicate, by: "d", score: nil, reasons: nil, now: t0) }
        #expect(throws: DomainError.self) { try IncidentMerge.merge(m.duplicate, into: second, by: "d", score: nil, reasons: nil, now: t0) }
        #expect(throws: DomainError.self) { try IncidentMerge.unmerge(m.duplicate, from: second) }
    }
}
