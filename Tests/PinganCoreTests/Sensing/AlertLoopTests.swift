import Foundation
import PinganCore
import PinganGeo
import Testing

/// The alert's loop, its deadlines and its storms, decided with a clock the test moves.
@Suite("Sensing: alert loop, deadlines and storms")
struct AlertLoopTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d1"), level: .station, code: "S1", name: "一所",
                                      location: Coordinate(lat: 31.23, lon: 121.48), path: "/c/d1/s1/")

    static func gate() -> Sensor {
        Sensor(id: SensorID("g1"), name: "一号卡口", kind: .gate, jurisdictionID: station.id, location: Coordinate(lat: 31.23, lon: 121.48),
               tokenHash: "h", path: station.path)
    }

    static func hit(_ id: String, at: Date, severity: AlertSeverity = .severe, policy: AlertDeadlinePolicy = .standard) -> Alert {
        let list = Watchlist(id: WatchlistID("w1"), name: "盗抢车辆", reason: "案件", jurisdictionID: station.id, severity: severity, validFrom: t0,
                             audience: Audience(owner: station.path, paths: []), path: station.path)
        let plate = try! PlateNumber.normalise("沪A12345")
        let entry = WatchlistEntry(id: WatchlistEntryID("e1"), watchlistID: list.id, kind: .plate, plate: plate, path: station.path)
        let record = SensorRecord(sensorID: SensorID("g1"), batchID: "b", seq: 0, at: at, kind: .plate, path: station.path, plate: plate)
        return AlertDrafts.hit(AlertID(id), record: record, sensor: gate(), entry: entry, list: list, fuzzy: false, at: at, policy: policy)
    }

    @Test func everyStateInTurnAndNoShortcuts() throws {
        let a = Self.hit("a1", at: Self.t0)
        #expect(a.status == .received)
        #expect(throws: DomainError.self) { try AlertDecider.close(a, members: [], as: .handled, feedback: "x", by: "disp", now: Self.t0) }
        let acked = try AlertDecider.acknowledge(a, by: "disp", now: Self.t0.addingTimeInterval(30)).alerts[0]
        #expect(acked.status == .acknowledged && acked.acknowledged?.by == "disp" && acked.version == 2)
        #expect(throws: DomainError.self) { try AlertDecider.acknowledge(acked, by: "disp", now: Self.t0) }
        #expect(throws: DomainError.self) { try AlertDecider.close(acked, members: [], as: .received, feedback: "x", by: "disp", now: Self.t0) }
        #expect(throws: DomainError.self) { try AlertDecider.close(acked, members: [], as: .handled, feedback: " ", by: "disp", now: Self.t0) }
        let handled = try AlertDecider.close(acked, members: [], as: .handled, feedback: "已拦截", by: "disp", now: Self.t0.addingTimeInterval(600))
        #expect(handled.alerts[0].status == .handled && handled.alerts[0].feedback == "已拦截")
        #expect(handled.events.map(\.type) == [.alertClosed])
        let falseAlarm = try AlertDecider.close(acked, members: [], as: .falseAlarm, feedback: "误识别", by: "disp", now: Self.t0)
        #expect(falseAlarm.alerts[0].status == .falseAlarm)
        #expect(throws: DomainError.self) { try AlertDecider.acknowledge(handled.alerts[0], by: "disp", now: Self.t0) }
    }

    @Test func deadlinesBySeverityFromThePolicyAndTheClock() throws {
        // A severe hit: acknowledge within 2 minutes, handle within 30.
        let a = Self.hit("a1", at: Self.t0)
        #expect(a.acknowledgeBy == Self.t0.addingTimeInterval(120) && a.handleBy == Self.t0.addingTimeInterval(1800))
        #expect(a.overdue(at: Self.t0.addingTimeInterval(119)).isEmpty)
        #expect(a.overdue(at: Self.t0.addingTimeInterval(121)) == [.acknowledge])
        let acked = try AlertDecider.acknowledge(a, by: "d", now: Self.t0.addingTimeInterval(100)).alerts[0]
        #expect(acked.overdue(at: Self.t0.addingTimeInterval(1000)).isEmpty)
        #expect(acked.overdue(at: Self.t0.addingTimeInterval(1801)) == [.handle])
        let late = try AlertDecider.acknowledge(a, by: "d", now: Self.t0.addingTimeInterval(300)).alerts[0]
        #expect(late.overdue(at: Self.t0.addingTimeInterval(301)) == [.acknowledge])
        // A district's policy sets its own limits for severe alerts; the station inherits them.
        var district = Jurisdiction(id: JurisdictionID("d1"), parentID: JurisdictionID("c"), level: .district, code: "D1", name: "区", path: "/c/d1/")
        district.policy = JurisdictionPolicy(alertDeadlines: [AlertDeadlineOverride(severity: "severe", acknowledgeSeconds: 30, handleSeconds: 600)])
        let policy = AlertDeadlinePolicy.effective(chain: [district, Self.station])
        let strict = Self.hit("a2", at: Self.t0, policy: policy)
        #expect(strict.acknowledgeBy == Self.t0.addingTimeInterval(30) && strict.handleBy == Self.t0.addingTimeInterval(600))
        #expect(policy.limits(for: .minor) == AlertDeadlinePolicy.standard.limits(for: .minor))
    }

    @Test func aStormFoldsIntoItsHeadWithinTheWindowAndSplitsAgain() throws {
        let head = Self.hit("h", at: Self.t0)
        let second = Self.hit("m1", at: Self.t0.addingTimeInterval(600))
        let folded = try AlertDecider.raise(second, into: head)
        #expect(folded.events.map(\.type) == [.alertRaised, .alertGrouped])
        let (member, newHead) = (folded.alerts[0], folded.alerts[1])
        #expect(member.groupID == head.id && newHead.members == [member.id] && newHead.version == 2)
        // Past the window, or after the head closed, a new alert stands alone.
        #expect(try AlertDecider.raise(Self.hit("x", at: Self.t0.addingTimeInterval(3601)), into: head).alerts.count == 1)
        let acked = try AlertDecider.acknowledge(newHead, by: "d", now: Self.t0).alerts[0]
        let closedHead = try AlertDecider.close(acked, members: [member], as: .handled, feedback: "同一车辆", by: "d", now: Self.t0.addingTimeInterval(700))
        #expect(closedHead.alerts.map(\.status) == [.handled, .handled], "the group closes its members")
        #expect(try AlertDecider.raise(Self.hit("y", at: Self.t0.addingTimeInterval(800)), into: closedHead.alerts[0]).alerts.count == 1)
        // A member cannot be closed on its own; splitting frees it.
        #expect(throws: DomainError.self) { try AlertDecider.close(member, members: [], as: .handled, feedback: "x", by: "d", now: Self.t0) }
        let split = try AlertDecider.split(newHead, members: [member])
        #expect(split.alerts.map(\.members) == [[], []] && split.alerts[1].groupID == nil)
        #expect(throws: DomainError.self) { try AlertDecider.split(split.alerts[0], members: []) }
    }

    @Test func crowdLevelsRiseOnceAndFallWithHysteresis() {
        let rule = CrowdRule(warnAt: 10_000, alarmAt: 15_000, risePerMinute: 500)
        var state: CrowdLevel?
        var raised: [[Alert.Kind]] = []
        for (minute, count) in [(0, 8_000), (10, 10_500), (20, 11_000), (30, 15_200), (40, 15_500), (50, 8_500), (60, 10_200)] {
            let (next, kinds) = CrowdLevel.next(after: state, count: count, at: Self.t0.addingTimeInterval(Double(minute) * 60), hour: 20, rule: rule)
            state = next
            raised.append(kinds)
        }
        #expect(raised == [[], [.crowdWarning], [], [.crowdAlarm], [], [], [.crowdWarning]])
        // A surge below both lines: 3,000 → 6,000 in five minutes.
        let (s1, _) = CrowdLevel.next(after: nil, count: 3_000, at: Self.t0, hour: 20, rule: rule)
        #expect(CrowdLevel.next(after: s1, count: 6_000, at: Self.t0.addingTimeInterval(300), hour: 20, rule: rule).1 == [.crowdRise])
        // Outside the rule's hours nothing is raised.
        let night = CrowdRule(warnAt: 100, alarmAt: 200, fromHour: 18, toHour: 23)
        #expect(CrowdLevel.next(after: nil, count: 500, at: Self.t0, hour: 3, rule: night).1.isEmpty)
        #expect(CrowdLevel.next(after: nil, count: 500, at: Self.t0, hour: 19, rule: night).1 == [.crowdAlarm])
    }

    @Test func anAlertGoesOutAsCAPAndAReceivedOneComesBack() throws {
        let a = Self.hit("a1", at: Self.t0)
        let m = AlertCAP.message(for: a, sender: "pingan@example.org")
        try m.validate()
        #expect(m.infos.first?.severity == .severe && m.infos.first?.categories == [.security])
        #expect(m.infos.first?.areas.first?.circles.first?.lat == a.location.lat)
        let back = try AlertCAP.alert(from: m, id: AlertID("r"), jurisdiction: Self.station, now: Self.t0, policy: .standard)
        #expect(back.kind == .external && back.severity == .severe && back.location == a.location)
        #expect(back.externalSender == "pingan@example.org" && back.externalIdentifier == m.identifier)
        var cancel = m
        cancel.msgType = .cancel
        #expect(throws: DomainError.self) { try AlertCAP.alert(from: cancel, id: AlertID("r"), jurisdiction: Self.station, now: Self.t0, policy: .standard) }
    }

    @Test func audiencesAdmitTheKeeperAboveAndTheSharedBelow() {
        let a = Audience(owner: "/c/d1/", paths: ["/c/d2/s3/"])
        #expect(a.admits(Scope(path: "/")) && a.admits(Scope(path: "/c/")) && a.admits(Scope(path: "/c/d1/")))
        #expect(!a.admits(Scope(path: "/c/d1/s1/")), "a station below the keeper sees only what is shared with it")
        #expect(a.admits(Scope(path: "/c/d2/s3/")) && a.admits(Scope(path: "/c/d2/s3/x/")) && a.admits(Scope(path: "/c/d2/")))
        #expect(!a.admits(Scope(path: "/c/d2/s4/")))
        #expect(a.column == "|/c/d1/#|/c/d2/s3/|" && Audience.everyone.column.isEmpty)
    }
}
