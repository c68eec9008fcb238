import Foundation
import Testing
@testable import PinganGeo

@Suite("Place index (search and reverse geocoding)")
struct PlaceIndexTests {
    /// The shipped Shanghai extract: drivable roads and the named bus stops on them.
    static let shanghai: PlaceIndex = {
        do {
            let (_, streets, features) = try RoadNetwork.loadMap(path: TestData.shanghaiPath)
            return PlaceIndex(features, streets: streets)
        } catch { fatalError("\(error)") }
    }()
    /// People's Square, between its bus stops.
    static let peoplesSquare = Coordinate(lat: 31.2320, lon: 121.4710)

    @Test("a landmark by its name, nearest first")
    func landmark() throws {
        let found = Self.shanghai.search("人民广场", near: Self.peoplesSquare)
        let first = try #require(found.first)
        #expect(first.name == "人民广场" && first.kind == .landmark && first.category == "bus_stop", "\(found)")
        #expect(Geodesy.haversine(first.location, Self.peoplesSquare) < 600)
        // Stops of one name close together are one place.
        let same = found.filter { $0.name == "人民广场" && $0.kind == .landmark }
        for (i, a) in same.enumerated() { for b in same.dropFirst(i + 1) { #expect(Geodesy.haversine(a.location, b.location) >= 300) } }
    }

    @Test("traditional characters and pinyin find the simplified name", arguments: ["人民廣場", "renminguangchang", "ren min guang chang", "RenMin GuangChang", "rénmín guǎngchǎng"])
    func spellings(_ query: String) throws {
        let first = try #require(Self.shanghai.search(query, near: Self.peoplesSquare).first, "\(query)")
        #expect(first.name == "人民广场", "\(query): \(first)")
    }

    @Test("a prefix finds names still being typed; exact names come before longer ones")
    func prefix() throws {
        let found = Self.shanghai.search("人民")
        #expect(!found.isEmpty && found.allSatisfy { PlaceText.normalise($0.name).starts(with: PlaceText.normalise("人民")) || $0.name.contains("人民") })
        let exact = Self.shanghai.search("福州路")
        #expect(exact.first?.name == "福州路" && exact.first?.kind == .street, "\(exact)")
    }

    @Test("two streets named together are their crossing", arguments: ["西藏中路福州路口", "河南中路/福州路", "福州路 河南中路"])
    func crossing(_ query: String) throws {
        let first = try #require(Self.shanghai.search(query).first, "\(query)")
        #expect(first.kind == .intersection, "\(query): \(first)")
        let names = first.name.split(separator: "/").map(String.init)
        #expect(names.count == 2)
        // A real crossing: both streets run within a few metres of it.
        for n in names {
            let street = try #require(Self.shanghai.features.streetNames.firstIndex(of: n))
            #expect(Self.shanghai.streets.pointsOf(street).contains { Geodesy.haversine($0, first.location) < 30 }, "\(n)")
        }
    }

    @Test("a house number the map lacks finds the street")
    func houseNumber() throws {
        let first = try #require(Self.shanghai.search("福州路300号").first)
        #expect(first.name == "福州路" && first.kind == .street)
    }

    @Test("English names are searched and returned in English when asked")
    func english() throws {
        let found = Self.shanghai.search("People's Avenue", language: .english)
        #expect(found.first?.name == "People's Avenue" && found.first?.kind == .street, "\(found)")
        #expect(Self.shanghai.search("peoples avenue").first?.name == "人民大道")
        let crossing = try #require(Self.shanghai.search("西藏中路福州路", language: .english).first)
        #expect(crossing.kind == .intersection && crossing.name.contains("/"))
    }

    @Test("nonsense and too-short queries find nothing; a limit is kept")
    func nothing() {
        #expect(Self.shanghai.search("zzqqxx").isEmpty && Self.shanghai.search("").isEmpty && Self.shanghai.search("路").isEmpty)
        #expect(Self.shanghai.search("路口", limit: 3).count <= 3)
        #expect(Self.shanghai.search("中路", limit: 0).isEmpty)
    }

    @Test("reverse geocoding names a crossing, else a street, else nothing")
    func reverse() throws {
        let crossing = try #require(Self.shanghai.search("西藏中路福州路口").first)
        let near = Coordinate(lat: crossing.location.lat + 0.0003, lon: crossing.location.lon)   // ~33 m north
        let at = try #require(Self.shanghai.reverse(near))
        #expect(at.kind == .intersection && at.name.contains("西藏中路") && at.name.contains("福州路"), "\(at)")
        // Mid-block on Fuzhou Road: a street, located on it.
        let street = Self.shanghai.search("福州路").first!
        if let mid = Self.shanghai.reverse(street.location), mid.kind == .street {
            #expect(mid.name == "福州路" || Geodesy.haversine(mid.location, street.location) < 30)
        }
        // In the middle of the Huangpu, far from any road: nothing.
        #expect(Self.shanghai.reverse(Coordinate(lat: 31.0, lon: 122.5)) == nil)
        #expect(Self.shanghai.reverse(Coordinate(lat: 91, lon: 0)) == nil)
    }

    @Test("reverse geocoding agrees with a brute-force scan of the crossings")
    func reverseMatchesScan() {
        let idx = Self.shanghai, f = idx.features
        var rng = SplitMix64(seed: 7)
        let box = GeoBounds(f.linePoints)!
        for _ in 0..<300 {
            let p = Coordinate(lat: box.south + Double.random(in: 0..<1, using: &rng) * (box.north - box.south), lon: box.west + Double.random(in: 0..<1, using: &rng) * (box.east - box.west))
            let got = idx.reverse(p)
            let nearest = f.crossingLocation.map { Geodesy.haversine($0, p) }.min() ?? .infinity
            if nearest < PlaceIndex.crossingRadius - 1 { #expect(got?.kind == .intersection, "\(p)") }
            if nearest > PlaceIndex.crossingRadius + 1 { #expect(got?.kind != .intersection, "\(p)") }
        }
    }

    @Test("addresses are found by street and number, and named by reverse geocoding")
    func addresses() throws {
        var f = MapFeatures()
        f.addressNumber = ["300", "5"]; f.addressStreet = ["福州路", "Mannerheimintie"]
        f.addressLocation = [Coordinate(lat: 31.2345, lon: 121.4800), Coordinate(lat: 60.1700, lon: 24.9400)]
        let idx = PlaceIndex(f)
        #expect(idx.search("福州路300号").first == Place(name: "福州路300号", kind: .address, location: f.addressLocation[0]))
        #expect(idx.search("mannerheimintie 5").first?.name == "Mannerheimintie 5")
        #expect(idx.reverse(Coordinate(lat: 31.2347, lon: 121.4800))?.name == "福州路300号")
        #expect(idx.reverse(Coordinate(lat: 31.2360, lon: 121.4800)) == nil)   // 167 m away, no streets
    }

    @Test("the Helsinki extract has water, parks and major buildings as closed rings, and named places")
    func background() throws {
        let data = try RoadNetwork.readOSM(path: TestData.helsinkiPath)
        let f = MapFeatures(data)
        let kinds = Dictionary(grouping: f.areaKind, by: { $0 }).mapValues(\.count)
        #expect((kinds[MapFeatures.AreaKind.water.rawValue] ?? 0) > 0 && (kinds[MapFeatures.AreaKind.park.rawValue] ?? 0) > 0, "\(kinds)")
        #expect((kinds[MapFeatures.AreaKind.building.rawValue] ?? 0) > 0, "\(kinds)")
        for a in 0..<f.areaCount {
            let ring = f.areaPoints[Int(f.areaStart[a])..<Int(f.areaStart[a + 1])]
            #expect(ring.count >= 4 && ring.first == ring.last)
            if f.areaKind[a] == MapFeatures.AreaKind.building.rawValue && f.areaName[a].isEmpty {
                #expect(MapFeatures.area(Array(ring)) >= MapFeatures.majorBuildingArea)
            }
        }
        #expect(f.landmarkCount > 0 && f.lineCount > 0)
        let idx = PlaceIndex(f)
        let name = f.landmarkName[0]
        #expect(idx.search(name).contains { $0.name == name }, "\(name)")
    }

    @Test("multipolygon outer ways are joined end to end into rings")
    func joinRings() {
        #expect(MapFeatures.joinRings([[1, 2, 3], [5, 4, 3], [5, 6, 1]]).first?.count == 7)
        #expect(MapFeatures.joinRings([[1, 2, 3], [3, 4]]).isEmpty)
    }

    @Test("the graph cache keeps the map features")
    func cacheRoundTrip() throws {
        let dir = TestData.tempDir()
        let source = dir.appendingPathComponent("helsinki.osm.pbf").path
        try FileManager.default.copyItem(atPath: TestData.helsinkiPath, toPath: source)
        let built = try RoadNetwork.load(path: source)
        let cached = try RoadNetwork.load(path: source)
        #expect(!built.loadInfo.fromCache && cached.loadInfo.fromCache)
        #expect(cached.places.features == built.places.features && !cached.places.features.areaKind.isEmpty)
    }
}

extension StreetIndex {
    func pointsOf(_ i: Int) -> ArraySlice<Coordinate> { points[Int(pointStart[i])..<Int(pointStart[i + 1])] }
}
