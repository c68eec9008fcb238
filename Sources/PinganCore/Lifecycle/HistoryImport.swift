import Foundation
import PinganGeo

/// Past incidents brought from the system a city used before Pingan (导入历史警情), so that the
/// same-period-last-year figures (同比) hold from the platform's first day instead of its
/// second year.
///
/// A row is one closed incident with its lifecycle times as the old system recorded them; it is
/// stored as a closed incident of its station, numbered like any other (`CODE-YYYYMMDD-NNNN`,
/// the day of its call), and never enters the live queue, the supervision sweeps or a deadline
/// (it is closed). What the old system called it (`source_id`) is kept on the incident and
/// fixes the incident's ID, so importing the same file again stores nothing twice.
///
/// Everything is checked before anything is stored, as for the organisation import: a file with
/// bad rows is refused whole, each bad row reported by line.
public enum HistoryImport {
    /// The CSV's columns (RFC 4180, UTF-8, a header row naming them in any order). Times are
    /// ISO 8601 instants with an offset (`2025-03-01T08:15:30+08:00` or `…Z`).
    public enum Column: String, CaseIterable, Sendable {
        case receivedAt = "received_at", dispatchedAt = "dispatched_at", arrivedAt = "arrived_at", resolvedAt = "resolved_at", closedAt = "closed_at"
        case category, priority, lat, lon
        /// The jurisdiction code of the station (or community) that handled it; empty: the
        /// station whose area holds the point, as for a new call.
        case station
        case address, description
        /// The old system's number for the incident: a second import of it is skipped.
        case sourceID = "source_id"
        /// The field's closing feedback (处警反馈), kept as the incident's feedback summary.
        case feedback

        /// The columns every file has; a value is needed in each except where said.
        public static let required: [Column] = [.receivedAt, .closedAt, .category, .priority, .lat, .lon]
        /// Columns a file may leave out, or leave empty in any row.
        public static let optional: [Column] = [.dispatchedAt, .arrivedAt, .resolvedAt, .station, .address, .description, .sourceID, .feedback]
    }

    /// The most rows one request or one file may carry: a large city's year, still checked
    /// whole in memory within seconds.
    public static let maxRows = 200_000
    /// The section every problem of a history import names.
    public static let section = "incidents"
    /// The feedback outcome an imported incident carries: its loop was closed elsewhere.
    public static let outcome = "imported"

    /// One row as read.
    public struct Row: Sendable, Hashable {
        /// The CSV line it starts on (the header is line 1).
        public var line: Int
        public var receivedAt: Date
        public var dispatchedAt: Date?
        public var arrivedAt: Date?
        public var resolvedAt: Date?
        public var closedAt: Date
        public var category: String
        public var priority: Priority
        public var location: Coordinate
        public var station: String?
        public var address: String?
        public var description: String?
        public var sourceID: String?
        public var feedback: String?

        public init(line: Int, receivedAt: Date, dispatchedAt: Date? = nil, arrivedAt: Date? = nil, resolvedAt: Date? = nil, closedAt: Date,
                    category: String, priority: Priority, location: Coordinate, station: String? = nil, address: String? = nil,
                    description: String? = nil, sourceID: String? = nil, feedback: String? = nil) {
            self.line = line
            self.receivedAt = receivedAt
            self.dispatchedAt = dispatchedAt
            self.arrivedAt = arrivedAt
            self.resolvedAt = resolvedAt
            self.closedAt = closedAt
            self.category = category
            self.priority = priority
            self.location = location
            self.station = station
            self.address = address
            self.description = description
            self.sourceID = sourceID
            self.feedback = feedback
        }

        /// The lifecycle steps the row has, in the order they happen.
        var steps: [(column: Column, at: Date)] {
            [(Column.receivedAt, receivedAt), (.dispatchedAt, dispatchedAt), (.arrivedAt, arrivedAt), (.resolvedAt, resolvedAt), (.closedAt, closedAt)]
                .compactMap { c, at in at.map { (c, $0) } }
        }
    }

    /// A bad row: section `incidents`, its line, the column.
    public typealias Problem = OrganisationImport.Problem

    /// The whole import refused: nothing was stored.
    public struct Rejected: Error, Sendable {
        public var problems: [Problem]
        public init(_ problems: [Problem]) { self.problems = problems.sorted { ($0.line, $0.field ?? "") < ($1.line, $1.field ?? "") } }
    }

    /// The checks that need nothing stored: the steps in lifecycle order (a dispatch before the
    /// call is a typing error in the old system, and would give a negative response time), the
    /// close in the past, the texts within the limits a new incident keeps.
    public static func check(_ row: Row, now: Date) throws(DomainError) {
        var previous: (column: Column, at: Date)?
        for step in row.steps {
            if let p = previous, step.at < p.at {
                throw DomainError.invalid(step.column.rawValue, "\(step.column.rawValue) \(Timestamp.format(step.at)) is before \(p.column.rawValue) \(Timestamp.format(p.at))")
            }
            previous = step
        }
        guard row.closedAt <= now else {
            throw DomainError.invalid(Column.closedAt.rawValue, "closed_at \(Timestamp.format(row.closedAt)) is in the future: only closed incidents are history")
        }
        try TextRules.check(row.location, field: "lat")
        if let a = row.address { try TextRules.check(a, field: Column.address.rawValue, max: 200, required: false) }
        if let d = row.description { try TextRules.check(d, field: Column.description.rawValue, max: 4000, required: false, multiline: true) }
        if let f = row.feedback { try TextRules.check(f, field: Column.feedback.rawValue, max: 4000, required: false, multiline: true) }
        if let s = row.sourceID {
            try TextRules.check(s, field: Column.sourceID.rawValue, max: 100)
        }
    }

    /// The closed incident `row` stands for, filed under `station`.
    /// - Parameters:
    ///   - id: Derived from the source ID when the row has one (so a second import finds it).
    ///   - sequence: The station's counter for the day of the call, as new incidents are numbered.
    ///   - by: The importer, who stands as the feedback's giver: the loop was closed outside Pingan.
    public static func incident(_ row: Row, id: IncidentID, station: Jurisdiction, sequence: Int, by: UserID) -> Incident {
        var times = IncidentTimes(receivedAt: row.receivedAt)
        times.dispatchedAt = row.dispatchedAt
        times.onSceneAt = row.arrivedAt
        times.resolvedAt = row.resolvedAt
        times.closedAt = row.closedAt
        let address = row.address ?? String(format: "%.5f, %.5f", row.location.lat, row.location.lon)
        var incident = Incident(id: id, number: IncidentDecider.number(code: station.code, day: IncidentDecider.numberingDay(row.receivedAt), sequence: sequence),
                                jurisdictionID: station.id, category: row.category, priority: row.priority, location: row.location, address: address,
                                caller: Caller(), description: row.description ?? "", status: .closed, times: times,
                                feedback: Feedback(outcome: outcome, summary: row.feedback ?? "", by: by, at: row.closedAt), path: station.path)
        incident.sourceID = row.sourceID
        return incident
    }

    /// The audited event of one imported incident. It carries the whole incident, like every
    /// `incident.*` event, but no `from`/`to`: nothing moved in Pingan, the steps are the
    /// incident's own times.
    public static func event(_ incident: Incident) throws(DomainError) -> Event {
        do {
            return try Event(.incidentImported, subject: incident.id.rawValue, path: incident.path, payload: IncidentEventData(incident: incident))
        } catch {
            throw DomainError(.invalidField, "the incident could not be encoded: \(error)")
        }
    }
}

extension EventType {
    /// A closed incident brought from the system used before Pingan (`HistoryImport`).
    public static let incidentImported: EventType = "incident.imported"
}

extension DomainError.Code {
    /// A bulk file with more rows than one request may carry (`HistoryImport.maxRows`).
    public static let tooManyRows: Self = "too_many_rows"
}
