import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Disputes: parties, sessions, follow-up deadlines, supervision, rates")
struct DisputeTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let station = Jurisdiction(id: JurisdictionID("a"), parentID: JurisdictionID("d"), level: .station, code: "A01", name: "甲派出所", path: "/c/d/a/")

    func input(risk: Dispute.Risk = .medium, parties: [Dispute.Party]? = nil, address: String? = "庆阳路120号") -> NewDispute {
        NewDispute(kind: .neighbour, risk: risk, summary: "楼上漏水，两户多次争吵",
                   parties: parties ?? [.init(name: "王大明", phone: "139 0000 1111"), .init(name: "李小红", idNumber: "11010519491231002x")],
                   mediators: [.init(name: "社区调解员张", kind: .community)], address: address)
    }

    func opened(risk: Dispute.Risk = .medium) throws -> Dispute {
        try DisputeDecider.open(input(risk: risk), id: DisputeID("d1"), station: station, address: nil, incident: nil, now: now, by: "o").0
    }

    func field(_ i: NewDispute) -> String? {
        do { _ = try DisputeDecider.open(i, id: DisputeID("d"), station: station, address: nil, incident: nil, now: now, by: "o"); return nil }
        catch { return error.field }
    }

    @Test func aDisputeNeedsPartiesWithRealNumbersAndAPlace() throws {
        let (d, event) = try DisputeDecider.open(input(), id: DisputeID("d1"), station: station, address: nil, incident: nil, now: now, by: "o")
        #expect(d.parties[0].phone == "13900001111" && d.parties[1].idNumber == "11010519491231002X")
        #expect(d.status == .open && d.followUpDue == now.addingTimeInterval(3 * 86_400))
        #expect(event.type == .disputeOpened)
        #expect(!"\(event.data)".contains("13900001111") && !"\(event.data)".contains("王大明"))
        #expect(field(input(parties: [])) == "parties")
        #expect(field(input(parties: [.init(name: "甲", phone: "12345")])) == "parties.phone")
        #expect(field(input(parties: [.init(name: "甲", idNumber: "110105194912310021")])) == "parties.idNumber")
        #expect(field(input(address: nil)) == "address")
        // The incident's place stands in for a missing address.
        let incident = Incident(id: IncidentID("i"), number: "A01-1", jurisdictionID: station.id, category: "dispute", priority: .p2,
                                location: Coordinate(lat: 31.2, lon: 121.4), address: "九江路1号", caller: Caller(), description: "吵架",
                                times: IncidentTimes(receivedAt: now), path: station.path)
        let (fromCall, _) = try DisputeDecider.open(input(address: nil), id: DisputeID("d2"), station: station, address: nil, incident: incident, now: now, by: "o")
        #expect(fromCall.address == "九江路1号" && fromCall.incidentIDs == [incident.id] && fromCall.location == incident.location)
    }

    @Test func sessionsSetTheNextFollowUpAndASettledDisputeStaysSettled() throws {
        let d = try opened(risk: .low)
        #expect(d.followUpDue == now.addingTimeInterval(7 * 86_400))
        let later = now.addingTimeInterval(3600)
        let (going, event) = try DisputeDecider.session(d, note: "双方到场，初步沟通", outcome: .continuing, risk: .high, nextFollowUp: nil,
                                                        mediators: [.init(name: "律师赵", kind: .lawyer)], version: 1, by: "o", now: later)
        #expect(going.status == .mediating && going.risk == .high && going.followUpDue == later.addingTimeInterval(86_400))
        #expect(going.mediators.count == 2 && going.sessions.count == 1 && event.type == .disputeSession)
        let asked = later.addingTimeInterval(2 * 86_400)
        let (set, _) = try DisputeDecider.session(going, note: "约定周五再谈", outcome: .continuing, risk: nil, nextFollowUp: asked, mediators: nil,
                                                  version: nil, by: "o", now: later)
        #expect(set.followUpDue == asked)
        func refusal(_ from: Dispute, _ outcome: Dispute.Session.Outcome, next: Date? = nil, version: Int? = nil) -> String? {
            do { _ = try DisputeDecider.session(from, note: "x", outcome: outcome, risk: nil, nextFollowUp: next, mediators: nil, version: version, by: "o", now: later); return nil }
            catch { return error.field ?? error.code.rawValue }
        }
        #expect(refusal(set, .continuing, next: later.addingTimeInterval(-1)) == "nextFollowUp")
        #expect(refusal(set, .continuing, next: later.addingTimeInterval(40 * 86_400)) == "nextFollowUp")
        #expect(refusal(set, .resolved, next: asked) == "nextFollowUp")
        #expect(refusal(set, .resolved, version: 1) == "version")
        let (settled, _) = try DisputeDecider.session(set, note: "达成调解协议", outcome: .resolved, risk: nil, nextFollowUp: nil, mediators: nil,
                                                      version: nil, by: "o", now: later)
        #expect(settled.status == .resolved && settled.followUpDue == nil && settled.closedAt == later)
        #expect(refusal(settled, .continuing) == "status")
        #expect(throws: DomainError.self) { try DisputeDecider.escalated(settled, into: IncidentID("i"), now: later) }
    }

    @Test func highRiskDisputesAreOnTheBoardAndLateFollowUpsAreChased() throws {
        let high = try opened(risk: .high)
        let items = OverdueItem.items(for: high, at: now)
        #expect(items.map(\.step) == ["highRisk"] && items.first?.kind == .dispute)
        let d = try SupervisionDecider.sweep(items: items, open: [], now: now.addingTimeInterval(61 * 60))
        #expect(d.cases.first?.stages.map(\.level) == [.unit, .station, .supervisor])
        #expect(d.reminders.last?.text.contains("矛盾纠纷") == true)
        let medium = try opened(risk: .medium)
        #expect(OverdueItem.items(for: medium, at: now.addingTimeInterval(3 * 86_400)).isEmpty)
        #expect(OverdueItem.items(for: medium, at: now.addingTimeInterval(3 * 86_400 + 1)).map(\.step) == ["followUp"])
        let (settled, _) = try DisputeDecider.session(high, note: "和解", outcome: .resolved, risk: nil, nextFollowUp: nil, mediators: nil, version: nil,
                                                      by: "o", now: now)
        #expect(OverdueItem.items(for: settled, at: now.addingTimeInterval(10 * 86_400)).isEmpty)
    }

    @Test func ratesCountResolvedOpenLateHighRiskAndEscalated() throws {
        let a = try opened(risk: .high)
        var b = try opened(risk: .low)
        b.id = DisputeID("d2")
        var c = try opened(risk: .medium)
        c.id = DisputeID("d3")
        let (settled, _) = try DisputeDecider.session(b, note: "和解", outcome: .resolved, risk: nil, nextFollowUp: nil, mediators: nil, version: nil, by: "o", now: now)
        let (escalated, _) = try DisputeDecider.escalated(a, into: IncidentID("i"), now: now)
        let r = try #require(DisputeRates.count([escalated, settled, c], at: now.addingTimeInterval(4 * 86_400)).first)
        #expect(r.opened == 3 && r.resolved == 1 && r.open == 2 && r.overdue == 2 && r.highRiskOpen == 1 && r.escalated == 1)
        #expect(abs(r.resolutionRate - 1.0 / 3) < 1e-9)
    }
}
