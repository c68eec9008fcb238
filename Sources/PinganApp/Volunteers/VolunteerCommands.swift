import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// Volunteer teams (群防群治): formed by a station, walked by their members from the field page's
/// volunteer form. A member starts a shift, shares where they are while it runs (the console's
/// volunteers layer) and reports what they see; a station officer or dispatcher files each
/// report as an incident, keeps it as a tip or dismisses it. Volunteers are not police: their
/// accounts may do nothing else (`Role.volunteer`).
public struct VolunteerCommands: Sendable {
    let runner: CommandRunner
    let store: any Store
    let incidents: IncidentCommands

    public func createTeam(name: String, stationID: JurisdictionID?, zoneIDs: [ZoneID], by user: User,
                           idempotency: Idempotency<VolunteerTeam>? = nil) async throws -> Outcome<VolunteerTeam> {
        try await runner.run(.createVolunteerTeam, by: Actor(user), idempotency: idempotency) { now in
            let sid = stationID ?? user.jurisdictionID
            guard let station = try await store.jurisdiction(sid, scope: user.scope) else { throw DomainError.notFound("station", sid.rawValue) }
            var zones: [PatrolZone] = []
            for id in Set(zoneIDs) {
                guard let z = try await store.zone(id, scope: user.scope) else { throw DomainError.notFound("zone", id.rawValue) }
                zones.append(z)
            }
            let (team, event) = try VolunteerDecider.team(name: name, zones: zones.sorted { $0.name < $1.name }, station: station, id: .random(),
                                                          now: now, by: user.username)
            return Decision(events: [event], writes: [.volunteerTeam(team)], output: team)
        }
    }

    public func addMember(_ id: VolunteerTeamID, username: String, phone: String?, version: Int?, by user: User,
                          idempotency: Idempotency<VolunteerTeam>? = nil) async throws -> Outcome<VolunteerTeam> {
        try await runner.run(.addVolunteer, by: Actor(user), idempotency: idempotency) { now in
            let team = try await self.team(id, for: user)
            guard let account = try await store.user(username: username), user.scope.contains(path: account.path) else {
                throw DomainError(.notFound, field: "username", "no account \(username.prefix(80)) in your scope")
            }
            let other = try await membership(of: account)
            let (next, event) = try VolunteerDecider.addMember(team, user: account, phone: phone, otherTeam: other, version: version, now: now)
            return Decision(events: [event], writes: [.volunteerTeam(next)], output: next)
        }
    }

    public func team(_ id: VolunteerTeamID, for user: User) async throws -> VolunteerTeam {
        guard let t = try await store.volunteerTeam(id), user.scope.contains(path: t.path) else { throw DomainError.notFound("volunteer team", id.rawValue) }
        return t
    }

    public func teams(for user: User) async throws -> [VolunteerTeam] {
        try await store.volunteerTeams(scope: user.scope).map { Self.view($0, for: user) }
    }

    public static func view(_ t: VolunteerTeam, for user: User) -> VolunteerTeam { user.role.may(.viewInhabitants) ? t : t.masked }

    /// The team the volunteer account is an active member of (a station keeps few teams, so they
    /// are read whole).
    public func membership(of user: User) async throws -> VolunteerTeam? {
        try await store.volunteerTeams(scope: Scope(path: user.path)).first { $0.active && $0.member(user.username)?.active == true }
    }

    /// Each member's contribution over the shifts started in [from, before).
    public func contributions(of id: VolunteerTeamID, from: Date, before: Date, for user: User) async throws -> [VolunteerContribution] {
        let team = try await self.team(id, for: user)
        var shifts: [VolunteerShift] = []
        try await Pages.each(of: VolunteerShiftQuery.maxLimit, {
            try await store.volunteerShifts(VolunteerShiftQuery(teamIDs: [id], startedFrom: from, startedBefore: before,
                                                                limit: VolunteerShiftQuery.maxLimit, offset: $0), scope: user.scope)
        }) { shifts += $0 }
        return VolunteerContribution.count(team, shifts: shifts, at: runner.time.now())
    }

    // MARK: The volunteer's own shift

    /// The volunteer's team and the shift they are on, if any.
    public func mine(_ user: User) async throws -> (team: VolunteerTeam?, shift: VolunteerShift?, zones: [PatrolZone]) {
        guard let team = try await membership(of: user) else { return (nil, nil, []) }
        return (team, try await running(of: user), try await zones(of: team))
    }

    func running(of user: User) async throws -> VolunteerShift? {
        let now = runner.time.now()
        return try await store.volunteerShifts(VolunteerShiftQuery(unended: true, usernames: [user.username], limit: 10), scope: Scope(path: user.path))
            .first { !$0.isOver(at: now) }
    }

    func zones(of team: VolunteerTeam) async throws -> [PatrolZone] {
        let all = try await store.zones(scope: Scope(path: team.path))
        return all.filter { team.zoneIDs.contains($0.id) }
    }

    public func start(by user: User, idempotency: Idempotency<VolunteerShift>? = nil) async throws -> Outcome<VolunteerShift> {
        try await runner.run(.startVolunteerShift, by: Actor(user), idempotency: idempotency) { now in
            guard let team = try await membership(of: user) else { throw DomainError(.forbidden, "\(user.username) is in no volunteer team") }
            let unended = try await store.volunteerShifts(VolunteerShiftQuery(unended: true, usernames: [user.username], limit: 10), scope: Scope(path: user.path))
            let d = try VolunteerDecider.start(team: team, username: user.username, unended: unended, id: .random(), now: now)
            return Decision(events: d.events, writes: d.closed.map { .volunteerShift($0) } + [.volunteerShift(d.shift)], output: d.shift)
        }
    }

    public func locate(_ id: VolunteerShiftID, at location: Coordinate, by user: User,
                       idempotency: Idempotency<VolunteerShift>? = nil) async throws -> Outcome<VolunteerShift> {
        try await runner.run(.shareVolunteerPosition, by: Actor(user), idempotency: idempotency) { now in
            let shift = try await self.shift(id, for: user)
            var zones: [PatrolZone] = []
            if let team = try await store.volunteerTeam(shift.teamID) { zones = try await self.zones(of: team) }
            let next = try VolunteerDecider.locate(shift, at: location, zones: zones, by: user.username, now: now)
            return Decision(events: [], writes: [.volunteerShift(next)], output: next)
        }
    }

    public func report(_ id: VolunteerShiftID, text: String, location: Coordinate?, urgent: Bool, by user: User,
                       idempotency: Idempotency<VolunteerShift>? = nil) async throws -> Outcome<VolunteerShift> {
        try await runner.run(.reportObservation, by: Actor(user), idempotency: idempotency) { now in
            let (next, event) = try VolunteerDecider.report(try await self.shift(id, for: user), text: text, location: location, urgent: urgent,
                                                            by: user.username, now: now)
            return Decision(events: [event], writes: [.volunteerShift(next)], output: next)
        }
    }

    public func end(_ id: VolunteerShiftID, by user: User, idempotency: Idempotency<VolunteerShift>? = nil) async throws -> Outcome<VolunteerShift> {
        try await runner.run(.endVolunteerShift, by: Actor(user), idempotency: idempotency) { now in
            let (next, event) = try VolunteerDecider.end(try await self.shift(id, for: user), by: user.username, now: now)
            return Decision(events: [event], writes: [.volunteerShift(next)], output: next)
        }
    }

    // MARK: The station's side

    public func shift(_ id: VolunteerShiftID, for user: User) async throws -> VolunteerShift {
        guard let s = try await store.volunteerShift(id), user.scope.contains(path: s.path) else { throw DomainError.notFound("volunteer shift", id.rawValue) }
        return s
    }

    public func shifts(_ query: VolunteerShiftQuery, for user: User) async throws -> [VolunteerShift] {
        try await store.volunteerShifts(query, scope: user.scope)
    }

    /// The shifts on the map now: unended and within their length.
    public func onPatrol(for user: User) async throws -> [VolunteerShift] {
        let now = runner.time.now()
        return try await store.volunteerShifts(VolunteerShiftQuery(unended: true, startedFrom: now.addingTimeInterval(-VolunteerShift.maxLength),
                                                                   limit: VolunteerShiftQuery.maxLimit), scope: user.scope)
    }

    /// Keeps a report as a tip or dismisses it.
    public func review(_ id: VolunteerShiftID, report number: Int, outcome: VolunteerShift.Report.Status, by user: User,
                       idempotency: Idempotency<VolunteerShift>? = nil) async throws -> Outcome<VolunteerShift> {
        guard outcome == .kept || outcome == .dismissed else { throw DomainError.invalid("outcome", "a report is kept or dismissed here; filing it files an incident") }
        return try await runner.run(.reviewVolunteerReport, by: Actor(user), idempotency: idempotency) { now in
            let (next, event) = try VolunteerDecider.review(try await self.shift(id, for: user), report: number, outcome: outcome, by: user.username, now: now)
            return Decision(events: [event], writes: [.volunteerShift(next)], output: next)
        }
    }

    /// Files a report as an incident at its place and records it on the report: two commands, the
    /// incident first (as a dispute's escalation), so a failure between them leaves an incident the
    /// dispatcher sees, never a report claiming one that does not exist.
    public func file(_ id: VolunteerShiftID, report number: Int, category: String, priority: Priority, description: String?,
                     by user: User) async throws -> (VolunteerShift, Incident) {
        guard user.role.may(.writeIncidents) else { throw DomainError(.forbidden, "role \(user.role.rawValue) may not file incidents") }
        let shift = try await self.shift(id, for: user)
        guard let report = shift.reports.first(where: { $0.number == number }) else { throw DomainError.notFound("report", "\(number)") }
        guard report.status == .pending else {
            throw DomainError(.illegalTransition, field: "report", "report \(number) is already \(report.status.rawValue)")
        }
        guard let location = report.location else { throw DomainError.invalid("report", "the report has no location") }
        if let description { try TextRules.check(description, field: "description", max: 2000, multiline: true) }
        let text = description ?? "义警报告 / volunteer report (\(shift.teamName), \(shift.name)): \(report.text.prefix(1500))"
        let incident = try await incidents.create(NewIncident(category: category, priority: priority, location: location,
                                                              address: String(format: "义警报告位置 / reported at %.5f, %.5f", location.lat, location.lon),
                                                              description: text, jurisdictionID: shift.stationID), by: user).get()
        let outcome = try await runner.run(.reviewVolunteerReport, by: Actor(user)) { now in
            let (next, event) = try VolunteerDecider.review(try await self.shift(id, for: user), report: number, outcome: .filed, incident: incident.id,
                                                            by: user.username, now: now)
            return Decision(events: [event], writes: [.volunteerShift(next)], output: next)
        }
        return (try outcome.get(), incident)
    }
}
