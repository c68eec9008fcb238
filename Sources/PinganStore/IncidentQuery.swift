import Foundation
import PinganCore

/// Filters for the incident list. Every filter is optional; all given ones must hold.
public struct IncidentQuery: Sendable, Hashable {
    public var statuses: [IncidentStatus]?
    public var categories: [String]?
    public var priorities: [Priority]?
    public var jurisdictionID: JurisdictionID?
    public var receivedFrom: Date?
    public var receivedTo: Date?
    /// south, west, north, east in WGS-84 degrees.
    public var area: BoundingBox?
    /// Matched as a substring of number, address and description.
    public var text: String?
    public var limit: Int
    public var offset: Int
    /// Whether the page carries the exact number of matches. A reader walking pages to the end
    /// (a report reading a week of a city's calls a few hours at a time) turns it off: the count
    /// is a second pass over every match, and over a wide scope the backend may make it a scan
    /// of the whole scope. Off, `Page.total` is `offset` plus the items returned.
    public var countTotal = true

    public init(statuses: [IncidentStatus]? = nil, categories: [String]? = nil, priorities: [Priority]? = nil,
                jurisdictionID: JurisdictionID? = nil, receivedFrom: Date? = nil, receivedTo: Date? = nil,
                area: BoundingBox? = nil, text: String? = nil, limit: Int = 50, offset: Int = 0) {
        self.statuses = statuses
        self.categories = categories
        self.priorities = priorities
        self.jurisdictionID = jurisdictionID
        self.receivedFrom = receivedFrom
        self.receivedTo = receivedTo
        self.area = area
        self.text = text
        self.limit = limit
        self.offset = offset
    }

    public static let maxLimit = 1000
}
