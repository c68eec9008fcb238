/// A station's registry quality as the seeds report it (Lanzhou: collection 92 %, accuracy
/// 99 %): the share of its standard addresses whose people were collected, and of the addresses
/// checked on the ground, the share found right.
public struct RegistryQuality: Codable, Sendable, Hashable {
    public var stationID: JurisdictionID
    public var addresses: Int
    /// Addresses with at least one person registered.
    public var collected: Int
    /// collected / addresses; 0 for a station with no addresses.
    public var collectionRate: Double
    public var checked: Int
    public var correct: Int
    /// correct / checked; nil before any check (no sample, no figure).
    public var accuracy: Double?
    public var inhabitants: Int

    public init(stationID: JurisdictionID, addresses: Int, collected: Int, checked: Int, correct: Int, inhabitants: Int) {
        self.stationID = stationID
        self.addresses = addresses
        self.collected = collected
        collectionRate = addresses == 0 ? 0 : Double(min(collected, addresses)) / Double(addresses)
        self.checked = checked
        self.correct = correct
        accuracy = checked == 0 ? nil : Double(correct) / Double(checked)
        self.inhabitants = inhabitants
    }
}
