import Foundation
import PinganCore
import PinganGeo
import Testing

/// Zones' patrol plans (issue 20): the plans the core refuses, and daily shifts that overlap
/// across midnight.
@Suite("Zone shifts")
struct ZoneShiftTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_892_800)
    static let ring = [Coordinate(lat: 31.20, lon: 121.40), Coordinate(lat: 31.20, lon: 121.42), Coordinate(lat: 31.22, lon: 121.42),
                       Coordinate(lat: 31.22, lon: 121.40)]
    static let inside = Coordinate(lat: 31.21, lon: 121.41), outside = Coordinate(lat: 31.25, lon: 121.41)
    static func unit(_ n: Int, path: String = "/c/s1/") -> PoliceUnit {
        PoliceUnit(id: UnitID("u\(n)"), callsign: "巡\(n)", kind: .patrolCar, stationID: JurisdictionID("s1"), statusSince: t0, crew: 2, path: path)
    }
    static let zone = PatrolZone(id: ZoneID("z1"), stationID: JurisdictionID("s1"), name: "一巡区", boundary: ring, path: "/c/s1/")
    static func shift(_ name: String = "早班", start: Int = 480, length: Int = 480, required: Int = 240, units: [UnitID] = [UnitID("u1")],
                      points: [ZoneShift.Point] = []) -> ZoneShift {
        ZoneShift(name: name, startMinute: start, lengthMinutes: length, requiredMinutes: required, unitIDs: units, points: points)
    }

    func edit(_ shifts: [ZoneShift], zone: PatrolZone = Self.zone, others: [PatrolZone] = [],
              units: [PoliceUnit] = [Self.unit(1), Self.unit(2)]) throws(DomainError) -> PatrolZone {
        try OrganisationDecider.edit(zone, ZoneEdit(version: zone.version, shifts: shifts), units: nil, shiftUnits: units, otherZones: others).0
    }

    func refusal(_ shifts: [ZoneShift], others: [PatrolZone] = [], units: [PoliceUnit] = [Self.unit(1), Self.unit(2)]) -> DomainError? {
        do { _ = try edit(shifts, others: others, units: units); return nil } catch { return error }
    }

    @Test func aGoodPlanIsKeptWithTheZoneAndVersioned() throws {
        let point = ZoneShift.Point(name: "学校门口", location: Self.inside, dwellMinutes: 15)
        let z = try edit([Self.shift(points: [point]), Self.shift("夜班", start: 1200, length: 600, units: [UnitID("u2")])])
        #expect(z.version == 2 && z.shifts.count == 2 && z.shifts[0].points[0].radiusMetres == 50)
        // Stored before zones had plans: reads as none.
        let old = #"{"id":"z1","stationID":"s1","name":"一巡区","boundary":[{"lat":31.2,"lon":121.4},{"lat":31.2,"lon":121.42},{"lat":31.22,"lon":121.42}],"unitIDs":[],"path":"/c/s1/","version":1}"#
        #expect(try JSONDecoder().decode(PatrolZone.self, from: Data(old.utf8)).shifts.isEmpty)
        let again = try JSONDecoder().decode(PatrolZone.self, from: JSONEncoder().encode(z))
        #expect(again == z)
    }

    @Test func plansThatCannotBeKeptAreRefused() {
        #expect(refusal([Self.shift(points: [.init(name: "江边", location: Self.outside)])])?.field == "shifts.0.points.0.location")
        #expect(refusal([Self.shift(required: 481)])?.field == "shifts.0.requiredMinutes")
        #expect(refusal([Self.shift(start: 1440)])?.field == "shifts.0.startMinute")
        #expect(refusal([Self.shift(length: 10)])?.field == "shifts.0.lengthMinutes")
        #expect(refusal([Self.shift(points: [.init(name: "广场", location: Self.inside, dwellMinutes: 500)])])?.field == "shifts.0.points.0.dwellMinutes")
        #expect(refusal([Self.shift(units: [UnitID("u9")])])?.code == .notFound)
        #expect(refusal([Self.shift()], units: [Self.unit(1, path: "/c/s2/")])?.code == .invalidHierarchy)
        #expect(refusal(Array(repeating: Self.shift(units: []), count: ZoneShift.maxShifts + 1))?.field == "shifts")
        // One unit in two shifts at once: in this zone, or in another of the station's.
        let overlap = refusal([Self.shift(), Self.shift("中班", start: 900, length: 480)])
        #expect(overlap?.field == "shifts.1" && overlap?.message.contains("at once") == true)
        #expect(refusal([Self.shift(), Self.shift("中班", start: 900, length: 480, units: [UnitID("u2")])]) == nil)   // another unit may
        var other = PatrolZone(id: ZoneID("z2"), stationID: JurisdictionID("s1"), name: "二巡区", boundary: Self.ring, path: "/c/s1/")
        other.shifts = [Self.shift("夜班", start: 1380, length: 600)]
        #expect(refusal([Self.shift()], others: [other])?.message.contains("二巡区") == true)   // 23:00 + 10 h runs to 09:00
        other.active = false
        #expect(refusal([Self.shift()], others: [other]) == nil)
    }

    @Test func aRedrawnBoundaryMustStillHoldThePlansPoints() throws {
        var z = Self.zone
        z.shifts = [Self.shift(points: [.init(name: "学校门口", location: Self.inside)])]
        let smaller = [Coordinate(lat: 31.200, lon: 121.400), Coordinate(lat: 31.200, lon: 121.405), Coordinate(lat: 31.205, lon: 121.405)]
        #expect(throws: DomainError.self) { try OrganisationDecider.edit(z, ZoneEdit(version: 1, boundary: smaller), units: nil) }
    }

    @Test func dailyShiftsOverlapAcrossMidnight() {
        #expect(Self.shift(start: 1320, length: 480).overlaps(Self.shift(start: 300, length: 120)))    // 22:00-06:00 and 05:00-07:00
        #expect(!Self.shift(start: 1320, length: 480).overlaps(Self.shift(start: 360, length: 120)))   // 06:00 is the end
        #expect(!Self.shift(start: 480, length: 480).overlaps(Self.shift(start: 960, length: 480)))    // back to back
        #expect(Self.shift(start: 0, length: 1440).overlaps(Self.shift(start: 720, length: 30)))
        #expect(Self.shift(start: 1200).startText == "20:00" && Self.shift(start: 65).startText == "01:05")
    }
}
