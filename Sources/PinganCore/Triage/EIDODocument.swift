import Foundation

/// One NENA Emergency Incident Data Object (EIDO): the JSON form in which Pingan hands an
/// incident, and its referrals, to another agency's system, and takes one back.
///
/// The structure is NENA-STA-021.1b-2022 ("NENA Standard for Emergency Incident Data Object"),
/// `eidoVersion` "1.0", as published with its OpenAPI schema in github.com/NENA911/EIDO-JSON
/// (`Schema/openapi.yaml`, `EmergencyIncidentDataObjectType`; sample
/// `Samples/Sample call transfer EIDO.json`). NENA-STA-024 ("Conveyance of EIDOs") defines how
/// such objects travel between systems; it wraps each EIDO in its own notification and adds no
/// members to it, so the document itself, and its version, are STA-021's.
///
/// Member names are the standard's, so the synthesized coding writes them as it does; only the
/// JSON `$id` and `$ref` are renamed. The standard has no message identifier: the header's `$id`
/// is the incident tracking identifier, the same on every EIDO about the incident, and an EIDO
/// carries the incident's whole current state each time (STA-021 chapter 2), not a change. Only the parts
/// Pingan reads or writes are kept; a receiver ignores the others (person, vehicle, agent,
/// dispatch, additional data, …), which the standard allows since all are optional.
public struct EIDODocument: Codable, Sendable, Hashable {
    /// The versions this platform reads and writes. STA-021 says a breaking change raises the
    /// major number, so anything else is refused rather than half understood.
    public static let knownVersions: Set<String> = ["1.0"]
    /// The version written on export.
    public static let version = "1.0"

    /// A pointer to another component of the same document by its `$id`.
    public struct Reference: Codable, Sendable, Hashable {
        public var ref: String

        public init(_ ref: String) { self.ref = ref }

        enum CodingKeys: String, CodingKey { case ref = "$ref" }
    }

    /// General information about the incident: its type, status and priority, in the sender's
    /// own terms and in the registries' common ones (STA-021 2.9).
    public struct IncidentComponent: Codable, Sendable, Hashable {
        public var id: String
        public var lastUpdateTimeStamp: Date
        public var updatedByAgencyReference: Reference
        public var updatedByAgentReference: Reference?
        /// The sender's own category code; Pingan writes its category code here.
        public var incidentTypeInternalCode: String?
        public var incidentTypeInternalText: String?
        /// A value of the EIDO-IncidentType-Common registry (APCO ANS 2.103.2 codes); required.
        public var incidentTypeCommonRegistryText: String
        public var incidentStatusInternalText: [String]?
        /// Values of the EIDO-IncidentStatus-Common registry (`Active`, `Closed`, …).
        public var incidentStatusCommonRegistryText: [String]?
        /// The sender's own incident number (Pingan's `CODE-YYYYMMDD-NNNN`).
        public var internalIncidentId: String?
        public var locationReference: [Reference]?
        public var incidentPriorityInternalText: String?
        /// 0 (lowest) to 10 (highest), the scale every agency reads.
        public var incidentCommonPriorityNumber: Int?
        /// The notes that describe the incident; Pingan puts the call's description there.
        public var notesReference: [Reference]?

        public init(id: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference, updatedByAgentReference: Reference? = nil,
                    incidentTypeInternalCode: String? = nil, incidentTypeInternalText: String? = nil, incidentTypeCommonRegistryText: String,
                    incidentStatusInternalText: [String]? = nil, incidentStatusCommonRegistryText: [String]? = nil,
                    internalIncidentId: String? = nil, locationReference: [Reference]? = nil, incidentPriorityInternalText: String? = nil,
                    incidentCommonPriorityNumber: Int? = nil, notesReference: [Reference]? = nil) {
            self.id = id
            self.lastUpdateTimeStamp = lastUpdateTimeStamp
            self.updatedByAgencyReference = updatedByAgencyReference
            self.updatedByAgentReference = updatedByAgentReference
            self.incidentTypeInternalCode = incidentTypeInternalCode
            self.incidentTypeInternalText = incidentTypeInternalText
            self.incidentTypeCommonRegistryText = incidentTypeCommonRegistryText
            self.incidentStatusInternalText = incidentStatusInternalText
            self.incidentStatusCommonRegistryText = incidentStatusCommonRegistryText
            self.internalIncidentId = internalIncidentId
            self.locationReference = locationReference
            self.incidentPriorityInternalText = incidentPriorityInternalText
            self.incidentCommonPriorityNumber = incidentCommonPriorityNumber
            self.notesReference = notesReference
        }

        enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, incidentTypeInternalCode, incidentTypeInternalText,
                 incidentTypeCommonRegistryText, incidentStatusInternalText, incidentStatusCommonRegistryText, internalIncidentId,
                 locationReference, incidentPriorityInternalText, incidentCommonPriorityNumber, notesReference
        }
    }

    /// One call about the incident (STA-021 2.10); its `$id` is the call identifier.
    public struct CallComponent: Codable, Sendable, Hashable {
        public var id: String
        public var lastUpdateTimeStamp: Date
        public var updatedByAgencyReference: Reference
        public var updatedByAgentReference: Reference?
        /// A "Primary" value of the LogEvent CallTypes registry (`emergency`, …).
        public var standardPrimaryCallType: String
        /// `incoming`, `outgoing` or `internal`, seen from the EIDO's sender.
        public var direction: String
        public var callStartTimestamp: Date
        public var answerDate: Date?
        /// A value of the Call States registry (`callBegin`, `callAnswered`, `callEnd`, …).
        public var callStateRegistryText: String
        /// The callback component saying how to reach the caller: the caller's number.
        public var callBackReference: Reference?
        public var locationReference: [Reference]?
        public var notesReference: [Reference]?

        public init(id: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference, updatedByAgentReference: Reference? = nil,
                    standardPrimaryCallType: String = "emergency", direction: String = "incoming", callStartTimestamp: Date,
                    answerDate: Date? = nil, callStateRegistryText: String, callBackReference: Reference? = nil,
                    locationReference: [Reference]? = nil, notesReference: [Reference]? = nil) {
            self.id = id
            self.lastUpdateTimeStamp = lastUpdateTimeStamp
            self.updatedByAgencyReference = updatedByAgencyReference
            self.updatedByAgentReference = updatedByAgentReference
            self.standardPrimaryCallType = standardPrimaryCallType
            self.direction = direction
            self.callStartTimestamp = callStartTimestamp
            self.answerDate = answerDate
            self.callStateRegistryText = callStateRegistryText
            self.callBackReference = callBackReference
            self.locationReference = locationReference
            self.notesReference = notesReference
        }

        enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, standardPrimaryCallType, direction,
                 callStartTimestamp, answerDate, callStateRegistryText, callBackReference, locationReference, notesReference
        }
    }

    /// How to call a reporting party back (STA-021 2.11): `tel:` and `sip:` URIs.
    public struct CallbackComponent: Codable, Sendable, Hashable {
        public var id: String
        public var lastUpdateTimeStamp: Date
        public var updatedByAgencyReference: Reference
        public var updatedByAgentReference: Reference?
        public var callBackInformationUri: [String]?

        public init(id: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference, updatedByAgentReference: Reference? = nil,
                    callBackInformationUri: [String]? = nil) {
            self.id = id
            self.lastUpdateTimeStamp = lastUpdateTimeStamp
            self.updatedByAgencyReference = updatedByAgencyReference
            self.updatedByAgentReference = updatedByAgentReference
            self.callBackInformationUri = callBackInformationUri
        }

        enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, callBackInformationUri
        }
    }

    /// A place related to the incident (STA-021 2.18). The place itself is a PIDF-LO document
    /// (RFC 4119/5491) carried as text in `locationByValue`, or a URL to fetch one; see `EIDOPIDF`.
    public struct LocationComponent: Codable, Sendable, Hashable {
        public var id: String
        public var lastUpdateTimeStamp: Date
        public var updatedByAgencyReference: Reference
        public var updatedByAgentReference: Reference?
        /// A value of the EIDO-LocationType registry: `CurrentIncident`, `InitialIncident`,
        /// `Caller`, `RoutingLocation`, …
        public var locationTypeDescriptionRegistryText: String
        public var locationByValue: String?
        public var locationByReferenceUrl: String?
        /// Free text about the place; Pingan writes the incident's address here.
        public var locationDescriptionText: String?
        public var notesReference: [Reference]?

        public init(id: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference, updatedByAgentReference: Reference? = nil,
                    locationTypeDescriptionRegistryText: String, locationByValue: String? = nil, locationByReferenceUrl: String? = nil,
                    locationDescriptionText: String? = nil, notesReference: [Reference]? = nil) {
            self.id = id
            self.lastUpdateTimeStamp = lastUpdateTimeStamp
            self.updatedByAgencyReference = updatedByAgencyReference
            self.updatedByAgentReference = updatedByAgentReference
            self.locationTypeDescriptionRegistryText = locationTypeDescriptionRegistryText
            self.locationByValue = locationByValue
            self.locationByReferenceUrl = locationByReferenceUrl
            self.locationDescriptionText = locationDescriptionText
            self.notesReference = notesReference
        }

        enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, locationTypeDescriptionRegistryText,
                 locationByValue, locationByReferenceUrl, locationDescriptionText, notesReference
        }
    }

    /// An agency involved in the incident (STA-021 2.6); its `$id` is the agency identifier.
    /// Every EIDO names at least the agency that sends it.
    public struct AgencyComponent: Codable, Sendable, Hashable {
        public var id: String
        public var lastUpdateTimeStamp: Date
        public var updatedByAgencyReference: Reference
        public var updatedByAgentReference: Reference?
        /// A jCard (RFC 7095) as JSON text: the agency's name (`fn`) and number (`tel`).
        public var agencyJcard: String?
        /// Values of the EIDO-AgencyRole registry: `CallReceiving`, `Dispatching`, `Dispatched`,
        /// `Assisting`, `Informational`, `TransferredTo`.
        public var agencyRoleDescriptionRegistryText: [String]
        /// Service URN types without the `urn:emergency:service:responder.` prefix (`police`, …).
        public var agencyType: [String]
        /// True on the one agency that owns the incident.
        public var incidentOwningAgencyIndicator: Bool?
        /// Notes about the agency in this incident; Pingan writes a referral's state here.
        public var notesReference: [Reference]?

        public init(id: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference, updatedByAgentReference: Reference? = nil,
                    agencyJcard: String? = nil, agencyRoleDescriptionRegistryText: [String], agencyType: [String],
                    incidentOwningAgencyIndicator: Bool? = nil, notesReference: [Reference]? = nil) {
            self.id = id
            self.lastUpdateTimeStamp = lastUpdateTimeStamp
            self.updatedByAgencyReference = updatedByAgencyReference
            self.updatedByAgentReference = updatedByAgentReference
            self.agencyJcard = agencyJcard
            self.agencyRoleDescriptionRegistryText = agencyRoleDescriptionRegistryText
            self.agencyType = agencyType
            self.incidentOwningAgencyIndicator = incidentOwningAgencyIndicator
            self.notesReference = notesReference
        }

        enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, agencyJcard, agencyRoleDescriptionRegistryText,
                 agencyType, incidentOwningAgencyIndicator, notesReference
        }
    }

    /// A note by an agent (STA-021 2.15). The text is an HTML fragment; see `EIDOMarkup`.
    public struct NotesComponent: Codable, Sendable, Hashable {
        public var id: String
        public var lastUpdateTimeStamp: Date
        public var updatedByAgencyReference: Reference
        public var updatedByAgentReference: Reference?
        public var notesActionComments: String
        /// The agent who wrote it; absent means the agency that updated it.
        public var agentReference: Reference?

        public init(id: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference, updatedByAgentReference: Reference? = nil,
                    notesActionComments: String, agentReference: Reference? = nil) {
            self.id = id
            self.lastUpdateTimeStamp = lastUpdateTimeStamp
            self.updatedByAgencyReference = updatedByAgencyReference
            self.updatedByAgentReference = updatedByAgentReference
            self.notesActionComments = notesActionComments
            self.agentReference = agentReference
        }

        enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, notesActionComments, agentReference
        }
    }

    /// The incident tracking identifier (STA-021 2.4; NENA-STA-010 form
    /// `urn:emergency:uid:incidentid:<unique>:<agency>`), written as the header's `$id`.
    public var incidentTrackingIdentifier: String
    public var lastUpdateTimeStamp: Date
    /// The agency that last changed the document.
    public var updatedByAgencyReference: Reference
    public var updatedByAgentReference: Reference?
    public var eidoVersion: String
    /// The system that wrote this EIDO.
    public var issuingElementIdentification: String
    /// At most one, per the standard; Pingan needs it to know what the incident is.
    public var incidentComponent: IncidentComponent?
    public var callComponent: [CallComponent]?
    public var callbackComponent: [CallbackComponent]?
    public var locationComponent: [LocationComponent]?
    /// Required by the standard, at least one: the sender.
    public var agencyComponent: [AgencyComponent]
    public var notesComponent: [NotesComponent]?

    public init(incidentTrackingIdentifier: String, lastUpdateTimeStamp: Date, updatedByAgencyReference: Reference,
                updatedByAgentReference: Reference? = nil, eidoVersion: String = EIDODocument.version, issuingElementIdentification: String,
                incidentComponent: IncidentComponent? = nil, callComponent: [CallComponent]? = nil,
                callbackComponent: [CallbackComponent]? = nil, locationComponent: [LocationComponent]? = nil,
                agencyComponent: [AgencyComponent], notesComponent: [NotesComponent]? = nil) {
        self.incidentTrackingIdentifier = incidentTrackingIdentifier
        self.lastUpdateTimeStamp = lastUpdateTimeStamp
        self.updatedByAgencyReference = updatedByAgencyReference
        self.updatedByAgentReference = updatedByAgentReference
        self.eidoVersion = eidoVersion
        self.issuingElementIdentification = issuingElementIdentification
        self.incidentComponent = incidentComponent
        self.callComponent = callComponent
        self.callbackComponent = callbackComponent
        self.locationComponent = locationComponent
        self.agencyComponent = agencyComponent
        self.notesComponent = notesComponent
    }

    enum CodingKeys: String, CodingKey {
        case incidentTrackingIdentifier = "$id"
        case lastUpdateTimeStamp, updatedByAgencyReference, updatedByAgentReference, eidoVersion, issuingElementIdentification,
             incidentComponent, callComponent, callbackComponent, locationComponent, agencyComponent, notesComponent
    }

    /// The note with `$id` `id`, if the document carries it.
    public func note(_ id: String) -> NotesComponent? { notesComponent?.first { $0.id == id } }
}
