import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

@Suite("Registries over HTTP: standard addresses, inhabitants, population import")
struct RegistryRouteTests {
    @Test func addressesAreRegisteredOnceFoundByFragmentAndKeptInTheirStation() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), offA = try await client.login("offA"), offB = try await client.login("offB")
            let a = world.fixtures.stationA.id.rawValue
            let first = try await client.call(.post, "/v1/addresses", token: offA,
                                              body: #"{"district":"黄浦区","street":"南京东路","number":"３００号","building":"3号楼","room":"0302室","location":{"lat":31.2352,"lon":121.4801}}"#)
            #expect(first.status == .created, "\(first.text)")
            #expect(first.json["parts"]?["number"]?.stringValue == "300")
            #expect(first.json["stationID"]?.stringValue == a)
            let id = try #require(first.json["id"]?.stringValue)
            // The same door typed another way is refused, naming the one known.
            let again = try await client.call(.post, "/v1/addresses", token: boss,
                                              body: #"{"district":"黄浦区","street":"南京东路","number":"300","building":"3栋","room":"302","stationID":"\#(a)"}"#)
            #expect(again.status == .conflict)
            #expect(again.json["code"]?.stringValue == "duplicate")
            #expect(again.text.contains(id))
            // Found by fragment in scope; not by another station's officer.
            let found = try await client.call(.get, "/v1/addresses?q=\("南京东路300号3".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", token: offA)
            #expect(found.status == .ok)
            #expect(found.json["items"]?[0]?["id"]?.stringValue == id)
            let foreign = try await client.call(.get, "/v1/addresses?q=\("南京东路".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", token: offB)
            #expect(foreign.json["items"]?.arrayValue?.isEmpty == true, "\(foreign.text)")
            #expect(try await client.call(.get, "/v1/addresses/\(id)", token: offB).status == .notFound)
            #expect(try await client.call(.get, "/v1/addresses", token: offA).status == .unprocessableContent)
            // Checked on the ground: the next version, with the time.
            let checked = try await client.call(.post, "/v1/addresses/\(id)/check", token: offA, body: #"{"version":1}"#)
            #expect(checked.status == .ok)
            #expect(checked.json["checkedAt"]?.stringValue != nil)
            #expect(try await client.call(.post, "/v1/addresses/\(id)/check", token: offA, body: #"{"version":1}"#).json["code"]?.stringValue == "stale_version")
            // A check that finds the record wrong counts against accuracy; the quality figures follow.
            let second = try #require(try await client.call(.post, "/v1/addresses", token: offA,
                                                            body: #"{"district":"黄浦区","street":"九江路","number":"7"}"#).json["id"]?.stringValue)
            let wrong = try await client.call(.post, "/v1/addresses/\(second)/check", token: offA, body: #"{"version":1,"correct":false}"#)
            #expect(wrong.json["checkCorrect"] == .bool(false))
            let quality = try await client.call(.get, "/v1/addresses/quality", token: offA)
            #expect(quality.status == .ok, "\(quality.text)")
            let rows = quality.json["stations"]?.arrayValue ?? []
            #expect(rows.count == 1 && rows[0]["stationID"]?.stringValue == a)
            #expect(rows[0]["addresses"]?.intValue == 2 && rows[0]["checked"]?.intValue == 2 && rows[0]["correct"]?.intValue == 1)
            #expect(rows[0]["accuracy"]?.doubleValue == 0.5 && rows[0]["collectionRate"]?.doubleValue == 0)
            // A dispatcher finds addresses but does not register them.
            let disp = try await client.login("disp")
            #expect(try await client.call(.post, "/v1/addresses", token: disp, body: #"{"district":"黄浦区","street":"九江路","number":"1"}"#).status == .forbidden)
        }
    }

    @Test func inhabitantsAreMaskedByRoleAndEveryReadIsAudited() async throws {
        try await TestWorld.run { world, client in
            let offA = try await client.login("offA"), disp = try await client.login("disp")
            let address = try #require(try await client.call(.post, "/v1/addresses", token: offA,
                                                             body: #"{"district":"黄浦区","street":"南京东路","number":"300"}"#).json["id"]?.stringValue)
            let person = try await client.call(.post, "/v1/inhabitants", token: offA,
                                               body: #"{"addressID":"\#(address)","name":"张三","idNumber":"11010519491231002x","kind":"temporary","permit":"valid","permitExpiry":"2099-12-31","phone":"138 1234 5678"}"#)
            #expect(person.status == .created, "\(person.text)")
            #expect(person.json["idNumber"]?.stringValue == "11010519491231002X")
            // One registration per person.
            let twice = try await client.call(.post, "/v1/inhabitants", token: offA,
                                              body: #"{"addressID":"\#(address)","name":"张三","idNumber":"11010519491231002X","kind":"registered"}"#)
            #expect(twice.json["code"]?.stringValue == "duplicate")
            #expect(!twice.text.contains("11010519491231002X"))
            let bad = try await client.call(.post, "/v1/inhabitants", token: offA,
                                            body: #"{"addressID":"\#(address)","name":"李四","idNumber":"110105194912310021","kind":"registered"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["field"]?.stringValue == "idNumber")

            let start = try await world.store.lastSequence()
            let full = try await client.call(.get, "/v1/addresses/\(address)/inhabitants?reason=%E5%85%A5%E6%88%B7%E8%B5%B0%E8%AE%BF", token: offA)
            #expect(full.json["items"]?[0]?["idNumber"]?.stringValue == "11010519491231002X")
            #expect(full.json["items"]?[0]?["phone"]?.stringValue == "13812345678")
            let masked = try await client.call(.get, "/v1/addresses/\(address)/inhabitants?reason=call", token: disp)
            #expect(masked.status == .ok)
            #expect(masked.json["items"]?[0]?["idNumber"]?.stringValue == "1101**********002X")
            #expect(masked.json["items"]?[0]?["name"]?.stringValue == "张*")
            #expect(!masked.text.contains("13812345678"))
            #expect(try await client.call(.get, "/v1/addresses/\(address)/inhabitants", token: offA).status == .unprocessableContent)
            let reads = try await world.store.events(after: start, scope: .everything, limit: 10).filter { $0.type == .personalDataRead }
            #expect(reads.count == 2)
            #expect(reads.first?.payload.contains("入户走访") == true)
            #expect(reads.first?.subject == address)
            // The registration event keeps the number masked.
            let registered = try await world.store.events(after: 0, scope: .everything, limit: 1000).filter { $0.type == .inhabitantRegistered }
            #expect(registered.count == 1)
            #expect(registered.allSatisfy { !$0.payload.contains("11010519491231002X") })
        }
    }

    /// The other two actuals (实有房屋, 实有单位): a house per door, recorded again with its version;
    /// an organisation once per checked credit code; both masked like the people, read with them
    /// (audited), and counted in the station's figures.
    @Test func housesAndOrganisationsAreRecordedAtTheDoorMaskedAndCounted() async throws {
        try await TestWorld.run { world, client in
            let offA = try await client.login("offA"), disp = try await client.login("disp")
            let address = try #require(try await client.call(.post, "/v1/addresses", token: offA,
                                                             body: #"{"district":"黄浦区","street":"九江路","number":"12"}"#).json["id"]?.stringValue)
            let house = try await client.call(.post, "/v1/addresses/\(address)/house", token: offA,
                                              body: #"{"use":"rented","ownerName":"陈建国","ownerPhone":"139 0000 1234","ownerIDNumber":"11010519491231002x","tenants":3}"#)
            #expect(house.status == .ok, "\(house.text)")
            #expect(house.json["version"] == .number(1) && house.json["ownerIDNumber"]?.stringValue == "11010519491231002X")
            // Again without the version read is refused; with it, recorded over; tenants only in a rented house.
            #expect(try await client.call(.post, "/v1/addresses/\(address)/house", token: offA, body: #"{"use":"ownerOccupied","ownerName":"陈建国"}"#)
                .json["code"]?.stringValue == "stale_version")
            let bad = try await client.call(.post, "/v1/addresses/\(address)/house", token: offA, body: #"{"use":"vacant","ownerName":"陈建国","tenants":2,"version":1}"#)
            #expect(bad.status == .unprocessableContent && bad.json["field"]?.stringValue == "tenants")
            let again = try await client.call(.post, "/v1/addresses/\(address)/house", token: offA,
                                              body: #"{"use":"rented","ownerName":"陈建国","ownerPhone":"13900001234","tenants":5,"version":1}"#)
            #expect(again.json["version"] == .number(2) && again.json["tenants"] == .number(5) && again.json["id"] == house.json["id"])

            let body = #"{"name":"九江路快捷宾馆","kind":"hotel","creditCode":"91350100m000100y43","principal":"周立","phone":"021-63210000","employees":12}"#
            let o = try await client.call(.post, "/v1/addresses/\(address)/organisations", token: offA, body: body)
            #expect(o.status == .created, "\(o.text)")
            #expect(o.json["creditCode"]?.stringValue == "91350100M000100Y43" && o.json["keyUnit"] == .bool(true))
            #expect(try await client.call(.post, "/v1/addresses/\(address)/organisations", token: offA, body: body).json["code"]?.stringValue == "duplicate")
            let typo = try await client.call(.post, "/v1/addresses/\(address)/organisations", token: offA,
                                             body: #"{"name":"某公司","kind":"company","creditCode":"91350100M000100Y44","principal":"王某"}"#)
            #expect(typo.status == .unprocessableContent && typo.json["field"]?.stringValue == "creditCode")
            #expect(try await client.call(.post, "/v1/addresses/\(address)/organisations", token: disp, body: body).status == .forbidden)

            let start = try await world.store.lastSequence()
            let full = try await client.call(.get, "/v1/addresses/\(address)/inhabitants?reason=check", token: offA)
            #expect(full.json["house"]?["ownerPhone"]?.stringValue == "13900001234" && full.json["organisations"]?[0]?["principal"]?.stringValue == "周立")
            let masked = try await client.call(.get, "/v1/addresses/\(address)/inhabitants?reason=call", token: disp)
            #expect(masked.json["house"]?["ownerName"]?.stringValue == "陈**" && masked.json["organisations"]?[0]?["phone"]?.stringValue == "*******0000")
            #expect(masked.json["organisations"]?[0]?["name"]?.stringValue == "九江路快捷宾馆" && !masked.text.contains("13900001234"))
            let reads = try await world.store.events(after: start, scope: .everything, limit: 10).filter { $0.type == .personalDataRead }
            #expect(reads.count == 2 && reads.allSatisfy { $0.payload.contains("the house") && $0.payload.contains("1 organisations") })
            let written = try await world.store.events(after: 0, scope: .everything, limit: 1000).filter { [.houseRecorded, .organisationRegistered].contains($0.type) }
            #expect(written.count == 3 && written.allSatisfy { !$0.payload.contains("13900001234") && !$0.payload.contains("周立") })

            let quality = try await client.call(.get, "/v1/addresses/quality", token: offA).json["stations"]?.arrayValue ?? []
            let a = try #require(quality.first { $0["stationID"]?.stringValue == world.fixtures.stationA.id.rawValue })
            #expect(a["houses"] == .number(1) && a["rented"] == .number(1) && a["tenants"] == .number(5))
            #expect(a["organisations"] == .number(1) && a["keyUnits"] == .number(1))
        }
    }

    @Test func aPopulationListWithBadRowsIsRefusedByLineAndStoresNothing() async throws {
        try await TestWorld.run { world, client in
            let offA = try await client.login("offA")
            var csv = "区,街路巷,门牌号,室,姓名,身份证号,类别,居住证,居住证到期,电话\n"
            let good = ["11010519491231002X", "31010119800101123X", "310101198502022340", "310105199003033459", "310101200005055678"]
            for (i, number) in good.enumerated() { csv += "黄浦区,九江路,\(i + 1),,住户\(i),\(number),户籍,,,\n" }
            csv += "黄浦区,九江路,9,,坏号,110105194912310021,户籍,,,\n"          // line 7: check digit
            csv += "黄浦区,九江路,,,无门牌,31010519950404456X,暂住,有效,2099-01-01,\n"  // line 8: no number
            csv += "黄浦区,九江路,10,,错日,31010519950404456X,暂住,有效,2025-02-30,\n"  // line 9: impossible date
            csv += "黄浦区,九江路,11,,错电,31010519950404456X,暂住,已申请,,12345\n"     // line 10: phone
            let columns = #"{"district":"区","street":"街路巷","number":"门牌号","room":"室","name":"姓名","idNumber":"身份证号","kind":"类别","permit":"居住证","permitExpiry":"居住证到期","phone":"电话"}"#
            func body(_ csv: String, dryRun: Bool = false) throws -> String {
                let text = String(decoding: try JSONCoding.encoder.encode(JSONValue.string(csv)), as: UTF8.self)
                return #"{"csv":\#(text),"columns":\#(columns),"dryRun":\#(dryRun)}"#
            }
            let refused = try await client.call(.post, "/v1/inhabitants/import", token: offA, body: try body(csv))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json["code"]?.stringValue == "import_invalid")
            let lines = refused.json["errors"]?.arrayValue?.compactMap { $0["line"]?.intValue } ?? []
            #expect(lines == [7, 8, 9, 10], "\(refused.text)")
            let fields = refused.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(fields == ["idNumber", "number", "permitExpiry", "phone"])
            #expect(try await world.store.addressIndexRows().isEmpty)

            // Without them: five people at five new addresses; a repeated person and one
            // already registered are listed, not stored twice.
            let lines6 = csv.split(separator: "\n", omittingEmptySubsequences: false).prefix(6).joined(separator: "\n") + "\n"
            let dry = try await client.call(.post, "/v1/inhabitants/import", token: offA, body: try body(lines6, dryRun: true))
            #expect(dry.json["inhabitantsCreated"]?.intValue == 5)
            #expect(try await world.store.addressIndexRows().isEmpty)
            let done = try await client.call(.post, "/v1/inhabitants/import", token: offA, body: try body(lines6))
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.json["addressesCreated"]?.intValue == 5)
            #expect(done.json["inhabitantsCreated"]?.intValue == 5)
            let more = lines6 + "黄浦区,九江路,１号,,住户0,11010519491231002X,户籍,,,\n" + "黄浦区,九江路,1,,新人,31010519950404456X,暂住,已申请,,13900001111\n"
                + "黄浦区,九江路,1,,新人,31010519950404456X,暂住,已申请,,13900001111\n"
            let second = try await client.call(.post, "/v1/inhabitants/import", token: offA, body: try body(more))
            #expect(second.status == .ok, "\(second.text)")
            #expect(second.json["addressesCreated"]?.intValue == 0)
            #expect(second.json["addressesKnown"]?.intValue == 1)
            #expect(second.json["inhabitantsCreated"]?.intValue == 1)
            let duplicates = second.json["duplicates"]?.arrayValue ?? []
            #expect(duplicates.count == 7)
            #expect(duplicates.last?["line"]?.intValue == 9)
            #expect(duplicates.last?["sameAsLine"]?.intValue == 8)
            #expect(!second.text.contains("31010519950404456X"))
            // Found by search at once.
            let found = try await client.call(.get, "/v1/addresses?q=\("九江路".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", token: offA)
            #expect(found.json["items"]?.arrayValue?.count == 5)
        }
    }

    @Test func callsLinkedToAStandardAddressAreCountedAtTheDoor() async throws {
        try await TestWorld.run { world, client in
            let offA = try await client.login("offA"), disp = try await client.login("disp")
            let door = try #require(try await client.call(.post, "/v1/addresses", token: offA,
                                                          body: #"{"district":"黄浦区","street":"南京东路","number":"300","room":"1101"}"#).json["id"]?.stringValue)
            let neighbour = try #require(try await client.call(.post, "/v1/addresses", token: offA,
                                                               body: #"{"district":"黄浦区","street":"南京东路","number":"300","room":"302"}"#).json["id"]?.stringValue)
            func call(at address: String?, _ text: String) -> JSONValue {
                var c = callJSON(text)
                if let address, case .object(var o) = c { o["addressID"] = .string(address); c = .object(o) }
                return c
            }
            let first = try await client.call(.post, "/v1/incidents", token: disp, json: call(at: door, "家里有人吵架"))
            #expect(first.status == .created && first.json["addressID"]?.stringValue == door, "\(first.text)")
            // Days pass (sessions lapse: sign in again each time).
            world.time.advance(by: 3 * 86_400)
            _ = try await client.call(.post, "/v1/incidents", token: try await client.login("disp"), json: call(at: neighbour, "楼下有噪音"))
            world.time.advance(by: 86_400)
            let disp2 = try await client.login("disp")
            let third = try #require(try await client.call(.post, "/v1/incidents", token: disp2, json: call(at: door, "又在吵架")).json["id"]?.stringValue)
            let triage = try await client.call(.get, "/v1/incidents/\(third)/triage", token: disp2)
            // The same door once before; the block (within the place radius) twice.
            #expect(triage.json["repeats"]?["address90"]?.intValue == 1 && triage.json["repeats"]?["address30"]?.intValue == 1, "\(triage.text)")
            #expect(triage.json["repeats"]?["place90"]?.intValue == 2)
            // An address that does not exist is refused, and nothing is filed.
            let before = try await world.store.incidents(IncidentQuery(), scope: .everything).total
            let missing = try await client.call(.post, "/v1/incidents", token: disp2, json: call(at: "no-such-address", "吵架"))
            #expect(missing.status == .notFound)
            #expect(try await world.store.incidents(IncidentQuery(), scope: .everything).total == before)
        }
    }
}
