import Foundation
import PinganAnalytics
import PinganCore
import Testing

@Suite("Call files: CSV parsing, column mapping and bad input")
struct CallFileReaderTests {
    static let mapping = ColumnMapping(
        name: "test", timeColumn: "when", timeFormat: .isoDateTime, latColumn: "lat", lonColumn: "lon", categoryColumn: "type",
        categoryRules: [.init(.prefix, "FIRE", "fire", .p1), .init(.contains, "THEFT", "criminal", .p3)],
        validArea: GeoBox(minLat: 31, maxLat: 32, minLon: 121, maxLon: 122))

    func read(_ text: String, strict: Bool = false) throws -> CallFileReader.Result {
        try CallFileReader(mapping: Self.mapping, options: .init(strict: strict)).read(path: temporaryFile(text))
    }

    @Test func quotedFieldsCommasNewlinesAndCRLF() throws {
        let r = try read("when,lat,lon,type,note\r\n2016-01-04 08:30:00,31.2,121.4,\"Fire, building\",\"two\nlines \"\"quoted\"\"\"\r\n\r\n2016-01-04 09:00,31.25,121.45,THEFT,x\n")
        #expect(r.calls.count == 2)
        #expect(r.calls[0].category == "fire" && r.calls[0].priority == .p1)
        #expect(r.calls[1].category == "criminal")
        #expect(LocalClock.hour(r.calls[0].time) == 8 && LocalClock.weekday(r.calls[0].time) == 0)
        #expect(r.skippedTotal == 0)
    }

    @Test func unmatchedCategoryFallsBackToDefault() throws {
        let r = try read("when,lat,lon,type\n2016-01-04 08:30:00,31.2,121.4,Noise\n")
        #expect(r.calls.first?.category == "other")
        #expect(r.unmatchedCategories["Noise"] == 1)
    }

    @Test func missingColumnsAreNamed() throws {
        let e = #expect(throws: AnalyticsError.self) { try read("when,latitude,lon,kind\n2016-01-04 08:30:00,31.2,121.4,x\n") }
        #expect(e?.kind == .missingColumns)
        #expect(e?.description.contains("'lat'") == true && e?.description.contains("'type'") == true)
        #expect(e?.description.contains("latitude") == true, "lists the columns the file has")
    }

    @Test func badRowsAreCountedWithLineNumbers() throws {
        var bytes = Array("when,lat,lon,type\n2016-01-04 08:30:00,31.2,121.4,FIRE\nyesterday,31.2,121.4,FIRE\n2016-01-04 08:31:00,north,121.4,FIRE\n2016-01-04 08:32:00,40.0,-75.0,FIRE\n2016-01-04 08:33:00,31.2,121.4,".utf8)
        bytes += [0xC3, 0x28, 0x0A]
        bytes += Array("2016-02-30 08:34:00,31.2,121.4,FIRE\n2016-01-04 08:35:00,31.2\n2016-01-04 08:36:00,31.3,121.5,THEFT\n".utf8)
        let r = try CallFileReader(mapping: Self.mapping).read(path: temporaryFile(bytes))
        #expect(r.calls.count == 2)
        #expect(r.rowsRead == 8)
        #expect(r.skipped[.badTime] == 2)
        #expect(r.skipped[.badCoordinate] == 1)
        #expect(r.skipped[.outsideArea] == 1)
        #expect(r.skipped[.invalidUTF8] == 1)
        #expect(r.skipped[.shortRow] == 1)
        #expect(r.notices.first?.hasPrefix("line 3: bad_time") == true)
        #expect(r.notices.contains { $0.hasPrefix("line 6: invalid_utf8") })
    }

    @Test func strictStopsAtTheFirstBadRow() throws {
        let e = #expect(throws: AnalyticsError.self) {
            try read("when,lat,lon,type\n2016-01-04 08:30:00,31.2,121.4,FIRE\n2016-13-04 08:30:00,31.2,121.4,FIRE\n", strict: true)
        }
        #expect(e?.line == 3)
        #expect(e?.kind == .badRow)
    }

    @Test func emptyFileHeaderOnlyAndUnclosedQuote() throws {
        let empty = #expect(throws: AnalyticsError.self) { try read("") }
        #expect(empty?.kind == .empty)
        #expect(try read("when,lat,lon,type\n").calls.isEmpty)
        let open = #expect(throws: AnalyticsError.self) { try read("when,lat,lon,type\n2016-01-04 08:30:00,31.2,121.4,\"FIRE\n") }
        #expect(open?.line == 2)
        let missing = #expect(throws: AnalyticsError.self) { try CallFileReader(mapping: Self.mapping).read(path: "/nonexistent/calls.csv") }
        #expect(missing?.kind == .fileNotFound)
    }

    @Test func corruptGzipIsAnErrorNotACrash() throws {
        let path = temporaryFile([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0x00, 0x13, 0x37], suffix: ".csv.gz")
        #expect(throws: AnalyticsError.self) { try CallFileReader(mapping: Self.mapping).read(path: path) }
    }

    @Test func timeFormats() {
        #expect(TimeFormat.usDateTime12h.parse(Array("03/25/2016 11:58:30 PM".utf8)).map(LocalClock.hour) == 23)
        #expect(TimeFormat.usDateTime12h.parse(Array("03/25/2016 12:05:00 AM".utf8)).map(LocalClock.hour) == 0)
        #expect(TimeFormat.usDateTime12h.parse(Array("03/25/2016 13:05:00 PM".utf8)) == nil)
        #expect(TimeFormat.isoDate.parse(Array("2026-02-20".utf8)).map(LocalClock.format) == "2026-02-20 00:00")
        #expect(TimeFormat.isoDateTime.parse(Array("2015-12-10 17:40:00".utf8)).map(LocalClock.format) == "2015-12-10 17:40")
        #expect(TimeFormat.isoDateTime.parse(Array("2015-12-10".utf8)) == nil)
    }

    @Test func unknownCategoryCodeInMappingIsRejected() {
        var m = Self.mapping
        m.categoryRules.append(.init(.prefix, "X", "arson", .p1))
        #expect(throws: AnalyticsError.self) { try CallFileReader(mapping: m).read(path: temporaryFile("when,lat,lon,type\n")) }
    }
}

@Suite("Column mapping presets on the real public files")
struct RealFileMappingTests {
    func check(_ rel: String, _ preset: ColumnMapping.Preset, rows: Int, expectCategories: [String]) throws {
        let path = try #require(SharedData.path(rel))
        #expect(ColumnMapping.Preset.guess(fileName: (path as NSString).lastPathComponent) == preset)
        let r = try CallFileReader(mapping: preset.mapping, options: .init(limit: rows)).read(path: path)
        #expect(r.rowsRead == rows)
        #expect(Double(r.calls.count) >= 0.95 * Double(rows), "most rows usable: \(r.skipped) \(r.notices.prefix(3))")
        let seen = Set(r.calls.map(\.category))
        for c in expectCategories { #expect(seen.contains(c), "category \(c) among \(seen.sorted())") }
        #expect(Double(r.unmatchedCategories.values.reduce(0, +)) < 0.05 * Double(rows), "unmapped: \(r.unmatchedCategories)")
    }

    @Test(.enabled(if: SharedData.path(SharedData.montgomery) != nil, "shared/data/calls (Montgomery) absent: skipped"))
    func montgomery() throws { try check(SharedData.montgomery, .montgomery, rows: 3000, expectCategories: ["assistance", "traffic", "fire"]) }

    @Test(.enabled(if: SharedData.path(SharedData.seattle) != nil, "shared/data/calls (Seattle) absent: skipped"))
    func seattle() throws { try check(SharedData.seattle, .seattle, rows: 706, expectCategories: ["traffic", "suspicious", "dispute", "criminal"]) }

    @Test(.enabled(if: SharedData.path(SharedData.chicago) != nil, "shared/data/crime (Chicago) absent: skipped"))
    func chicago() throws {
        // 162 of 9,999 rows have no coordinates: they must be counted, not crash the read.
        let path = try #require(SharedData.path(SharedData.chicago))
        let r = try CallFileReader(mapping: .chicago).read(path: path)
        #expect(r.rowsRead == 9999)
        #expect(r.skipped[.badCoordinate, default: 0] >= 100)
        #expect(r.calls.count + r.skippedTotal == 9999)
        #expect(Set(r.calls.map(\.category)).isSuperset(of: ["criminal", "publicOrder"]))
    }

    @Test(.enabled(if: SharedData.path(SharedData.sf) != nil, "shared/data/crime (SF) absent: skipped"))
    func sanFrancisco() throws {
        try check(SharedData.sf, .sf, rows: 3000, expectCategories: ["criminal", "publicOrder", "traffic"])
        let r = try CallFileReader(mapping: .sanFrancisco, options: .init(limit: 10)).read(path: try #require(SharedData.path(SharedData.sf)))
        #expect(r.calls.allSatisfy { !$0.timeOfDayKnown })
    }
}
