import Foundation
import PinganCore
import PinganGeo
import Testing

/// The direct tree encoder must give exactly what encoding to bytes and decoding them again gives:
/// event payloads are hashed into the audit chain, so a difference would be a different chain.
@Suite("JSONValue encoder")
struct JSONValueEncoderTests {
    /// The slow reference: bytes through the platform's encoder, back through its decoder.
    func roundTrip(_ value: some Encodable) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: JSONCoding.encoder.encode(value))
    }

    let decider = IncidentDecider()
    let station = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d1"), level: .station, code: "HP01", name: "南京东路派出所",
                               location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c1/d1/s1/")

    @Test func incidentsThroughTheirWholeLifeMatchTheByteRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for n in 0..<50 {
            let t0 = Date(timeIntervalSince1970: Double.random(in: 1_700_000_000...1_900_000_000, using: &rng)).addingTimeInterval(0.0005)
            let unit = PoliceUnit(id: UnitID("u\(n)"), callsign: "HP01-\(n)", kind: .patrolCar, stationID: station.id, statusSince: t0, crew: 2,
                                  path: station.path)
            var incident = try decider.create(
                NewIncident(category: n % 2 == 0 ? "dispute" : "traffic", priority: n % 3 == 0 ? .p1 : .p3,
                            location: Coordinate(lat: 31 + Double.random(in: 0...1, using: &rng), lon: 121 + Double.random(in: 0...1, using: &rng)),
                            address: "南京东路\(n)号 \"quoted\" \\ back/slash", callerName: n % 4 == 0 ? nil : "张三",
                            callerPhone: n % 5 == 0 ? nil : "13812345678", description: "line one\nline two \u{1F46E}"),
                id: IncidentID("i\(n)"), in: station, sequence: n + 1, now: t0).incident
            #expect(try JSONValue(encoding: incident) == roundTrip(incident))
            let assigned = try decider.assign(incident, units: [unit], now: t0 + 31.5)
            incident = assigned.incident
            #expect(try JSONValue(encoding: incident) == roundTrip(incident))
            #expect(try JSONValue(encoding: assigned.units) == roundTrip(assigned.units))
            for event in assigned.events {
                #expect(try JSONValue(encoding: event) == roundTrip(event))
            }
        }
    }

    @Test func scalarsNilsAndNestedContainersMatch() throws {
        struct Sample: Encodable {
            var int = Int.max
            var small: Int8 = -3
            var unsigned: UInt64 = 1 << 60
            var float: Float = 0.1
            var double = 1e-7
            var flag = true
            var absent: String?
            var date = Date(timeIntervalSince1970: 1_790_000_000.123)
            var url = URL(string: "https://example.org/a?b=c")!
            var list: [[String: Double?]] = [["a": 1, "b": nil], [:]]
            var keyedByInt: [Int: String] = [1: "one", 20: "twenty"]
            func encode(to encoder: any Encoder) throws {
                enum K: String, CodingKey { case int, small, unsigned, float, double, flag, absent, explicitNil, date, url, list, keyedByInt, nested }
                var c = encoder.container(keyedBy: K.self)
                try c.encode(int, forKey: .int)
                try c.encode(small, forKey: .small)
                try c.encode(unsigned, forKey: .unsigned)
                try c.encode(float, forKey: .float)
                try c.encode(double, forKey: .double)
                try c.encode(flag, forKey: .flag)
                try c.encodeIfPresent(absent, forKey: .absent)
                try c.encodeNil(forKey: .explicitNil)
                try c.encode(date, forKey: .date)
                try c.encode(url, forKey: .url)
                try c.encode(list, forKey: .list)
                try c.encode(keyedByInt, forKey: .keyedByInt)
                var nested = c.nestedUnkeyedContainer(forKey: .nested)
                try nested.encode("x")
                var inner = nested.nestedContainer(keyedBy: K.self)
                try inner.encode(false, forKey: .flag)
            }
        }
        #expect(try JSONValue(encoding: Sample()) == roundTrip(Sample()))
        #expect(try JSONValue(encoding: "just a string") == .string("just a string"))
        #expect(throws: EncodingError.self) { try JSONValue(encoding: Double.nan) }
    }
}
