import Foundation
import PinganCore
import PinganGeo
import Testing

/// Which jurisdiction files a new incident, as a pure rule (issues 14 and 16).
@Suite("Incident ownership")
struct IncidentOwnershipTests {
    let city = Jurisdiction(id: JurisdictionID("c"), parentID: nil, level: .city, code: "SH", name: "city", path: "/c/")
    let a = Jurisdiction(id: JurisdictionID("a"), parentID: JurisdictionID("d"), level: .station, code: "A", name: "A",
                         location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c/d/a/")
    let b = Jurisdiction(id: JurisdictionID("b"), parentID: JurisdictionID("d"), level: .station, code: "B", name: "B",
                         location: Coordinate(lat: 31.2304, lon: 121.4900), path: "/c/d/b/")
    let unplaced = Jurisdiction(id: JurisdictionID("u"), parentID: JurisdictionID("d"), level: .station, code: "U", name: "U", path: "/c/d/u/")
    let rule = IncidentOwnership.Rule(outsideAreaMetres: 1_000)

    func owner(_ lat: Double, _ lon: Double, _ all: [Jurisdiction], scoped: [Jurisdiction]? = nil, own: JurisdictionID? = nil) throws -> Jurisdiction {
        try IncidentOwnership.owner(of: Coordinate(lat: lat, lon: lon), all: all, scoped: scoped ?? all, own: own ?? city.id, rule: rule)
    }

    /// A square area around `centre`, `half` degrees each side.
    func square(_ lat: Double, _ lon: Double, _ half: Double) throws -> GeoArea {
        try GeoArea(ring: [Coordinate(lat: lat - half, lon: lon - half), Coordinate(lat: lat - half, lon: lon + half),
                           Coordinate(lat: lat + half, lon: lon + half), Coordinate(lat: lat + half, lon: lon - half)])
    }

    @Test func beforeAreasTheNearestStationWithALocationFilesIt() throws {
        #expect(try owner(31.2352, 121.4801, [city, a, b, unplaced]).id == a.id)
        #expect(try owner(31.2300, 121.4910, [city, a, b, unplaced]).id == b.id)
    }

    @Test func withoutAPlacedStationTheCallTakersOwnJurisdictionFilesIt() throws {
        #expect(try owner(31.2, 121.4, [city, unplaced]).id == city.id)
        #expect(throws: DomainError.self) { try owner(31.2, 121.4, [unplaced]) }
    }

    @Test func aTieGoesToTheStationFirstByID() throws {
        let twin = Jurisdiction(id: JurisdictionID("0twin"), parentID: JurisdictionID("d"), level: .station, code: "T", name: "T",
                                location: a.location, path: "/c/d/t/")
        #expect(try owner(31.2352, 121.4801, [a, twin]).id == twin.id)
    }

    /// A station's area wins over a nearer station, and the smaller of two nested areas (a
    /// community inside its station) files the call.
    @Test func theAreaThatContainsTheCallFilesIt() throws {
        var a = a, b = b
        b.area = try square(31.2355, 121.4830, 0.01)   // b's area covers a's building
        var community = Jurisdiction(id: JurisdictionID("k"), parentID: b.id, level: .community, code: "K", name: "K", path: "/c/d/b/k/")
        community.area = try square(31.2300, 121.4900, 0.001)
        a.area = try square(31.30, 121.40, 0.01)
        #expect(try owner(31.2352, 121.4801, [city, a, b, community]).id == b.id)
        #expect(try owner(31.2301, 121.4901, [city, a, b, community]).id == community.id)
    }

    /// On no area: the nearest station within the rule's distance, else `outside_jurisdiction`
    /// (a call typed at Beijing in a Shanghai deployment).
    @Test func aCallOnNoAreaGoesToANearStationOrIsRefused() throws {
        var a = a
        a.area = try square(31.2355, 121.4830, 0.002)
        #expect(try owner(31.2355, 121.4930, [city, a, b]).id == b.id)   // ~300 m from b
        #expect(throws: DomainError(.outsideJurisdiction, field: "location",
                                    "the location is in no station's area and no station is within 1000 m of it")) {
            try owner(39.9, 116.4, [city, a, b])
        }
    }

    /// A station officer may file only on their own ground; the command centre anywhere.
    @Test func theCallerMustHoldTheOwnersGroundUnlessTheirRoleFilesAnywhere() throws {
        let officer = User(id: UserID("o"), username: "o", displayName: "o", role: .stationOfficer, jurisdictionID: a.id, passwordHash: "", path: a.path)
        var dispatcher = officer
        dispatcher.role = .dispatcher
        #expect(throws: DomainError.self) { try IncidentOwnership.check(b, for: officer) }
        try IncidentOwnership.check(a, for: officer)
        try IncidentOwnership.check(b, for: dispatcher)
    }

    @Test func anAreaIsAGeoJSONPolygonOrMultiPolygon() throws {
        let json = #"{"type":"MultiPolygon","coordinates":[[[[121.0,31.0],[121.1,31.0],[121.1,31.1],[121.0,31.1],[121.0,31.0]],[[121.04,31.04],[121.06,31.04],[121.06,31.06],[121.04,31.06],[121.04,31.04]]],[[[122.0,31.0],[122.1,31.0],[122.1,31.1],[122.0,31.0]]]]}"#
        let area = try JSONDecoder().decode(GeoArea.self, from: Data(json.utf8))
        #expect(area.contains(Coordinate(lat: 31.02, lon: 121.02)))
        #expect(!area.contains(Coordinate(lat: 31.05, lon: 121.05)))   // in the hole
        #expect(area.contains(Coordinate(lat: 31.01, lon: 122.05)))
        let again = try JSONDecoder().decode(GeoArea.self, from: JSONEncoder().encode(area))
        #expect(again == area)
        for bad in [#"{"type":"Point","coordinates":[121,31]}"#, #"{"type":"Polygon","coordinates":[[[121,31],[121,31],[121.1,31]]]}"#,
                    #"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1]]]}"#, #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,95]]]}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(GeoArea.self, from: Data(bad.utf8)) }
        }
    }
}
