import Foundation
import PinganGeo

/// Decides the volunteer teams and their shifts: a team belongs to one station and walks that
/// station's zones; a volunteer account is a member of one team at a time; a member has one
/// shift at a time, shares its position and reports what they see while it lasts, and only
/// the member on it may; the station files or keeps each report once.
public enum VolunteerDecider {
    public static let maxMembers = 500
    public static let maxZones = 10

    public static func team(name: String, zones: [PatrolZone], station: Jurisdiction, id: VolunteerTeamID, now: Date,
                            by officer: String) throws(DomainError) -> (VolunteerTeam, Event) {
        guard station.level == .station else { throw DomainError.invalid("stationID", "\(station.name) is not a station") }
        guard station.active else { throw DomainError(.inactive, field: "stationID", "\(station.name) is retired") }
        try TextRules.check(name, field: "name", max: 60)
        guard zones.count <= maxZones else { throw DomainError.invalid("zoneIDs", "a team walks at most \(maxZones) zones") }
        for z in zones where z.stationID != station.id || !z.active {
            throw DomainError.invalid("zoneIDs", "zone \(z.name) is not an active zone of \(station.name)")
        }
        let team = VolunteerTeam(id: id, name: name, stationID: station.id, zoneIDs: zones.map(\.id), createdAt: now, createdBy: officer, path: station.path)
        return (team, try event(.volunteerTeamCreated, team))
    }

    /// Adds the volunteer account `user` to the team.
    /// - Parameter otherTeam: The team the account is already an active member of, if any.
    public static func addMember(_ team: VolunteerTeam, user: User, phone: String?, otherTeam: VolunteerTeam?, version: Int?,
                                 now: Date) throws(DomainError) -> (VolunteerTeam, Event) {
        try check(version, of: team)
        guard team.active else { throw DomainError(.inactive, field: "id", "team \(team.name) is disbanded") }
        guard user.role == .volunteer else {
            throw DomainError.invalid("username", "\(user.username) is a \(user.role.rawValue) account; only volunteer accounts join a team")
        }
        guard !user.disabled else { throw DomainError(.inactive, field: "username", "\(user.username) is disabled") }
        guard user.jurisdictionID == team.stationID else {
            throw DomainError.invalid("username", "\(user.username) belongs to another station than the team")
        }
        if let other = otherTeam, other.id != team.id { throw DomainError(.duplicate, field: "username", "\(user.username) is already in \(other.name)") }
        guard team.member(user.username)?.active != true else { throw DomainError(.duplicate, field: "username", "\(user.username) is already in the team") }
        guard team.members.filter(\.active).count < maxMembers else { throw DomainError.invalid("username", "a team has at most \(maxMembers) members") }
        let checkedPhone: String?
        do { checkedPhone = try RegistryDecider.phone(phone) } catch { throw DomainError.invalid("phone", error.message) }
        var next = team
        next.members.removeAll { $0.username == user.username }
        next.members.append(.init(username: user.username, name: user.displayName, phone: checkedPhone, joinedAt: now))
        next.version += 1
        return (next, try event(.volunteerMemberAdded, next))
    }

    /// Starts `username`'s shift. A shift of theirs still running is refused; those nobody ended
    /// that ran past `VolunteerShift.maxLength` are closed at that length first (in `closed`).
    /// - Parameter unended: The member's shifts nobody ended.
    public static func start(team: VolunteerTeam, username: String, unended: [VolunteerShift], id: VolunteerShiftID,
                             now: Date) throws(DomainError) -> (shift: VolunteerShift, closed: [VolunteerShift], events: [Event]) {
        guard team.active else { throw DomainError(.inactive, field: "team", "team \(team.name) is disbanded") }
        guard let member = team.member(username), member.active else {
            throw DomainError(.forbidden, "\(username) is not a member of \(team.name)")
        }
        if let running = unended.first(where: { !$0.isOver(at: now) }) {
            throw DomainError(.illegalTransition, field: "shift", "already on shift since \(running.startedAt.ISO8601Format())")
        }
        var events: [Event] = []
        let closed = unended.filter { $0.endedAt == nil }.map { s in
            var c = s
            c.endedAt = s.end(at: now)
            c.version += 1
            return c
        }
        for c in closed { events.append(try event(.volunteerShiftEnded, c)) }
        let shift = VolunteerShift(id: id, teamID: team.id, teamName: team.name, stationID: team.stationID, username: username, name: member.name,
                                   startedAt: now, path: team.path)
        events.append(try event(.volunteerShiftStarted, shift))
        return (shift, closed, events)
    }

    /// The shift's latest position. Like a unit's track point it is no audited event: positions
    /// every half-minute would drown the log, and they decide nothing.
    public static func locate(_ shift: VolunteerShift, at location: Coordinate, zones: [PatrolZone], by username: String,
                              now: Date) throws(DomainError) -> VolunteerShift {
        try running(shift, by: username, now: now)
        try TextRules.check(location, field: "location")
        var next = shift
        next.position = location
        next.positionAt = now
        next.inArea = zones.isEmpty ? nil : zones.contains { Polygon($0.boundary).contains(location) }
        next.version += 1
        return next
    }

    public static func report(_ shift: VolunteerShift, text: String, location: Coordinate?, urgent: Bool, by username: String,
                              now: Date) throws(DomainError) -> (VolunteerShift, Event) {
        try running(shift, by: username, now: now)
        try TextRules.check(text, field: "text", max: 1000, multiline: true)
        if let location { try TextRules.check(location, field: "location") }
        guard shift.reports.count < VolunteerShift.maxReports else {
            throw DomainError.invalid("text", "a shift holds at most \(VolunteerShift.maxReports) reports; end it and start another")
        }
        guard let place = location ?? shift.position else {
            throw DomainError.invalid("location", "say where: share the position or give the report's location")
        }
        var next = shift
        next.reports.append(.init(number: shift.reports.count + 1, at: now, text: text, location: place, urgent: urgent))
        next.version += 1
        return (next, try event(.volunteerReported, next))
    }

    /// The station's decision on a pending report: filed as `incident`, kept as a tip, or dismissed.
    public static func review(_ shift: VolunteerShift, report number: Int, outcome: VolunteerShift.Report.Status, incident: IncidentID? = nil,
                              by officer: String, now: Date) throws(DomainError) -> (VolunteerShift, Event) {
        guard let i = shift.reports.firstIndex(where: { $0.number == number }) else {
            throw DomainError.notFound("report", "\(number)")
        }
        guard shift.reports[i].status == .pending else {
            throw DomainError(.illegalTransition, field: "report", "report \(number) is already \(shift.reports[i].status.rawValue)")
        }
        guard outcome != .pending, (outcome == .filed) == (incident != nil) else {
            throw DomainError.invalid("outcome", "a report is filed with an incident, or kept or dismissed without one")
        }
        var next = shift
        next.reports[i].status = outcome
        next.reports[i].incidentID = incident
        next.reports[i].reviewedBy = officer
        next.reports[i].reviewedAt = now
        next.version += 1
        return (next, try event(.volunteerReportReviewed, next))
    }

    public static func end(_ shift: VolunteerShift, by username: String, now: Date) throws(DomainError) -> (VolunteerShift, Event) {
        try running(shift, by: username, now: now)
        var next = shift
        next.endedAt = now
        next.version += 1
        return (next, try event(.volunteerShiftEnded, next))
    }

    /// Only the volunteer on it works a shift, and only while it runs.
    static func running(_ shift: VolunteerShift, by username: String, now: Date) throws(DomainError) {
        guard shift.username == username else { throw DomainError(.forbidden, "the shift is \(shift.username)'s, not \(username)'s") }
        guard !shift.isOver(at: now) else { throw DomainError(.illegalTransition, field: "shift", "the shift is over; start another") }
    }

    static func check(_ version: Int?, of team: VolunteerTeam) throws(DomainError) {
        if let version, version != team.version {
            throw DomainError(.staleVersion, field: "version", "team is at version \(team.version), not \(version)")
        }
    }

    /// Team events carry the members' phones masked, like every register's events.
    static func event(_ type: EventType, _ team: VolunteerTeam) throws(DomainError) -> Event {
        do { return try Event(type, subject: team.id.rawValue, path: team.path, payload: EntityEventData(team.masked)) }
        catch { throw DomainError.invalid("team", "the change could not be recorded: \(error)") }
    }

    static func event(_ type: EventType, _ shift: VolunteerShift) throws(DomainError) -> Event {
        do { return try Event(type, subject: shift.id.rawValue, path: shift.path, payload: EntityEventData(shift)) }
        catch { throw DomainError.invalid("shift", "the change could not be recorded: \(error)") }
    }
}
