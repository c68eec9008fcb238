/// A refusal from the core: the command was understood and is not allowed, or its input is wrong.
///
/// An extensible struct rather than an enum, so new codes do not break callers; `code` is stable
/// and is what the HTTP layer puts in problem+json, `field` names the offending input.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }

        public static let invalidField: Code = "invalid_field"
        public static let unknownCategory: Code = "unknown_category"
        public static let illegalTransition: Code = "illegal_transition"
        public static let unitUnavailable: Code = "unit_unavailable"
        public static let unitAlreadyAssigned: Code = "unit_already_assigned"
        public static let unitNotAssigned: Code = "unit_not_assigned"
        public static let notFound: Code = "not_found"
        public static let forbidden: Code = "forbidden"
        public static let duplicate: Code = "duplicate"
        public static let invalidHierarchy: Code = "invalid_hierarchy"
        public static let noRecipients: Code = "no_recipients"
        /// The edit names a version other than the stored one: someone changed it since it was read.
        public static let staleVersion: Code = "stale_version"
        /// Retiring something still at work (a unit on an incident, a station whose units are).
        public static let inUse: Code = "in_use"
        /// Placing something under, or working, what was retired.
        public static let inactive: Code = "inactive"
        public static let invalidGeometry: Code = "invalid_geometry"
        /// A code the platform keeps for itself (a standard category's).
        public static let reservedCode: Code = "reserved_code"
        /// A new incident's location is in no station's area and near no station.
        public static let outsideJurisdiction: Code = "outside_jurisdiction"
        /// A new incident's location belongs to a station outside the caller's scope.
        public static let outsideScope: Code = "outside_scope"
        /// A bulk import with bad rows: nothing was stored (the rows are in `ImportError`).
        public static let importInvalid: Code = "import_invalid"
        /// A triage rule (high-risk flag, referral routing) whose pattern does not compile or that
        /// could never be applied as written; the message names the rule and the pattern.
        public static let invalidRule: Code = "invalid_rule"
    }

    public let code: Code
    public let field: String?
    public let message: String

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" + (field.map { " (\($0))" } ?? "") }

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(.invalidField, field: field, message)
    }

    public static func notFound(_ what: String, _ id: String) -> DomainError {
        DomainError(.notFound, "\(what) \(id.prefix(80)) not found")
    }
}
