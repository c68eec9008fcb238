import PinganCore
import PinganGeo
import Testing

/// Which jurisdiction files a new incident, as a pure rule (issue 14).
@Suite("Incident ownership")
struct IncidentOwnershipTests {
    let city = Jurisdiction(id: JurisdictionID("c"), parentID: nil, level: .city, code: "SH", name: "city", path: "/c/")
    let a = Jurisdiction(id: JurisdictionID("a"), parentID: JurisdictionID("d"), level: .station, code: "A", name: "A",
                         location: Coordinate(lat: 31.2355, lon: 121.4830), path: "/c/d/a/")
    let b = Jurisdiction(id: JurisdictionID("b"), parentID: JurisdictionID("d"), level: .station, code: "B", name: "B",
                         location: Coordinate(lat: 31.2304, lon: 121.4900), path: "/c/d/b/")
    let unplaced = Jurisdiction(id: JurisdictionID("u"), parentID: JurisdictionID("d"), level: .station, code: "U", name: "U", path: "/c/d/u/")

    @Test func theNearestStationWithALocationFilesIt() {
        #expect(IncidentOwnership.owner(of: Coordinate(lat: 31.2352, lon: 121.4801), among: [city, a, b, unplaced], own: city.id)?.id == a.id)
        #expect(IncidentOwnership.owner(of: Coordinate(lat: 31.2300, lon: 121.4910), among: [city, a, b, unplaced], own: city.id)?.id == b.id)
    }

    @Test func withoutAPlacedStationTheCallTakersOwnJurisdictionFilesIt() {
        #expect(IncidentOwnership.owner(of: Coordinate(lat: 31.2, lon: 121.4), among: [city, unplaced], own: city.id)?.id == city.id)
        #expect(IncidentOwnership.owner(of: Coordinate(lat: 31.2, lon: 121.4), among: [unplaced], own: city.id) == nil)
    }

    @Test func aTieGoesToTheStationFirstByID() {
        let twin = Jurisdiction(id: JurisdictionID("0twin"), parentID: JurisdictionID("d"), level: .station, code: "T", name: "T",
                                location: a.location, path: "/c/d/t/")
        #expect(IncidentOwnership.owner(of: Coordinate(lat: 31.2352, lon: 121.4801), among: [a, twin], own: city.id)?.id == twin.id)
    }
}
