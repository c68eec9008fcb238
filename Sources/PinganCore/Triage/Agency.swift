import Foundation

public typealias AgencyID = Identifier<Agency>

/// An organisation outside the police that takes the non-police part of the calls (警情分流):
/// the comprehensive-governance centre (综治中心), the 12345 government hotline, a
/// village or community grid. It has its own users (role `externalAgency`), who see and work only
/// the referrals sent to it, and the jurisdictions whose ground it serves.
public struct Agency: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// 综治中心
        case governanceCentre
        /// 12345 政务服务便民热线
        case hotline12345
        /// 网格 (village or community grid)
        case grid
        case other
    }

    public var id: AgencyID
    /// Short code for numbers and EIDO agency identifiers, e.g. `12345-HP`.
    public var code: String
    public var name: String
    public var nameEn: String?
    public var kind: Kind
    /// The jurisdiction it is registered under: that subtree's administrators manage it and its
    /// dispatchers may refer to it.
    public var jurisdictionID: JurisdictionID
    /// The jurisdictions whose ground it serves; empty serves the whole of `jurisdictionID`.
    public var serves: [JurisdictionID]
    /// A number the dispatcher can ring when a referral stalls.
    public var phone: String?
    /// False once retired: nothing new is referred to it; its referrals stay readable.
    @DefaultTrue public var active: Bool
    /// The registering jurisdiction's path: who may manage it.
    public var path: String
    public var version: Int

    public init(id: AgencyID, code: String, name: String, nameEn: String? = nil, kind: Kind, jurisdictionID: JurisdictionID,
                serves: [JurisdictionID] = [], phone: String? = nil, active: Bool = true, path: String, version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.jurisdictionID = jurisdictionID
        self.serves = serves
        self.phone = phone
        self.active = active
        self.path = path
        self.version = version
    }
}
