/// The rules a jurisdiction sets for everything below it, inherited down the tree unless set
/// again lower down: deadline limits by priority and local incident categories. Kept on the
/// jurisdiction itself, so setting it is one versioned, audited write like any edit.
public struct JurisdictionPolicy: Codable, Sendable, Hashable {
    /// Limits set here, one entry per priority at most; priorities not named are inherited.
    public var deadlines: [DeadlineOverride]
    /// Categories added here to the standard catalogue (which always stays whole).
    public var categories: [LocalCategory]
    /// Whether dispatchers here are shown, and may be proposed, free units of neighbouring
    /// stations of the same district when those are faster (就近处警 across the station border);
    /// nil inherits, and with no rule anywhere a dispatcher sees only units of their own scope.
    public var crossBorder: Bool?
    /// Alert limits set here, one entry per severity at most (see `AlertDeadlinePolicy`).
    public var alertDeadlines: [AlertDeadlineOverride]?
    /// High-risk rules added here, or replacing (or, `disabled`, switching off) those of the same
    /// ID from above or from `HighRiskRules.standard`.
    public var highRiskRules: [HighRiskRule]?
    /// Routing rules to other agencies added here, or replacing or disabling those of the same ID from above.
    public var referralRules: [ReferralRule]?
    /// How long agencies have to accept and answer referrals from here; nil inherits.
    public var referralDeadlines: ReferralDeadlines?
    /// What the assessment holds stations and units here to (met-standard rate, 90th-percentile
    /// arrival, overdue feedback); nil inherits, and with none anywhere `ResponseTargets.standard`.
    public var responseTargets: ResponseTargets?
    /// What dynamic patrol holds stations here to, and whether moves are ordered automatically;
    /// nil inherits, and with none anywhere `PatrolTargets.standard`.
    public var patrolTargets: PatrolTargets?

    public init(deadlines: [DeadlineOverride] = [], categories: [LocalCategory] = [], crossBorder: Bool? = nil,
                alertDeadlines: [AlertDeadlineOverride]? = nil, highRiskRules: [HighRiskRule]? = nil, referralRules: [ReferralRule]? = nil,
                referralDeadlines: ReferralDeadlines? = nil, responseTargets: ResponseTargets? = nil) {
        self.deadlines = deadlines
        self.categories = categories
        self.crossBorder = crossBorder
        self.alertDeadlines = alertDeadlines
        self.highRiskRules = highRiskRules
        self.referralRules = referralRules
        self.referralDeadlines = referralDeadlines
        self.responseTargets = responseTargets
    }

    /// A part set as a whole and inherited as a whole: what the lowest jurisdiction of `chain`
    /// (top down) that sets it sets, and its ID; else `fallback`, set by `standard`.
    public static func nearest<T>(_ part: KeyPath<JurisdictionPolicy, T?>, in chain: [Jurisdiction], else fallback: T) -> (T, String) {
        var found = (fallback, "standard")
        for j in chain {
            if let set = j.policy?[keyPath: part] { found = (set, j.id.rawValue) }
        }
        return found
    }

    /// Sets nothing at all: stored as no policy.
    public var isEmpty: Bool {
        deadlines.isEmpty && categories.isEmpty && crossBorder == nil && (alertDeadlines ?? []).isEmpty && (highRiskRules ?? []).isEmpty
            && (referralRules ?? []).isEmpty && referralDeadlines == nil && responseTargets == nil && patrolTargets == nil
    }
}

public struct DeadlineOverride: Codable, Sendable, Hashable {
    public var priority: Int
    public var dispatchSeconds: Int
    public var arriveSeconds: Int
    public var feedbackSeconds: Int

    public init(priority: Int, dispatchSeconds: Int, arriveSeconds: Int, feedbackSeconds: Int) {
        self.priority = priority
        self.dispatchSeconds = dispatchSeconds
        self.arriveSeconds = arriveSeconds
        self.feedbackSeconds = feedbackSeconds
    }
}

/// A category a jurisdiction adds, renames (by setting it again lower down) or retires (new
/// incidents may no longer take it; old ones keep it).
public struct LocalCategory: Codable, Sendable, Hashable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var nonPolice: Bool?
    public var retired: Bool?

    public init(code: String, nameZh: String, nameEn: String, nonPolice: Bool? = nil, retired: Bool? = nil) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.nonPolice = nonPolice
        self.retired = retired
    }
}

/// The deadline limits an incident was given when it came in, and who set them (a
/// jurisdiction's ID, or `standard`). Stored with the incident, so a later policy change applies
/// to new incidents only and every overdue timer can say which rule it follows.
public struct DeadlineRule: Codable, Sendable, Hashable {
    public var dispatchSeconds: Int
    public var arriveSeconds: Int
    public var feedbackSeconds: Int
    public var setBy: String

    public init(dispatchSeconds: Int, arriveSeconds: Int, feedbackSeconds: Int, setBy: String) {
        self.dispatchSeconds = dispatchSeconds
        self.arriveSeconds = arriveSeconds
        self.feedbackSeconds = feedbackSeconds
        self.setBy = setBy
    }
}

/// A jurisdiction's policy with everything it inherits resolved: the rule per priority, the
/// categories new incidents there may take, and the triage rules and referral deadlines in force.
public struct EffectivePolicy: Codable, Sendable, Hashable {
    public struct Category: Codable, Sendable, Hashable {
        public var category: IncidentCategory
        public var retired: Bool
        public var setBy: String
    }

    /// P1...P4, in that order.
    public var deadlines: [DeadlineRule]
    public var categories: [Category]
    /// Neighbouring stations' units shown and proposed here (see `JurisdictionPolicy.crossBorder`).
    public var crossBorder: Bool
    /// Who set `crossBorder`: a jurisdiction's ID, or `standard` (not shared).
    public var crossBorderSetBy: String
    /// The high-risk rules in force here, disabled ones left out: the standard set in its order,
    /// then those jurisdictions added, from the top down (see `HighRiskMatcher`).
    public var highRiskRules: [HighRiskRule]
    /// The routing rules in force here, disabled ones left out, from the top down (see `ReferralRouter`).
    public var referralRules: [ReferralRule]
    public var referralDeadlines: ReferralDeadlines
    /// Who set `referralDeadlines`: a jurisdiction's ID, or `standard`.
    public var referralDeadlinesSetBy: String
    /// The assessment's targets here (see `ResponseTargets.resolve`).
    public var responseTargets: ResponseTargets
    /// Who set `responseTargets`: a jurisdiction's ID, or `standard`.
    public var responseTargetsSetBy: String
    /// Dynamic patrol's targets here (see `PatrolTargets.resolve`).
    public var patrolTargets: PatrolTargets
    /// Who set `patrolTargets`: a jurisdiction's ID, or `standard`.
    public var patrolTargetsSetBy: String

    /// The catalogue new incidents may take: the standard one and the local categories not retired.
    public var catalogue: CategoryCatalogue { CategoryCatalogue(categories: categories.filter { !$0.retired }.map(\.category)) }

    public func rule(for priority: Priority) -> DeadlineRule { deadlines[priority.rawValue - 1] }

    /// Resolves `chain`, the jurisdiction and its ancestors from the top down.
    public static func resolve(_ chain: [Jurisdiction]) -> EffectivePolicy {
        var deadlines = DeadlinePolicy.standard.limits.map {
            DeadlineRule(dispatchSeconds: Int($0.dispatch), arriveSeconds: Int($0.arrive), feedbackSeconds: Int($0.feedback), setBy: "standard")
        }
        var categories = CategoryCatalogue.standard.categories.map { Category(category: $0, retired: false, setBy: "standard") }
        var crossBorder = (false, "standard")
        var highRisk = HighRiskRules.standard
        var referral: [ReferralRule] = []
        var referralDeadlines = (ReferralDeadlines.standard, "standard")
        for j in chain {
            guard let policy = j.policy else { continue }
            if let share = policy.crossBorder { crossBorder = (share, j.id.rawValue) }
            if let set = policy.referralDeadlines { referralDeadlines = (set, j.id.rawValue) }
            // A rule named again replaces the one above in place (disabled or not), so order stays the top's.
            for rule in policy.highRiskRules ?? [] {
                if let i = highRisk.firstIndex(where: { $0.id == rule.id }) { highRisk[i] = rule } else { highRisk.append(rule) }
            }
            for rule in policy.referralRules ?? [] {
                if let i = referral.firstIndex(where: { $0.id == rule.id }) { referral[i] = rule } else { referral.append(rule) }
            }
            for d in policy.deadlines where (1...deadlines.count).contains(d.priority) {
                deadlines[d.priority - 1] = DeadlineRule(dispatchSeconds: d.dispatchSeconds, arriveSeconds: d.arriveSeconds,
                                                         feedbackSeconds: d.feedbackSeconds, setBy: j.id.rawValue)
            }
            for c in policy.categories {
                let entry = Category(category: IncidentCategory(code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, nonPolice: c.nonPolice ?? false),
                                     retired: c.retired ?? false, setBy: j.id.rawValue)
                if let i = categories.firstIndex(where: { $0.category.code == c.code }) {
                    if categories[i].setBy != "standard" { categories[i] = entry }
                } else {
                    categories.append(entry)
                }
            }
        }
        let targets = ResponseTargets.resolve(chain), patrol = PatrolTargets.resolve(chain)
        return EffectivePolicy(deadlines: deadlines, categories: categories, crossBorder: crossBorder.0, crossBorderSetBy: crossBorder.1,
                               highRiskRules: highRisk.filter { !$0.isDisabled }, referralRules: referral.filter { !$0.isDisabled },
                               referralDeadlines: referralDeadlines.0, referralDeadlinesSetBy: referralDeadlines.1,
                               responseTargets: targets.targets, responseTargetsSetBy: targets.setBy,
                               patrolTargets: patrol.targets, patrolTargetsSetBy: patrol.setBy)
    }
}
