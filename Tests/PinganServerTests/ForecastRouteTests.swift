import Foundation
import HummingbirdTesting
import PinganCore
@testable import PinganServer
import Testing

/// Today's hotspot forecast over HTTP (issue 19): the cells are ranked from the calls of the
/// last days in the caller's scope, a neighbouring station sees none of them, and bad
/// parameters are refused with their field.
@Suite("Forecast route")
struct ForecastRouteTests {
    @Test func theBusiestPlaceRanksFirstAndScopeHolds() async throws {
        try await TestWorld.run { world, client in
            var disp = try await client.login("disp")
            let busy = (lat: 31.2352, lon: 121.4801), quiet = (lat: 31.2330, lon: 121.4760)
            // three days of calls: nine at the busy corner, two at the quiet one
            for day in 0..<3 {
                for k in 0..<3 {
                    let r = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("争吵 \(day)-\(k)", lat: busy.lat, lon: busy.lon))
                    #expect(r.status == .created, "\(r.text)")
                }
                if day < 2 { _ = try await client.call(.post, "/v1/incidents", token: disp, json: callJSON("噪音", lat: quiet.lat, lon: quiet.lon)) }
                world.time.advance(by: 86_400)
                disp = try await client.login("disp")   // a session lasts less than a day of the test's clock
            }
            let offB = try await client.login("offB")
            let reply = try await client.call(.get, "/v1/forecast/hotspots?method=prior_counts&top=5", token: disp)
            #expect(reply.status == .ok, "\(reply.text)")
            let json = reply.json
            #expect(json["eventsUsed"] == 11 && json["method"] == "prior_counts" && json["cellMetres"] == 150)
            let day = ISO8601DateFormatter.string(from: world.time.now(), timeZone: TimeZone(secondsFromGMT: 8 * 3600)!, formatOptions: [.withFullDate])
            #expect(json["day"]?.stringValue == day)
            guard case .array(let features)? = json["features"] else { Issue.record("no features: \(reply.text)"); return }
            #expect(features.count == 2, "two places had calls")
            #expect(features.first?["properties"]?["rank"] == 1 && features.first?["properties"]?["score"] == 9)
            // the first cell's square holds the busy corner
            guard case .array(let ring)? = features.first?["geometry"]?["coordinates"]?[0] else { Issue.record("no ring"); return }
            func number(_ v: JSONValue?) -> Double? { if case .number(let x)? = v { return x }; return nil }
            let lons = ring.compactMap { number($0[0]) }, lats = ring.compactMap { number($0[1]) }
            #expect(lons.min()! <= busy.lon && busy.lon <= lons.max()! && lats.min()! <= busy.lat && busy.lat <= lats.max()!)

            // the neighbouring station's officer learns nothing from station A's calls
            let theirs = try await client.call(.get, "/v1/forecast/hotspots", token: offB)
            #expect(theirs.status == .ok && theirs.json["eventsUsed"] == 0 && theirs.json["features"] == .array([]), "\(theirs.text)")
        }
    }

    @Test func badParametersAreRefused() async throws {
        try await TestWorld.run { _, client in
            let disp = try await client.login("disp")
            for (query, field) in [("method=magic", "method"), ("top=0", "top"), ("cell=10", "cell"), ("trainDays=9999", "trainDays"), ("top=x", "top")] {
                let r = try await client.call(.get, "/v1/forecast/hotspots?\(query)", token: disp)
                #expect(r.status == .badRequest && r.isProblem && r.json["field"]?.stringValue == field, "\(query): \(r.text)")
            }
            #expect(try await client.call(.get, "/v1/forecast/hotspots").status == .unauthorized)
        }
    }
}
