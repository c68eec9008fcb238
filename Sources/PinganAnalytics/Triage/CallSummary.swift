import Foundation
import PinganGeo

/// What duplicate detection needs to know of one call or incident, and nothing more: the index
/// holds 90 days of these, so an incident's units, notes and history stay in the store.
public struct CallSummary: Sendable, Equatable, Codable {
    /// The incident or call number, unique within one index.
    public var id: String
    /// When the call came in (UTC).
    public var receivedAt: Date
    /// WGS-84 position of the reported place.
    public var location: Coordinate
    /// The caller's number as given; only its digits count (see `CallerNumber`). Nil or blank
    /// when withheld.
    public var callerPhone: String?
    /// Category code (`CategoryCatalogue`), e.g. "traffic".
    public var category: String
    /// Free text: the call taker's summary or the caller's words, any language.
    public var description: String
    /// Jurisdiction path (`/city/district/station/`), for scoping proposals to what a user may see.
    public var path: String
    /// Whether the incident is still being worked: an open one draws duplicates for longer.
    public var open: Bool
    /// The standard address's id, when the call was placed at one.
    public var addressID: String?

    public init(id: String, receivedAt: Date, location: Coordinate, callerPhone: String? = nil, category: String,
                description: String, path: String = "/", open: Bool = true, addressID: String? = nil) {
        self.id = id
        self.receivedAt = receivedAt
        self.location = location
        self.callerPhone = callerPhone
        self.category = category
        self.description = description
        self.path = path
        self.open = open
        self.addressID = addressID
    }
}
