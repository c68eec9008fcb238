import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Volunteer teams and their shifts over HTTP (群防群治): the station forms teams and adds volunteer
/// accounts to them; a volunteer starts and ends their own shift, shares their position and
/// reports what they see; the station, or the command centre, files each report as an incident,
/// keeps it as a tip or dismisses it; the console draws the shifts on patrol as a map layer.
struct VolunteerController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct TeamRequest: RequestBody {
        var name: String
        var stationID: JurisdictionID?
        var zoneIDs: [ZoneID]?
        static let schema = Schema.record(["name": .text(max: 60), "stationID": .id, "zoneIDs": .array(.id, max: VolunteerDecider.maxZones)],
                                          optional: ["stationID", "zoneIDs"])
    }

    struct MemberRequest: RequestBody {
        var username: String
        var phone: String?
        var version: Int?
        static let schema = Schema.record(["username": .username, "phone": .string(Schema.StringRules(maxLength: 32)), "version": .version],
                                          optional: ["phone", "version"])
    }

    struct PositionRequest: RequestBody {
        var location: Coordinate
        static let schema = Schema.record(["location": .coordinate])
    }

    struct ReportRequest: RequestBody {
        var text: String
        var location: Coordinate?
        var urgent: Bool?
        static let schema = Schema.record(["text": .text(max: 1000, multiline: true), "location": .coordinate, "urgent": .boolean],
                                          optional: ["location", "urgent"])
    }

    struct ReviewRequest: RequestBody {
        var report: Int
        var outcome: String
        static let schema = Schema.record(["report": .integer(min: 1, max: VolunteerShift.maxReports), "outcome": .strings(["kept", "dismissed"])])
    }

    struct FileRequest: RequestBody {
        var report: Int
        var category: String?
        var priority: Priority?
        var description: String?
        static let schema = Schema.record([
            "report": .integer(min: 1, max: VolunteerShift.maxReports), "category": .category, "priority": .integer(min: 1, max: 4),
            "description": .text(max: 2000, multiline: true),
        ], optional: ["category", "priority", "description"])
    }

    struct Listing<Item: Encodable>: Encodable {
        var items: [Item]
    }

    struct TeamDetail: Encodable {
        var team: VolunteerTeam
        var from: String
        var to: String
        var contributions: [VolunteerContribution]
    }

    /// What the volunteer's own page needs: their team, their shift and the zones they walk.
    struct Mine: Encodable {
        struct Zone: Encodable {
            var id: ZoneID
            var name: String
            var boundary: [Coordinate]
        }
        var team: VolunteerTeam?
        var shift: VolunteerShift?
        var zones: [Zone]
    }

    /// The shift and the incident filed from its report, as the incident routes show one.
    struct Filing: Encodable {
        var shift: VolunteerShift
        var incident: IncidentView
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("volunteer-teams", use: teams)
        group.post("volunteer-teams", use: createTeam)
        group.get("volunteer-teams/{id}", use: team)
        group.post("volunteer-teams/{id}/members", use: addMember)
        group.get("volunteer-shifts", use: shifts)
        group.post("volunteer-shifts", use: start)
        group.get("volunteer-shifts/mine", use: mine)
        group.post("volunteer-shifts/{id}/position", use: position)
        group.post("volunteer-shifts/{id}/reports", use: report)
        group.post("volunteer-shifts/{id}/review", use: review)
        group.post("volunteer-shifts/{id}/file", use: file)
        group.post("volunteer-shifts/{id}/end", use: end)
    }

    @Sendable func teams(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readVolunteers)
        return try JSONReply(.ok, Listing(items: try await deps.app.volunteers.teams(for: user))).response
    }

    @Sendable func createTeam(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageVolunteers)
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(TeamRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, VolunteerCommands.view($0, for: user)) }) {
            try await deps.app.volunteers.createTeam(name: r.name, stationID: r.stationID, zoneIDs: r.zoneIDs ?? [], by: user, idempotency: $0)
        }
    }

    /// `?from=&to=` (days, China Standard Time, inclusive; the last 30 days by default): the
    /// team with each member's contribution over the shifts started in those days.
    @Sendable func team(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readVolunteers)
        let id = VolunteerTeamID(try context.id())
        let period = try KPIPeriod.parse(request.uri.queryParameters, defaultFrom: { $0.advanced(by: -29) }, today: ReportDay(containing: deps.time.now()))
        let team = try await deps.app.volunteers.team(id, for: user)
        let contributions = try await deps.app.volunteers.contributions(of: id, from: period.start, before: period.to.end, for: user)
        return try JSONReply(.ok, TeamDetail(team: VolunteerCommands.view(team, for: user), from: period.from.description, to: period.to.description,
                                             contributions: contributions)).response
    }

    @Sendable func addMember(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageVolunteers)
        let id = VolunteerTeamID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(MemberRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, VolunteerCommands.view($0, for: user)) }) {
            try await deps.app.volunteers.addMember(id, username: r.username, phone: r.phone, version: r.version, by: user, idempotency: $0)
        }
    }

    /// `?which=onPatrol` (the default: running shifts, with their positions, for the map),
    /// `pending` (shifts with reports waiting for a decision) or `recent` (newest first);
    /// `team=` narrows to one team.
    @Sendable func shifts(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readVolunteers)
        let params = request.uri.queryParameters
        if let raw = params["team"], !VolunteerTeamID.isWellFormed(String(raw)) {
            throw Problem.invalidField("team", "an ID is 1-200 characters without / or control characters")
        }
        let teamIDs = params["team"].map { [VolunteerTeamID(String($0))] }
        let limit = try MessageController.integer(params["limit"], "limit").map { min(max($0, 1), VolunteerShiftQuery.maxLimit) } ?? 200
        let items: [VolunteerShift]
        switch params["which"].map(String.init) ?? "onPatrol" {
        case "onPatrol": items = try await deps.app.volunteers.onPatrol(for: user).filter { s in teamIDs.map { $0.contains(s.teamID) } ?? true }
        case "pending": items = try await deps.app.volunteers.shifts(VolunteerShiftQuery(pending: true, teamIDs: teamIDs, limit: limit), for: user)
        case "recent": items = try await deps.app.volunteers.shifts(VolunteerShiftQuery(teamIDs: teamIDs, limit: limit), for: user)
        case let other: throw DomainError.invalid("which", "which is onPatrol, pending or recent, not \(other.prefix(40))")
        }
        return try JSONReply(.ok, Listing(items: items)).response
    }

    @Sendable func mine(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.volunteerDuty)
        let (team, shift, zones) = try await deps.app.volunteers.mine(user)
        return try JSONReply(.ok, Mine(team: team.map { VolunteerCommands.view($0, for: user) }, shift: shift,
                                       zones: zones.map { .init(id: $0.id, name: $0.name, boundary: $0.boundary) })).response
    }

    @Sendable func start(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.volunteerDuty)
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(AlertController.Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.volunteers.start(by: user, idempotency: $0)
        }
    }

    @Sendable func position(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.volunteerDuty)
        let id = VolunteerShiftID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(PositionRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.volunteers.locate(id, at: r.location, by: user, idempotency: $0)
        }
    }

    @Sendable func report(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.volunteerDuty)
        let id = VolunteerShiftID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(ReportRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, $0) }) {
            try await deps.app.volunteers.report(id, text: r.text, location: r.location, urgent: r.urgent ?? false, by: user, idempotency: $0)
        }
    }

    @Sendable func end(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.volunteerDuty)
        let id = VolunteerShiftID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(AlertController.Empty.self, from: bytes) }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.volunteers.end(id, by: user, idempotency: $0)
        }
    }

    @Sendable func review(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.reviewVolunteerReports)
        let id = VolunteerShiftID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let r = try deps.body.decode(ReviewRequest.self, from: bytes)
        let outcome: VolunteerShift.Report.Status = r.outcome == "kept" ? .kept : .dismissed
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            try await deps.app.volunteers.review(id, report: r.report, outcome: outcome, by: user, idempotency: $0)
        }
    }

    @Sendable func file(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.reviewVolunteerReports)
        let id = VolunteerShiftID(try context.id())
        let r = try deps.body.decode(FileRequest.self, from: try await deps.body.bytes(request))
        let (shift, incident) = try await deps.app.volunteers.file(id, report: r.report, category: r.category ?? "suspicious", priority: r.priority ?? .p3,
                                                                   description: r.description, by: user)
        let view = IncidentView(incident, now: deps.time.now(), masked: !user.role.may(.viewCaller))
        return try JSONReply(.created, Filing(shift: shift, incident: view)).response
    }
}
