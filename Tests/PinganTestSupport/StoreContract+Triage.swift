import Foundation
import PinganCore
import PinganGeo
import PinganStore
import Testing

/// Agencies and referrals: written as the triage commands write them, read back whole (agencies),
/// by id, by the incident's scope and by the agency.
extension StoreContract {
    static func referral(_ id: String, incident: String, agency: Agency, at path: String, status: Referral.Status, sentAt: Date) -> Referral {
        var r = Referral(id: ReferralID(id), incidentID: IncidentID(incident), incidentNumber: "N-\(incident)", agencyID: agency.id, agencyName: agency.name,
                         summary: .init(category: "inquiry", address: "路", location: Coordinate(lat: 31.2, lon: 121.4), description: "噪音",
                                        receivedAt: sentAt, caller: Caller(phone: "138****5678")),
                         note: "", sent: .init(at: sentAt, by: "d"), acceptDue: sentAt + 1800, feedbackDue: sentAt + 86400, deadlinesSetBy: "standard", path: path)
        r.status = status
        return r
    }

    static func referrals(_ store: any Store, _ time: TestTime) async throws {
        let hotline = Agency(id: AgencyID("g1"), code: "12345", name: "12345 热线", kind: .hotline12345, jurisdictionID: JurisdictionID("c"), path: city.path)
        let grid = Agency(id: AgencyID("g2"), code: "GRID-A", name: "网格", kind: .grid, jurisdictionID: JurisdictionID("a"), path: stationA.path)
        try await put(store, time, .createAgency, .agencyCreated, [.agency(hotline), .agency(grid)])
        #expect(try await store.agencies().map(\.id) == [hotline.id, grid.id])
        #expect(try await store.agency(grid.id) == grid)
        #expect(try await store.agency(AgencyID("none")) == nil)

        let t0 = time.now()
        let a1 = referral("r1", incident: "i1", agency: hotline, at: stationA.path, status: .sent, sentAt: t0)
        let a2 = referral("r2", incident: "i2", agency: grid, at: stationA.path, status: .done, sentAt: t0 + 60)
        let b1 = referral("r3", incident: "i3", agency: hotline, at: stationB.path, status: .accepted, sentAt: t0 + 120)
        try await put(store, time, .sendReferral, .referralSent, [.referral(a1), .referral(a2), .referral(b1)])
        #expect(try await store.referral(a1.id) == a1)
        #expect(try await store.referrals(ReferralQuery(), scope: stationA).map(\.id) == [a2.id, a1.id])   // newest first, A's only
        #expect(try await store.referrals(ReferralQuery(agencyID: hotline.id), scope: .everything).map(\.id) == [b1.id, a1.id])
        #expect(try await store.referrals(ReferralQuery(statuses: [.sent, .accepted]), scope: districtD).map(\.id) == [b1.id, a1.id])
        #expect(try await store.referrals(ReferralQuery(incidentID: IncidentID("i2")), scope: .everything).map(\.id) == [a2.id])
        #expect(try await store.referrals(ReferralQuery(statuses: []), scope: .everything).isEmpty)
        #expect(try await store.referrals(ReferralQuery(limit: 1, offset: 1), scope: .everything).map(\.id) == [a2.id])

        // A step is a versioned update: the stale one fails and changes nothing.
        var accepted = a1
        accepted.status = .accepted
        accepted.version = 2
        try await put(store, time, .acceptReferral, .referralAccepted, [.referral(accepted)])
        #expect(try await store.referral(a1.id)?.status == .accepted)
        await #expect(throws: StoreError.self) { try await put(store, time, .acceptReferral, .referralAccepted, [.referral(accepted)]) }
        #expect(try await store.referrals(ReferralQuery(statuses: [.sent]), scope: .everything).isEmpty)
    }

    static func supervisionCases(_ store: any Store, _ time: TestTime) async throws {
        let t0 = time.now()
        func item(_ subject: String, _ path: String, step: String = "dispatch") -> OverdueItem {
            OverdueItem(kind: .incident, subjectID: subject, step: step, due: t0, path: path, title: subject)
        }
        let stage = SupervisionCase.Stage(level: .unit, sentAt: t0, text: "督办")
        let a = SupervisionCase(id: SupervisionCaseID("s1"), item: item("i1", stationA.path), stages: [stage], opened: t0)
        let b = SupervisionCase(id: SupervisionCaseID("s2"), item: item("i2", stationB.path), stages: [stage], opened: t0 + 60)
        var done = SupervisionCase(id: SupervisionCaseID("s3"), item: item("i1", stationA.path, step: "arrive"), stages: [stage], opened: t0 + 120)
        done.status = .resolved
        try await put(store, time, .sweepSupervision, .supervisionOpened, [.supervisionCase(a), .supervisionCase(b), .supervisionCase(done)])
        #expect(try await store.supervisionCase(a.id) == a)
        #expect(try await store.supervisionCases(SupervisionQuery(), scope: stationA).map(\.id) == [done.id, a.id])
        #expect(try await store.supervisionCases(SupervisionQuery(statuses: [.open]), scope: districtD).map(\.id) == [b.id, a.id])
        #expect(try await store.supervisionCases(SupervisionQuery(subject: "incident:i1:dispatch"), scope: .everything).map(\.id) == [a.id])
        #expect(try await store.supervisionCases(SupervisionQuery(statuses: []), scope: .everything).isEmpty)
        var escalated = a
        escalated.stages.append(.init(level: .station, sentAt: t0 + 900, text: "督办"))
        escalated.version = 2
        try await put(store, time, .sweepSupervision, .supervisionEscalated, [.supervisionCase(escalated)])
        #expect(try await store.supervisionCase(a.id)?.stages.count == 2)
        await #expect(throws: StoreError.self) { try await put(store, time, .sweepSupervision, .supervisionEscalated, [.supervisionCase(escalated)]) }
    }
}
