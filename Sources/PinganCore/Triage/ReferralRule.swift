/// A routing rule for the non-police part of the calls (分流规则): calls of these categories,
/// with these words, in these places, at these hours go to this agency, either proposed to the
/// dispatcher or applied at once. Rules are policy data (`JurisdictionPolicy.referralRules`),
/// inherited down the tree and replaced or disabled by ID like the high-risk rules.
public struct ReferralRule: Codable, Sendable, Hashable {
    /// Whether the dispatcher decides or the rule does.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// Shown to the dispatcher, who sends or ignores it.
        case propose
        /// Sent as the call is filed; the dispatcher can still withdraw it.
        case apply
    }

    /// A window of the local day in China Standard Time (UTC+8, no daylight saving), in minutes
    /// from midnight: `from` inclusive, `to` exclusive; `from > to` wraps past midnight (22:00 to
    /// 06:00 is 1320 to 360).
    public struct Hours: Codable, Sendable, Hashable {
        public var from: Int
        public var to: Int

        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }

        /// Whether `minute` of the day (0..<1440) lies in the window.
        public func contains(_ minute: Int) -> Bool {
            from <= to ? (from <= minute && minute < to) : (minute >= from || minute < to)
        }
    }

    /// Stable: referrals name the rule that made them, and lower jurisdictions replace or disable by it.
    public var id: String
    public var name: String
    public var agencyID: AgencyID
    /// Category codes it routes; nil routes any category (then `keywords` must narrow it).
    public var categories: [String]?
    /// Regular expressions (ICU syntax, case-insensitive) on the description; any one matching
    /// counts. Nil: the text does not matter.
    public var keywords: [String]?
    /// Only calls whose jurisdiction path passes through one of these; nil: anywhere the policy reaches.
    public var jurisdictions: [JurisdictionID]?
    /// Only calls received in this window of the day; nil: all day.
    public var hours: Hours?
    public var mode: Mode
    /// True switches off a rule of the same ID set higher up; its other fields then need not be
    /// filled in.
    public var disabled: Bool?

    public init(id: String, name: String, agencyID: AgencyID, categories: [String]? = nil, keywords: [String]? = nil,
                jurisdictions: [JurisdictionID]? = nil, hours: Hours? = nil, mode: Mode, disabled: Bool? = nil) {
        self.id = id
        self.name = name
        self.agencyID = agencyID
        self.categories = categories
        self.keywords = keywords
        self.jurisdictions = jurisdictions
        self.hours = hours
        self.mode = mode
        self.disabled = disabled
    }

    public var isDisabled: Bool { disabled ?? false }
}
