import Foundation

public typealias OrganisationID = Identifier<ActualOrganisation>

/// An actual organisation (实有单位) at a standard address: a company, shop, hotel, school… with
/// its unified social credit code, who answers for it and how to reach them, how many work
/// there, and whether it is a key unit (重点单位) the station inspects. The code is unique: the
/// same organisation is not registered twice. The people's names and phones are masked like an
/// inhabitant's.
public struct ActualOrganisation: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case company, shop, restaurant, hotel, school, hospital, factory, entertainment, internetCafe, logistics, other
    }

    public var id: OrganisationID
    public var addressID: AddressID
    public var name: String
    public var kind: Kind
    /// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015), checked.
    public var creditCode: String
    /// The legal representative or person in charge (法定代表人/负责人).
    public var principal: String
    public var phone: String?
    public var employees: Int
    /// A key unit for public security (治安重点单位: hotels, schools, internet cafés, logistics…).
    public var keyUnit: Bool
    public var collectedAt: Date
    public var collectedBy: String
    @DefaultTrue public var active: Bool
    public var path: String
    public var version: Int

    public init(id: OrganisationID, addressID: AddressID, name: String, kind: Kind, creditCode: String, principal: String, phone: String? = nil,
                employees: Int = 0, keyUnit: Bool = false, collectedAt: Date, collectedBy: String, active: Bool = true, path: String, version: Int = 1) {
        self.id = id
        self.addressID = addressID
        self.name = name
        self.kind = kind
        self.creditCode = creditCode
        self.principal = principal
        self.phone = phone
        self.employees = employees
        self.keyUnit = keyUnit
        self.collectedAt = collectedAt
        self.collectedBy = collectedBy
        self.active = active
        self.path = path
        self.version = version
    }

    /// The organisation's own name and code are public record; the person and phone are not.
    public var masked: ActualOrganisation {
        var m = self
        m.principal = Inhabitant.maskName(principal)
        m.phone = phone.map(Inhabitant.maskPhone)
        return m
    }
}
