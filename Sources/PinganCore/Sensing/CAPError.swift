/// Why a Common Alerting Protocol message was refused, on import or before export.
///
/// A struct with an extensible `Kind` rather than an enum, as `DomainError` is, so a later rule
/// does not break callers; `kind` is stable and is what an adapter maps to a problem code, and
/// `element` names the CAP element at fault, so a sender can find it in its own document.
public struct CAPError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }

        /// Not well-formed XML, or a document CAP readers are not expected to accept (a DTD).
        public static let malformed: Kind = "malformed"
        /// An element CAP 1.2 requires is absent or empty.
        public static let missingElement: Kind = "missing_element"
        /// An element is present with a value CAP 1.2 does not allow.
        public static let invalidValue: Kind = "invalid_value"
        /// Not a CAP 1.2 `alert`: another version's namespace, or no CAP at all.
        public static let unsupportedVersion: Kind = "unsupported_version"
    }

    public let kind: Kind
    /// The CAP element name (`identifier`, `polygon`, …), when one element is at fault.
    public let element: String?
    public let message: String

    public init(_ kind: Kind, element: String? = nil, _ message: String) {
        self.kind = kind
        self.element = element
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// `place` says where, for elements that repeat (`"info 2, area 1: "`).
    public static func missing(_ element: String, in place: String = "") -> CAPError {
        CAPError(.missingElement, element: element, "\(place)<\(element)> is required")
    }

    public static func invalid(_ element: String, in place: String = "", _ why: String) -> CAPError {
        CAPError(.invalidValue, element: element, "\(place)<\(element)> \(why)")
    }
}
