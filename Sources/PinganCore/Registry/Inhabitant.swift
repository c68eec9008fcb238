import Foundation

public typealias InhabitantID = Identifier<Inhabitant>

/// One person of the actual population (实有人口) at a standard address: a registered resident
/// (户籍) or a temporary one (暂住) with their residence permit.
///
/// The ID number, name and phone are personal data: the registry shows them in full only to
/// those who collect them (`Permission.viewInhabitants`), masked to everyone else, and every
/// read of them is an audited event with the reader's reason.
public struct Inhabitant: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// 户籍人口
        case registered
        /// 暂住/流动人口
        case temporary
    }

    /// A temporary resident's residence permit (居住证).
    public enum Permit: String, Codable, Sendable, CaseIterable {
        case none, applied, valid, expired
    }

    public var id: InhabitantID
    public var addressID: AddressID
    public var name: String
    /// The 18-character resident identity number (GB 11643), checked.
    public var idNumber: String
    public var kind: Kind
    public var permit: Permit
    /// The permit's last day (China Standard Time), when it is `valid` or `expired`.
    public var permitExpiry: String?
    public var phone: String?
    public var collectedAt: Date
    public var collectedBy: String
    @DefaultTrue public var active: Bool
    public var path: String
    public var version: Int

    public init(id: InhabitantID, addressID: AddressID, name: String, idNumber: String, kind: Kind, permit: Permit = .none,
                permitExpiry: String? = nil, phone: String? = nil, collectedAt: Date, collectedBy: String, active: Bool = true,
                path: String, version: Int = 1) {
        self.id = id
        self.addressID = addressID
        self.name = name
        self.idNumber = idNumber
        self.kind = kind
        self.permit = permit
        self.permitExpiry = permitExpiry
        self.phone = phone
        self.collectedAt = collectedAt
        self.collectedBy = collectedBy
        self.active = active
        self.path = path
        self.version = version
    }

    /// As shown to a reader who may not see personal data: the ID number's first 4 and last 4
    /// characters, the surname alone, the phone's last 4 digits.
    public var masked: Inhabitant {
        var m = self
        m.idNumber = Self.maskNumber(idNumber)
        m.name = Self.maskName(name)
        m.phone = phone.map(Self.maskPhone)
        return m
    }

    /// A name's first character (the surname) with `*` for the rest, at least one.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    /// A phone number's last 4 digits with `*` before them.
    public static func maskPhone(_ phone: String) -> String {
        String(repeating: "*", count: max(0, phone.count - 4)) + String(phone.suffix(4))
    }

    /// An ID number's first 4 and last 4 characters with `*` between.
    public static func maskNumber(_ number: String) -> String {
        String(number.prefix(4)) + String(repeating: "*", count: max(0, number.count - 8)) + String(number.suffix(4))
    }
}
