import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Input validation in the core")
struct InputValidationTests {
    let decider = IncidentDecider()

    func call(_ edit: (inout NewIncident) -> Void) -> NewIncident {
        var c = NewIncident(category: "traffic", priority: .p2, location: Coordinate(lat: 31.23, lon: 121.47), address: "人民广场", description: "追尾")
        edit(&c)
        return c
    }

    @Test func acceptsAGoodCall() throws { try decider.validate(call { _ in }) }

    @Test(arguments: [
        ("category", "unknown_category"), ("lat91", "invalid_field"), ("lon181", "invalid_field"), ("nan", "invalid_field"),
        ("longAddress", "invalid_field"), ("control", "invalid_field"), ("emptyAddress", "invalid_field"), ("phone", "invalid_field"),
    ])
    func refuses(_ which: String, _ code: String) {
        let bad = call { c in
            switch which {
            case "category": c.category = "robbery-of-the-moon"
            case "lat91": c.location.lat = 91
            case "lon181": c.location.lon = 181
            case "nan": c.location.lat = .nan
            case "longAddress": c.address = String(repeating: "路", count: 100_000)
            case "control": c.address = "人民\u{0007}广场"
            case "emptyAddress": c.address = "  "
            case "phone": c.callerPhone = "1380'; DROP TABLE incidents;--"
            default: break
            }
        }
        // `create` runs every check `validate` does, and the category against the catalogue.
        let station = Jurisdiction(id: JurisdictionID("s"), parentID: nil, level: .station, code: "S1", name: "站", path: "/s/")
        #expect(performing: { _ = try decider.create(bad, id: .random(), in: station, sequence: 1, now: Date()) },
                throws: { ($0 as? DomainError)?.code.rawValue == code })
    }

    /// A policy's local category is open to new incidents under it; retired, or elsewhere, it is not.
    @Test func localCategoriesFollowThePolicy() throws {
        let city = Jurisdiction(id: JurisdictionID("c"), parentID: nil, level: .city, code: "C", name: "市", path: "/c/")
        var policyCity = city
        policyCity.policy = JurisdictionPolicy(deadlines: [DeadlineOverride(priority: 2, dispatchSeconds: 90, arriveSeconds: 600, feedbackSeconds: 3600)],
                                               categories: [LocalCategory(code: "eBikeTheft", nameZh: "电动车被盗", nameEn: "E-bike theft")])
        let station = Jurisdiction(id: JurisdictionID("s"), parentID: city.id, level: .station, code: "S1", name: "站", path: "/c/s/")
        let theft = call { $0.category = "eBikeTheft" }
        let policy = EffectivePolicy.resolve([policyCity, station])
        let made = try decider.create(theft, id: .random(), in: station, sequence: 1, now: Date(), policy: policy)
        #expect(made.incident.deadlineRule == DeadlineRule(dispatchSeconds: 90, arriveSeconds: 600, feedbackSeconds: 3600, setBy: "c"))
        #expect(throws: DomainError.self) { try decider.create(theft, id: .random(), in: station, sequence: 1, now: Date(), policy: .resolve([city, station])) }
        var retired = policyCity
        retired.policy?.categories[0].retired = true
        #expect(throws: DomainError.self) { try decider.create(theft, id: .random(), in: station, sequence: 1, now: Date(), policy: .resolve([retired, station])) }
        // A lower jurisdiction's limits win over its ancestors'.
        var own = station
        own.policy = JurisdictionPolicy(deadlines: [DeadlineOverride(priority: 2, dispatchSeconds: 30, arriveSeconds: 300, feedbackSeconds: 600)])
        #expect(EffectivePolicy.resolve([policyCity, own]).rule(for: .p2).setBy == "s")
        #expect(EffectivePolicy.resolve([policyCity, own]).rule(for: .p1).setBy == "standard")
    }

    @Test func scriptAndSQLInDescriptionAreJustText() throws {
        try decider.validate(call { $0.description = "<script>alert(1)</script> ' OR 1=1 --\nsecond line" })
    }

    @Test func catalogueHasElevenClassesInTwoLanguages() {
        let c = CategoryCatalogue.standard.categories
        #expect(c.count == 11)
        #expect(Set(c.map(\.code)).count == 11)
        #expect(c.allSatisfy { !$0.nameZh.isEmpty && !$0.nameEn.isEmpty })
        #expect(c.filter(\.nonPolice).map(\.code) == ["inquiry"])
    }

    @Test func hierarchyLevelsNest() throws {
        let city = try OrganisationDecider.jurisdiction(id: JurisdictionID("c"), parent: nil, level: .city, code: "SH", name: "上海", nameEn: nil, location: nil).0
        #expect(city.path == "/c/")
        let district = try OrganisationDecider.jurisdiction(id: JurisdictionID("d"), parent: city, level: .district, code: "HP", name: "黄浦", nameEn: nil, location: nil).0
        #expect(district.path == "/c/d/")
        #expect(throws: DomainError.self) {
            try OrganisationDecider.jurisdiction(id: JurisdictionID("x"), parent: city, level: .station, code: "X", name: "x", nameEn: nil, location: nil)
        }
        #expect(throws: DomainError.self) {
            try OrganisationDecider.jurisdiction(id: JurisdictionID("y"), parent: nil, level: .district, code: "Y", name: "y", nameEn: nil, location: nil)
        }
        #expect(Scope(path: district.path).contains(path: "/c/d/s/"))
        #expect(!Scope(path: district.path).contains(path: "/c/e/"))
    }
}
