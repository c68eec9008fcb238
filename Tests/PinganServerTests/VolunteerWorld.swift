import Foundation
import HummingbirdTesting
import PinganCore
import Testing

/// A volunteer team at a station with one member on shift, who shared a position and reported
/// one thing: what the matrix and the volunteer tests start from.
enum VolunteerWorld {
    /// Creates the team, the volunteer account `username` and its shift; answers (team, shift) IDs.
    static func shift(_ client: any TestClientProtocol, admin: String, station: Jurisdiction, username: String) async throws -> (String, String) {
        let s = station.id.rawValue
        let t = try await client.call(.post, "/v1/volunteer-teams", token: admin, body: #"{"name":"义警\#(station.code)","stationID":"\#(s)"}"#)
        #expect(t.status == .created, "\(t.text)")
        let team = try #require(t.json["id"]?.stringValue, "\(t.text)")
        try await account(client, admin: admin, station: station.id, username: username, team: team)
        let volunteer = try await client.login(username)
        let started = try await client.call(.post, "/v1/volunteer-shifts", token: volunteer, body: "{}")
        #expect(started.status == .created, "\(started.text)")
        let shift = try #require(started.json["id"]?.stringValue, "\(started.text)")
        let p = try await client.call(.post, "/v1/volunteer-shifts/\(shift)/position", token: volunteer, body: #"{"location":{"lat":31.2352,"lon":121.4801}}"#)
        #expect(p.status == .ok, "\(p.text)")
        let r = try await client.call(.post, "/v1/volunteer-shifts/\(shift)/reports", token: volunteer, body: #"{"text":"可疑人员在车棚附近徘徊"}"#)
        #expect(r.status == .created, "\(r.text)")
        return (team, shift)
    }

    /// A volunteer account at `station`, added to `team` when one is given.
    static func account(_ client: any TestClientProtocol, admin: String, station: JurisdictionID, username: String, team: String?) async throws {
        let u = try await client.call(.post, "/v1/users", token: admin,
                                      body: #"{"username":"\#(username)","displayName":"志愿者\#(username)","role":"volunteer","jurisdictionID":"\#(station)","password":"\#(TestWorld.password)"}"#)
        #expect(u.status == .created, "\(u.text)")
        guard let team else { return }
        let m = try await client.call(.post, "/v1/volunteer-teams/\(team)/members", token: admin, body: #"{"username":"\#(username)","phone":"13800001111"}"#)
        #expect(m.status == .ok, "\(m.text)")
    }
}
