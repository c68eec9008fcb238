import Foundation
import Hummingbird
import PinganApp
import PinganCore

/// Policies as data: what a jurisdiction sets (deadline limits by priority, local categories,
/// alert limits by severity, the assessment's response targets, dynamic patrol's targets)
/// and what applies there once everything above it is inherited.
struct PolicyController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// The body of `PUT …/policy`: everything the jurisdiction sets, replacing what it set.
    /// Keyed objects rather than lists, so a priority or a code cannot be set twice.
    struct SetRequest: RequestBody {
        struct Limits: Decodable, Sendable { var dispatchSeconds: Int, arriveSeconds: Int, feedbackSeconds: Int }
        struct Category: Decodable, Sendable { var nameZh: String, nameEn: String, nonPolice: Bool?, retired: Bool? }
        var version: Int
        var deadlines: [String: Limits]?
        var categories: [String: Category]?
        var crossBorder: Bool?
        /// Alert limits by severity (`minor` … `extreme`).
        var alertDeadlines: [String: AlertLimits]?
        struct AlertLimits: Decodable, Sendable { var acknowledgeSeconds: Int, handleSeconds: Int }
        /// High-risk rules (高危警情) added, replaced or disabled here, by ID.
        var highRiskRules: [HighRiskRule]?
        /// Routing rules (警情分流) to agencies, by ID.
        var referralRules: [ReferralRule]?
        var referralDeadlines: ReferralDeadlines?
        /// What the assessment holds stations and units here to (met-standard rate, 90th-percentile
        /// arrival, overdue feedback, the smallest sample a warning rests on).
        var responseTargets: ResponseTargets?
        /// What dynamic patrol holds stations here to (reach of key places and zones, the grace
        /// before an alert) and whether idle units' moves are ordered automatically.
        var patrolTargets: PatrolTargets?

        static let patrolTargetsSchema = Schema.record([
            "reachSeconds": .integer(min: 30, max: 1800), "minZoneShare": .number(min: 0, max: 1), "holdMinutes": .integer(min: 1, max: 1440),
            "alerts": .boolean, "autoAcceptMoves": .boolean,
        ])
        static let responseTargetsSchema = Schema.record([
            "minMetRate": .number(min: 0, max: 1), "maxP90ArrivalSeconds": .integer(min: 1, max: OrganisationDecider.maxArriveSeconds),
            "maxOverdueFeedbackRate": .number(min: 0, max: 1), "minIncidents": .integer(min: 0, max: 1_000_000),
        ])
        static let ruleID = Schema.string(.init(minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$"))
        static let patterns = Schema.array(.text(max: 200), max: 100)
        static let highRiskRule = Schema.record([
            "id": ruleID, "nameZh": .text(max: 100), "nameEn": .text(max: 100), "categories": .array(.category, max: 50),
            "patterns": patterns, "raiseTo": .integer(min: 1, max: 4), "notify": .boolean, "disabled": .boolean,
        ], optional: ["categories", "disabled"])
        static let referralRule = Schema.record([
            "id": ruleID, "name": .text(max: 100), "agencyID": .id, "categories": .array(.category, max: 50), "keywords": patterns,
            "jurisdictions": .array(.id, max: 200), "hours": .record(["from": .integer(min: 0, max: 1439), "to": .integer(min: 0, max: 1439)]),
            "mode": .oneOf(ReferralRule.Mode.self), "disabled": .boolean,
        ], optional: ["categories", "keywords", "jurisdictions", "hours", "disabled"])

        static let alertLimits = Schema.record([
            "acknowledgeSeconds": .integer(min: 1, max: OrganisationDecider.maxDispatchSeconds),
            "handleSeconds": .integer(min: 1, max: OrganisationDecider.maxFeedbackSeconds),
        ])
        static let limits = Schema.record([
            "dispatchSeconds": .integer(min: 1, max: OrganisationDecider.maxDispatchSeconds),
            "arriveSeconds": .integer(min: 1, max: OrganisationDecider.maxArriveSeconds),
            "feedbackSeconds": .integer(min: 1, max: OrganisationDecider.maxFeedbackSeconds),
        ])
        static let category = Schema.record(["nameZh": .text(max: 100), "nameEn": .text(max: 100), "nonPolice": .boolean, "retired": .boolean],
                                            optional: ["nonPolice", "retired"])
        static let schema = Schema.record([
            "version": .version,
            "deadlines": .map(limits, keys: .init(pattern: "^[1-4]$")),
            "categories": .map(category, keys: .init(minLength: 1, maxLength: 32, pattern: "^[A-Za-z0-9_-]+$",
                                                     excluded: CategoryCatalogue.standard.categories.map(\.code))),
            "crossBorder": .boolean,
            "alertDeadlines": .map(alertLimits, keys: .init(values: AlertSeverity.allCases.map(\.rawValue))),
            "highRiskRules": .array(highRiskRule, max: 200), "referralRules": .array(referralRule, max: 200),
            "referralDeadlines": .record(["acceptSeconds": .integer(min: 1, max: OrganisationDecider.maxFeedbackSeconds),
                                          "feedbackSeconds": .integer(min: 1, max: OrganisationDecider.maxFeedbackSeconds)]),
            "responseTargets": responseTargetsSchema, "patrolTargets": patrolTargetsSchema,
        ], optional: ["deadlines", "categories", "crossBorder", "alertDeadlines", "highRiskRules", "referralRules", "referralDeadlines",
                      "responseTargets", "patrolTargets"])

        func policy() throws -> JurisdictionPolicy {
            var limits: [DeadlineOverride] = []
            for (key, l) in (deadlines ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let p = Int(key), (1...4).contains(p) else { throw Problem.invalidField("deadlines", "deadlines are keyed by priority 1 to 4") }
                limits.append(DeadlineOverride(priority: p, dispatchSeconds: l.dispatchSeconds, arriveSeconds: l.arriveSeconds, feedbackSeconds: l.feedbackSeconds))
            }
            let categories = (categories ?? [:]).sorted(by: { $0.key < $1.key }).map {
                LocalCategory(code: $0.key, nameZh: $0.value.nameZh, nameEn: $0.value.nameEn, nonPolice: $0.value.nonPolice, retired: $0.value.retired)
            }
            let alerts = (alertDeadlines ?? [:]).sorted(by: { $0.key < $1.key }).map {
                AlertDeadlineOverride(severity: $0.key, acknowledgeSeconds: $0.value.acknowledgeSeconds, handleSeconds: $0.value.handleSeconds)
            }
            var policy = JurisdictionPolicy(deadlines: limits, categories: categories, crossBorder: crossBorder, alertDeadlines: alerts.isEmpty ? nil : alerts)
            policy.highRiskRules = highRiskRules
            policy.referralRules = referralRules
            policy.referralDeadlines = referralDeadlines
            policy.responseTargets = responseTargets
            policy.patrolTargets = patrolTargets
            return policy
        }
    }

    struct View: Encodable {
        var jurisdictionID: JurisdictionID
        var version: Int
        /// What this jurisdiction sets itself.
        var own: JurisdictionPolicy
        /// What applies here, each rule with the jurisdiction that set it (or `standard`).
        var effective: EffectivePolicy
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("jurisdictions/{id}/policy", use: show)
        group.put("jurisdictions/{id}/policy", use: set)
    }

    func view(_ j: Jurisdiction) async throws -> View {
        View(jurisdictionID: j.id, version: j.version, own: j.policy ?? JurisdictionPolicy(),
             effective: try await deps.app.organisation.effectivePolicy(of: j))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readOrganisation)
        let id = JurisdictionID(try context.id())
        guard let j = try await deps.store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
        return try JSONReply(.ok, try await view(j)).response
    }

    @Sendable func set(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let id = JurisdictionID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(SetRequest.self, from: bytes)
        let policy = try input.policy()
        let outcome = try await deps.app.organisation.setPolicy(id, policy, version: input.version, by: user)
        guard let j = outcome.output else { throw DomainError.notFound("jurisdiction", id.rawValue) }
        return try JSONReply(.ok, try await view(j)).response
    }
}
