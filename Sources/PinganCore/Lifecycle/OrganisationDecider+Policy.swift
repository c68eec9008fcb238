/// Setting a jurisdiction's policy: the whole of what it sets, replacing what it set before.
extension OrganisationDecider {
    /// The widest limits a policy may set: anything longer is no deadline at all.
    public static let maxDispatchSeconds = 86_400, maxArriveSeconds = 7 * 86_400, maxFeedbackSeconds = 90 * 86_400

    public static func setPolicy(_ j: Jurisdiction, _ policy: JurisdictionPolicy, version: Int) throws(DomainError) -> (Jurisdiction, Event) {
        try checkVersion(version, of: j.version, "jurisdiction \(j.code)")
        var priorities = Set<Int>()
        for (i, d) in policy.deadlines.enumerated() {
            let at = "deadlines.\(i)"
            guard (1...Priority.allCases.count).contains(d.priority) else { throw DomainError.invalid("\(at).priority", "priority is 1 to 4") }
            guard priorities.insert(d.priority).inserted else { throw DomainError.invalid("\(at).priority", "P\(d.priority) is set twice") }
            guard (1...maxDispatchSeconds).contains(d.dispatchSeconds) else {
                throw DomainError.invalid("\(at).dispatchSeconds", "dispatch within 1 s to 24 h")
            }
            // Each step counts from the call, so the three need no order among them.
            guard (1...maxArriveSeconds).contains(d.arriveSeconds) else { throw DomainError.invalid("\(at).arriveSeconds", "arrival within 1 s to 7 days") }
            guard (1...maxFeedbackSeconds).contains(d.feedbackSeconds) else {
                throw DomainError.invalid("\(at).feedbackSeconds", "feedback within 1 s to 90 days")
            }
        }
        var codes = Set<String>()
        for (i, c) in policy.categories.enumerated() {
            let at = "categories.\(i)"
            try TextRules.check(c.code, field: "\(at).code", max: 32)
            guard c.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw DomainError.invalid("\(at).code", "a category code holds ASCII letters, digits, - and _ only")
            }
            guard CategoryCatalogue.standard.category(c.code) == nil else {
                throw DomainError(.reservedCode, field: "\(at).code", "\(c.code) is a standard category; local ones take codes of their own")
            }
            guard codes.insert(c.code).inserted else { throw DomainError.invalid("\(at).code", "\(c.code) is listed twice") }
            try TextRules.check(c.nameZh, field: "\(at).nameZh", max: 100)
            try TextRules.check(c.nameEn, field: "\(at).nameEn", max: 100)
        }
        var severities = Set<String>()
        for (i, a) in (policy.alertDeadlines ?? []).enumerated() {
            let at = "alertDeadlines.\(i)"
            guard AlertSeverity(rawValue: a.severity) != nil else {
                throw DomainError.invalid("\(at).severity", "severity is one of \(AlertSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard severities.insert(a.severity).inserted else { throw DomainError.invalid("\(at).severity", "\(a.severity) is set twice") }
            guard (1...maxDispatchSeconds).contains(a.acknowledgeSeconds) else {
                throw DomainError.invalid("\(at).acknowledgeSeconds", "acknowledgement within 1 s to 24 h")
            }
            guard (a.acknowledgeSeconds...maxFeedbackSeconds).contains(a.handleSeconds) else {
                throw DomainError.invalid("\(at).handleSeconds", "handling within the acknowledgement limit to 90 days")
            }
        }
        try TriageRuleChecks.check(highRisk: policy.highRiskRules ?? [])
        try TriageRuleChecks.check(referral: policy.referralRules ?? [])
        if let referralDeadlines = policy.referralDeadlines { try TriageRuleChecks.check(referralDeadlines) }
        try policy.responseTargets?.check()
        try policy.patrolTargets?.check()
        var n = j
        n.policy = policy.isEmpty ? nil : policy
        n.version += 1
        return (n, try event(.jurisdictionPolicySet, n, id: n.id.rawValue))
    }
}
