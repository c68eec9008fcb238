import Foundation
import PinganCore
import Testing

@Suite("Inhabitants: ID numbers, dates, permits, phones, masking")
struct InhabitantRulesTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28
    let address = StandardAddress(id: AddressID("ad"), parts: AddressParts(district: "黄浦区", street: "南京东路", number: "300"), location: nil,
                                  stationID: JurisdictionID("a"), path: "/c/a/")

    func person(_ id: String = "11010519491231002X", kind: Inhabitant.Kind = .registered, permit: Inhabitant.Permit? = nil,
                expiry: String? = nil, phone: String? = nil) -> NewInhabitant {
        NewInhabitant(addressID: address.id, name: "张三丰", idNumber: id, kind: kind, permit: permit, permitExpiry: expiry, phone: phone)
    }

    func field(_ input: NewInhabitant, taken: Bool = false) -> String? {
        do {
            _ = try RegistryDecider.inhabitant(input, id: InhabitantID("p"), at: address, taken: taken, now: now, by: "officer")
            return nil
        } catch { return error.field ?? error.code.rawValue }
    }

    @Test func theIDNumberIsCheckedAndStoredInItsLongForm() throws {
        let (p, event) = try RegistryDecider.inhabitant(person("11010519491231002x"), id: InhabitantID("p"), at: address, taken: false, now: now, by: "o")
        #expect(p.idNumber == "11010519491231002X")
        #expect(p.path == address.path)
        #expect(event.type == .inhabitantRegistered)
        // The audit log keeps the number masked.
        #expect(!"\(event.data)".contains("11010519491231002X"))
        #expect("\(event.data)".contains("1101**********002X"))
        #expect(field(person("11010519491231002Y")) == "idNumber")  // bad character
        #expect(field(person("110105194912310021")) == "idNumber")  // check digit
        #expect(field(person("110105194913310020")) == "idNumber")  // month 13
        #expect(field(person("1101051949123")) == "idNumber")  // length
    }

    @Test func aBirthDateAfterTodayIsImpossible() throws {
        // Born 2027-01-01 with a correct check character.
        #expect(field(person("110105202701010013")) == "idNumber")
    }

    @Test func oneRegistrationPerPerson() {
        #expect(field(person(), taken: true) == "idNumber")
    }

    @Test func permitsFitTheKindAndTheirDates() {
        #expect(field(person(kind: .registered, permit: .valid, expiry: "2027-01-01")) == "permit")
        #expect(field(person(kind: .temporary, permit: .valid)) == "permitExpiry")
        #expect(field(person(kind: .temporary, permit: .valid, expiry: "2027-01-01")) == nil)
        #expect(field(person(kind: .temporary, permit: .valid, expiry: "2026-01-01")) == "permitExpiry")
        #expect(field(person(kind: .temporary, permit: .expired, expiry: "2026-01-01")) == nil)
        #expect(field(person(kind: .temporary, permit: .expired, expiry: "2027-01-01")) == "permitExpiry")
        #expect(field(person(kind: .temporary, permit: .valid, expiry: "2026-02-30")) == "permitExpiry")
        #expect(field(person(kind: .temporary, permit: .applied, expiry: "2027-01-01")) == "permitExpiry")
        #expect(field(person(kind: .temporary, permit: .applied)) == nil)
    }

    @Test func phonesAreMobilesOrLandlines() throws {
        #expect(try RegistryDecider.phone("+86 138-1234-5678") == "13812345678")
        #expect(try RegistryDecider.phone("021-63211234") == "02163211234")
        #expect(try RegistryDecider.phone(nil) == nil)
        #expect(field(person(phone: "12812345678")) == "phone")
        #expect(field(person(phone: "12345")) == "phone")
        #expect(field(person(phone: "138abc45678")) == "phone")
    }

    @Test func maskedShowsEnoughToRecogniseAndNoMore() throws {
        let (p, _) = try RegistryDecider.inhabitant(person(phone: "13812345678"), id: InhabitantID("p"), at: address, taken: false, now: now, by: "o")
        let m = p.masked
        #expect(m.idNumber == "1101**********002X")
        #expect(m.name == "张**")
        #expect(m.phone == "*******5678")
        #expect(m.id == p.id && m.addressID == p.addressID)
    }

    @Test func aDuplicateAddressIsRefusedWithTheOneKnown() throws {
        let station = Jurisdiction(id: JurisdictionID("a"), parentID: nil, level: .station, code: "A", name: "甲所", location: nil, path: "/c/a/")
        let parts = AddressParts(district: "黄浦区", street: "南京东路", number: "３００号")
        let (first, _) = try RegistryDecider.address(parts, location: nil, id: AddressID("x"), station: station, existing: nil)
        #expect(first.parts.number == "300")
        #expect(throws: DomainError(.duplicate, field: "number", "黄浦区南京东路300号 is already registered (x)")) {
            try RegistryDecider.address(AddressParts(district: "黄浦区", street: "南京东路", number: "300"), location: nil, id: AddressID("y"),
                                        station: station, existing: first)
        }
    }
}
