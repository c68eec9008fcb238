import Foundation
import PinganCore
import PinganGeo
import PinganTestSupport
import Testing

/// Supervision (督办): late steps chased unit → station → supervisor (agency first for
/// referrals), on a clock the test moves.
@Suite("Supervision: staged escalation of overdue work")
struct SupervisionTests {
    static let path = "/c/d1/s1/"
    static let limits = DeadlinePolicy(limits: Array(repeating: .init(dispatch: 60, arrive: 600, feedback: 86_400), count: 4))
    let clock = TestTime()
    var t0: Date { Date(timeIntervalSince1970: 1_790_000_000) }

    func incident(dispatchedTo units: [UnitID] = [UnitID("u1"), UnitID("u2")]) -> Incident {
        var i = Incident(id: IncidentID("i1"), number: "S1-20260912-0001", jurisdictionID: JurisdictionID("s1"), category: "dispute",
                         priority: .p2, location: Coordinate(lat: 31.23, lon: 121.48), address: "南京东路300号", caller: Caller(),
                         description: "争吵", times: IncidentTimes(receivedAt: t0), path: Self.path)
        if !units.isEmpty {
            i.status = .dispatched
            i.unitIDs = units
            i.times.dispatchedAt = t0 + 30
        }
        return i
    }

    func referral() -> Referral {
        let i = incident(dispatchedTo: [])
        return Referral(id: ReferralID("r1"), incidentID: i.id, incidentNumber: i.number, agencyID: AgencyID("12345"), agencyName: "12345热线",
                        summary: Referral.Summary(i), note: "噪音扰民", sent: Referral.Step(at: t0, by: "disp"), acceptDue: t0 + 900,
                        feedbackDue: t0 + 3600, deadlinesSetBy: "standard", path: Self.path)
    }

    /// Sweeps the way the app will: items from the entities at the clock's instant, the open cases
    /// from the last sweep; the test keeps the cases as the store would.
    struct Board {
        var cases: [SupervisionCase] = []
        var next = 0

        mutating func sweep(_ items: [OverdueItem], policy: SupervisionPolicy = .standard, now: Date) throws -> SupervisionDecision {
            var n = next
            let d = try SupervisionDecider.sweep(items: items, open: cases.filter { $0.status == .open }, policy: policy, now: now) {
                n += 1
                return SupervisionCaseID("case-\(n)")
            }
            next = n
            for c in d.cases {
                if let k = cases.firstIndex(where: { $0.id == c.id }) {
                    #expect(c.version == cases[k].version + 1, "one version step per decision")
                    cases[k] = c
                } else {
                    #expect(c.version == 1, "a new case is written at version 1")
                    cases.append(c)
                }
            }
            return d
        }
    }

    @Test func climbsUnitStationSupervisorAtTheRightInstantsThenResolves() throws {
        var i = incident()
        var board = Board()
        let due = t0 + 600  // arrival
        func sweep() throws -> SupervisionDecision {
            try board.sweep(OverdueItem.items(for: i, policy: Self.limits, at: clock.now()), now: clock.now())
        }
        clock.set(due)
        #expect(try sweep().isEmpty, "due exactly is not yet late")
        #expect(board.cases.isEmpty)

        clock.set(due + 1)
        let opened = try sweep()
        #expect(opened.events.map(\.type) == [.supervisionOpened])
        #expect(opened.reminders.map(\.level) == [.unit])
        #expect(opened.reminders[0].unitIDs == [UnitID("u1"), UnitID("u2")])
        #expect(opened.reminders[0].caseID == SupervisionCaseID("case-1") && opened.reminders[0].path == Self.path)
        let c1 = try #require(board.cases.first)
        #expect(c1.kind == .incident && c1.subjectID == "i1" && c1.step == "arrive" && c1.due == due && c1.opened == due + 1)
        #expect(c1.stages.map(\.level) == [.unit] && c1.stages[0].sentAt == due + 1 && c1.status == .open)
        let data = try opened.events[0].payload(as: SupervisionEventData.self)
        #expect(data.level == .unit && data.supervisionCase == c1)
        #expect(opened.events[0].subject == "case-1" && opened.events[0].path == Self.path)

        clock.set(due + 899)
        #expect(try sweep().isEmpty, "the station hears 15 minutes after due, not before")

        clock.set(due + 900)
        let station = try sweep()
        #expect(station.events.map(\.type) == [.supervisionEscalated])
        #expect(station.reminders.map(\.level) == [.station] && station.reminders[0].unitIDs.isEmpty)
        #expect(try station.events[0].payload(as: SupervisionEventData.self).level == .station)
        #expect(board.cases[0].stages.map(\.level) == [.unit, .station] && board.cases[0].version == 2)

        clock.set(due + 3599)
        #expect(try sweep().isEmpty)
        clock.set(due + 3600)
        let supervisor = try sweep()
        #expect(supervisor.reminders.map(\.level) == [.supervisor])
        #expect(board.cases[0].stages.map(\.level) == [.unit, .station, .supervisor] && board.cases[0].version == 3)

        clock.advance(by: 6 * 3600)
        #expect(try sweep().isEmpty, "the top of the ladder is the last stage")

        // The crew arrives: the step is done and the chase is over.
        i.status = .onScene
        i.times.onSceneAt = clock.now()
        let done = try sweep()
        #expect(done.events.map(\.type) == [.supervisionResolved])
        #expect(done.reminders.isEmpty)
        #expect(try done.events[0].payload(as: SupervisionEventData.self).level == .supervisor)
        #expect(board.cases[0].status == .resolved && board.cases[0].resolvedAt == clock.now() && board.cases[0].version == 4)
        clock.advance(by: 60)
        #expect(try sweep().isEmpty, "a resolved case is not touched again")
    }

    @Test func aLateSweepSendsEveryDueStageInOrderInOneVersion() throws {
        var board = Board()
        let due = t0 + 600
        clock.set(due + 3601)
        let d = try board.sweep(OverdueItem.items(for: incident(), policy: Self.limits, at: clock.now()), now: clock.now())
        #expect(d.events.map(\.type) == [.supervisionOpened], "one event per case per sweep")
        #expect(d.reminders.map(\.level) == [.unit, .station, .supervisor])
        #expect(board.cases.count == 1 && board.cases[0].version == 1)
        #expect(try d.events[0].payload(as: SupervisionEventData.self).level == .supervisor)

        // Between stage 2 and 3: two stages, not three.
        var other = Board()
        clock.set(due + 1000)
        let two = try other.sweep(OverdueItem.items(for: incident(), policy: Self.limits, at: clock.now()), now: clock.now())
        #expect(two.reminders.map(\.level) == [.unit, .station])
    }

    @Test func settableDelaysAndTheirChecks() throws {
        let policy = SupervisionPolicy(firstAfter: 300, stationAfter: 600, supervisorAfter: 1200)
        var board = Board()
        let due = t0 + 600
        let items = OverdueItem.items(for: incident(), policy: Self.limits, at: due + 299)
        #expect(items.map(\.step) == ["arrive"])
        #expect(try board.sweep(items, policy: policy, now: due + 299).isEmpty, "stage 1 waits for its own delay")
        #expect(try board.sweep(items, policy: policy, now: due + 300).reminders.map(\.level) == [.unit])
        #expect(try board.sweep(items, policy: policy, now: due + 600).reminders.map(\.level) == [.station])
        #expect(try board.sweep(items, policy: policy, now: due + 1200).reminders.map(\.level) == [.supervisor])

        #expect(SupervisionPolicy.standard.delays == [0, 900, 3600])
        let backwards = SupervisionPolicy(firstAfter: 0, stationAfter: 3600, supervisorAfter: 900)
        let error = #expect(throws: DomainError.self) {
            try SupervisionDecider.sweep(items: items, open: [], policy: backwards, now: due + 5000)
        }
        #expect(error?.code == .invalidField)
        #expect(throws: DomainError.self) { try SupervisionPolicy(firstAfter: -1).validate() }
        #expect(throws: DomainError.self) { try SupervisionPolicy(stationAfter: .infinity, supervisorAfter: .infinity).validate() }
    }

    @Test func acknowledgementIsRecordedOnceAndDoesNotHoldTheChase() throws {
        var board = Board()
        let due = t0 + 600
        let items = OverdueItem.items(for: incident(), policy: Self.limits, at: due + 1)
        _ = try board.sweep(items, now: due + 1)
        let c = board.cases[0]

        let missing = #expect(throws: DomainError.self) { try SupervisionDecider.acknowledge(c, level: .station, by: "u1-crew", now: due + 60) }
        #expect(missing?.code == .invalidField && missing?.field == "level")
        #expect(throws: DomainError.self) { try SupervisionDecider.acknowledge(c, by: " ", now: due + 60) }

        let ack = try SupervisionDecider.acknowledge(c, by: "u1-crew", now: due + 60)
        #expect(ack.events.map(\.type) == [.supervisionAcknowledged] && ack.reminders.isEmpty)
        let acked = try #require(ack.cases.first)
        #expect(acked.stages[0].acknowledgedAt == due + 60 && acked.stages[0].acknowledgedBy == "u1-crew")
        #expect(acked.version == c.version + 1 && acked.isAcknowledged)
        #expect(try ack.events[0].payload(as: SupervisionEventData.self).level == .unit)
        #expect(try SupervisionDecider.acknowledge(acked, level: .unit, by: "someone", now: due + 90).isEmpty,
                "a second acknowledgement changes nothing")
        board.cases[0] = acked

        // Seen is not done: the station still hears at due + 15 min.
        let up = try board.sweep(items, now: due + 900)
        #expect(up.reminders.map(\.level) == [.station])
        #expect(!board.cases[0].isAcknowledged && board.cases[0].stages[0].acknowledgedBy == "u1-crew")
        // With no level, the level reached is acknowledged.
        let top = try SupervisionDecider.acknowledge(board.cases[0], by: "station-duty", now: due + 950)
        #expect(top.cases[0].stages.map(\.acknowledgedBy) == ["u1-crew", "station-duty"])

        let resolved = try board.sweep([], now: due + 1000)
        #expect(resolved.events.map(\.type) == [.supervisionResolved])
        let late = #expect(throws: DomainError.self) { try SupervisionDecider.acknowledge(board.cases[0], by: "x", now: due + 1001) }
        #expect(late?.code == .illegalTransition)
    }

    @Test func referralCasesStartWithTheAgency() throws {
        var r = referral()
        var board = Board()
        func sweep() throws -> SupervisionDecision {
            try board.sweep(OverdueItem.items(for: r, at: clock.now()), now: clock.now())
        }
        clock.set(t0 + 900)
        #expect(try sweep().isEmpty)
        clock.set(t0 + 901)
        let opened = try sweep()
        #expect(opened.reminders.map(\.level) == [.agency])
        #expect(opened.reminders[0].agencyID == AgencyID("12345") && opened.reminders[0].unitIDs.isEmpty)
        #expect(board.cases[0].step == "accept" && board.cases[0].kind == .referral && board.cases[0].agencyID == AgencyID("12345"))
        #expect(board.cases[0].title == "S1-20260912-0001 → 12345热线")

        // The agency accepts late; the acceptance case is resolved, feedback is not yet due.
        r.status = .accepted
        r.accepted = Referral.Step(at: t0 + 950, by: "agent")
        clock.set(t0 + 960)
        #expect(try sweep().events.map(\.type) == [.supervisionResolved])

        clock.set(t0 + 3601)
        let feedback = try sweep()
        #expect(feedback.events.map(\.type) == [.supervisionOpened])
        #expect(board.cases.last?.step == "feedback" && board.cases.last?.id == SupervisionCaseID("case-2"))
        #expect(feedback.reminders.map(\.level) == [.agency])
        clock.set(t0 + 3600 + 900)
        #expect(try sweep().reminders.map(\.level) == [.station], "then the station that referred it")
        clock.set(t0 + 3600 + 3600)
        #expect(try sweep().reminders.map(\.level) == [.supervisor])

        r.status = .done
        clock.advance(by: 10)
        #expect(try sweep().events.map(\.type) == [.supervisionResolved])
        #expect(board.cases.allSatisfy { $0.status == .resolved })
    }

    @Test func workThatFallsLateAgainGetsANewCase() throws {
        var board = Board()
        var i = incident()
        i.status = .resolved
        i.times.onSceneAt = t0 + 300
        i.times.resolvedAt = t0 + 900
        i.resolvedByUnitIDs = i.unitIDs
        i.unitIDs = []
        let due = t0 + 86_400
        func items(_ now: Date) -> [OverdueItem] { OverdueItem.items(for: i, policy: Self.limits, at: now) }
        _ = try board.sweep(items(due + 1), now: due + 1)
        #expect(board.cases.map(\.id) == [SupervisionCaseID("case-1")] && board.cases[0].step == "feedback")
        i.status = .closed
        i.times.closedAt = due + 100
        #expect(try board.sweep(items(due + 200), now: due + 200).events.map(\.type) == [.supervisionResolved])
        // Reopened: the feedback is owed, and late, again; the chase starts over as a new case.
        i.status = .reopened
        i.times.closedAt = nil
        let again = try board.sweep(items(due + 300), now: due + 300)
        #expect(again.events.map(\.type) == [.supervisionOpened] && again.reminders.map(\.level) == [.unit])
        #expect(board.cases.map(\.id) == [SupervisionCaseID("case-1"), SupervisionCaseID("case-2")])
        #expect(board.cases.map(\.status) == [.resolved, .open])
    }

    @Test func oneWorkIsFollowedByOneCase() throws {
        let due = t0 + 600
        let item = OverdueItem(kind: .incident, subjectID: "i1", step: "arrive", due: due, path: Self.path, unitIDs: [UnitID("u1")], title: "x")
        let first = try SupervisionDecider.sweep(items: [item, item], open: [], now: due + 1) { SupervisionCaseID("c1") }
        #expect(first.cases.count == 1, "an item listed twice opens one case")
        var twin = first.cases[0]
        twin.id = SupervisionCaseID("c2")
        // Two open cases for one work (two sweeps that raced): the first is followed, the other resolved.
        let d = try SupervisionDecider.sweep(items: [item], open: [first.cases[0], twin], now: due + 900) { SupervisionCaseID("never") }
        #expect(d.events.map(\.type) == [.supervisionEscalated, .supervisionResolved])
        #expect(d.cases.map(\.id) == [SupervisionCaseID("c1"), SupervisionCaseID("c2")])
        #expect(d.cases.map(\.status) == [.open, .resolved])
        // Who holds the work now is refreshed as the case climbs.
        var moved = item
        moved.unitIDs = [UnitID("u9")]
        let later = try SupervisionDecider.sweep(items: [moved], open: [first.cases[0]], now: due + 3600) { SupervisionCaseID("never") }
        #expect(later.cases[0].unitIDs == [UnitID("u9")] && later.reminders.map(\.level) == [.station, .supervisor])
    }

    @Test func itemsFromIncidentsReferralsAndAlerts() {
        // Waiting for dispatch: no unit holds it.
        let waiting = incident(dispatchedTo: [])
        let d = OverdueItem.items(for: waiting, policy: Self.limits, at: t0 + 61)
        #expect(d.map(\.step) == ["dispatch"] && d[0].unitIDs.isEmpty && d[0].title == "S1-20260912-0001 dispute" && d[0].due == t0 + 60)
        // Resolved and waiting for feedback: the crews that resolved it are asked.
        var resolved = incident()
        resolved.times.onSceneAt = t0 + 300
        resolved.times.resolvedAt = t0 + 900
        resolved.status = .resolved
        resolved.resolvedByUnitIDs = resolved.unitIDs
        resolved.unitIDs = []
        let f = OverdueItem.items(for: resolved, policy: Self.limits, at: t0 + 86_401)
        #expect(f.map(\.step) == ["feedback"] && f[0].unitIDs == [UnitID("u1"), UnitID("u2")] && f[0].path == Self.path)
        // Referred: the referral's items chase it instead.
        var referred = waiting
        referred.status = .referred
        #expect(OverdueItem.items(for: referred, policy: Self.limits, at: t0 + 100_000).isEmpty)
        var cancelled = waiting
        cancelled.status = .cancelled
        #expect(OverdueItem.items(for: cancelled, policy: Self.limits, at: t0 + 100_000).isEmpty)

        var r = referral()
        #expect(OverdueItem.items(for: r, at: t0 + 3601).map(\.step) == ["accept", "feedback"])
        r.status = .inProgress
        #expect(OverdueItem.items(for: r, at: t0 + 3601).map(\.step) == ["feedback"])
        r.status = .returned
        #expect(OverdueItem.items(for: r, at: t0 + 3601).isEmpty)

        var a = Alert(id: AlertID("a1"), kind: .alarmButton, severity: .extreme, title: "一键报警 一中", action: "出警",
                      location: Coordinate(lat: 31.23, lon: 121.48), jurisdictionID: JurisdictionID("s1"), raisedAt: t0,
                      acknowledgeBy: t0 + 60, handleBy: t0 + 900, cause: "button:1", path: Self.path)
        #expect(OverdueItem.items(for: a, at: t0 + 60).isEmpty)
        #expect(OverdueItem.items(for: a, at: t0 + 61).map(\.step) == ["acknowledge"])
        #expect(OverdueItem.items(for: a, at: t0 + 901).map(\.step) == ["acknowledge", "close"])
        #expect(OverdueItem.items(for: a, at: t0 + 61)[0].title == "一键报警 一中")
        a.status = .acknowledged
        #expect(OverdueItem.items(for: a, at: t0 + 901).map(\.step) == ["close"])
        a.groupID = AlertID("head")
        #expect(OverdueItem.items(for: a, at: t0 + 901).isEmpty, "a group's member is chased through its head")
        a.groupID = nil
        a.status = .handled
        #expect(OverdueItem.items(for: a, at: t0 + 901).isEmpty)
    }

    @Test func reminderWordsAndPayloadKey() throws {
        let text = SupervisionCase.reminderText(kind: .incident, step: "feedback", title: "S1-20260912-0001 dispute", stage: 2,
                                                due: t0, now: t0 + 15 * 60 + 30)
        #expect(text == "督办（第2级）：警情 S1-20260912-0001 dispute 反馈已超时 15 分钟 / Overdue (stage 2): feedback on incident S1-20260912-0001 dispute, 15 min late")
        var board = Board()
        let d = try board.sweep(OverdueItem.items(for: referral(), at: t0 + 901), now: t0 + 901)
        #expect(d.reminders[0].text.hasPrefix("督办（第1级）：分流 S1-20260912-0001 → 12345热线 签收已超时 0 分钟 / Overdue (stage 1): acceptance on referral"))
        guard case .object(let fields) = d.events[0].data else {
            Issue.record("the payload is an object")
            return
        }
        #expect(fields["case"] != nil && fields["level"] == .string("agency"))
    }
}
