/// The rules every client of the platform shows or acts on, gathered from their one home each in
/// the core: the 1-3-5 tiers (`ResponseTier`), who may do what (`Role`, `Permission`), the
/// incident lifecycle (`IncidentLifecycle`), the deadlines (`DeadlinePolicy`), the categories
/// (`CategoryCatalogue`) and the kinds and states of units. The console reads them from
/// `GET /v1/meta` rather than keeping copies that drift.
public struct PlatformRules: Codable, Sendable, Hashable {
    public struct Tier: Codable, Sendable, Hashable {
        /// 1, 3 or 5 (the standard's name), 99 for beyond five minutes.
        public var minutes: Int
        /// The upper bound in seconds; absent for the last tier.
        public var withinSeconds: Double?
    }

    public struct Deadlines: Codable, Sendable, Hashable {
        public var priority: Int
        public var dispatchSeconds: Double
        public var arriveSeconds: Double
        public var feedbackSeconds: Double
    }

    public var tiers: [Tier]
    /// Each role's permissions.
    public var roles: [String: [String]]
    public var permissions: [String]
    /// Each incident status and the statuses that may follow it.
    public var lifecycle: [String: [String]]
    /// Every status, in lifecycle order.
    public var statuses: [String]
    /// Statuses that still need work (not closed, not cancelled).
    public var openStatuses: [String]
    /// Statuses in which units may still be assigned.
    public var assignableStatuses: [String]
    public var deadlines: [Deadlines]
    public var categories: [IncidentCategory]
    public var priorities: [Int]
    public var unitKinds: [String]
    public var unitStatuses: [String]
    /// Each anti-fraud warning state and the follow-ups that may follow it.
    public var fraudWarningFollowUps: [String: [String]]

    public init(catalogue: CategoryCatalogue = .standard, deadlines policy: DeadlinePolicy = .standard) {
        tiers = ResponseTier.allCases.map { Tier(minutes: $0.minutes, withinSeconds: $0.limitSeconds.isFinite ? $0.limitSeconds : nil) }
        roles = Dictionary(uniqueKeysWithValues: Role.allCases.map { role in (role.rawValue, Permission.allCases.filter(role.may).map(\.rawValue)) })
        permissions = Permission.allCases.map(\.rawValue)
        lifecycle = Dictionary(uniqueKeysWithValues: IncidentStatus.allCases.map { status in
            (status.rawValue, IncidentStatus.allCases.filter { IncidentLifecycle.canMove(from: status, to: $0) }.map(\.rawValue))
        })
        statuses = IncidentStatus.allCases.map(\.rawValue)
        openStatuses = IncidentStatus.allCases.filter(\.isOpen).map(\.rawValue)
        assignableStatuses = IncidentStatus.allCases.filter(IncidentLifecycle.assignable.contains).map(\.rawValue)
        deadlines = Priority.allCases.map { p in
            let l = policy.limits(for: p)
            return Deadlines(priority: p.rawValue, dispatchSeconds: l.dispatch, arriveSeconds: l.arrive, feedbackSeconds: l.feedback)
        }
        categories = catalogue.categories
        priorities = Priority.allCases.map(\.rawValue)
        unitKinds = UnitKind.allCases.map(\.rawValue)
        unitStatuses = UnitStatus.allCases.map(\.rawValue)
        fraudWarningFollowUps = Dictionary(uniqueKeysWithValues: FraudWarning.Status.allCases.map { ($0.rawValue, $0.next.map(\.rawValue)) })
    }
}
