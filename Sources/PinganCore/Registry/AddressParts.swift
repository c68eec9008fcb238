/// A standard address (标准地址) in its parts, from the district down to the room: the unit of
/// the grass-roots registries (一标三实), to which houses, inhabitants and organisations are tied.
///
/// The same door is typed many ways (全角 digits, "3号楼" or "3栋", "0302室" or "302"), and a
/// registry that keeps each spelling counts one household twice. `AddressNormaliser` turns the
/// parts into one spelling; `key` is what duplicates are detected by.
public struct AddressParts: Codable, Sendable, Hashable {
    /// 区/县
    public var district: String
    /// 街道/路/弄 and the like, with its own suffix (南京东路).
    public var street: String
    /// 门牌号, without 号 (300, 300-1).
    public var number: String
    /// 楼/栋/幢, without the suffix.
    public var building: String?
    /// 单元, without the suffix.
    public var unit: String?
    /// 室, without the suffix.
    public var room: String?

    public init(district: String, street: String, number: String, building: String? = nil, unit: String? = nil, room: String? = nil) {
        self.district = district
        self.street = street
        self.number = number
        self.building = building
        self.unit = unit
        self.room = room
    }

    /// The parts joined with a separator no part may hold: equal keys are the same door.
    public var key: String {
        [district, street, number, building ?? "", unit ?? "", room ?? ""].joined(separator: "|")
    }

    /// As it is written on an envelope: 黄浦区南京东路300号2栋1单元302室.
    public var text: String {
        var s = district + street + number + "号"
        if let building { s += building + "栋" }
        if let unit { s += unit + "单元" }
        if let room { s += room + "室" }
        return s
    }
}
