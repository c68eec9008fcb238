import Foundation
import PinganGeo

public typealias AddressID = Identifier<StandardAddress>

/// A standard address (标准地址) in a station's registry: the door that inhabitants live behind
/// and that calls can name. Its parts are stored normalised, so `parts.key` finds the same door
/// however it was typed.
public struct StandardAddress: Codable, Sendable, Hashable, Versioned {
    public var id: AddressID
    public var parts: AddressParts
    public var location: Coordinate?
    /// The station whose officers collect and check it.
    public var stationID: JurisdictionID
    /// When an officer last confirmed it on the ground (the checked sample the accuracy figure
    /// is counted from); nil while only collected.
    public var checkedAt: Date?
    /// What the last check found: true when the record matched the ground, false when it did
    /// not (a wrong door, a person no longer there). The accuracy figure is the share of
    /// checked addresses found right.
    public var checkCorrect: Bool?
    @DefaultTrue public var active: Bool
    public var path: String
    public var version: Int

    public init(id: AddressID, parts: AddressParts, location: Coordinate?, stationID: JurisdictionID, checkedAt: Date? = nil,
                checkCorrect: Bool? = nil, active: Bool = true, path: String, version: Int = 1) {
        self.id = id
        self.parts = parts
        self.location = location
        self.stationID = stationID
        self.checkedAt = checkedAt
        self.checkCorrect = checkCorrect
        self.active = active
        self.path = path
        self.version = version
    }

    public var text: String { parts.text }
}
