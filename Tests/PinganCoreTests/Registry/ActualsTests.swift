import Foundation
import PinganCore
import Testing

@Suite("The other two actuals: houses by their use and tenants, organisations by a checked credit code")
struct ActualsTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let address = StandardAddress(id: AddressID("a"), parts: AddressParts(district: "黄浦区", street: "九江路", number: "12号"), location: nil,
                                  stationID: JurisdictionID("s"), path: "/c/d/s/")

    func field(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as DomainError { return e.field } catch { return "\(error)" }
    }

    @Test func creditCodesCarryTheirCheckCharacter() throws {
        #expect(try CreditCode.normalise("91350100m000100y43") == "91350100M000100Y43")
        #expect(try CreditCode.normalise("9111 0000 8021 0043 3B") == "91110000802100433B")
        // One character changed, two swapped, a letter GB 32100 leaves out, a short one.
        for bad in ["91350100M000100Y44", "19350100M000100Y43", "91350100M0001O0Y43", "9135010M000100Y43"] {
            #expect(field { _ = try CreditCode.normalise(bad) } == "creditCode", "\(bad)")
        }
    }

    @Test func aHouseIsRecordedOnceAndAgainWithItsVersion() throws {
        let input = NewHouse(use: .rented, ownerName: "陈建国", ownerPhone: "139-0000-1234", ownerIDNumber: "11010519491231002x", tenants: 3)
        let (h, event) = try RegistryDecider.house(input, at: address, existing: nil, version: nil, id: HouseID("h"), now: now, by: "o")
        #expect(h.version == 1 && h.ownerPhone == "13900001234" && h.ownerIDNumber == "11010519491231002X" && h.path == address.path)
        #expect(event.type == .houseRecorded && !"\(event.data)".contains("13900001234") && !"\(event.data)".contains("陈建国"))
        #expect(h.masked.ownerName == "陈**" && h.masked.ownerIDNumber == "1101**********002X")
        #expect(field { _ = try RegistryDecider.house(input, at: address, existing: h, version: nil, id: .random(), now: now, by: "o") } == "version")
        let (again, _) = try RegistryDecider.house(NewHouse(use: .vacant, ownerName: "陈建国"), at: address, existing: h, version: 1, id: .random(), now: now, by: "o")
        #expect(again.id == h.id && again.version == 2 && again.tenants == 0)
        #expect(field { _ = try RegistryDecider.house(NewHouse(use: .vacant, ownerName: "陈", tenants: 1), at: address, existing: nil, version: nil, id: .random(), now: now, by: "o") } == "tenants")
        #expect(field { _ = try RegistryDecider.house(NewHouse(use: .rented, ownerName: "陈", ownerIDNumber: "110105194912310021"), at: address, existing: nil, version: nil, id: .random(), now: now, by: "o") } == "ownerIDNumber")
        #expect(field { _ = try RegistryDecider.house(NewHouse(use: .rented, ownerName: "陈", ownerPhone: "12345"), at: address, existing: nil, version: nil, id: .random(), now: now, by: "o") } == "ownerPhone")
    }

    @Test func anOrganisationIsRegisteredOncePerCode() throws {
        let input = NewOrganisation(name: "九江路快捷宾馆", kind: .hotel, creditCode: "91350100M000100Y43", principal: "周立", phone: "021-63210000")
        let (o, event) = try RegistryDecider.organisation(input, at: address, taken: false, id: OrganisationID("o"), now: now, by: "o")
        #expect(o.keyUnit && o.phone == "02163210000" && event.type == .organisationRegistered)
        #expect(o.masked.principal == "周*" && o.masked.name == "九江路快捷宾馆")
        #expect(field { _ = try RegistryDecider.organisation(input, at: address, taken: true, id: .random(), now: now, by: "o") } == "creditCode")
        var shop = input
        shop.kind = .shop
        #expect(try RegistryDecider.organisation(shop, at: address, taken: false, id: .random(), now: now, by: "o").0.keyUnit == false)
        var retired = address
        retired.active = false
        #expect(field { _ = try RegistryDecider.organisation(input, at: retired, taken: false, id: .random(), now: now, by: "o") } == "addressID")
    }
}
