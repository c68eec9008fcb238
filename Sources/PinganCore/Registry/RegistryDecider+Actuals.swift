import Foundation

/// What an officer gives to record the house behind an address.
public struct NewHouse: Codable, Sendable, Hashable {
    public var use: ActualHouse.Use
    public var ownerName: String
    public var ownerPhone: String?
    public var ownerIDNumber: String?
    public var tenants: Int?

    public init(use: ActualHouse.Use, ownerName: String, ownerPhone: String? = nil, ownerIDNumber: String? = nil, tenants: Int? = nil) {
        self.use = use
        self.ownerName = ownerName
        self.ownerPhone = ownerPhone
        self.ownerIDNumber = ownerIDNumber
        self.tenants = tenants
    }
}

/// What an officer gives to register an organisation at an address.
public struct NewOrganisation: Codable, Sendable, Hashable {
    public var name: String
    public var kind: ActualOrganisation.Kind
    public var creditCode: String
    public var principal: String
    public var phone: String?
    public var employees: Int?
    public var keyUnit: Bool?

    public init(name: String, kind: ActualOrganisation.Kind, creditCode: String, principal: String, phone: String? = nil, employees: Int? = nil,
                keyUnit: Bool? = nil) {
        self.name = name
        self.kind = kind
        self.creditCode = creditCode
        self.principal = principal
        self.phone = phone
        self.employees = employees
        self.keyUnit = keyUnit
    }
}

/// The houses and organisations of the registries (实有房屋, 实有单位): one house per address,
/// recorded again with the version read; an organisation once by its credit code.
extension RegistryDecider {
    public static let maxTenants = 500
    public static let maxEmployees = 1_000_000

    /// Records the house behind `address`, or records it again over `existing` (naming its version).
    public static func house(_ input: NewHouse, at address: StandardAddress, existing: ActualHouse?, version: Int?, id: HouseID, now: Date,
                             by collector: String) throws(DomainError) -> (ActualHouse, Event) {
        guard address.active else { throw DomainError(.inactive, field: "addressID", "\(address.text) is retired") }
        if let existing, version != existing.version {
            throw DomainError(.staleVersion, field: "version", "the house at \(address.text) is at version \(existing.version); record it again naming that version")
        }
        if existing == nil, let version, version != 0 {
            throw DomainError(.staleVersion, field: "version", "no house is recorded at \(address.text) yet")
        }
        try TextRules.check(input.ownerName, field: "ownerName", max: 50)
        let tenants = input.tenants ?? 0
        guard (0...maxTenants).contains(tenants) else { throw DomainError.invalid("tenants", "tenants are 0 to \(maxTenants)") }
        guard tenants == 0 || input.use == .rented else { throw DomainError.invalid("tenants", "only a rented house has tenants") }
        var number: String?
        if let raw = input.ownerIDNumber, !raw.isEmpty {
            do { number = try ResidentID.normalise(raw).text } catch { throw DomainError.invalid("ownerIDNumber", error.message) }
        }
        let phone: String?
        do { phone = try Self.phone(input.ownerPhone) } catch { throw DomainError.invalid("ownerPhone", error.message) }
        let house = ActualHouse(id: existing?.id ?? id, addressID: address.id, use: input.use, ownerName: input.ownerName, ownerPhone: phone,
                                ownerIDNumber: number, tenants: tenants, collectedAt: now, collectedBy: collector, path: address.path,
                                version: (existing?.version ?? 0) + 1)
        return (house, Event(type: .houseRecorded, subject: house.id.rawValue, path: house.path, data: try payload("house", house.masked)))
    }

    /// - Parameter taken: True when an organisation with the same credit code is registered already.
    public static func organisation(_ input: NewOrganisation, at address: StandardAddress, taken: Bool, id: OrganisationID, now: Date,
                                    by collector: String) throws(DomainError) -> (ActualOrganisation, Event) {
        guard address.active else { throw DomainError(.inactive, field: "addressID", "\(address.text) is retired") }
        try TextRules.check(input.name, field: "name", max: 100)
        try TextRules.check(input.principal, field: "principal", max: 50)
        let code = try CreditCode.normalise(input.creditCode)
        if taken { throw DomainError(.duplicate, field: "creditCode", "an organisation with credit code \(code) is already registered") }
        let employees = input.employees ?? 0
        guard (0...maxEmployees).contains(employees) else { throw DomainError.invalid("employees", "employees are 0 to \(maxEmployees)") }
        let phone: String?
        do { phone = try Self.phone(input.phone) } catch { throw DomainError.invalid("phone", error.message) }
        let o = ActualOrganisation(id: id, addressID: address.id, name: input.name, kind: input.kind, creditCode: code, principal: input.principal,
                                   phone: phone, employees: employees, keyUnit: input.keyUnit ?? [.hotel, .school, .internetCafe, .logistics].contains(input.kind),
                                   collectedAt: now, collectedBy: collector, path: address.path)
        return (o, Event(type: .organisationRegistered, subject: o.id.rawValue, path: o.path, data: try payload("organisation", o.masked)))
    }

    static func payload(_ key: String, _ value: some Encodable) throws(DomainError) -> JSONValue {
        do { return .object([key: try JSONValue(encoding: value)]) }
        catch { throw DomainError.invalid(key, "the \(key) could not be recorded: \(error)") }
    }
}
