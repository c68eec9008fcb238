import Foundation

/// One OASIS Common Alerting Protocol 1.2 `alert`: the form in which Pingan alerts leave for,
/// and arrive from, other warning systems (sirens, broadcast, neighbouring agencies' platforms).
///
/// A value type mirroring the part of CAP that Pingan uses, so the XML adapter stays a plain
/// translation and the rules live here, where they can be checked before a message is written
/// and after one is read. Elements Pingan does not use (`code`, `incidents`, `audience`,
/// `eventCode`, `onset`, `resource`, `geocode`, `altitude`, `ceiling`) are not kept.
public struct CAPMessage: Codable, Sendable, Hashable {
    /// The CAP 1.2 XML namespace; a root `alert` in any other is another version, or not CAP.
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    /// Whether the message is for real: exercises and tests must never sound a siren.
    public enum Status: String, Codable, Sendable, Hashable, CaseIterable {
        case actual = "Actual", exercise = "Exercise", system = "System", test = "Test", draft = "Draft"
    }

    /// What the message does to earlier ones: a new alert, an update or cancel (naming them in
    /// `references`), or an acknowledgement or error reply.
    public enum MessageType: String, Codable, Sendable, Hashable, CaseIterable {
        case alert = "Alert", update = "Update", cancel = "Cancel", ack = "Ack", error = "Error"
    }

    /// Who may see the message; `restricted` and `private` need `restriction` and `addresses`.
    public enum Scope: String, Codable, Sendable, Hashable, CaseIterable {
        case `public` = "Public", restricted = "Restricted", `private` = "Private"
    }

    /// An earlier message this one updates, cancels or answers, as CAP names one: its sender,
    /// identifier and sent time (written `sender,identifier,sent`).
    public struct Reference: Codable, Sendable, Hashable {
        public var sender: String
        public var identifier: String
        public var sent: Date

        public init(sender: String, identifier: String, sent: Date) {
            self.sender = sender
            self.identifier = identifier
            self.sent = sent
        }
    }

    /// Unique per sender; with `sender` and `sent` it is how other systems refer to this message.
    public var identifier: String
    /// The originator, globally unique (CAP suggests an Internet domain name).
    public var sender: String
    /// Written in whole seconds; a fraction is dropped on export.
    public var sent: Date
    public var status: Status
    public var msgType: MessageType
    /// The operator or device that made the message, for the receiver's records.
    public var source: String?
    public var scope: Scope
    /// Who may see a `restricted` message, in words.
    public var restriction: String?
    /// Recipients of a `private` message; written space-separated, each one with a space quoted.
    public var addresses: [String]?
    /// The earlier messages an update, cancel, ack or error is about.
    public var references: [Reference]?
    /// Free text for the receiver's operators (CAP asks for one on `Exercise` and `Error`).
    public var note: String?
    /// What the alert says, one per language or audience; may be empty (an ack, a cancel).
    public var infos: [CAPInfo]

    public init(identifier: String, sender: String, sent: Date, status: Status, msgType: MessageType, source: String? = nil,
                scope: Scope, restriction: String? = nil, addresses: [String]? = nil, references: [Reference]? = nil,
                note: String? = nil, infos: [CAPInfo] = []) {
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.status = status
        self.msgType = msgType
        self.source = source
        self.scope = scope
        self.restriction = restriction
        self.addresses = addresses
        self.references = references
        self.note = note
        self.infos = infos
    }
}

/// CAP's event categories; an `info` names at least one, which receivers use to route it.
public enum CAPCategory: String, Codable, Sendable, Hashable, CaseIterable {
    case geo = "Geo", met = "Met", safety = "Safety", security = "Security", rescue = "Rescue", fire = "Fire",
         health = "Health", env = "Env", transport = "Transport", infra = "Infra", cbrne = "CBRNE", other = "Other"
}

/// One `info` block: the event, how urgent, severe and certain it is, what to do, and where.
/// A message carries several when it speaks several languages or to several audiences.
public struct CAPInfo: Codable, Sendable, Hashable {
    /// How soon people must act; receivers use the three scales together to decide how loudly to warn.
    public enum Urgency: String, Codable, Sendable, Hashable, CaseIterable {
        case immediate = "Immediate", expected = "Expected", future = "Future", past = "Past", unknown = "Unknown"
    }

    public enum Severity: String, Codable, Sendable, Hashable, CaseIterable {
        case extreme = "Extreme", severe = "Severe", moderate = "Moderate", minor = "Minor", unknown = "Unknown"
    }

    public enum Certainty: String, Codable, Sendable, Hashable, CaseIterable {
        case observed = "Observed", likely = "Likely", possible = "Possible", unlikely = "Unlikely", unknown = "Unknown"
    }

    /// A system-specific name and value (`valueName`/`value`), for data CAP has no element for.
    public struct Parameter: Codable, Sendable, Hashable {
        public var valueName: String
        public var value: String

        public init(valueName: String, value: String) {
            self.valueName = valueName
            self.value = value
        }
    }

    /// RFC 3066 language of this block's text; CAP's default when absent is `en-US`.
    public var language: String
    public var categories: [CAPCategory]
    /// The kind of event, in words (`Armed robbery`, `Flood`).
    public var event: String
    /// What the audience should do, in CAP's words (`Shelter`, `Evacuate`, `Avoid`, `Monitor`, …).
    /// Kept as text, not checked against CAP's list, so an import is not lost for one odd value.
    /// None is `nil`: an empty list has no XML form and reads back as `nil`.
    public var responseTypes: [String]?
    public var urgency: Urgency
    public var severity: Severity
    public var certainty: Certainty
    public var senderName: String?
    public var headline: String?
    public var description: String?
    public var instruction: String?
    /// When the information takes effect; absent means when sent.
    public var effective: Date?
    /// When the information stops applying; absent means the receiver decides.
    public var expires: Date?
    /// An absolute URI with more information.
    public var web: String?
    public var contact: String?
    public var parameters: [Parameter]
    public var areas: [CAPArea]

    public init(language: String = "en-US", categories: [CAPCategory], event: String, responseTypes: [String]? = nil,
                urgency: Urgency, severity: Severity, certainty: Certainty, senderName: String? = nil, headline: String? = nil,
                description: String? = nil, instruction: String? = nil, effective: Date? = nil, expires: Date? = nil,
                web: String? = nil, contact: String? = nil, parameters: [Parameter] = [], areas: [CAPArea] = []) {
        self.language = language
        self.categories = categories
        self.event = event
        self.responseTypes = responseTypes
        self.urgency = urgency
        self.severity = severity
        self.certainty = certainty
        self.senderName = senderName
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.effective = effective
        self.expires = expires
        self.web = web
        self.contact = contact
        self.parameters = parameters
        self.areas = areas
    }
}

/// Where an `info` applies: a description in words and, for receivers that target by position,
/// WGS-84 polygons and circles.
public struct CAPArea: Codable, Sendable, Hashable {
    /// A WGS-84 position, latitude first as CAP writes it.
    public struct Point: Codable, Sendable, Hashable {
        public var lat: Double
        public var lon: Double

        public init(lat: Double, lon: Double) {
            self.lat = lat
            self.lon = lon
        }
    }

    public struct Circle: Codable, Sendable, Hashable {
        public var lat: Double
        public var lon: Double
        /// Kilometres, as CAP measures radii.
        public var radiusKm: Double

        public init(lat: Double, lon: Double, radiusKm: Double) {
            self.lat = lat
            self.lon = lon
            self.radiusKm = radiusKm
        }
    }

    public var areaDesc: String
    /// Closed rings: at least four points, the last equal to the first.
    public var polygons: [[Point]]
    public var circles: [Circle]

    public init(areaDesc: String, polygons: [[Point]] = [], circles: [Circle] = []) {
        self.areaDesc = areaDesc
        self.polygons = polygons
        self.circles = circles
    }
}

extension CAPMessage {
    /// Checks the elements CAP 1.2 requires and the rules it sets on them, so Pingan neither
    /// sends a message a peer would discard nor acts on one that is not CAP. Run after reading
    /// and before writing; the first fault found is thrown, naming its element.
    public func validate() throws(CAPError) {
        try Self.checkToken(identifier, element: "identifier")
        try Self.checkToken(sender, element: "sender")
        try Self.checkInstant(sent, element: "sent")
        try Self.checkText(source, element: "source")
        switch scope {
        case .restricted:
            guard let restriction, !Self.isBlank(restriction) else {
                throw CAPError(.missingElement, element: "restriction", "<restriction> is required when <scope> is Restricted")
            }
        case .private:
            guard let addresses, !addresses.isEmpty else {
                throw CAPError(.missingElement, element: "addresses", "<addresses> is required when <scope> is Private")
            }
        case .public:
            break
        }
        try Self.checkText(restriction, element: "restriction")
        for address in addresses ?? [] {
            // A double quote cannot be written inside CAP's quoted multi-word addresses.
            guard !Self.isBlank(address), !address.contains("\"") else {
                throw CAPError.invalid("addresses", "has an empty address or one containing a double quote")
            }
            try Self.checkText(address, element: "addresses")
        }
        for reference in references ?? [] {
            try Self.checkToken(reference.sender, element: "references")
            try Self.checkToken(reference.identifier, element: "references")
            try Self.checkInstant(reference.sent, element: "references")
        }
        try Self.checkText(note, element: "note")
        for (i, info) in infos.enumerated() {
            try info.validate(place: infos.count == 1 ? "" : "info \(i + 1): ")
        }
    }

    /// Identifiers and senders are concatenated into `references` with commas and spaces, so
    /// neither may contain them, nor CAP's restricted `<` and `&`.
    static func checkToken(_ value: String, element: String) throws(CAPError) {
        guard !value.isEmpty else { throw CAPError.missing(element) }
        for scalar in value.unicodeScalars {
            if scalar == "," || scalar == "<" || scalar == "&" || scalar.properties.isWhitespace {
                throw CAPError.invalid(element, "must not contain spaces, commas, < or &")
            }
            if !isXMLCharacter(scalar) || scalar.properties.generalCategory == .control {
                throw CAPError.invalid(element, "contains a control character")
            }
        }
    }

    static func checkInstant(_ date: Date, element: String, place: String = "") throws(CAPError) {
        guard CAPDateTime.representable.contains(date.timeIntervalSince1970) else {
            throw CAPError.invalid(element, in: place, "is outside the years 0001 to 9999")
        }
    }

    /// Characters XML 1.0 cannot carry at all (not even as a reference) would make the written
    /// document ill-formed, so they are refused rather than silently dropped.
    static func checkText(_ value: String?, element: String, place: String = "") throws(CAPError) {
        guard let value else { return }
        for scalar in value.unicodeScalars where !isXMLCharacter(scalar) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw CAPError.invalid(element, in: place, "contains U+\(code), which XML cannot carry")
        }
    }

    /// XML 1.0's `Char` production.
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    static func isBlank(_ value: String) -> Bool { value.unicodeScalars.allSatisfy(\.properties.isWhitespace) }
}

extension CAPInfo {
    func validate(place: String) throws(CAPError) {
        guard !language.isEmpty, !language.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw CAPError.invalid("language", in: place, "must be an RFC 3066 language tag")
        }
        try CAPMessage.checkText(language, element: "language", place: place)
        guard !categories.isEmpty else { throw CAPError.missing("category", in: place) }
        guard !CAPMessage.isBlank(event) else { throw CAPError.missing("event", in: place) }
        try CAPMessage.checkText(event, element: "event", place: place)
        for response in responseTypes ?? [] {
            guard !CAPMessage.isBlank(response) else { throw CAPError.invalid("responseType", in: place, "is empty") }
            try CAPMessage.checkText(response, element: "responseType", place: place)
        }
        if let effective { try CAPMessage.checkInstant(effective, element: "effective", place: place) }
        if let expires { try CAPMessage.checkInstant(expires, element: "expires", place: place) }
        for (value, element) in [(senderName, "senderName"), (headline, "headline"), (description, "description"),
                                 (instruction, "instruction"), (web, "web"), (contact, "contact")] {
            try CAPMessage.checkText(value, element: element, place: place)
        }
        for parameter in parameters {
            guard !CAPMessage.isBlank(parameter.valueName) else { throw CAPError.missing("valueName", in: place) }
            try CAPMessage.checkText(parameter.valueName, element: "valueName", place: place)
            try CAPMessage.checkText(parameter.value, element: "value", place: place)
        }
        for (k, area) in areas.enumerated() {
            try area.validate(place: place + (areas.count == 1 ? "" : "area \(k + 1): "))
        }
    }
}

extension CAPArea {
    func validate(place: String) throws(CAPError) {
        guard !CAPMessage.isBlank(areaDesc) else { throw CAPError.missing("areaDesc", in: place) }
        try CAPMessage.checkText(areaDesc, element: "areaDesc", place: place)
        for polygon in polygons {
            guard polygon.count >= 4 else {
                throw CAPError.invalid("polygon", in: place, "needs at least 4 coordinate pairs, the last equal to the first")
            }
            guard polygon.first == polygon.last else {
                throw CAPError.invalid("polygon", in: place, "is not closed: its last pair must equal its first")
            }
            for point in polygon {
                try Self.check(lat: point.lat, lon: point.lon, element: "polygon", place: place)
            }
        }
        for circle in circles {
            try Self.check(lat: circle.lat, lon: circle.lon, element: "circle", place: place)
            guard circle.radiusKm.isFinite, circle.radiusKm >= 0 else {
                throw CAPError.invalid("circle", in: place, "needs a radius of 0 km or more")
            }
        }
    }

    static func check(lat: Double, lon: Double, element: String, place: String) throws(CAPError) {
        guard lat.isFinite, lon.isFinite, (-90...90).contains(lat), (-180...180).contains(lon) else {
            throw CAPError.invalid(element, in: place, "has a position outside latitude -90…90 or longitude -180…180")
        }
    }
}
