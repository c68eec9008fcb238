import Foundation
import HummingbirdTesting
import PinganCore
import Testing

/// Two agencies of the city (a 12345 hotline and a grid), each with a user, set up over the API
/// as the city administrator: what the triage tests, the access matrix and the idempotency cases
/// start from.
struct TriageWorld {
    var hotline: String
    var grid: String
    /// Signed-in tokens of the hotline's user (`agent`) and the grid's (`gridder`).
    var agent: String
    var gridder: String

    static func make(_ client: any TestClientProtocol, admin: String, city: JurisdictionID) async throws -> TriageWorld {
        func agency(_ code: String, _ name: String, _ kind: String) async throws -> String {
            let r = try await client.call(.post, "/v1/agencies", token: admin, body: #"{"code":"\#(code)","name":"\#(name)","kind":"\#(kind)","jurisdictionID":"\#(city)"}"#)
            #expect(r.status == .created, "\(r.text)")
            return try #require(r.json["id"]?.stringValue, "\(r.text)")
        }
        func user(_ name: String, _ agency: String) async throws -> String {
            let r = try await client.call(.post, "/v1/users", token: admin, body: #"""
                {"username":"\#(name)","displayName":"\#(name)","role":"externalAgency","jurisdictionID":"\#(city)","agencyID":"\#(agency)","password":"\#(TestWorld.password)"}
                """#)
            #expect(r.status == .created, "\(r.text)")
            return try await client.login(name)
        }
        let hotline = try await agency("12345-C", "12345 热线", "hotline12345")
        let grid = try await agency("GRID-C", "网格中心", "grid")
        return TriageWorld(hotline: hotline, grid: grid, agent: try await user("agent", hotline), gridder: try await user("gridder", grid))
    }

    /// Files a non-police call as `token` and refers it to `agency`; answers (incident, referral).
    func referred(_ client: any TestClientProtocol, dispatcher token: String, to agency: String? = nil,
                  description: String = "楼上装修噪音") async throws -> (incident: String, referral: String) {
        let i = try await client.call(.post, "/v1/incidents", token: token, json: callJSON(description, category: "inquiry"))
        let incident = try #require(i.json["id"]?.stringValue, "\(i.text)")
        let r = try await client.call(.post, "/v1/incidents/\(incident)/referrals", token: token, body: #"{"agencyID":"\#(agency ?? hotline)","note":"请处理"}"#)
        #expect(r.status == .created, "\(r.text)")
        return (incident, try #require(r.json["id"]?.stringValue, "\(r.text)"))
    }
}
