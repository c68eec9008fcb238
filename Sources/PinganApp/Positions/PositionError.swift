/// Why a position question has no answer; the server maps each kind to its problem code.
public struct PositionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The unit has no fix on the road network yet.
        case noPosition = "no_position"
        /// No road leads from the unit to the place.
        case noRoute = "no_route"
        /// A device uid names several units.
        case ambiguousDeviceUID = "ambiguous_device_uid"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
