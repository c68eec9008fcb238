/// A rule that marks a call high-risk (高危警情) from the words of its description: which
/// categories it watches, the patterns that fire it, how far it raises the priority and whether
/// supervisors are told. Rules are policy data (`JurisdictionPolicy.highRiskRules`), so a
/// jurisdiction adds its own words, replaces a standard rule by giving its ID again, or switches
/// one off with `disabled`.
public struct HighRiskRule: Codable, Sendable, Hashable {
    /// Stable: flags on stored incidents name it, and lower jurisdictions replace or disable by it.
    public var id: String
    public var nameZh: String
    public var nameEn: String
    /// Category codes it watches; nil watches every category, since a knife can come up in any call.
    public var categories: [String]?
    /// Regular expressions (ICU syntax), matched case-insensitively against the description; any
    /// one matching fires the rule.
    public var patterns: [String]
    /// The priority a flagged incident is raised to at least (never lowered).
    public var raiseTo: Priority
    /// Whether supervisors are told when it fires.
    public var notify: Bool
    /// True switches off a rule of the same ID set higher up (or the standard one); its other
    /// fields then need not be filled in.
    public var disabled: Bool?

    public init(id: String, nameZh: String, nameEn: String, categories: [String]? = nil, patterns: [String], raiseTo: Priority,
                notify: Bool, disabled: Bool? = nil) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.categories = categories
        self.patterns = patterns
        self.raiseTo = raiseTo
        self.notify = notify
        self.disabled = disabled
    }

    public var isDisabled: Bool { disabled ?? false }
}
