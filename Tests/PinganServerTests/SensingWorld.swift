import Foundation
import HummingbirdTesting
import PinganCore
import Testing

/// A gate camera of one station with a plate on a watchlist, set up over the API as the city
/// administrator, and the alerts its reads raise: what the sensing tests, the access matrix and
/// the idempotency cases start from.
struct SensingWorld {
    var sensor: String
    var token: String
    var watchlist: String
    var entry: String

    static let plate = "沪A12345"

    /// Registers a gate at `station`, a watchlist kept by `station` (shared with `visibleTo`)
    /// with `plate` on it.
    static func make(_ client: any TestClientProtocol, admin: String, station: JurisdictionID, visibleTo: [JurisdictionID] = [],
                     plate: String = SensingWorld.plate, name: String = "卡口") async throws -> SensingWorld {
        let s = try await client.call(.post, "/v1/sensors", token: admin,
                                      body: #"{"name":"\#(name)","kind":"gate","jurisdictionID":"\#(station)","location":{"lat":31.2352,"lon":121.4801},"defaultProvince":"沪"}"#)
        #expect(s.status == .created, "\(s.text)")
        let shared = visibleTo.map { "\"\($0)\"" }.joined(separator: ",")
        let w = try await client.call(.post, "/v1/watchlists", token: admin,
                                      body: #"{"name":"盗抢车辆","reason":"案件 2026-118","severity":"severe","jurisdictionID":"\#(station)","visibleTo":[\#(shared)]}"#)
        #expect(w.status == .created, "\(w.text)")
        let watchlist = try #require(w.json["id"]?.stringValue, "\(w.text)")
        let e = try await client.call(.post, "/v1/watchlists/\(watchlist)/entries", token: admin, body: #"{"kind":"plate","value":"\#(plate)"}"#)
        #expect(e.status == .created, "\(e.text)")
        return SensingWorld(sensor: try #require(s.json["sensor"]?["id"]?.stringValue), token: try #require(s.json["token"]?.stringValue),
                            watchlist: watchlist, entry: try #require(e.json["id"]?.stringValue))
    }

    /// Posts `plates` as one batch from the gate; answers the alert IDs raised.
    @discardableResult
    func read(_ plates: [String], batch: String = UUID().uuidString, at: Date, client: any TestClientProtocol) async throws -> [String] {
        let records = plates.map { #"{"at":"\#(Timestamp.format(at))","kind":"plate","plate":"\#($0)","plateColour":"blue","confidence":0.9}"# }
        let r = try await client.call(.post, "/v1/sensors/\(sensor)/records", token: token,
                                      body: #"{"batchID":"\#(batch)","records":[\#(records.joined(separator: ","))]}"#)
        #expect(r.status == .ok, "\(r.text)")
        guard case .array(let ids)? = r.json["alerts"] else { return [] }
        return ids.compactMap(\.stringValue)
    }
}
