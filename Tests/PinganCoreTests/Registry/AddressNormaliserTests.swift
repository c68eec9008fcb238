import PinganCore
import Testing

@Suite("Standard addresses: one spelling, duplicates by key")
struct AddressNormaliserTests {
    func normal(_ number: String, district: String = "黄浦区", street: String = "南京东路", building: String? = nil, unit: String? = nil,
                room: String? = nil) throws -> AddressParts {
        try AddressNormaliser.normalise(AddressParts(district: district, street: street, number: number, building: building, unit: unit, room: room))
    }

    @Test func theSameDoorTypedManyWaysHasOneKey() throws {
        let plain = try normal("300", building: "3", unit: "2", room: "302")
        let spellings = [
            try normal("３００号", building: "3号楼", unit: "二单元", room: "0302室"),
            try normal("300號", building: "３栋", unit: "2", room: "302"),
            try normal(" 300 ", building: "3幢", unit: "02單元", room: "302房"),
            try normal("300", street: "南京东路 ", building: "三座", unit: "2单元", room: "302"),
        ]
        for s in spellings { #expect(s.key == plain.key, "\(s)") }
        #expect(plain.text == "黄浦区南京东路300号3栋2单元302室")
        #expect(try normal("300", room: "302").key != plain.key)
        #expect(try normal("301", building: "3", unit: "2", room: "302").key != plain.key)
    }

    @Test func chineseNumeralsAndLeadingZeros() throws {
        #expect(try normal("一百零五").number == "105")
        #expect(try normal("十二").number == "12")
        #expect(try normal("二十一").number == "21")
        #expect(try normal("300-01").number == "300-1")
        #expect(try normal("0").number == "0")
        #expect(try normal("12a").number == "12A")
        // Not wholly numerals: kept as written.
        #expect(try normal("二三").number == "二三")
        #expect(try normal("东一").number == "东一")
    }

    @Test func emptyOptionalPartsAreNone() throws {
        let p = try normal("300", building: " ", unit: "", room: nil)
        #expect(p.building == nil && p.unit == nil && p.room == nil)
        #expect(p.text == "黄浦区南京东路300号")
    }

    @Test func badPartsAreRefusedByField() {
        #expect(throws: DomainError.invalid("number", "number must not be empty")) { try normal("  ") }
        #expect(throws: DomainError.invalid("district", "district must not be empty")) { try normal("1", district: "", street: "路") }
        #expect(throws: DomainError.invalid("room", "room may not hold '|'")) { try normal("1", room: "3|4") }
        #expect(throws: DomainError.self) { try normal(String(repeating: "1", count: 61)) }
        #expect(throws: DomainError.self) { try normal("1\u{7}") }
    }
}

@Suite("Address search by typed fragment")
struct AddressSearchIndexTests {
    func index(_ texts: [(String, String)]) -> AddressSearchIndex {
        var i = AddressSearchIndex()
        for (n, (text, path)) in texts.enumerated() { i.put(AddressID("a\(n)"), text: text, path: path) }
        return i
    }

    @Test func findsFragmentsInScopeOldestFirst() {
        let i = index([("黄浦区南京东路300号3栋2单元302室", "/c/a/"), ("黄浦区南京东路302号", "/c/b/"), ("黄浦区九江路12号", "/c/a/"),
                       ("静安区南京西路1号", "/c/a/")])
        #expect(i.search("南京东路30", limit: 10) { _ in true } == [AddressID("a0"), AddressID("a1")])
        #expect(i.search("南京东路30", limit: 10) { $0.hasPrefix("/c/a/") } == [AddressID("a0")])
        #expect(i.search("南京", limit: 10) { _ in true }.count == 3)
        #expect(i.search("南京", limit: 2) { _ in true } == [AddressID("a0"), AddressID("a1")])
        #expect(i.search("302室", limit: 10) { _ in true } == [AddressID("a0")])
        // Folded like the stored text: full-width digits, traditional characters.
        #expect(i.search("３０２號", limit: 10) { _ in true } == [AddressID("a1")])
        // One character scans.
        #expect(i.search("九", limit: 10) { _ in true } == [AddressID("a2")])
        #expect(i.search("西路", limit: 10) { _ in true } == [AddressID("a3")])
        #expect(i.search("北京", limit: 10) { _ in true }.isEmpty)
        #expect(i.search("", limit: 10) { _ in true }.isEmpty)
        // Both bigrams present, but not next to each other: no match.
        #expect(i.search("南京路", limit: 10) { _ in true }.isEmpty)
    }

    @Test func aChangeReplacesTheOldTextAndARemovalHidesIt() {
        var i = index([("黄浦区南京东路300号", "/c/a/"), ("黄浦区九江路12号", "/c/a/")])
        i.put(AddressID("a0"), text: "黄浦区福州路8号", path: "/c/a/")
        #expect(i.search("南京", limit: 10) { _ in true }.isEmpty)
        #expect(i.search("福州路", limit: 10) { _ in true } == [AddressID("a0")])
        i.remove(AddressID("a1"))
        #expect(i.search("九江路", limit: 10) { _ in true }.isEmpty)
        #expect(i.count == 1)
    }
}
