import Foundation
import PinganCore

/// Which volunteer shifts to list, newest first. What a scope may see is the store's business.
public struct VolunteerShiftQuery: Sendable, Hashable {
    /// Only shifts nobody ended (running, or past their length and never closed).
    public var unended: Bool
    /// Only shifts with reports the station has not decided on.
    public var pending: Bool
    public var teamIDs: [VolunteerTeamID]?
    public var usernames: [String]?
    /// Only shifts started at or after this instant.
    public var startedFrom: Date?
    /// Only shifts started before this instant.
    public var startedBefore: Date?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 1000

    public init(unended: Bool = false, pending: Bool = false, teamIDs: [VolunteerTeamID]? = nil, usernames: [String]? = nil, startedFrom: Date? = nil,
                startedBefore: Date? = nil, limit: Int = 100, offset: Int = 0) {
        self.unended = unended
        self.pending = pending
        self.teamIDs = teamIDs
        self.usernames = usernames
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }

    /// The filters as the stores' register query takes them (columns `state`, `pending`,
    /// `team_id`, `username`, all text).
    public var filters: [(column: String, values: [String]?)] {
        [("state", unended ? ["running"] : nil), ("pending", pending ? ["1"] : nil),
         ("team_id", teamIDs?.map(\.rawValue)), ("username", usernames)]
    }
}
