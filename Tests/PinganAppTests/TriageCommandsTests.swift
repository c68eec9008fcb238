import Foundation
import PinganApp
import PinganCore
import PinganGeo
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// Referrals and merges through the application layer on the real embedded store: each step
/// commits the referral and its incident together.
@Suite("Triage commands on SQLite")
struct TriageCommandsTests {
    @Test func aReferralCommitsWithItsIncident() async throws {
        let w = try await CommandRunnerTests.world()
        let admin = User.shellOperator
        let agency = try await w.app.agencies.create(NewAgency(code: "12345", name: "12345", kind: .hotline12345, jurisdictionID: w.fixtures.city.id),
                                                     by: admin).get()
        let incident = try await w.app.incidents.create(NewIncident(category: "inquiry", priority: .p4, location: Coordinate(lat: 31.2352, lon: 121.4801),
                                                                    address: "南京东路300号", description: "噪音"), by: admin).get()
        let stored0 = try #require(try await w.store.incident(incident.id, scope: .everything))
        print("DEBUG stored", stored0.version, incident.version, stored0.status)
        print("DEBUG doc", String(decoding: try incident.canonicalJSON(), as: UTF8.self))
        let d = try ReferralDecider.send(stored0, to: agency, id: .random(), note: "", rule: nil, by: "x", limits: .init(acceptSeconds: 10, feedbackSeconds: 20, setBy: "s"), now: Date())
        print("DEBUG decided", d.incident.version, d.referral.version)
        do {
            let referral = try await w.app.referrals.send(incident.id, .init(agencyID: agency.id), by: admin).get()
            #expect(referral.status == .sent)
            let stored = try #require(try await w.store.incident(incident.id, scope: .everything))
            #expect(stored.status == .referred && stored.version == incident.version + 1)
        } catch {
            Issue.record("\(error)")
        }
    }
}
