/// Why an Emergency Incident Data Object was refused on import.
///
/// A struct with an extensible `Code`, as `DomainError` and `CAPError` are, so a later rule does
/// not break callers. `code` is stable and is what the HTTP layer puts in problem+json;
/// `component` and `element` use the standard's own JSON names (`locationComponent`,
/// `locationByValue`) so a sender can find the fault in its own document.
public struct EIDOError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }

        /// Not well-formed JSON (or a key twice in one object), not an object at the top, or a
        /// member of the wrong JSON type.
        public static let malformed: Code = "eido_malformed"
        /// An `eidoVersion` this platform does not read: a later major version may mean anything.
        public static let unknownVersion: Code = "eido_unknown_version"
        /// A data component the standard requires (`agencyComponent`), or one Pingan needs to act
        /// on the document (`incidentComponent`, `locationComponent`), is absent or empty.
        public static let missingComponent: Code = "eido_missing_component"
        /// A member a present component requires is absent or empty.
        public static let missingElement: Code = "eido_missing_element"
        /// A member is present with a value the standard or the platform does not allow: a
        /// position off the globe, text over the platform's limits, an unreadable time.
        public static let invalidValue: Code = "eido_invalid_value"
    }

    public let code: Code
    /// The data component at fault (`incidentComponent`, `notesComponent[2]`), when one is.
    public let component: String?
    /// The member at fault inside it (or in the header when `component` is nil).
    public let element: String?
    public let message: String

    public init(_ code: Code, component: String? = nil, element: String? = nil, _ message: String) {
        self.code = code
        self.component = component
        self.element = element
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The path a problem document's `field` can carry: `component.element`, either alone, or nil.
    public var field: String? {
        switch (component, element) {
        case let (c?, e?): "\(c).\(e)"
        case let (c?, nil): c
        case let (nil, e?): e
        case (nil, nil): nil
        }
    }

    static func missingComponent(_ component: String, _ why: String) -> EIDOError {
        EIDOError(.missingComponent, component: component, "\(component) is required: \(why)")
    }

    static func missing(_ element: String, in component: String?) -> EIDOError {
        EIDOError(.missingElement, component: component, element: element, "\(place(component))\(element) is required")
    }

    static func invalid(_ element: String, in component: String?, _ why: String) -> EIDOError {
        EIDOError(.invalidValue, component: component, element: element, "\(place(component))\(element) \(why)")
    }

    static func place(_ component: String?) -> String { component.map { "\($0): " } ?? "" }
}
