import Foundation

public typealias HouseID = Identifier<ActualHouse>

/// The actual house (实有房屋) behind a standard address: how it is used, who owns it and, when it
/// is let, how many live there as tenants. One per address; recording it again names the version
/// read. Rented rooms are where the temporary population lives, so the registry counts them
/// apart. The owner's name, phone and ID number are personal data, masked like an inhabitant's.
public struct ActualHouse: Codable, Sendable, Hashable, Versioned {
    public enum Use: String, Codable, Sendable, CaseIterable {
        /// 自住
        case ownerOccupied
        /// 出租
        case rented
        /// 空置
        case vacant
        /// 经营 (a shop, an office)
        case business
        case other
    }

    public var id: HouseID
    public var addressID: AddressID
    public var use: Use
    public var ownerName: String
    public var ownerPhone: String?
    /// 18 characters (GB 11643), checked, when given.
    public var ownerIDNumber: String?
    /// People living there as tenants; 0 unless rented.
    public var tenants: Int
    public var collectedAt: Date
    public var collectedBy: String
    public var path: String
    public var version: Int

    public init(id: HouseID, addressID: AddressID, use: Use, ownerName: String, ownerPhone: String? = nil, ownerIDNumber: String? = nil, tenants: Int = 0,
                collectedAt: Date, collectedBy: String, path: String, version: Int = 1) {
        self.id = id
        self.addressID = addressID
        self.use = use
        self.ownerName = ownerName
        self.ownerPhone = ownerPhone
        self.ownerIDNumber = ownerIDNumber
        self.tenants = tenants
        self.collectedAt = collectedAt
        self.collectedBy = collectedBy
        self.path = path
        self.version = version
    }

    public var masked: ActualHouse {
        var m = self
        m.ownerName = Inhabitant.maskName(ownerName)
        m.ownerPhone = ownerPhone.map(Inhabitant.maskPhone)
        m.ownerIDNumber = ownerIDNumber.map(Inhabitant.maskNumber)
        return m
    }
}
