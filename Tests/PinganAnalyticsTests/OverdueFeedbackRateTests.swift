import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// The overdue-feedback rate (警情超时反馈率) read from crafted logs.
@Suite("Overdue-feedback rate from the event log")
struct OverdueFeedbackRateTests {
    static func at(_ iso: String) -> Date { Timestamp.parse(iso)! }

    static func incident(_ id: String, station: String = "s1", received: Date, priority: Priority = .p2, feedbackSeconds: Int? = nil) -> Incident {
        var i = Incident(id: IncidentID(id), number: "N-\(id)", jurisdictionID: JurisdictionID(station), category: "dispute", priority: priority,
                         location: Coordinate(lat: 31.23, lon: 121.48), address: "a", caller: Caller(), description: "",
                         times: IncidentTimes(receivedAt: received), path: "/c/d/\(station)/")
        if let feedbackSeconds {
            i.deadlineRule = DeadlineRule(dispatchSeconds: 60, arriveSeconds: 600, feedbackSeconds: feedbackSeconds, setBy: "d")
        }
        return i
    }

    static func event(_ type: EventType, _ i: Incident, from: IncidentStatus? = nil, to: IncidentStatus? = nil) -> Event {
        try! Event(type, subject: i.id.rawValue, path: i.path, payload: IncidentEventData(incident: i, from: from, to: to))
    }

    static func closed(_ i: Incident, at: Date) -> Event {
        var c = i
        c.status = .closed
        c.times.resolvedAt = at
        c.times.closedAt = at
        return event(.incidentFeedback, c, from: .resolved, to: .closed)
    }

    static func cancelled(_ i: Incident) -> Event {
        var c = i
        c.status = .cancelled
        c.times.cancelledAt = i.times.receivedAt + 60
        return event(.incidentTransitioned, c, from: i.status, to: .cancelled)
    }

    @Test func oneLateOfThreeIsAThirdAndOpenPastDueCounts() throws {
        // P2: feedback within 24 h, so calls of the 22nd (CST) fall due on the 23rd.
        let a = Self.incident("a", received: Self.at("2026-11-22T10:00:00+08:00"))
        let b = Self.incident("b", received: Self.at("2026-11-22T10:00:00+08:00"))
        let c = Self.incident("c", received: Self.at("2026-11-22T10:00:00+08:00"))
        let gone = Self.incident("gone", received: Self.at("2026-11-22T10:00:00+08:00"))
        // Another station's own rule: feedback within an hour; never given.
        let open = Self.incident("open", station: "s2", received: Self.at("2026-11-23T20:00:00+08:00"), feedbackSeconds: 3600)
        // Due on the 24th at noon, after the end: not yet counted anywhere.
        let notYet = Self.incident("notYet", received: Self.at("2026-11-23T12:00:00+08:00"))
        let events = [
            Self.event(.incidentCreated, a), Self.event(.incidentCreated, b), Self.event(.incidentCreated, c),
            Self.event(.incidentCreated, gone), Self.event(.incidentCreated, open), Self.event(.incidentCreated, notYet),
            Self.closed(a, at: Self.at("2026-11-23T09:00:00+08:00")),
            Self.closed(b, at: Self.at("2026-11-23T10:00:00+08:00")),  // exactly at the deadline: on time
            Self.closed(c, at: Self.at("2026-11-23T11:00:00+08:00")),
            Self.cancelled(gone),
        ]
        let end = Self.at("2026-11-24T00:00:00+08:00")
        let rows = OverdueFeedbackRate.rows(from: events, at: end)
        #expect(rows == [
            .init(day: "2026-11-23", owner: "s1", ownerKind: .station, due: 3, overdue: 1, rate: 1.0 / 3.0),
            .init(day: "2026-11-23", owner: "s2", ownerKind: .station, due: 1, overdue: 1, rate: 1),
        ])
        // Before the open one's deadline the day holds only what fell due by then.
        let earlier = OverdueFeedbackRate.rows(from: events, at: Self.at("2026-11-23T21:00:00+08:00"))
        #expect(earlier.map(\.owner) == ["s1", "s2"] && earlier[1].overdue == 0, "due exactly at the end is not yet late")
        #expect(OverdueFeedbackRate.rows(from: events, at: Self.at("2026-11-23T09:59:59+08:00")).isEmpty)
        // Past the not-yet one's deadline, still open: the 24th gets its row.
        let later = OverdueFeedbackRate.rows(from: events, at: Self.at("2026-11-25T00:00:00+08:00"))
        #expect(later.last == .init(day: "2026-11-24", owner: "s1", ownerKind: .station, due: 1, overdue: 1, rate: 1))
    }

    @Test func daysAreChinaStandardTimeDaysOfTheDueInstant() {
        #expect(OverdueFeedbackRate.chinaDay(Self.at("2026-11-23T15:59:59Z")) == "2026-11-23")
        #expect(OverdueFeedbackRate.chinaDay(Self.at("2026-11-23T16:00:00Z")) == "2026-11-24")
        #expect(OverdueFeedbackRate.chinaDay(Self.at("2026-01-05T00:00:00+08:00")) == "2026-01-05")
        // Due one second either side of CST midnight: two days, one row each.
        let before = Self.incident("x", received: Self.at("2026-11-23T14:59:59Z"), feedbackSeconds: 3600)
        let after = Self.incident("y", received: Self.at("2026-11-23T15:00:00Z"), feedbackSeconds: 3600)
        let rows = OverdueFeedbackRate.rows(from: [Self.event(.incidentCreated, after), Self.event(.incidentCreated, before),
                                                   Self.closed(before, at: Self.at("2026-11-23T16:30:00Z"))],
                                            at: Self.at("2026-11-30T00:00:00Z"))
        #expect(rows.map(\.day) == ["2026-11-23", "2026-11-24"])
        #expect(rows.map(\.overdue) == [1, 1])
        // The standard limits by priority apply without a rule: P4 gives 72 hours.
        let p4 = Self.incident("p4", received: Self.at("2026-11-20T08:00:00+08:00"), priority: .p4)
        let p4rows = OverdueFeedbackRate.rows(from: [Self.event(.incidentCreated, p4)], at: Self.at("2026-11-30T00:00:00Z"))
        #expect(p4rows.map(\.day) == ["2026-11-23"])
    }

    @Test func theLastStateWinsReopenedAndMerged() {
        let i = Self.incident("r", received: Self.at("2026-11-22T10:00:00+08:00"))
        var reopened = i
        reopened.status = .reopened
        reopened.times.reopenedAt = Self.at("2026-11-23T09:30:00+08:00")
        let events = [Self.event(.incidentCreated, i), Self.closed(i, at: Self.at("2026-11-23T09:00:00+08:00")),
                      Self.event(.incidentTransitioned, reopened, from: .closed, to: .reopened)]
        let end = Self.at("2026-11-24T00:00:00+08:00")
        #expect(OverdueFeedbackRate.rows(from: events.prefix(2), at: end).map(\.overdue) == [0])
        #expect(OverdueFeedbackRate.rows(from: events, at: end).map(\.overdue) == [1], "reopened and not closed again: late")
        // A merged duplicate is cancelled by its merge event: it owes nothing.
        var merged = i
        merged.status = .cancelled
        let m = Self.event(.incidentMerged, merged, from: .received, to: .cancelled)
        #expect(OverdueFeedbackRate.rows(from: [Self.event(.incidentCreated, i), m], at: end).isEmpty)
    }

    @Test func agenciesHaveTheirOwnRowsAndReferredIncidentsLeaveTheStations() throws {
        let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d"), level: .station, code: "S1", name: "一所",
                                   location: Coordinate(lat: 31.23, lon: 121.48), path: "/c/d/s1/")
        let hotline = Agency(id: AgencyID("a1"), code: "12345", name: "12345热线", kind: .hotline12345, jurisdictionID: JurisdictionID("c"), path: "/c/")
        let grid = Agency(id: AgencyID("a2"), code: "GRID", name: "网格", kind: .grid, jurisdictionID: JurisdictionID("c"), path: "/c/")
        let limits = ReferralDecider.Limits(acceptSeconds: 600, feedbackSeconds: 3600, setBy: "standard")
        let t0 = Self.at("2026-11-23T09:00:00+08:00")
        var log: [Event] = []
        var n = 0
        func referred(to agency: Agency) throws -> (Incident, Referral) {
            n += 1
            let created = try IncidentDecider().create(NewIncident(category: "dispute", priority: .p3, location: Coordinate(lat: 31.23, lon: 121.48),
                                                                   address: "a", description: "噪音"),
                                                       id: IncidentID("i\(n)"), in: station, sequence: n, now: t0)
            let sent = try ReferralDecider.send(created.incident, to: agency, id: ReferralID("r\(n)"), note: "", rule: nil, by: "disp",
                                                limits: limits, now: t0)
            log += created.events + sent.events
            let accepted = try ReferralDecider.accept(sent.referral, incident: sent.incident, by: "agent", now: t0 + 60)
            log += accepted.events
            return (accepted.incident, accepted.referral)
        }
        // a1: on time, late, and a late return.
        var (i, r) = try referred(to: hotline)
        log += try ReferralDecider.finish(r, incident: i, outcome: "done", summary: "已处理", by: "agent", byUser: UserID("u"), now: t0 + 1800).events
        (i, r) = try referred(to: hotline)
        log += try ReferralDecider.finish(r, incident: i, outcome: "done", summary: "已处理", by: "agent", byUser: UserID("u"), now: t0 + 7200).events
        (i, r) = try referred(to: hotline)
        log += try ReferralDecider.giveBack(r, incident: i, reason: "非本单位", by: "agent", now: t0 + 4000).events
        // a2: one withdrawn (owes nothing), one still open past due.
        (i, r) = try referred(to: grid)
        log += try ReferralDecider.withdraw(r, incident: i, by: "disp", now: t0 + 100).events
        _ = try referred(to: grid)

        let end = Self.at("2026-11-23T23:00:00+08:00")
        let rows = OverdueFeedbackRate.rows(from: log, at: end)
        let agencies = rows.filter { $0.ownerKind == .agency }
        #expect(agencies == [
            .init(day: "2026-11-23", owner: "a1", ownerKind: .agency, due: 3, overdue: 2, rate: 2.0 / 3.0),
            .init(day: "2026-11-23", owner: "a2", ownerKind: .agency, due: 1, overdue: 1, rate: 1),
        ])
        // The closed-by-agency and still-referred incidents are the agencies' to answer for; the
        // returned and the withdrawn ones are back with the station, whose P3 feedback (48 h) is not due yet.
        #expect(rows.allSatisfy { $0.ownerKind == .agency })
        let twoDaysOn = OverdueFeedbackRate.rows(from: log, at: Self.at("2026-11-26T00:00:00+08:00"))
        #expect(twoDaysOn.filter { $0.ownerKind == .station } == [
            .init(day: "2026-11-25", owner: "s1", ownerKind: .station, due: 2, overdue: 2, rate: 1),
        ])
    }

    @Test func rowsAreSortedAndUnreadablePayloadsAreCounted() {
        let x = Self.incident("x", station: "s9", received: Self.at("2026-11-22T10:00:00+08:00"))
        let y = Self.incident("y", station: "s1", received: Self.at("2026-11-22T10:00:00+08:00"))
        let z = Self.incident("z", station: "s5", received: Self.at("2026-11-21T10:00:00+08:00"))
        var rate = OverdueFeedbackRate()
        for e in [x, y, z].map({ Self.event(.incidentCreated, $0) }) { rate.add(e) }
        rate.add(Event(type: .incidentCreated, subject: "bad", path: "/c/", data: .object(["incident": .string("?")])))
        rate.add(Event(type: .referralDone, subject: "bad", path: "/c/", data: .null))
        rate.add(Event(type: .messageSent, subject: "m", path: "/c/", data: .null))
        #expect(rate.unreadable == 2)
        let rows = rate.rows(at: Self.at("2026-12-01T00:00:00+08:00"))
        #expect(rows.map { "\($0.day) \($0.owner)" } == ["2026-11-22 s5", "2026-11-23 s1", "2026-11-23 s9"])
        let json = String(decoding: try! JSONEncoder().encode(rows[0]), as: UTF8.self)
        #expect(json.contains("\"ownerKind\":\"station\"") && json.contains("\"day\":\"2026-11-22\""))
    }
}
