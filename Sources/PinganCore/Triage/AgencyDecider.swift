import Foundation

/// What an administrator gives to register an agency.
public struct NewAgency: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String?
    public var kind: Agency.Kind
    /// Where it is registered; the administrator's own jurisdiction when nil.
    public var jurisdictionID: JurisdictionID?
    public var serves: [JurisdictionID]?
    public var phone: String?

    public init(code: String, name: String, nameEn: String? = nil, kind: Agency.Kind, jurisdictionID: JurisdictionID? = nil,
                serves: [JurisdictionID]? = nil, phone: String? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.jurisdictionID = jurisdictionID
        self.serves = serves
        self.phone = phone
    }
}

/// A change to an agency; nil members stay as they are.
public struct AgencyEdit: Codable, Sendable, Hashable {
    public var version: Int
    public var name: String?
    public var nameEn: String?
    public var serves: [JurisdictionID]?
    public var phone: String?
    public var active: Bool?

    public init(version: Int, name: String? = nil, nameEn: String? = nil, serves: [JurisdictionID]? = nil, phone: String? = nil, active: Bool? = nil) {
        self.version = version
        self.name = name
        self.nameEn = nameEn
        self.serves = serves
        self.phone = phone
        self.active = active
    }
}

/// Decides the registration and edits of agencies. `served` are the jurisdictions named in
/// `serves`, as stored: each must lie inside the registering jurisdiction.
public enum AgencyDecider {
    public static func create(_ input: NewAgency, id: AgencyID, in jurisdiction: Jurisdiction, served: [Jurisdiction]) throws(DomainError) -> (Agency, Event) {
        try checkCode(input.code)
        try TextRules.check(input.name, field: "name", max: 100)
        if let en = input.nameEn { try TextRules.check(en, field: "nameEn", max: 100, required: false) }
        try checkPhone(input.phone)
        guard jurisdiction.active else { throw DomainError(.inactive, field: "jurisdictionID", "\(jurisdiction.name) is retired") }
        try checkServed(served, under: jurisdiction.path)
        let agency = Agency(id: id, code: input.code, name: input.name, nameEn: input.nameEn, kind: input.kind, jurisdictionID: jurisdiction.id,
                            serves: served.map(\.id), phone: input.phone, path: jurisdiction.path)
        return (agency, try event(.agencyCreated, agency))
    }

    public static func edit(_ agency: Agency, _ e: AgencyEdit, served: [Jurisdiction]?) throws(DomainError) -> (Agency, Event) {
        guard e.version == agency.version else {
            throw DomainError(.staleVersion, field: "version", "agency \(agency.code) is at version \(agency.version), not \(e.version)")
        }
        var n = agency
        if let name = e.name { try TextRules.check(name, field: "name", max: 100); n.name = name }
        if let en = e.nameEn { try TextRules.check(en, field: "nameEn", max: 100, required: false); n.nameEn = en.isEmpty ? nil : en }
        if let phone = e.phone { try checkPhone(phone); n.phone = phone.isEmpty ? nil : phone }
        if let served {
            try checkServed(served, under: agency.path)
            n.serves = served.map(\.id)
        }
        n.active = e.active ?? agency.active
        n.version += 1
        return (n, try event(.agencyUpdated, n))
    }

    static func checkCode(_ code: String) throws(DomainError) {
        guard (1...32).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw DomainError.invalid("code", "code is 1–32 ASCII letters, digits, '-' or '_'")
        }
    }

    static func checkPhone(_ phone: String?) throws(DomainError) {
        guard let phone, !phone.isEmpty else { return }
        try TextRules.check(phone, field: "phone", max: 32)
        guard phone.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" || $0 == " " }) else {
            throw DomainError.invalid("phone", "phone may hold digits, spaces, + and - only")
        }
    }

    static func checkServed(_ served: [Jurisdiction], under path: String) throws(DomainError) {
        guard served.count <= 200 else { throw DomainError.invalid("serves", "an agency serves at most 200 jurisdictions") }
        for j in served where !j.path.hasPrefix(path) {
            throw DomainError.invalid("serves", "\(j.name) is outside the jurisdiction the agency is registered under")
        }
    }

    static func event(_ type: EventType, _ agency: Agency) throws(DomainError) -> Event {
        do { return try Event(type, subject: agency.id.rawValue, path: agency.path, payload: AgencyEventData(agency: agency)) }
        catch { throw DomainError(.invalidField, "agency could not be encoded: \(error)") }
    }
}

/// The payload of `agency.*` events: the agency after the change.
public struct AgencyEventData: EventPayload, Hashable {
    public var agency: Agency
}
