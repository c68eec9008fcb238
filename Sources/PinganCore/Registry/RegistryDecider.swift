import Foundation
import PinganGeo

/// What an officer gives to register a person at an address.
public struct NewInhabitant: Codable, Sendable, Hashable {
    public var addressID: AddressID
    public var name: String
    public var idNumber: String
    public var kind: Inhabitant.Kind
    public var permit: Inhabitant.Permit?
    public var permitExpiry: String?
    public var phone: String?

    public init(addressID: AddressID, name: String, idNumber: String, kind: Inhabitant.Kind, permit: Inhabitant.Permit? = nil,
                permitExpiry: String? = nil, phone: String? = nil) {
        self.addressID = addressID
        self.name = name
        self.idNumber = idNumber
        self.kind = kind
        self.permit = permit
        self.permitExpiry = permitExpiry
        self.phone = phone
    }
}

/// Decides the registries' writes: a standard address in its one spelling and never twice, a
/// person with a real ID number, a possible birth date and a permit that fits their kind.
public enum RegistryDecider {
    /// - Parameter existing: The address already stored under the same key, if any (looked up
    ///   by the caller with `AddressNormaliser.normalise(parts).key`).
    public static func address(_ raw: AddressParts, location: Coordinate?, id: AddressID, station: Jurisdiction,
                               existing: StandardAddress?) throws(DomainError) -> (StandardAddress, Event) {
        try address(normalised: try AddressNormaliser.normalise(raw), location: location, id: id, station: station, existing: existing)
    }

    /// `address` for parts `AddressNormaliser.normalise` already gave (an import's rows).
    public static func address(normalised parts: AddressParts, location: Coordinate?, id: AddressID, station: Jurisdiction,
                               existing: StandardAddress?) throws(DomainError) -> (StandardAddress, Event) {
        if let location { try TextRules.check(location, field: "location") }
        guard station.level == .station else { throw DomainError.invalid("stationID", "\(station.name) is not a station") }
        guard station.active else { throw DomainError(.inactive, field: "stationID", "\(station.name) is retired") }
        if let existing {
            throw DomainError(.duplicate, field: "number", "\(parts.text) is already registered (\(existing.id.rawValue))")
        }
        let address = StandardAddress(id: id, parts: parts, location: location, stationID: station.id, path: station.path)
        return (address, event(.addressRegistered, address))
    }

    /// An officer checks an address on the ground: it joins the checked sample, found right
    /// (`correct`) or not.
    public static func check(_ address: StandardAddress, version: Int, correct: Bool = true, at now: Date) throws(DomainError) -> (StandardAddress, Event) {
        guard version == address.version else {
            throw DomainError(.staleVersion, field: "version", "address is at version \(address.version), not \(version)")
        }
        var n = address
        n.checkedAt = now
        n.checkCorrect = correct
        n.version += 1
        return (n, event(.addressChecked, n))
    }

    /// - Parameter taken: True when the ID number is already in the registry (one person, one
    ///   registration: a second is a duplicate, not a move).
    public static func inhabitant(_ input: NewInhabitant, id: InhabitantID, at address: StandardAddress, taken: Bool, now: Date,
                                  by collector: String) throws(DomainError) -> (Inhabitant, Event) {
        try inhabitant(input, number: try checked(input, now: now), id: id, at: address, taken: taken, now: now, by: collector)
    }

    /// `inhabitant` for a person `checked` already passed (an import's rows), with the number it gave.
    public static func inhabitant(_ input: NewInhabitant, number person: ResidentID, id: InhabitantID, at address: StandardAddress, taken: Bool,
                                  now: Date, by collector: String) throws(DomainError) -> (Inhabitant, Event) {
        guard address.active else { throw DomainError(.inactive, field: "addressID", "\(address.text) is retired") }
        if taken { throw DomainError(.duplicate, field: "idNumber", "a person with ID number \(person.masked) is already registered") }
        let inhabitant = Inhabitant(id: id, addressID: address.id, name: input.name, idNumber: person.text, kind: input.kind,
                                    permit: input.permit ?? .none, permitExpiry: input.permitExpiry, phone: try phone(input.phone),
                                    collectedAt: now, collectedBy: collector, path: address.path)
        return (inhabitant, event(inhabitant))
    }

    /// The person's own fields, without the address: what an import checks row by row.
    /// - Returns: The ID number in its 18-character form.
    public static func checked(_ input: NewInhabitant, now: Date) throws(DomainError) -> ResidentID {
        try TextRules.check(input.name, field: "name", max: 50)
        let number: ResidentID
        do { number = try ResidentID.normalise(input.idNumber) } catch { throw DomainError.invalid("idNumber", error.message) }
        let birth = number.text.dropFirst(6).prefix(8)
        let born = "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
        if let day = try? ReportDay(born), day > ReportDay(containing: now) {
            throw DomainError.invalid("idNumber", "the birth date in the ID number is after today")
        }
        let permit = input.permit ?? .none
        switch (input.kind, permit) {
        case (.registered, .none): break
        case (.registered, _): throw DomainError.invalid("permit", "a registered resident holds no residence permit")
        case (.temporary, _): break
        }
        switch permit {
        case .valid, .expired:
            guard let text = input.permitExpiry else { throw DomainError.invalid("permitExpiry", "a \(permit.rawValue) permit needs its last day") }
            let last = try ReportDay(text, field: "permitExpiry")
            let today = ReportDay(containing: now)
            if permit == .valid && last < today { throw DomainError.invalid("permitExpiry", "a valid permit cannot have ended on \(text)") }
            if permit == .expired && last >= today { throw DomainError.invalid("permitExpiry", "an expired permit cannot run until \(text)") }
        case .none, .applied:
            if input.permitExpiry != nil { throw DomainError.invalid("permitExpiry", "only a valid or expired permit has a last day") }
        }
        _ = try phone(input.phone)
        return number
    }

    /// A mainland mobile (11 digits from 13…19) or a landline with its area code (7–12 digits),
    /// optionally after +86; spaces and hyphens dropped. Nil for none.
    public static func phone(_ raw: String?) throws(DomainError) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        var digits = String(raw.unicodeScalars.filter { $0 != " " && $0 != "-" }.map(Character.init))
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw DomainError.invalid("phone", "a phone number holds digits, spaces, hyphens and a leading +86 only")
        }
        if digits.count == 11 && digits.hasPrefix("1") {
            guard let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
                throw DomainError.invalid("phone", "a mobile number starts 13 to 19")
            }
            return digits
        }
        guard digits.hasPrefix("0"), (7...12).contains(digits.count) else {
            throw DomainError.invalid("phone", "a phone number is an 11-digit mobile or a landline with its area code")
        }
        return digits
    }

    /// The payloads (`AddressEventData`, `InhabitantEventData`) built as trees directly.
    static func event(_ type: EventType, _ address: StandardAddress) -> Event {
        Event(type: type, subject: address.id.rawValue, path: address.path, data: .object(["address": address.jsonValue]))
    }

    public static func event(_ inhabitant: Inhabitant) -> Event {
        Event(type: .inhabitantRegistered, subject: inhabitant.id.rawValue, path: inhabitant.path,
              data: .object(["inhabitant": inhabitant.masked.jsonValue]))
    }
}
