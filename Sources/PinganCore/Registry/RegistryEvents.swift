/// The events of the grass-roots registries. Stable names, like every `EventType`.
extension EventType {
    public static let addressRegistered: EventType = "address.registered"
    /// An officer confirmed the address on the ground (or retired it).
    public static let addressChecked: EventType = "address.checked"
    public static let inhabitantRegistered: EventType = "inhabitant.registered"
    /// The house behind an address recorded, or recorded again (payload `house`, owner masked).
    public static let houseRecorded: EventType = "house.recorded"
    /// An organisation registered at an address (payload `organisation`, its people masked).
    public static let organisationRegistered: EventType = "organisation.registered"
}

/// The payload of `address.*` events: the address after the change.
public struct AddressEventData: EventPayload, Hashable {
    public var address: StandardAddress
}

/// The payload of `inhabitant.*` events: the person after the change, their ID number masked.
/// The audit log is read by auditors and kept for years; the whole number lives only in the
/// registry, where each read of it is itself audited.
public struct InhabitantEventData: EventPayload, Hashable {
    public var inhabitant: Inhabitant
}
