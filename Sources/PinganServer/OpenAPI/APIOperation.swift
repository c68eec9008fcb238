import PinganAnalytics
import PinganCore
import PinganStore

/// One documented operation of the API. `OpenAPIDocument` is built from the table in
/// `APIOperation.all`, and a test compares that table with the router's routes both ways, so
/// the document cannot drift from what the server answers.
struct APIOperation: Sendable {
    var method: String
    /// OpenAPI path template, `{name}` for parameters (Hummingbird prints captures the same way).
    var path: String
    var summary: String
    var tag: String
    /// Nil for routes that need no token.
    var permission: [Permission]?
    var request: Schema?
    var status: Int
    /// The success reply's body; nil for none (204, 101).
    var response: Schema?
    var query: [String: Schema] = [:]
    /// The body is XML (Cursor-on-Target) rather than JSON with a schema.
    var xmlBody = false
    /// The success reply's media type when it is not `application/json`.
    var replyType: String?
    /// Further media types the route may answer in, each with its schema (an export: CSV or GeoJSON by section).
    var otherReplies: [String: Schema] = [:]
    /// Query parameters the route cannot do without.
    var requiredQuery: Set<String> = []
    /// Signed-in POSTs and PATCHes that run a command accept `Idempotency-Key` (not sign-out, not XML).
    /// A bulk import is idempotent by its natural keys instead (see `ImportCommands`).
    /// A sensor's records are idempotent by their batch ID; a sensor's registration and token
    /// replies hold a secret that is never stored, so they cannot be replayed; a heartbeat and a
    /// look-up change nothing a retry could double; alert dispatch runs several commands, each
    /// of which refuses to be done twice; so does an EIDO import (an agency's state may accept,
    /// start and finish its referral in turn; a document of an incident already here is refused).
    var idempotent: Bool {
        (method == "POST" || method == "PATCH") && permission != nil && !xmlBody && !Self.notIdempotent.contains(path)
    }

    /// A history import is idempotent by its rows' source IDs and stored in several transactions,
    /// so one stored reply could not stand for it. A dispute's escalation files an incident and
    /// then records it on the dispute: two commands, which one stored reply cannot stand for.
    static let notIdempotent: Set<String> = ["/v1/auth/logout", "/v1/import", "/v1/import/incidents", "/v1/sensors", "/v1/sensors/{id}/token", "/v1/sensors/{id}/records",
                                             "/v1/sensors/{id}/heartbeat", "/v1/watchlists/check", "/v1/alerts/{id}/dispatch",
                                             "/v1/eido", "/v1/inhabitants/import", "/v1/fraud-warnings/import",
                                             "/v1/disputes/{id}/escalate"]

    /// The documented operation `method` and `path` name, if any.
    static func operation(_ method: String, _ path: String) -> APIOperation? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return all.first { op in
            guard op.method == method else { return false }
            let template = op.path.split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count && zip(template, segments).allSatisfy { t, s in t == s || (t.hasPrefix("{") && !s.isEmpty) }
        }
    }

    /// The documented methods of the route `path` matches (a `{name}` template segment matches
    /// any one segment), for the `Allow` header of a 405; empty when no route has this path.
    /// The most specific templates win, as in the router: `/v1/alerts/cap` is its own route, not
    /// an alert called `cap`.
    static func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var found: [(method: String, parameters: Int)] = []
        for op in all {
            let template = op.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            if zip(template, segments).allSatisfy({ t, s in t == s || (t.hasPrefix("{") && !s.isEmpty) }) {
                found.append((op.method, template.filter { $0.hasPrefix("{") }.count))
            }
        }
        let fewest = found.map(\.parameters).min()
        var methods: [String] = []
        for f in found where f.parameters == fewest && !methods.contains(f.method) { methods.append(f.method) }
        return methods
    }

    // Query parameters shared by several routes.
    static let instant = Schema.dateTime
    static let bbox = Schema.array(.number(min: -180, max: 180), min: 4, max: 4)
    static let zoom = Schema.integer(min: 0, max: 22)
    static let latitude = Schema.number(min: -90, max: 90)
    static let longitude = Schema.number(min: -180, max: 180)
    /// Names in the map's own language (`zh`) or English where the map has them (`en`).
    static let language = Schema.strings(["zh", "en"])
    static let reason = Schema.text(max: 200, required: false)
    static func list(_ values: [String]) -> Schema {
        let one = "(" + values.joined(separator: "|") + ")"
        return .string(.init(pattern: "^\(one)(,\(one)){0,49}$"))
    }

    static let all: [APIOperation] = [
        .init(method: "GET", path: "/healthz", summary: "Liveness and store health", tag: "system", permission: nil, status: 200, response: .ref("Health")),
        .init(method: "GET", path: "/metrics", summary: "Prometheus metrics", tag: "system", permission: nil, status: 200, response: .string(.init()), replyType: "text/plain"),
        .init(method: "GET", path: "/openapi.json", summary: "This document", tag: "system", permission: nil, status: 200, response: .object([:], open: true)),
        .init(method: "POST", path: "/v1/auth/login", summary: "Sign in; returns a bearer token", tag: "auth", permission: nil,
              request: AuthController.LoginRequest.schema, status: 200, response: .ref("Session")),
        .init(method: "POST", path: "/v1/auth/logout", summary: "Sign out; drops the token", tag: "auth", permission: [], status: 204),
        .init(method: "POST", path: "/v1/auth/password",
              summary: "Replace one's own password (required before anything else after an import or a reset: 403 password_change_required)",
              tag: "auth", permission: [], request: AuthController.ChangePasswordRequest.schema, status: 204),
        .init(method: "GET", path: "/v1/me", summary: "The signed-in user", tag: "auth", permission: [], status: 200, response: .ref("User")),
        .init(method: "POST", path: "/v1/import",
              summary: "Bulk import of jurisdictions with areas and zones (GeoJSON), posts, units and users (CSV): checked whole (422 import_invalid lists every bad row), idempotent by natural keys; new users get one-time passwords shown once",
              tag: "organisation", permission: [.manageOrganisation], request: ImportController.ImportRequest.schema, status: 200, response: .ref("ImportSummary")),
        .init(method: "POST", path: "/v1/import/incidents",
              summary: "Import closed past incidents (CSV received_at,dispatched_at,arrived_at,resolved_at,closed_at,category,priority,lat,lon,station,address,description,source_id,feedback; times ISO 8601 with offset): checked whole (422 import_invalid lists every bad row by line), at most 200000 rows (422 too_many_rows), stored in batches; rows with a source_id already imported are skipped",
              tag: "incidents", permission: [.manageOrganisation], request: ImportController.HistoryRequest.schema, status: 200,
              response: .ref("HistoryImportSummary")),
        .init(method: "GET", path: "/v1/export", summary: "One section of the organisation in the format the import reads (GeoJSON or CSV)",
              tag: "organisation", permission: [.manageOrganisation], status: 200, response: .string(.init()),
              query: ["section": .oneOf(OrganisationImport.Section.self)], replyType: "text/csv",
              otherReplies: ["application/geo+json": .ref("FeatureCollection")], requiredQuery: ["section"]),
        .init(method: "GET", path: "/v1/me/pending-feedback", summary: "Incidents the signed-in officer's unit resolved that still wait for its feedback",
              tag: "incidents", permission: [.updateOwnIncidents], status: 200, response: .array(.ref("Incident"))),
        .init(method: "GET", path: "/v1/jurisdictions", summary: "Jurisdictions in scope", tag: "organisation", permission: [.readOrganisation], status: 200,
              response: .array(.ref("Jurisdiction"))),
        .init(method: "POST", path: "/v1/jurisdictions", summary: "Create a jurisdiction", tag: "organisation", permission: [.manageOrganisation],
              request: JurisdictionController.CreateRequest.schema, status: 201, response: .ref("Jurisdiction")),
        .init(method: "GET", path: "/v1/jurisdictions/{id}", summary: "One jurisdiction", tag: "organisation", permission: [.readOrganisation], status: 200,
              response: .ref("Jurisdiction")),
        .init(method: "PATCH", path: "/v1/jurisdictions/{id}", summary: "Rename, recode, move the pin, retire or reactivate a jurisdiction (names the version read)",
              tag: "organisation", permission: [.manageOrganisation], request: JurisdictionEdit.schema, status: 200, response: .ref("Jurisdiction")),
        .init(method: "GET", path: "/v1/jurisdictions/{id}/policy", summary: "What the jurisdiction sets (deadlines, local categories) and what applies there, inherited",
              tag: "organisation", permission: [.readOrganisation], status: 200, response: .ref("Policy")),
        .init(method: "PUT", path: "/v1/jurisdictions/{id}/policy", summary: "Set the jurisdiction's deadlines by priority and local categories (names the version read); applies to new incidents",
              tag: "organisation", permission: [.manageOrganisation], request: PolicyController.SetRequest.schema, status: 200, response: .ref("Policy")),
        .init(method: "GET", path: "/v1/stations", summary: "Police stations in scope", tag: "organisation", permission: [.readOrganisation], status: 200,
              response: .array(.ref("Jurisdiction"))),
        .init(method: "GET", path: "/v1/posts", summary: "Posts, checkpoints, cameras and key places in scope", tag: "organisation", permission: [.readOrganisation], status: 200,
              response: .array(.ref("Post"))),
        .init(method: "POST", path: "/v1/posts", summary: "Create a post", tag: "organisation", permission: [.manageOrganisation],
              request: PostController.CreateRequest.schema, status: 201, response: .ref("Post")),
        .init(method: "POST", path: "/v1/key-places/import", summary: "Register the map's schools, hospitals, transport hubs and squares on a station's ground (its area, else its zones) as its key places (重点部位); those already registered are skipped",
              tag: "organisation", permission: [.manageOrganisation], request: PostController.ImportRequest.schema, status: 201, response: .ref("KeyPlaceImport")),
        .init(method: "GET", path: "/v1/posts/{id}", summary: "One post", tag: "organisation", permission: [.readOrganisation], status: 200, response: .ref("Post")),
        .init(method: "PATCH", path: "/v1/posts/{id}", summary: "Edit, retire or reactivate a post (names the version read)", tag: "organisation",
              permission: [.manageOrganisation], request: PostEdit.schema, status: 200, response: .ref("Post")),
        .init(method: "GET", path: "/v1/zones", summary: "Patrol zones in scope", tag: "organisation", permission: [.readOrganisation], status: 200,
              response: .array(.ref("Zone"))),
        .init(method: "POST", path: "/v1/zones", summary: "Create a patrol zone", tag: "organisation", permission: [.manageOrganisation],
              request: ZoneController.CreateRequest.schema, status: 201, response: .ref("Zone")),
        .init(method: "GET", path: "/v1/zones/{id}", summary: "One patrol zone", tag: "organisation", permission: [.readOrganisation], status: 200, response: .ref("Zone")),
        .init(method: "PATCH", path: "/v1/zones/{id}", summary: "Rename, redraw, re-crew, retire or reactivate a patrol zone (names the version read)",
              tag: "organisation", permission: [.manageOrganisation], request: ZoneEdit.schema, status: 200, response: .ref("Zone")),
        .init(method: "GET", path: "/v1/units", summary: "Units in scope", tag: "units", permission: [.readUnits], status: 200, response: .array(.ref("Unit"))),
        .init(method: "POST", path: "/v1/units", summary: "Create a unit", tag: "units", permission: [.writeUnits],
              request: UnitController.CreateRequest.schema, status: 201, response: .ref("Unit")),
        .init(method: "GET", path: "/v1/units/{id}", summary: "One unit", tag: "units", permission: [.readUnits], status: 200, response: .ref("Unit")),
        .init(method: "PATCH", path: "/v1/units/{id}", summary: "Rename, change kind or crew, retire or reactivate a unit (names the version read)",
              tag: "units", permission: [.manageOrganisation], request: UnitEdit.schema, status: 200, response: .ref("Unit")),
        .init(method: "POST", path: "/v1/units/{id}/status", summary: "Set a unit's duty status", tag: "units", permission: [.writeUnits, .reportPositions],
              request: UnitController.StatusRequest.schema, status: 200, response: .ref("Unit")),
        .init(method: "GET", path: "/v1/units/{id}/route", summary: "The unit's road route to its incident, with ETA", tag: "units",
              permission: [.readUnits], status: 200, response: .ref("Route")),
        .init(method: "GET", path: "/v1/units/{id}/track", summary: "The unit's stored track (default: the last 12 hours, at most 7 days); the read is audited",
              tag: "units", permission: [.readUnits], status: 200, response: .ref("Track"), query: ["from": instant, "to": instant, "reason": reason]),
        .init(method: "POST", path: "/v1/incidents", summary: "Create an incident from a call", tag: "incidents", permission: [.writeIncidents],
              request: IncidentController.CreateRequest.schema, status: 201, response: .ref("Incident")),
        .init(method: "GET", path: "/v1/incidents", summary: "List incidents in scope (caller masked)", tag: "incidents", permission: [.readIncidents],
              status: 200, response: .ref("IncidentPage"), query: [
                  "status": list(IncidentStatus.allCases.map(\.rawValue)), "category": .string(.init(pattern: "^[A-Za-z0-9_-]{1,32}(,[A-Za-z0-9_-]{1,32}){0,49}$")),
                  "priority": list(["1", "2", "3", "4"]), "from": instant, "to": instant, "bbox": bbox, "q": .text(max: 200, required: false),
                  "jurisdiction": .id, "limit": .integer(min: 1, max: IncidentQuery.maxLimit),
                  "offset": .integer(min: 0, max: 10_000_000),
              ]),
        .init(method: "GET", path: "/v1/incidents/{id}", summary: "One incident (caller unmasked for roles that may see it and for the crew of a unit on it while it is open; that read is audited)",
              tag: "incidents", permission: [.readIncidents], status: 200, response: .ref("Incident"), query: ["reason": reason]),
        .init(method: "POST", path: "/v1/incidents/{id}/transition", summary: "Move an incident along its lifecycle", tag: "incidents",
              permission: [.writeIncidents, .updateOwnIncidents], request: IncidentController.TransitionRequest.schema, status: 200, response: .ref("Incident")),
        .init(method: "POST", path: "/v1/incidents/{id}/assign", summary: "Assign units", tag: "incidents", permission: [.dispatch],
              request: IncidentController.AssignRequest.schema, status: 200, response: .ref("Incident")),
        .init(method: "POST", path: "/v1/incidents/{id}/unassign", summary: "Release a unit", tag: "incidents", permission: [.dispatch],
              request: IncidentController.UnassignRequest.schema, status: 200, response: .ref("Incident")),
        .init(method: "POST", path: "/v1/incidents/{id}/feedback", summary: "Give feedback; closes a resolved incident", tag: "incidents",
              permission: [.writeIncidents, .updateOwnIncidents], request: IncidentController.FeedbackRequest.schema, status: 200, response: .ref("Incident")),
        .init(method: "POST", path: "/v1/incidents/{id}/accept", summary: "The caller's unit acknowledges its assignment", tag: "incidents",
              permission: [.updateOwnIncidents], status: 200, response: .ref("Incident")),
        .init(method: "GET", path: "/v1/incidents/{id}/triage",
              summary: "Triage of a call: likely duplicates (score, reasons), repeat place and caller over 30/90 days, high-risk flags, routing proposals",
              tag: "triage", permission: [.readIncidents], status: 200, response: .ref("Triage")),
        .init(method: "POST", path: "/v1/incidents/{id}/merge", summary: "Merge a duplicate call under another incident (it keeps its number and caller)",
              tag: "triage", permission: [.writeIncidents], request: MergeController.MergeRequest.schema, status: 200, response: .ref("Incident")),
        .init(method: "POST", path: "/v1/incidents/{id}/unmerge", summary: "Undo a merge: the call stands on its own again, as it was", tag: "triage",
              permission: [.writeIncidents], request: AlertController.Empty.schema, status: 200, response: .ref("Incident")),
        .init(method: "POST", path: "/v1/incidents/{id}/referrals", summary: "Refer the call to another agency (警情分流)", tag: "triage",
              permission: [.dispatch], request: ReferralController.SendRequest.schema, status: 201, response: .ref("Referral")),
        .init(method: "GET", path: "/v1/addresses", summary: "Standard addresses in the caller's scope whose text holds a typed fragment (一标), oldest first",
              tag: "registry", permission: [.readRegistry], status: 200, response: .ref("StandardAddresses"),
              query: ["q": .text(max: 60), "limit": RegistryController.searchLimit], requiredQuery: ["q"]),
        .init(method: "POST", path: "/v1/addresses", summary: "Register a standard address in its normalised spelling (409 duplicate when the door is known)",
              tag: "registry", permission: [.collectRegistry], request: RegistryController.AddressRequest.schema, status: 201,
              response: .ref("StandardAddress")),
        .init(method: "GET", path: "/v1/addresses/quality", summary: "Each station's registry quality: addresses, the share with their people collected (采集率), the checked sample and the share found right (准确率)",
              tag: "registry", permission: [.readRegistry], status: 200, response: .ref("RegistryQuality")),
        .init(method: "GET", path: "/v1/addresses/{id}", summary: "One standard address", tag: "registry", permission: [.readRegistry], status: 200,
              response: .ref("StandardAddress")),
        .init(method: "POST", path: "/v1/addresses/{id}/check", summary: "Check an address on the ground, found right or not (the checked sample of the accuracy figure)",
              tag: "registry", permission: [.collectRegistry], request: RegistryController.CheckRequest.schema, status: 200,
              response: .ref("StandardAddress")),
        .init(method: "GET", path: "/v1/addresses/{id}/inhabitants",
              summary: "The people registered at an address, masked without the right to see them; the read is audited with its reason",
              tag: "registry", permission: [.readRegistry], status: 200, response: .ref("Inhabitants"),
              query: ["reason": .text(max: 200)], requiredQuery: ["reason"]),
        .init(method: "POST", path: "/v1/inhabitants", summary: "Register a person at an address (实有人口): a checked ID number, one registration per person",
              tag: "registry", permission: [.collectRegistry], request: RegistryController.InhabitantRequest.schema, status: 201,
              response: .ref("Inhabitant")),
        .init(method: "POST", path: "/v1/inhabitants/import",
              summary: "Import a population list (CSV, columns mapped by name): checked whole (422 import_invalid lists every bad row by line), people already registered skipped and listed",
              tag: "registry", permission: [.collectRegistry], request: RegistryController.ImportRequest.schema, status: 200,
              response: .ref("PopulationImportSummary")),
        .init(method: "GET", path: "/v1/fraud-warnings", summary: "Anti-fraud warnings (反诈预警) of the caller's scope, personal data masked, the earliest deadline first",
              tag: "registry", permission: [.readFraudWarnings], status: 200, response: .ref("FraudWarnings"),
              query: ["status": list(FraudWarning.Status.allCases.map(\.rawValue)), "from": .dateTime,
                      "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/fraud-warnings", summary: "Receive one anti-fraud warning, routed to its station by standard address, location or the station named",
              tag: "registry", permission: [.receiveFraudWarnings], request: FraudWarningController.WarningRequest.schema, status: 201,
              response: .ref("FraudWarning")),
        .init(method: "POST", path: "/v1/fraud-warnings/import",
              summary: "Import a day's warning list (CSV, columns mapped by name): checked and routed whole (422 import_invalid lists every bad row by line), references already received skipped and listed",
              tag: "registry", permission: [.receiveFraudWarnings], request: FraudWarningController.ImportRequest.schema, status: 200,
              response: .ref("FraudWarningImportSummary")),
        .init(method: "POST", path: "/v1/fraud-warnings/cap", summary: "Receive an anti-fraud warning as an OASIS CAP 1.2 alert (the person in its parameters)",
              tag: "registry", permission: [.receiveFraudWarnings], status: 201, response: .ref("FraudWarning"), xmlBody: true),
        .init(method: "GET", path: "/v1/fraud-warnings/rates", summary: "Each station's follow-up, on-time and saved rates over the warnings received in a period (days, CST), overdue counted now",
              tag: "registry", permission: [.readFraudWarnings], status: 200, response: .ref("FraudWarningRates"),
              query: ["from": SupervisionController.daySchema, "to": SupervisionController.daySchema]),
        .init(method: "GET", path: "/v1/fraud-warnings/{id}", summary: "One warning, in full to those who follow it up (the read audited), masked to others",
              tag: "registry", permission: [.readFraudWarnings], status: 200, response: .ref("FraudWarning"), query: ["reason": .text(max: 200)]),
        .init(method: "POST", path: "/v1/fraud-warnings/{id}/follow-up", summary: "Record a follow-up: contacted, dissuaded, loss prevented (with the yuan kept) or unreachable",
              tag: "registry", permission: [.followUpFraudWarnings], request: FraudWarningController.FollowUpRequest.schema, status: 200,
              response: .ref("FraudWarning")),
        .init(method: "GET", path: "/v1/disputes", summary: "Disputes (矛盾纠纷) of the caller's scope, newest first; parties masked without the right to see them",
              tag: "registry", permission: [.readDisputes], status: 200, response: .ref("Disputes"),
              query: ["status": list(Dispute.Status.allCases.map(\.rawValue)), "risk": list(Dispute.Risk.allCases.map(\.rawValue)), "from": .dateTime,
                      "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/disputes", summary: "Open a dispute: from an incident, at a standard address or on the officer's ground; its first follow-up is due by its risk",
              tag: "registry", permission: [.workDisputes], request: DisputeController.OpenRequest.schema, status: 201, response: .ref("Dispute")),
        .init(method: "GET", path: "/v1/disputes/rates", summary: "Each station's disputes opened in a period (days, CST): resolved, failed, open, late, high-risk, escalated, resolution rate",
              tag: "registry", permission: [.readDisputes], status: 200, response: .ref("DisputeRates"),
              query: ["from": SupervisionController.daySchema, "to": SupervisionController.daySchema]),
        .init(method: "GET", path: "/v1/disputes/{id}", summary: "One dispute", tag: "registry", permission: [.readDisputes], status: 200,
              response: .ref("Dispute")),
        .init(method: "POST", path: "/v1/disputes/{id}/sessions", summary: "Record a mediation session or follow-up: settled, ended unsettled, or continuing with its next follow-up",
              tag: "registry", permission: [.workDisputes], request: DisputeController.SessionRequest.schema, status: 200, response: .ref("Dispute")),
        .init(method: "POST", path: "/v1/disputes/{id}/escalate", summary: "File an incident (category dispute) at the dispute's place and record it on the dispute",
              tag: "registry", permission: [.workDisputes], request: DisputeController.EscalateRequest.schema, status: 201,
              response: .object(["dispute": .ref("Dispute"), "incident": .ref("Incident")], required: ["dispute", "incident"], open: true)),
        .init(method: "GET", path: "/v1/agencies", summary: "The agencies that take referrals, as the caller may see them", tag: "triage",
              permission: [.readReferrals], status: 200, response: .ref("Agencies")),
        .init(method: "POST", path: "/v1/agencies", summary: "Register an agency (综治中心, 12345, a grid)", tag: "triage",
              permission: [.manageOrganisation], request: AgencyController.CreateRequest.schema, status: 201, response: .ref("Agency")),
        .init(method: "GET", path: "/v1/agencies/{id}", summary: "One agency", tag: "triage", permission: [.readReferrals], status: 200,
              response: .ref("Agency")),
        .init(method: "PATCH", path: "/v1/agencies/{id}", summary: "Edit or retire an agency (names the version read)", tag: "triage",
              permission: [.manageOrganisation], request: AgencyController.EditRequest.schema, status: 200, response: .ref("Agency")),
        .init(method: "GET", path: "/v1/referrals", summary: "Referrals: an agency's own, or those of the caller's scope; newest first", tag: "triage",
              permission: [.readReferrals], status: 200, response: .ref("Referrals"),
              query: ["status": list(Referral.Status.allCases.map(\.rawValue)), "incidentID": .id,
                      "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "GET", path: "/v1/referrals/{id}", summary: "One referral", tag: "triage", permission: [.readReferrals], status: 200,
              response: .ref("Referral")),
        .init(method: "POST", path: "/v1/referrals/{id}/accept", summary: "The agency accepts the referral", tag: "triage",
              permission: [.workReferrals], request: AlertController.Empty.schema, status: 200, response: .ref("Referral")),
        .init(method: "POST", path: "/v1/referrals/{id}/start", summary: "The agency has started work on it", tag: "triage",
              permission: [.workReferrals], request: AlertController.Empty.schema, status: 200, response: .ref("Referral")),
        .init(method: "POST", path: "/v1/referrals/{id}/feedback", summary: "The agency's feedback: done (closes a call only the agency worked)",
              tag: "triage", permission: [.workReferrals], request: ReferralController.FeedbackRequest.schema, status: 200, response: .ref("Referral")),
        .init(method: "POST", path: "/v1/referrals/{id}/return", summary: "The agency returns it with a reason: the call is the dispatcher's again",
              tag: "triage", permission: [.workReferrals], request: ReferralController.ReturnRequest.schema, status: 200, response: .ref("Referral")),
        .init(method: "POST", path: "/v1/referrals/{id}/withdraw", summary: "The dispatcher takes the referral back", tag: "triage",
              permission: [.dispatch], request: AlertController.Empty.schema, status: 200, response: .ref("Referral")),
        .init(method: "GET", path: "/v1/incidents/{id}/eido", summary: "The incident and its referrals as a NENA EIDO JSON document (NENA-STA-021)",
              tag: "triage", permission: [.readIncidents], status: 200, response: .ref("EIDO")),
        .init(method: "GET", path: "/v1/referrals/{id}/eido", summary: "A referral as its agency receives it: an EIDO with the caller masked",
              tag: "triage", permission: [.readReferrals], status: 200, response: .ref("EIDO")),
        .init(method: "POST", path: "/v1/eido",
              summary: "Receive an EIDO: an agency's state of its referral moves it on; another system's incident is filed as a new one",
              tag: "triage", permission: [.writeIncidents, .workReferrals], request: EIDOController.schema, status: 201, response: .ref("Incident"),
              otherReplies: [:]),
        .init(method: "GET", path: "/v1/supervision", summary: "The supervision board (督办): overdue work and its reminders, open cases by default",
              tag: "triage", permission: [.readIncidents, .readReferrals], status: 200, response: .ref("SupervisionCases"),
              query: ["status": .string(.init(pattern: "^(all|(open|resolved)(,(open|resolved))*)$")),
                      "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/supervision/{id}/acknowledge", summary: "Acknowledge the reminder addressed to one's unit, agency, station or rank",
              tag: "triage", permission: [.acknowledgeSupervision], request: AlertController.Empty.schema, status: 200, response: .ref("SupervisionCase")),
        .init(method: "GET", path: "/v1/reports/overdue-feedback", summary: "Overdue-feedback rate (警情超时反馈率) per station and agency per day, from the event log",
              tag: "reports", permission: [.readIncidents], status: 200, response: .ref("OverdueFeedback"),
              query: ["from": SupervisionController.daySchema, "to": SupervisionController.daySchema]),
        .init(method: "GET", path: "/v1/forecast/hotspots", summary: "Today's hotspot forecast (预测预警): the grid cells most likely to see calls in scope",
              tag: "reports", permission: [.readIncidents], status: 200, response: .ref("HotspotForecast"),
              query: ["method": ForecastController.methodSchema, "top": .integer(min: 1, max: 500), "cell": .number(min: 50, max: 2000),
                      "trainDays": .integer(min: 7, max: 365)]),
        .init(method: "GET", path: "/v1/patrol", summary: "Live patrol picture (动态巡控): road, expected calls and key places within 1/3/5 minutes of the free units, and idle-unit move proposals",
              tag: "units", permission: [.readUnits], status: 200, response: .ref("Patrol"), query: ["demand": .strings(["calls", "forecast"])]),
        .init(method: "POST", path: "/v1/patrol/moves", summary: "Order an idle unit to a post (an accepted move proposal); the crew gets it as a message",
              tag: "units", permission: [.dispatch], request: PatrolController.MoveRequest.schema, status: 201, response: .ref("Messages")),
        .init(method: "GET", path: "/v1/patrol/compliance", summary: "Patrol compliance (巡逻考核) of a day: each zone shift's units, time in zone, points visited, gaps, distance, time out of zone without a job; station totals",
              tag: "units", permission: [.readUnits], status: 200, response: .ref("PatrolDay"),
              query: ["date": SupervisionController.daySchema, "station": .id, "unit": .id]),
        .init(method: "GET", path: "/v1/patrol/zone-design", summary: "Proposed patrol zones (巡区划分) for a station, balanced by the last four weeks' calls, beside the zones in force",
              tag: "organisation", permission: [.manageOrganisation], status: 200, response: .ref("ZoneStudy"),
              query: ["station": .id, "zones": PatrolController.zoneCountSchema], requiredQuery: ["station", "zones"]),
        .init(method: "POST", path: "/v1/patrol/zone-design/adopt", summary: "Replace a station's patrol zones with a design in one audited step (the zones in force are retired)",
              tag: "organisation", permission: [.manageOrganisation], request: PatrolController.AdoptRequest.schema, status: 201, response: .ref("Zones")),
        .init(method: "POST", path: "/v1/messages", summary: "Send a message to a unit, a zone's units or all units in scope", tag: "messages",
              permission: [.dispatch], request: MessageController.SendRequest.schema, status: 201, response: .ref("Messages")),
        .init(method: "GET", path: "/v1/messages", summary: "Messages with delivery and read receipts, newest first", tag: "messages",
              permission: [.dispatch, .reportPositions], status: 200, response: .ref("Messages"),
              query: ["unitID": .id, "broadcastID": .id, "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/messages/{id}/ack", summary: "The addressed unit's officer marks a message delivered or read",
              tag: "messages", permission: [.reportPositions], request: MessageController.AckRequest.schema, status: 200, response: .ref("Message")),
        .init(method: "GET", path: "/v1/demo", summary: "The demo city's switches (404 not_demo outside serve --demo)", tag: "demo",
              permission: [.readIncidents], status: 200, response: .ref("Demo")),
        .init(method: "PUT", path: "/v1/demo", summary: "Turn the demo city's auto-dispatch on or off (audited)", tag: "demo",
              permission: [.dispatch], request: DemoController.UpdateRequest.schema, status: 200, response: .ref("Demo")),
        .init(method: "GET", path: "/v1/users", summary: "Users in scope", tag: "users", permission: [.manageUsers], status: 200, response: .array(.ref("User"))),
        .init(method: "POST", path: "/v1/users", summary: "Create a user", tag: "users", permission: [.manageUsers],
              request: UserController.CreateRequest.schema, status: 201, response: .ref("User")),
        .init(method: "GET", path: "/v1/users/{id}", summary: "One user", tag: "users", permission: [.manageUsers], status: 200, response: .ref("User")),
        .init(method: "PATCH", path: "/v1/users/{id}", summary: "Edit or disable a user (names the version read); disabling ends their sessions",
              tag: "users", permission: [.manageUsers], request: UserEdit.schema, status: 200, response: .ref("User")),
        .init(method: "POST", path: "/v1/users/{id}/password", summary: "Set a new password; ends every session of the user", tag: "users",
              permission: [.manageUsers], request: UserController.PasswordRequest.schema, status: 204),
        .init(method: "GET", path: "/v1/audit", summary: "The audit log in scope, newest first, with each row's hash and the chain's state",
              tag: "audit", permission: [.readAudit], status: 200, response: .ref("AuditPage"), query: [
                  "actor": .text(max: 200, required: false), "subject": .text(max: 200, required: false), "type": .text(max: 64, required: false),
                  "from": instant, "to": instant,
                  "before": .count(min: 1), "limit": .integer(min: 1, max: 500),
              ]),
        .init(method: "GET", path: "/v1/meta", summary: "The platform's rules: 1-3-5 tiers, roles and permissions, lifecycle, deadlines, categories",
              tag: "system", permission: [], status: 200, response: .ref("Meta")),
        .init(method: "GET", path: "/v1/categories", summary: "The categories new incidents in the caller's jurisdiction may take (standard and local)", tag: "incidents", permission: [.readIncidents], status: 200,
              response: .array(.ref("Category"))),
        .init(method: "POST", path: "/v1/positions", summary: "Report a batch of position fixes (at most 5000); answers per-outcome counts",
              tag: "positions", permission: [.reportPositions], request: PositionController.ReportRequest.schema, status: 200, response: .ref("PositionResult")),
        .init(method: "POST", path: "/v1/positions/cot", summary: "Report positions as Cursor-on-Target XML events (uid = unit callsign or ID)",
              tag: "positions", permission: [.reportPositions], status: 200, response: .ref("PositionResult"), xmlBody: true),
        .init(method: "GET", path: "/v1/sensors", summary: "Sensors in scope with their state, last contact and latest crowd count", tag: "sensing",
              permission: [.readAlerts], status: 200, response: .ref("Sensors")),
        .init(method: "POST", path: "/v1/sensors", summary: "Register a checkpoint, gate, camera, drone or alarm button; the reply holds its token, shown once",
              tag: "sensing", permission: [.manageSensors], request: SensorController.CreateRequest.schema, status: 201, response: .ref("SensorToken")),
        .init(method: "GET", path: "/v1/sensors/{id}", summary: "One sensor", tag: "sensing", permission: [.readAlerts], status: 200, response: .ref("Sensor")),
        .init(method: "PATCH", path: "/v1/sensors/{id}", summary: "Edit, retire or reactivate a sensor; set or clear its crowd rule (names the version read)",
              tag: "sensing", permission: [.manageSensors], request: SensorController.EditRequest.schema, status: 200, response: .ref("Sensor")),
        .init(method: "POST", path: "/v1/sensors/{id}/token", summary: "Issue the sensor a new token; the old one stops working", tag: "sensing",
              permission: [.manageSensors], request: AlertController.Empty.schema, status: 200, response: .ref("SensorToken")),
        .init(method: "POST", path: "/v1/sensors/{id}/records",
              summary: "A sensor's batch of records (plate reads, ID checks, observations, crowd counts, alarm presses), checked whole, idempotent by batchID; answers after the records and the alerts they raise are committed",
              tag: "sensing", permission: [.postSensorRecords], request: SensorController.RecordsRequest.schema, status: 200, response: .ref("SensorBatch")),
        .init(method: "POST", path: "/v1/sensors/{id}/heartbeat", summary: "A sensor is alive (a drone says where it is)", tag: "sensing",
              permission: [.postSensorRecords], request: SensorController.HeartbeatRequest.schema, status: 200, response: .ref("Sensor")),
        .init(method: "GET", path: "/v1/watchlists", summary: "Watchlists (布控) the caller's jurisdiction may see", tag: "sensing",
              permission: [.readAlerts], status: 200, response: .ref("Watchlists")),
        .init(method: "POST", path: "/v1/watchlists", summary: "Create a watchlist with its reason, severity, validity and audience", tag: "sensing",
              permission: [.manageWatchlists], request: WatchlistController.CreateRequest.schema, status: 201, response: .ref("Watchlist")),
        .init(method: "POST", path: "/v1/watchlists/check", summary: "Look a plate or document up against the lists the caller may see (audited)",
              tag: "sensing", permission: [.manageWatchlists, .handleAlerts], request: WatchlistController.CheckRequest.schema, status: 200,
              response: .ref("WatchlistCheck")),
        .init(method: "GET", path: "/v1/watchlists/{id}", summary: "One watchlist", tag: "sensing", permission: [.readAlerts], status: 200,
              response: .ref("Watchlist")),
        .init(method: "PATCH", path: "/v1/watchlists/{id}", summary: "Edit, share or withdraw a watchlist (names the version read)", tag: "sensing",
              permission: [.manageWatchlists], request: WatchlistController.EditRequest.schema, status: 200, response: .ref("Watchlist")),
        .init(method: "GET", path: "/v1/watchlists/{id}/entries", summary: "A watchlist's entries, documents masked (the read is audited)",
              tag: "sensing", permission: [.manageWatchlists], status: 200, response: .ref("WatchlistEntries"),
              query: ["limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/watchlists/{id}/entries", summary: "Add a plate (exact or fuzzy), document or person to a watchlist",
              tag: "sensing", permission: [.manageWatchlists], request: WatchlistController.EntryRequest.schema, status: 201, response: .ref("WatchlistEntry")),
        .init(method: "DELETE", path: "/v1/watchlists/{id}/entries/{entryID}", summary: "Take an entry off a watchlist", tag: "sensing",
              permission: [.manageWatchlists], status: 200, response: .ref("WatchlistEntry")),
        .init(method: "GET", path: "/v1/alerts", summary: "Alerts (预警) in scope, newest first, with counts by status (storm members under their group)",
              tag: "alerts", permission: [.readAlerts], status: 200, response: .ref("Alerts"),
              query: ["status": list(Alert.Status.allCases.map(\.rawValue)), "from": instant, "members": .strings(["true", "false"]),
                      "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/alerts/cap", summary: "Receive an OASIS CAP 1.2 alert from another system", tag: "alerts",
              permission: [.handleAlerts], status: 201, response: .ref("Alert"), xmlBody: true),
        .init(method: "GET", path: "/v1/alerts/{id}", summary: "One alert", tag: "alerts", permission: [.readAlerts], status: 200, response: .ref("Alert")),
        .init(method: "GET", path: "/v1/alerts/{id}/members", summary: "The alerts folded into a storm group", tag: "alerts", permission: [.readAlerts],
              status: 200, response: .ref("Alerts")),
        .init(method: "GET", path: "/v1/alerts/{id}/cap", summary: "The alert as an OASIS CAP 1.2 document", tag: "alerts", permission: [.readAlerts],
              status: 200, response: .string(.init()), replyType: "application/cap+xml"),
        .init(method: "POST", path: "/v1/alerts/{id}/acknowledge", summary: "Acknowledge an alert", tag: "alerts", permission: [.handleAlerts],
              request: AlertController.Empty.schema, status: 200, response: .ref("Alert")),
        .init(method: "POST", path: "/v1/alerts/{id}/close", summary: "Close an acknowledged alert as handled or a false alarm, with feedback (a group closes its members)",
              tag: "alerts", permission: [.handleAlerts], request: AlertController.CloseRequest.schema, status: 200, response: .ref("Alert")),
        .init(method: "POST", path: "/v1/alerts/{id}/split", summary: "Split a storm group: each member stands on its own", tag: "alerts",
              permission: [.handleAlerts], request: AlertController.Empty.schema, status: 200, response: .ref("Alert")),
        .init(method: "POST", path: "/v1/alerts/{id}/dispatch", summary: "One-click dispatch: the alert becomes an incident and the proposed (or named) units are sent",
              tag: "alerts", permission: [.handleAlerts], request: AlertController.DispatchRequest.schema, status: 200, response: .ref("AlertDispatch")),
        .init(method: "GET", path: "/v1/incidents/{id}/recommendations", summary: "Units ranked by road travel time, with tier and route",
              tag: "dispatch", permission: [.dispatch], status: 200, response: .ref("Recommendation")),
        .init(method: "POST", path: "/v1/incidents/{id}/dispatch", summary: "Dispatch the given units, or the recommended ones, in one call",
              tag: "dispatch", permission: [.dispatch], request: DispatchController.DispatchRequestBody.schema, status: 200, response: .ref("Incident")),
        .init(method: "GET", path: "/v1/reports/response", summary: "Response times and the 1-3-5 standard per unit, station and zone",
              tag: "reports", permission: [.readIncidents], status: 200, response: .ref("Report"), query: ["from": instant, "to": instant]),
        .init(method: "GET", path: "/v1/reports",
              summary: "Stored daily situation reports (三情研判) and station duty logs (值班日志) in scope, newest day first (descriptions; the pages by their links)",
              tag: "reports", permission: [.readIncidents], status: 200, response: .ref("StoredReports"),
              query: ["kind": list(Report.Kind.allCases.map(\.rawValue)), "jurisdiction": .id, "from": SupervisionController.daySchema,
                      "to": SupervisionController.daySchema, "language": .oneOf(Report.Language.self),
                      "limit": .integer(min: 0, max: 1_000_000), "offset": .integer(min: 0, max: 1_000_000)]),
        .init(method: "POST", path: "/v1/reports",
              summary: "Write a jurisdiction's daily report or a station's duty log for a CST day (today: the day so far) now and store it, replacing the pages of the same kind, jurisdiction, day and language as its next version; a PDF too where headless Chromium is installed. 422 date_in_future, invalid_field (a duty log of a non-station, a date that does not exist)",
              tag: "reports", permission: [.writeIncidents, .readAudit], request: DailyReportController.WriteRequest.schema, status: 201,
              response: .ref("StoredReport")),
        .init(method: "GET", path: "/v1/reports/{id}", summary: "One stored report's description, with the links to its pages",
              tag: "reports", permission: [.readIncidents], status: 200, response: .ref("StoredReport")),
        .init(method: "GET", path: "/v1/reports/{id}/html", summary: "A stored report as one self-contained HTML page (inline CSS and SVG, no script)",
              tag: "reports", permission: [.readIncidents], status: 200, response: .string(.init()), replyType: "text/html"),
        .init(method: "GET", path: "/v1/reports/{id}/pdf", summary: "A stored report's PDF (404 no_pdf when it was stored without one)",
              tag: "reports", permission: [.readIncidents], status: 200, response: .string(.init(format: "binary")), replyType: "application/pdf"),
        .init(method: "GET", path: "/v1/stats/kpi",
              summary: "KPIs (系统化考核评估) of a jurisdiction for a period (CST days; default the caller's jurisdiction, the last 30 days) against the previous period (环比) and a year before (同比), both stated; the daily series, a breakdown, the station league against the 1-3-5 standard and warnings against the policy's responseTargets. 422 invalid_date, period_reversed, period_too_long (over 400 days); 503 stats_loading while the history loads",
              tag: "reports", permission: [.readIncidents], status: 200, response: .ref("KPIReport"),
              query: ["jurisdiction": .id, "from": SupervisionController.daySchema, "to": SupervisionController.daySchema,
                      "groupBy": .oneOf(KPIGrouping.self)]),
        .init(method: "GET", path: "/v1/map/roads", summary: "The road network in a bbox as GeoJSON LineStrings, simplified by zoom",
              tag: "map", permission: [.readOrganisation], status: 200, response: .ref("FeatureCollection"), query: ["bbox": bbox, "zoom": zoom], replyType: "application/geo+json",
              requiredQuery: ["bbox"]),
        .init(method: "GET", path: "/v1/map/places", summary: "Places a typed address may mean: stations, posts, streets and crossings",
              tag: "map", permission: [.readOrganisation], status: 200, response: .array(.ref("Place")),
              query: ["q": .string(.init(minLength: 1, maxLength: 100, pattern: "^\\s*\\S[\\s\\S]*$")), "lat": latitude, "lon": longitude, "lang": language],
              requiredQuery: ["q"]),
        .init(method: "GET", path: "/v1/map/address", summary: "What a map position is called: the nearest address, crossing or named street",
              tag: "map", permission: [.readOrganisation], status: 200, response: .ref("Address"),
              query: ["lat": latitude, "lon": longitude, "lang": language], requiredQuery: ["lat", "lon"]),
        .init(method: "GET", path: "/v1/map/labels", summary: "Street names (zoom 14+) and landmarks (zoom 16+) in a bbox as GeoJSON",
              tag: "map", permission: [.readOrganisation], status: 200, response: .ref("FeatureCollection"),
              query: ["bbox": bbox, "zoom": zoom, "lang": language], replyType: "application/geo+json", requiredQuery: ["bbox"]),
        .init(method: "GET", path: "/v1/map/background", summary: "Water, parks and (zoom 15+) major buildings in a bbox as GeoJSON Polygons",
              tag: "map", permission: [.readOrganisation], status: 200, response: .ref("FeatureCollection"),
              query: ["bbox": bbox, "zoom": zoom], replyType: "application/geo+json", requiredQuery: ["bbox"]),
        .init(method: "GET", path: "/v1/map/extent", summary: "The rectangle the loaded road network spans, and its centre",
              tag: "map", permission: [.readOrganisation], status: 200, response: .ref("MapExtent")),
        .init(method: "GET", path: "/v1/map/coverage", summary: "Road segments by the 1-3-5 minute tier the nearest free unit reaches them in",
              tag: "map", permission: [.readUnits], status: 200, response: .ref("FeatureCollection"), query: ["bbox": bbox, "zoom": zoom], replyType: "application/geo+json",
              requiredQuery: ["bbox"]),
        .init(method: "GET", path: "/v1/live", summary: "Live event feed (WebSocket upgrade; token may be given as ?token=)", tag: "live",
              permission: [.readIncidents, .readReferrals], status: 101, query: ["after": .count(min: 0), "token": .string(.init(minLength: 1, maxLength: 200))]),
    ]
}
