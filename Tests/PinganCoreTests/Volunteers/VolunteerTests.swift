import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Volunteers: teams of volunteer accounts, one shift at a time, positions in the zones, reports decided once, contributions")
struct VolunteerTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let station = Jurisdiction(id: JurisdictionID("a"), parentID: JurisdictionID("d"), level: .station, code: "A01", name: "甲派出所", path: "/c/d/a/")
    var zone: PatrolZone {
        PatrolZone(id: ZoneID("z"), stationID: station.id, name: "一巡区",
                   boundary: [.init(lat: 31.23, lon: 121.47), .init(lat: 31.23, lon: 121.48), .init(lat: 31.24, lon: 121.48), .init(lat: 31.24, lon: 121.47)],
                   path: station.path)
    }

    func account(_ name: String, role: Role = .volunteer, station: JurisdictionID? = nil) -> User {
        User(id: UserID(name), username: name, displayName: "志愿者\(name)", role: role, jurisdictionID: station ?? self.station.id, passwordHash: "", path: self.station.path)
    }

    func team() throws -> VolunteerTeam {
        let (t, _) = try VolunteerDecider.team(name: "西湖义警", zones: [zone], station: station, id: VolunteerTeamID("t"), now: now, by: "o")
        return try VolunteerDecider.addMember(t, user: account("v1"), phone: "138 0000 1111", otherTeam: nil, version: 1, now: now).0
    }

    func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as DomainError { return e.code.rawValue } catch { return "\(error)" }
    }

    @Test func onlyVolunteerAccountsOfTheStationJoinOneTeam() throws {
        let t = try team()
        #expect(t.members.map(\.username) == ["v1"] && t.members[0].phone == "13800001111" && t.version == 2)
        #expect(t.masked.members[0].phone == "*******1111")
        // An officer's account, another station's volunteer, someone already in, a bad phone, a stale version.
        #expect(code { _ = try VolunteerDecider.addMember(t, user: account("o1", role: .fieldOfficer), phone: nil, otherTeam: nil, version: nil, now: now) } == "invalid_field")
        #expect(code { _ = try VolunteerDecider.addMember(t, user: account("v9", station: JurisdictionID("b")), phone: nil, otherTeam: nil, version: nil, now: now) } == "invalid_field")
        #expect(code { _ = try VolunteerDecider.addMember(t, user: account("v1"), phone: nil, otherTeam: nil, version: nil, now: now) } == "duplicate")
        var other = t
        other.id = VolunteerTeamID("t2")
        #expect(code { _ = try VolunteerDecider.addMember(t, user: account("v2"), phone: nil, otherTeam: other, version: nil, now: now) } == "duplicate")
        #expect(code { _ = try VolunteerDecider.addMember(t, user: account("v2"), phone: "12345", otherTeam: nil, version: nil, now: now) } == "invalid_field")
        #expect(code { _ = try VolunteerDecider.addMember(t, user: account("v2"), phone: nil, otherTeam: nil, version: 1, now: now) } == "stale_version")
        // A team walks its own station's zones only.
        var foreign = zone
        foreign.stationID = JurisdictionID("b")
        #expect(code { _ = try VolunteerDecider.team(name: "乙队", zones: [foreign], station: station, id: .random(), now: now, by: "o") } == "invalid_field")
        #expect(code { _ = try VolunteerDecider.team(name: " ", zones: [], station: station, id: .random(), now: now, by: "o") } == "invalid_field")
    }

    @Test func aMemberWalksOneShiftAtATimeAndOnlyTheirOwn() throws {
        let t = try team()
        #expect(code { _ = try VolunteerDecider.start(team: t, username: "stranger", unended: [], id: .random(), now: now) } == "forbidden")
        let started = try VolunteerDecider.start(team: t, username: "v1", unended: [], id: VolunteerShiftID("s"), now: now)
        let shift = started.shift
        #expect(started.closed.isEmpty && started.events.map(\.type) == [.volunteerShiftStarted])
        #expect(code { _ = try VolunteerDecider.start(team: t, username: "v1", unended: [shift], id: .random(), now: now + 60) } == "illegal_transition")
        // Inside the zone, then outside; positions are no events.
        let inside = try VolunteerDecider.locate(shift, at: Coordinate(lat: 31.235, lon: 121.475), zones: [zone], by: "v1", now: now + 30)
        #expect(inside.inArea == true && inside.positionAt == now + 30 && inside.version == 2)
        #expect(try VolunteerDecider.locate(inside, at: Coordinate(lat: 31.25, lon: 121.475), zones: [zone], by: "v1", now: now + 60).inArea == false)
        #expect(try VolunteerDecider.locate(inside, at: Coordinate(lat: 31.25, lon: 121.475), zones: [], by: "v1", now: now + 60).inArea == nil)
        #expect(code { _ = try VolunteerDecider.locate(shift, at: Coordinate(lat: 31.2, lon: 121.4), zones: [], by: "v2", now: now) } == "forbidden")
        #expect(code { _ = try VolunteerDecider.locate(shift, at: Coordinate(lat: 91, lon: 121.4), zones: [], by: "v1", now: now) } == "invalid_field")
        // A shift nobody ended stops at twelve hours: the next one closes it there.
        let later = now + VolunteerShift.maxLength + 3600
        #expect(code { _ = try VolunteerDecider.locate(inside, at: Coordinate(lat: 31.235, lon: 121.475), zones: [], by: "v1", now: later) } == "illegal_transition")
        let next = try VolunteerDecider.start(team: t, username: "v1", unended: [inside], id: VolunteerShiftID("s2"), now: later)
        #expect(next.closed.map(\.endedAt) == [now + VolunteerShift.maxLength])
        #expect(next.events.map(\.type) == [.volunteerShiftEnded, .volunteerShiftStarted])
        let (ended, event) = try VolunteerDecider.end(next.shift, by: "v1", now: later + 7200)
        #expect(ended.endedAt == later + 7200 && event.type == .volunteerShiftEnded)
        #expect(code { _ = try VolunteerDecider.end(ended, by: "v1", now: later + 7300) } == "illegal_transition")
    }

    @Test func reportsNeedAPlaceAndAreDecidedOnce() throws {
        let shift = try VolunteerDecider.start(team: try team(), username: "v1", unended: [], id: VolunteerShiftID("s"), now: now).shift
        #expect(code { _ = try VolunteerDecider.report(shift, text: "可疑人员", location: nil, urgent: false, by: "v1", now: now) } == "invalid_field")
        #expect(code { _ = try VolunteerDecider.report(shift, text: "", location: Coordinate(lat: 31.2, lon: 121.4), urgent: false, by: "v1", now: now) } == "invalid_field")
        let located = try VolunteerDecider.locate(shift, at: Coordinate(lat: 31.235, lon: 121.475), zones: [], by: "v1", now: now)
        let (one, e1) = try VolunteerDecider.report(located, text: "车棚有人撬锁", location: nil, urgent: true, by: "v1", now: now + 60)
        #expect(one.reports.first?.location == Coordinate(lat: 31.235, lon: 121.475) && one.pendingReports == 1 && e1.type == .volunteerReported)
        let (two, _) = try VolunteerDecider.report(one, text: "路灯坏了", location: Coordinate(lat: 31.236, lon: 121.476), urgent: false, by: "v1", now: now + 120)
        #expect(two.reports.map(\.number) == [1, 2])
        let (filed, _) = try VolunteerDecider.review(two, report: 1, outcome: .filed, incident: IncidentID("i1"), by: "o", now: now + 180)
        #expect(filed.reports[0].status == .filed && filed.reports[0].incidentID == IncidentID("i1") && filed.pendingReports == 1)
        #expect(code { _ = try VolunteerDecider.review(filed, report: 1, outcome: .kept, by: "o", now: now) } == "illegal_transition")
        #expect(code { _ = try VolunteerDecider.review(filed, report: 2, outcome: .filed, by: "o", now: now) } == "invalid_field")
        #expect(code { _ = try VolunteerDecider.review(filed, report: 7, outcome: .kept, by: "o", now: now) } == "not_found")
        let (kept, _) = try VolunteerDecider.review(filed, report: 2, outcome: .kept, by: "o", now: now + 240)
        #expect(kept.pendingReports == 0)
        // Reviewing is the station's; reporting is the volunteer's own.
        #expect(code { _ = try VolunteerDecider.report(kept, text: "x", location: nil, urgent: false, by: "v2", now: now) } == "forbidden")
    }

    @Test func contributionsCountHoursReportsAndOutcomesPerMember() throws {
        let t = try team()
        var s1 = try VolunteerDecider.start(team: t, username: "v1", unended: [], id: VolunteerShiftID("s1"), now: now).shift
        s1 = try VolunteerDecider.report(s1, text: "a", location: Coordinate(lat: 31.2, lon: 121.4), urgent: false, by: "v1", now: now).0
        s1 = try VolunteerDecider.review(s1, report: 1, outcome: .filed, incident: IncidentID("i"), by: "o", now: now).0
        s1 = try VolunteerDecider.end(s1, by: "v1", now: now + 2 * 3600).0
        // Never ended: counted to twelve hours, not to "now" a day later.
        let s2 = try VolunteerDecider.start(team: t, username: "v1", unended: [], id: VolunteerShiftID("s2"), now: now + 86_400).shift
        let c = VolunteerContribution.count(t, shifts: [s1, s2], at: now + 3 * 86_400)
        #expect(c.count == 1)
        #expect(c[0].shifts == 2 && c[0].hours == 14 && c[0].reports == 1 && c[0].filed == 1 && c[0].kept == 0)
        // A running shift counts to now.
        #expect(VolunteerContribution.count(t, shifts: [s2], at: now + 86_400 + 1800)[0].hours == 0.5)
    }
}
