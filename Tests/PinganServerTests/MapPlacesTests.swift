import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganGeo
import PinganServer
import PinganStore
import PinganTestSupport
import Testing

@Suite("Map: places, addresses, labels, background, extent")
struct MapPlacesTests {
    /// Helsinki has water, parks and buildings (the Shanghai demo extract has roads only).
    static let helsinki: RoadNetwork = {
        let path = TestMap.repoRoot.appendingPathComponent("Tests/PinganGeoTests/Fixtures/helsinki.osm.pbf").path
        do { return try RoadNetwork.load(path: path, useCache: false) } catch { fatalError("cannot load Helsinki: \(error)") }
    }()

    static func escaped(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    @Test("places finds landmarks in any spelling, ranked near the given point, in the asked language")
    func places() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            for q in ["人民广场", "人民廣場", "renminguangchang"] {
                let r = try await client.call(.get, "/v1/map/places?q=\(Self.escaped(q))&lat=31.232&lon=121.471", token: disp)
                #expect(r.status == .ok, "\(r.text)")
                guard case .array(let items) = r.json, let first = items.first else { Issue.record(Comment(rawValue: "\(q): \(r.text)")); continue }
                #expect(first["name"]?.stringValue == "人民广场" && first["kind"]?.stringValue == "landmark" && first["category"]?.stringValue == "bus_stop", "\(q)")
            }
            let en = try await client.call(.get, "/v1/map/places?q=\(Self.escaped("People's Avenue"))&lang=en", token: disp)
            guard case .array(let items) = en.json else { Issue.record(Comment(rawValue: en.text)); return }
            #expect(items.first?["name"]?.stringValue == "People's Avenue", "\(en.text)")
            for bad in ["q=x&lat=91&lon=0", "q=x&lat=31", "q=x&lon=121", "q=x&lang=fr", "q=x&lat=abc&lon=1"] {
                let r = try await client.call(.get, "/v1/map/places?\(bad)", token: disp)
                #expect(r.status == .badRequest, "\(bad): \(r.text)")
            }
        }
    }

    @Test("address names a position: a crossing, a street, or 404 no_address")
    func address() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            let crossing = try await client.call(.get, "/v1/map/places?q=\(Self.escaped("西藏中路福州路口"))", token: disp)
            let lat = try #require(crossing.json[0]?["location"]?["lat"]?.doubleValue), lon = try #require(crossing.json[0]?["location"]?["lon"]?.doubleValue)
            let r = try await client.call(.get, "/v1/map/address?lat=\(lat + 0.0002)&lon=\(lon)", token: disp)
            #expect(r.status == .ok && r.json["kind"]?.stringValue == "intersection", "\(r.text)")
            #expect((r.json["name"]?.stringValue ?? "").contains("福州路") && (r.json["distanceMetres"]?.doubleValue ?? 99) < 40, "\(r.text)")
            let far = try await client.call(.get, "/v1/map/address?lat=31.0&lon=122.5", token: disp)
            #expect(far.status == .notFound && far.code == "no_address", "\(far.text)")
            for bad in ["lat=31.2", "lat=95&lon=121", "lat=31&lon=121&lang=de", "lat=31&lon=121&x=1", ""] {
                let b = try await client.call(.get, "/v1/map/address?\(bad)", token: disp)
                #expect(b.status == .badRequest, "\(bad): \(b.text)")
            }
            #expect(try await client.call(.get, "/v1/map/address?lat=31.2&lon=121.4").status == .unauthorized)
        }
    }

    @Test("labels: named streets from zoom 14 (major only below 16), landmarks from zoom 16, English when asked")
    func labels() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            let bbox = "bbox=31.225,121.465,31.240,121.490"
            func features(_ query: String) async throws -> [JSONValue] {
                let r = try await client.call(.get, "/v1/map/labels?\(bbox)&\(query)", token: disp)
                #expect(r.status == .ok && r.headers[.contentType] == "application/geo+json", "\(r.text)")
                guard case .array(let f) = r.json["features"] else { return [] }
                return f
            }
            #expect(try await features("zoom=12").isEmpty)
            let z14 = try await features("zoom=14")
            #expect(!z14.isEmpty && z14.allSatisfy { ["motorway", "trunk", "primary", "secondary"].contains($0["properties"]?["class"]?.stringValue ?? "") })
            let z17 = try await features("zoom=17")
            let lines = z17.filter { $0["geometry"]?["type"]?.stringValue == "LineString" }
            let points = z17.filter { $0["geometry"]?["type"]?.stringValue == "Point" }
            #expect(lines.count > z14.count && lines.allSatisfy { !($0["properties"]?["name"]?.stringValue ?? "").isEmpty })
            #expect(points.contains { $0["properties"]?["name"]?.stringValue == "人民广场" && $0["properties"]?["kind"]?.stringValue == "place" })
            let english = try await features("zoom=16&lang=en")
            #expect(english.contains { $0["properties"]?["name"]?.stringValue == "People's Avenue" })
            for bad in ["zoom=23", "zoom=15&lang=xx"] {
                #expect(try await client.call(.get, "/v1/map/labels?\(bbox)&\(bad)", token: disp).status == .badRequest)
            }
            #expect(try await client.call(.get, "/v1/map/labels?zoom=15", token: disp).code == "invalid_field")
        }
    }

    @Test("background: water and parks as closed polygons, buildings from zoom 15")
    func background() async throws {
        let world = try await TestWorld.make()
        let box = try #require(Self.helsinki.extent)
        let bbox = "bbox=\(box.south),\(box.west),\(box.north),\(box.east)"
        try await TestWorld.serve(world, map: Self.helsinki) { client in
            let disp = try await client.login("disp")
            func kinds(_ zoom: Int) async throws -> [String: Int] {
                let r = try await client.call(.get, "/v1/map/background?\(bbox)&zoom=\(zoom)", token: disp)
                #expect(r.status == .ok && r.headers[.contentType] == "application/geo+json", "\(r.text.prefix(300))")
                guard case .array(let f) = r.json["features"] else { return [:] }
                for feature in f {
                    #expect(feature["geometry"]?["type"]?.stringValue == "Polygon")
                    guard case .array(let rings) = feature["geometry"]?["coordinates"], case .array(let ring) = rings.first else { Issue.record("no ring"); continue }
                    #expect(ring.count >= 4 && ring.first == ring.last)
                }
                return Dictionary(grouping: f.compactMap { $0["properties"]?["kind"]?.stringValue }, by: { $0 }).mapValues(\.count)
            }
            let low = try await kinds(14), high = try await kinds(16)
            #expect((low["water"] ?? 0) > 0 && (low["park"] ?? 0) > 0 && low["building"] == nil, "\(low)")
            #expect((high["building"] ?? 0) > 0, "\(high)")
            let extent = try await client.call(.get, "/v1/map/extent", token: disp)
            #expect(extent.status == .ok && (extent.json["centre"]?["lat"]?.doubleValue ?? 0) > 60, "\(extent.text)")
        }
    }

    @Test("extent frames the loaded map; every new map route answers 503 no_road_network without one")
    func extentAndNoMap() async throws {
        let world = try await TestWorld.make()
        try await TestWorld.serve(world) { client in
            let disp = try await client.login("disp")
            let r = try await client.call(.get, "/v1/map/extent", token: disp)
            let south = try #require(r.json["south"]?.doubleValue), north = try #require(r.json["north"]?.doubleValue)
            let lat = try #require(r.json["centre"]?["lat"]?.doubleValue), lon = try #require(r.json["centre"]?["lon"]?.doubleValue)
            #expect(south < TestMap.nearA.lat && TestMap.nearA.lat < north && abs(lat - 31.23) < 0.1 && abs(lon - 121.48) < 0.1, "\(r.text)")
        }
        try await TestWorld.serve(world, map: nil) { client in
            let disp = try await client.login("disp")
            for path in ["/v1/map/extent", "/v1/map/address?lat=31.2&lon=121.4", "/v1/map/labels?bbox=31.2,121.4,31.3,121.5&zoom=16",
                         "/v1/map/background?bbox=31.2,121.4,31.3,121.5"] {
                let r = try await client.call(.get, path, token: disp)
                #expect(r.status == .serviceUnavailable && r.code == "no_road_network", "\(path): \(r.text)")
            }
            // Places still answers, from the store only.
            #expect(try await client.call(.get, "/v1/map/places?q=\(Self.escaped("人民广场"))", token: disp).status == .ok)
        }
    }
}
