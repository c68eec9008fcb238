/// The checks a policy's triage rules pass before it is stored, so that every stored rule
/// compiles and can fire: an administrator's typo is refused when set, not found when a call
/// fails to flag. Whether a named agency exists is the application's to check (it needs the store).
enum TriageRuleChecks {
    static let maxRules = 200, maxPatterns = 200

    static func check(highRisk rules: [HighRiskRule]) throws(DomainError) {
        guard rules.count <= maxRules else { throw DomainError.invalid("highRiskRules", "at most \(maxRules) high-risk rules") }
        var ids = Set<String>()
        for (i, rule) in rules.enumerated() {
            let at = "highRiskRules.\(i)"
            try checkID(rule.id, field: "\(at).id", seen: &ids)
            try TextRules.check(rule.nameZh, field: "\(at).nameZh", max: 100, required: !rule.isDisabled)
            try TextRules.check(rule.nameEn, field: "\(at).nameEn", max: 100, required: !rule.isDisabled)
            try checkCodes(rule.categories, rule: rule.id, field: "\(at).categories")
            guard rule.isDisabled || !rule.patterns.isEmpty else {
                throw DomainError(.invalidRule, field: "\(at).patterns", "rule \(rule.id): a rule needs at least one pattern (or disabled: true)")
            }
            try checkPatterns(rule.patterns, rule: rule.id, field: "\(at).patterns")
        }
    }

    static func check(referral rules: [ReferralRule]) throws(DomainError) {
        guard rules.count <= maxRules else { throw DomainError.invalid("referralRules", "at most \(maxRules) referral rules") }
        var ids = Set<String>()
        for (i, rule) in rules.enumerated() {
            let at = "referralRules.\(i)"
            try checkID(rule.id, field: "\(at).id", seen: &ids)
            try TextRules.check(rule.name, field: "\(at).name", max: 100, required: !rule.isDisabled)
            guard JurisdictionID.isWellFormed(rule.agencyID.rawValue) else {
                throw DomainError.invalid("\(at).agencyID", "rule \(rule.id): an agency ID is 1-200 characters without / or control characters")
            }
            try checkCodes(rule.categories, rule: rule.id, field: "\(at).categories")
            if let keywords = rule.keywords {
                guard !keywords.isEmpty else {
                    throw DomainError(.invalidRule, field: "\(at).keywords", "rule \(rule.id): an empty keyword list matches nothing; leave it out to match any text")
                }
                try checkPatterns(keywords, rule: rule.id, field: "\(at).keywords")
            }
            if let places = rule.jurisdictions {
                guard !places.isEmpty else {
                    throw DomainError(.invalidRule, field: "\(at).jurisdictions", "rule \(rule.id): an empty jurisdiction list matches nowhere; leave it out to match anywhere")
                }
                for (j, place) in places.enumerated() where !JurisdictionID.isWellFormed(place.rawValue) {
                    throw DomainError.invalid("\(at).jurisdictions.\(j)", "rule \(rule.id): a jurisdiction ID is 1-200 characters without / or control characters")
                }
            }
            if let hours = rule.hours {
                for (name, minute) in [("from", hours.from), ("to", hours.to)] where !(0..<1440).contains(minute) {
                    throw DomainError.invalid("\(at).hours.\(name)", "rule \(rule.id): hours are minutes of the day, 0 to 1439")
                }
                guard hours.from != hours.to else {
                    throw DomainError.invalid("\(at).hours", "rule \(rule.id): from and to are the same minute; leave hours out for all day")
                }
            }
            // A rule with neither would send every call of the place to the agency, crimes included.
            guard rule.isDisabled || rule.categories != nil || rule.keywords != nil else {
                throw DomainError(.invalidRule, field: at, "rule \(rule.id): a routing rule names categories, keywords or both")
            }
        }
    }

    static func check(_ deadlines: ReferralDeadlines) throws(DomainError) {
        guard (1...OrganisationDecider.maxDispatchSeconds).contains(deadlines.acceptSeconds) else {
            throw DomainError.invalid("referralDeadlines.acceptSeconds", "acceptance within 1 s to 24 h")
        }
        guard (deadlines.acceptSeconds...OrganisationDecider.maxFeedbackSeconds).contains(deadlines.feedbackSeconds) else {
            throw DomainError.invalid("referralDeadlines.feedbackSeconds", "feedback within the acceptance limit to 90 days")
        }
    }

    private static func checkID(_ id: String, field: String, seen: inout Set<String>) throws(DomainError) {
        try TextRules.check(id, field: field, max: 64)
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw DomainError.invalid(field, "a rule ID holds ASCII letters, digits, - and _ only")
        }
        guard seen.insert(id).inserted else { throw DomainError(.invalidRule, field: field, "rule \(id) is listed twice") }
    }

    private static func checkCodes(_ codes: [String]?, rule: String, field: String) throws(DomainError) {
        guard let codes else { return }
        guard !codes.isEmpty else {
            throw DomainError(.invalidRule, field: field, "rule \(rule): an empty category list matches nothing; leave it out for every category")
        }
        for (j, code) in codes.enumerated() { try TextRules.check(code, field: "\(field).\(j)", max: 32) }
    }

    private static func checkPatterns(_ patterns: [String], rule: String, field: String) throws(DomainError) {
        guard patterns.count <= maxPatterns else { throw DomainError.invalid(field, "rule \(rule): at most \(maxPatterns) patterns") }
        for (j, p) in patterns.enumerated() { _ = try TriagePattern(p, rule: rule, field: "\(field).\(j)") }
    }
}
