import Foundation
import HummingbirdTesting
import PinganCore
import PinganServer
import Testing

/// `GET /v1/meta`: the rules the console used to copy, stated by the server from their one home
/// in the core (issue 14).
@Suite("Platform rules")
struct MetaTests {
    @Test func theRulesAreTheCoresOwn() async throws {
        try await TestWorld.run { _, client in
            #expect(try await client.call(.get, "/v1/meta").status == .unauthorized)
            let token = try await client.login("offA")
            let meta = try await client.call(.get, "/v1/meta", token: token)
            #expect(meta.status == .ok)
            let tiers = try #require(meta.json["tiers"]?.arrayValue)
            #expect(tiers.map { $0["minutes"]?.intValue } == ResponseTier.allCases.map(\.minutes))
            #expect(tiers.compactMap { $0["withinSeconds"]?.doubleValue } == ResponseTier.boundaries)
            for role in Role.allCases {
                let granted = Set(meta.json["roles"]?[role.rawValue]?.arrayValue?.compactMap(\.stringValue) ?? [])
                #expect(granted == Set(Permission.allCases.filter(role.may).map(\.rawValue)), "\(role)")
            }
            for status in IncidentStatus.allCases {
                let next = Set(meta.json["lifecycle"]?[status.rawValue]?.arrayValue?.compactMap(\.stringValue) ?? [])
                #expect(next == Set(IncidentLifecycle.successors(of: status).map(\.rawValue)), "\(status)")
            }
            #expect(meta.json["categories"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == CategoryCatalogue.standard.categories.map(\.code))
            let p1 = try #require(meta.json["deadlines"]?[0])
            #expect(p1["dispatchSeconds"]?.doubleValue == DeadlinePolicy.standard.limits(for: .p1).dispatch)
            #expect(meta.json["assignableStatuses"]?.arrayValue?.count == IncidentLifecycle.assignable.count)
        }
    }
}
