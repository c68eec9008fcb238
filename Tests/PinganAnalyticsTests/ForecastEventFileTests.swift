import Foundation
import PinganAnalytics
import PinganGeo
import Testing

@Suite("Forecast: event files (plain CSV and presets)")
struct ForecastEventFileTests {
    static let plain = """
    time,lat,lon,category
    2026-03-01,37.75,-122.42,Burglary
    2026-03-01T14:05:00Z,37.76,-122.41,Theft
    2026-03-02 08:30,37.77,-122.40,
    yesterday,37.75,-122.42,Burglary
    2026-03-03,north,-122.42,Burglary
    2026-03-03,95,-122.42,Burglary
    2026-03-04T09:00:00+08:00,37.78,-122.43,BURGLARY

    """

    @Test func plainCSVWithBadRowsByLine() throws {
        let r = try EventFileReader(columns: .plain).read(path: temporaryFile(Self.plain))
        #expect(r.rowsRead == 7)
        #expect(r.events.count == 4)
        #expect(r.skippedTotal == 3)
        #expect(r.skipped[.badTime] == 1 && r.skipped[.badCoordinate] == 2)
        #expect(r.notices.count == 3)
        #expect(r.notices[0].hasPrefix("line 5: bad_time"), "\(r.notices)")
        #expect(r.notices[1].hasPrefix("line 6: bad_coordinate"))
        #expect(r.notices[2].hasPrefix("line 7: bad_coordinate"))
        #expect(r.events.map(\.timeOfDayKnown) == [false, true, true, true])
        #expect(LocalClock.format(r.events[1].time) == "2026-03-01 14:05", "the wall clock as written; Z is not applied")
        #expect(LocalClock.format(r.events[3].time) == "2026-03-04 09:00", "nor is +08:00")
        #expect(r.events[0].day == ForecastDay("2026-03-01"))
        #expect(r.events[0].days == Double(ForecastDay("2026-03-01")!.rawValue) + 0.5, "a date-only event sits at noon")
        #expect(r.categories == ["Burglary", "Theft", "BURGLARY"])
        #expect(r.events[2].category == -1, "a blank category is none")
        #expect(r.events[1].coordinate == Coordinate(lat: 37.76, lon: -122.41))
    }

    @Test func strictStopsAtTheFirstBadRow() throws {
        let e = #expect(throws: AnalyticsError.self) {
            try EventFileReader(columns: .plain, options: .init(strict: true)).read(path: temporaryFile(Self.plain))
        }
        #expect(e?.kind == .badRow && e?.line == 5)
    }

    @Test func columnsInAnyOrderAndCategoryOptional() throws {
        let r = try EventFileReader(columns: .plain).read(path: temporaryFile("lon,time,lat\n-122.42,2026-03-01T10:00,37.75\n"))
        #expect(r.events.count == 1 && r.events[0].category == -1 && r.categories.isEmpty)
        #expect(r.events[0].coordinate.lat == 37.75)
    }

    @Test func missingColumnsAreNamed() throws {
        let e = #expect(throws: AnalyticsError.self) {
            try EventFileReader(columns: .plain).read(path: temporaryFile("when,lat,lon\n2026-03-01,37.75,-122.42\n"))
        }
        #expect(e?.kind == .missingColumns && e?.description.contains("'time'") == true)
    }

    @Test func categorySelectionByRegularExpression() throws {
        let r = try EventFileReader(columns: .plain).read(path: temporaryFile(Self.plain))
        #expect(try r.events(categoryMatching: "^burglary$").count == 2, "case-insensitive")
        #expect(try r.events(categoryMatching: "THEFT|burg").count == 3)
        let e = #expect(throws: ForecastError.self) { try r.events(categoryMatching: "(") }
        #expect(e?.kind == .badPattern)
    }

    @Test func presetsAndGuessing() throws {
        #expect(EventFileReader.Columns.guess(fileName: "sf_police_incident_points_2026.csv.gz") == .preset(.sf))
        #expect(EventFileReader.Columns.guess(fileName: "chicago_crimes_10k_2015.csv.gz") == .preset(.chicago))
        #expect(EventFileReader.Columns.guess(fileName: "events.csv") == .plain)
        #expect(EventFileReader.Columns(name: "PLAIN") == .plain && EventFileReader.Columns(name: "nope") == nil)
        let sf = "id,date,category,lat,lng\n1,2026-02-20,Burglary,37.71,-122.44\n2,2026-02-21,Assault,10.0,10.0\n"
        let r = try EventFileReader(columns: .preset(.sf)).read(path: temporaryFile(sf))
        #expect(r.events.count == 1 && r.skipped[.outsideArea] == 1, "the preset's area check applies")
        #expect(r.categories == ["Burglary"] && !r.events[0].timeOfDayKnown)
    }

    @Test func iso8601Times() {
        func f(_ s: String) -> String? { TimeFormat.iso8601.parse(Array(s.utf8)).map(LocalClock.format) }
        #expect(f("2026-03-01") == "2026-03-01 00:00")
        #expect(f("2026-03-01T14:05") == "2026-03-01 14:05")
        #expect(f("2026-03-01T14:05:07.123Z") == "2026-03-01 14:05")
        #expect(f("2026-03-01 14:05:07+0800") == "2026-03-01 14:05")
        #expect(f("2026-03-01T14:05:07-05:00") == "2026-03-01 14:05")
        #expect(f("2026-03-01T25:00") == nil)
        #expect(f("2026-02-30") == nil)
        #expect(f("2026-03-01T14") == nil)
        #expect(f("2026-03-01T14:05+99:00") == nil)
        #expect(ForecastDay("2024-02-29")?.description == "2024-02-29" && ForecastDay("2023-02-29") == nil)
    }
}
