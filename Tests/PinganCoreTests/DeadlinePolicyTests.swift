import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Deadlines and overdue")
struct DeadlinePolicyTests {
    let policy = DeadlinePolicy.standard
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func incident(_ priority: Priority) -> Incident {
        Incident(id: IncidentID("i"), number: "X-1", jurisdictionID: JurisdictionID("s"), category: "criminal", priority: priority,
                 location: Coordinate(lat: 31, lon: 121), address: "a", caller: Caller(), description: "", times: IncidentTimes(receivedAt: t0), path: "/s/")
    }

    @Test func p1DefaultsFollowTheStandard() {
        let l = policy.limits(for: .p1)
        #expect(l.dispatch == 60)
        #expect(l.arrive == 300)
        #expect(l.feedback == 86_400)
    }

    @Test func overdueAtChosenInstants() {
        var i = incident(.p1)
        #expect(policy.overdue(i, at: t0 + 59).isEmpty)
        #expect(policy.overdue(i, at: t0 + 60).isEmpty, "due at exactly 60 s is not yet late")
        #expect(policy.overdue(i, at: t0 + 61).map(\.step) == [.dispatch])
        #expect(policy.overdue(i, at: t0 + 301).map(\.step) == [.dispatch, .arrive])
        i.times.dispatchedAt = t0 + 45
        #expect(policy.overdue(i, at: t0 + 301).map(\.step) == [.arrive])
        i.times.onSceneAt = t0 + 280
        #expect(policy.overdue(i, at: t0 + 86_399).isEmpty)
        #expect(policy.overdue(i, at: t0 + 86_401).map(\.step) == [.feedback])
        i.times.closedAt = t0 + 90_000
        #expect(policy.overdue(i, at: t0 + 100_000).isEmpty, "done steps are no longer open")
        let late = policy.deadlines(for: i).filter { $0.isOverdue(at: t0 + 100_000) }
        #expect(late.map(\.step) == [.feedback], "closed after 24 h counts as late feedback")
    }

    @Test func lowerPrioritiesHaveLongerLimits() {
        let i = incident(.p4)
        #expect(policy.overdue(i, at: t0 + 600).isEmpty)
        #expect(policy.overdue(i, at: t0 + 1801).map(\.step) == [.dispatch])
        #expect(policy.next(i)?.step == .dispatch)
    }

    @Test func cancelledHasNoDeadlines() {
        var i = incident(.p1)
        i.status = .cancelled
        #expect(policy.overdue(i, at: t0 + 1_000_000).isEmpty)
    }

    @Test func configurablePolicy() {
        let fast = DeadlinePolicy(limits: Array(repeating: .init(dispatch: 10, arrive: 20, feedback: 30), count: 4))
        #expect(fast.overdue(incident(.p3), at: t0 + 11).map(\.step) == [.dispatch])
    }
}
