import Foundation
import Testing
@testable import PinganGeo

@Suite("Street index (typed addresses)")
struct StreetIndexTests {
    static let streets: StreetIndex = {
        do { return try RoadNetwork.loadSource(path: TestData.shanghaiPath, streets: true).streets } catch { fatalError("\(error)") }
    }()

    /// Whether street `name` has a point within `metres` of `c`.
    func runs(_ name: String, near c: Coordinate, within metres: Double) -> Bool {
        let s = Self.streets
        guard let i = s.names.firstIndex(of: name) else { return false }
        return (Int(s.pointStart[i])..<Int(s.pointStart[i + 1])).contains { Geodesy.haversine(s.points[$0], c) <= metres }
    }

    @Test func keepsNamedRoadsOfEveryKind() {
        let s = Self.streets
        #expect(s.names.count > 500 && s.names == s.names.sorted() && Set(s.names).count == s.names.count)
        #expect(["河南中路", "西藏中路", "福州路", "南京西路"].allSatisfy(s.names.contains))
    }

    @Test func houseNumberFindsTheStreet() throws {
        let first = try #require(Self.streets.search("河南中路100号").first)
        #expect(first.name == "河南中路" && first.kind == .street)
        #expect(runs("河南中路", near: first.location, within: 1))
    }

    @Test func twoStreetsAreTheirCrossing() throws {
        for query in ["西藏中路福州路", "福州路与西藏中路交叉口", "西藏中路 福州路口"] {
            let first = try #require(Self.streets.search(query).first, "\(query)")
            #expect(first.kind == .intersection, "\(query): \(first)")
            #expect(runs("西藏中路", near: first.location, within: 40) && runs("福州路", near: first.location, within: 40), "\(query): \(first)")
            // and the two streets themselves follow
            #expect(Set(Self.streets.search(query).dropFirst().prefix(2).map(\.name)) == ["西藏中路", "福州路"])
        }
        // Parallel streets never meet: no crossing is made up.
        #expect(!Self.streets.search("福州路九江路").contains { $0.kind == .intersection })
    }

    @Test func partialNamesListStreetsAsTyped() {
        let found = Self.streets.search("河南")
        #expect(found.count >= 2 && found.allSatisfy { $0.name.contains("河南") && $0.kind == .street }, "\(found)")
        #expect(Self.streets.search("河").isEmpty && Self.streets.search("   ").isEmpty && Self.streets.search("123号").isEmpty)
        #expect(Self.streets.search("没有这条路").isEmpty)
    }

    @Test func normalisesAddresses() {
        #expect(StreetIndex.normalise(" 南京东路 300号 ") == "南京东路" && StreetIndex.normalise("北京东路２号") == "北京东路")
        #expect(StreetIndex.normalise("西藏中路1弄2号") == "西藏中路")
        #expect(StreetIndex.normalise("河南中路南京东路口") == "河南中路南京东路")
        #expect(StreetIndex.normalise("人民广场附近") == "人民广场")
        // digits that are part of a name stay: expressways, national roads
        #expect(StreetIndex.normalise("G60沪昆高速") == "G60沪昆高速" && StreetIndex.normalise("318国道") == "318国道")
    }
}
