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
    /// Actual houses recorded (实有房屋), those let, and the tenants living in them.
    public var houses: Int
    public var rented: Int
    public var tenants: Int
    /// Actual organisations registered (实有单位), and the key units among them.
    public var organisations: Int
    public var keyUnits: Int

    public init(stationID: JurisdictionID, addresses: Int, collected: Int, checked: Int, correct: Int, inhabitants: Int, houses: Int = 0, rented: Int = 0,
                tenants: Int = 0, organisations: Int = 0, keyUnits: Int = 0) {
        self.stationID = stationID
        self.addresses = addresses
        self.collected = collected
        collectionRate = addresses == 0 ? 0 : Double(min(collected, addresses)) / Double(addresses)
        self.checked = checked
        self.correct = correct
        accuracy = checked == 0 ? nil : Double(correct) / Double(checked)
        self.inhabitants = inhabitants
        self.houses = houses
        self.rented = rented
        self.tenants = tenants
        self.organisations = organisations
        self.keyUnits = keyUnits
    }
}
