import Foundation
import PinganCore
import Testing

@Suite("Registry quality: checks found right or wrong, collection rate and accuracy")
struct RegistryQualityTests {
    @Test func aCheckRecordsWhatItFound() throws {
        let address = StandardAddress(id: AddressID("a"), parts: AddressParts(district: "黄浦区", street: "南京东路", number: "300"), location: nil,
                                      stationID: JurisdictionID("s"), path: "/c/s/")
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let (wrong, event) = try RegistryDecider.check(address, version: 1, correct: false, at: now)
        #expect(wrong.checkedAt == now && wrong.checkCorrect == false && wrong.version == 2)
        #expect(event.data["address"]?["checkCorrect"] == .bool(false))
        let (right, _) = try RegistryDecider.check(wrong, version: 2, at: now)
        #expect(right.checkCorrect == true)
    }

    @Test func ratesAreSharesOfTheirOwnSamples() {
        let q = RegistryQuality(stationID: JurisdictionID("s"), addresses: 200, collected: 184, checked: 100, correct: 99, inhabitants: 500)
        #expect(q.collectionRate == 0.92 && q.accuracy == 0.99)
        // No sample, no accuracy; no addresses, nothing collected.
        let empty = RegistryQuality(stationID: JurisdictionID("s"), addresses: 0, collected: 0, checked: 0, correct: 0, inhabitants: 0)
        #expect(empty.accuracy == nil && empty.collectionRate == 0)
    }
}
