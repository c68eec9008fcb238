import Foundation
import PinganGeo

public typealias VolunteerShiftID = Identifier<VolunteerShift>

/// One volunteer's turn on patrol: signed on from the field page, their position shared while it
/// lasts (the console's volunteers layer), the things they saw reported to the station, which
/// files each as an incident or keeps it as a tip. A shift nobody ended stops counting after
/// `maxLength`: a phone left in a drawer does not keep someone on the map or on the roll of hours.
public struct VolunteerShift: Codable, Sendable, Hashable, Versioned {
    /// The longest a shift counts: its hours end here, and the map drops it, if nobody ended it.
    public static let maxLength: TimeInterval = 12 * 3600
    /// The most reports one shift holds.
    public static let maxReports = 50

    /// Something a volunteer saw and reported (线索): kept pending until the station decides.
    public struct Report: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable, CaseIterable {
            /// Waiting for the station.
            case pending
            /// Filed as an incident (`incidentID`).
            case filed
            /// Kept as a tip: worth knowing, no police action now.
            case kept
            /// Nothing in it.
            case dismissed
        }

        /// 1, 2, … within the shift.
        public var number: Int
        public var at: Date
        public var text: String
        public var location: Coordinate?
        /// The volunteer thinks the police are needed now; such reports head the station's list.
        public var urgent: Bool
        public var status: Status
        public var incidentID: IncidentID?
        public var reviewedBy: String?
        public var reviewedAt: Date?

        public init(number: Int, at: Date, text: String, location: Coordinate?, urgent: Bool, status: Status = .pending, incidentID: IncidentID? = nil,
                    reviewedBy: String? = nil, reviewedAt: Date? = nil) {
            self.number = number
            self.at = at
            self.text = text
            self.location = location
            self.urgent = urgent
            self.status = status
            self.incidentID = incidentID
            self.reviewedBy = reviewedBy
            self.reviewedAt = reviewedAt
        }
    }

    public var id: VolunteerShiftID
    public var teamID: VolunteerTeamID
    public var teamName: String
    public var stationID: JurisdictionID
    public var username: String
    public var name: String
    public var startedAt: Date
    public var endedAt: Date?
    /// The latest position the volunteer's phone shared, when, and whether it fell inside one of
    /// the team's patrol zones (nil when the team has none).
    public var position: Coordinate?
    public var positionAt: Date?
    public var inArea: Bool?
    public var reports: [Report]
    public var path: String
    public var version: Int

    public init(id: VolunteerShiftID, teamID: VolunteerTeamID, teamName: String, stationID: JurisdictionID, username: String, name: String,
                startedAt: Date, endedAt: Date? = nil, position: Coordinate? = nil, positionAt: Date? = nil, inArea: Bool? = nil,
                reports: [Report] = [], path: String, version: Int = 1) {
        self.id = id
        self.teamID = teamID
        self.teamName = teamName
        self.stationID = stationID
        self.username = username
        self.name = name
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.position = position
        self.positionAt = positionAt
        self.inArea = inArea
        self.reports = reports
        self.path = path
        self.version = version
    }

    /// Ended, or past `maxLength` at `now`.
    public func isOver(at now: Date) -> Bool { endedAt != nil || now.timeIntervalSince(startedAt) >= Self.maxLength }

    /// When it stopped counting: its end, its `maxLength`, or now while it runs.
    public func end(at now: Date) -> Date { min(endedAt ?? max(now, startedAt), startedAt.addingTimeInterval(Self.maxLength)) }

    public var pendingReports: Int { reports.filter { $0.status == .pending }.count }
}
