import Foundation

extension EIDODocument {
    /// The most components of one kind a document may carry. An incident with more calls,
    /// places or notes than this is not one a dispatcher can read; a document with more is
    /// refused before anything is built from it.
    public static let maxComponents = 500

    /// Checks what STA-021 requires of the parts Pingan reads, what Pingan needs to act on the
    /// document, and the platform's limits on text from outside, so a sender learns which
    /// member is wrong instead of the store holding something other than it sent. Run after
    /// reading and before writing; the first fault found is thrown, naming its component.
    ///
    /// Required beyond the standard: `incidentComponent` (to know what the incident is) and
    /// `locationComponent` (to know where); an EIDO carries the whole current state of the
    /// incident every time, so an update has them as a new incident does.
    public func validate() throws(EIDOError) {
        guard Self.knownVersions.contains(eidoVersion) else {
            throw EIDOError(.unknownVersion, element: "eidoVersion",
                            "eidoVersion \(eidoVersion.prefix(20)) is not one this platform reads (\(Self.knownVersions.sorted().joined(separator: ", ")))")
        }
        try Self.identifier(incidentTrackingIdentifier, "$id", in: nil)
        try Self.identifier(updatedByAgencyReference.ref, "updatedByAgencyReference", in: nil)
        if let agent = updatedByAgentReference { try Self.identifier(agent.ref, "updatedByAgentReference", in: nil) }
        try Self.identifier(issuingElementIdentification, "issuingElementIdentification", in: nil)
        guard !agencyComponent.isEmpty else {
            throw EIDOError.missingComponent("agencyComponent", "the standard requires at least one agency, the sender")
        }
        guard let incident = incidentComponent else {
            throw EIDOError.missingComponent("incidentComponent", "Pingan needs the incident's type to take it")
        }
        guard let locations = locationComponent, !locations.isEmpty else {
            throw EIDOError.missingComponent("locationComponent", "Pingan needs the incident's position to take it")
        }
        for (name, count) in [("callComponent", callComponent?.count ?? 0), ("callbackComponent", callbackComponent?.count ?? 0),
                              ("locationComponent", locations.count), ("agencyComponent", agencyComponent.count),
                              ("notesComponent", notesComponent?.count ?? 0)] where count > Self.maxComponents {
            throw EIDOError(.invalidValue, component: name, "\(name) has \(count) entries; at most \(Self.maxComponents) are read")
        }
        var ids = Set<String>()
        func unique(_ id: String, _ place: String) throws(EIDOError) {
            guard ids.insert(id).inserted else {
                throw EIDOError.invalid("$id", in: place, "\(id.prefix(80)) is the $id of another component too; each must be unique")
            }
        }

        let place = "incidentComponent"
        try Self.prologue(incident.id, incident.updatedByAgencyReference, incident.updatedByAgentReference, in: place)
        try unique(incident.id, place)
        try Self.text(incident.incidentTypeCommonRegistryText, "incidentTypeCommonRegistryText", in: place, max: 100, required: true)
        try Self.text(incident.incidentTypeInternalCode, "incidentTypeInternalCode", in: place, max: 100)
        try Self.text(incident.incidentTypeInternalText, "incidentTypeInternalText", in: place, max: 200)
        try Self.text(incident.internalIncidentId, "internalIncidentId", in: place, max: 100)
        try Self.text(incident.incidentPriorityInternalText, "incidentPriorityInternalText", in: place, max: 100)
        for status in (incident.incidentStatusInternalText ?? []) + (incident.incidentStatusCommonRegistryText ?? []) {
            try Self.text(status, "incidentStatusCommonRegistryText", in: place, max: 100)
        }
        if let n = incident.incidentCommonPriorityNumber, !(0...10).contains(n) {
            throw EIDOError.invalid("incidentCommonPriorityNumber", in: place, "is \(n); the common priority runs from 0 to 10")
        }
        try Self.references(incident.locationReference, "locationReference", in: place)
        try Self.references(incident.notesReference, "notesReference", in: place)

        for (i, call) in (callComponent ?? []).enumerated() {
            let place = "callComponent[\(i)]"
            try Self.prologue(call.id, call.updatedByAgencyReference, call.updatedByAgentReference, in: place)
            try unique(call.id, place)
            guard ["incoming", "outgoing", "internal"].contains(call.direction) else {
                throw EIDOError.invalid("direction", in: place, "is \(call.direction.prefix(40)); it is incoming, outgoing or internal")
            }
            try Self.text(call.standardPrimaryCallType, "standardPrimaryCallType", in: place, max: 100, required: true)
            try Self.text(call.callStateRegistryText, "callStateRegistryText", in: place, max: 100, required: true)
            if let callback = call.callBackReference { try Self.identifier(callback.ref, "callBackReference", in: place) }
            try Self.references(call.locationReference, "locationReference", in: place)
            try Self.references(call.notesReference, "notesReference", in: place)
        }
        for (i, callback) in (callbackComponent ?? []).enumerated() {
            let place = "callbackComponent[\(i)]"
            try Self.prologue(callback.id, callback.updatedByAgencyReference, callback.updatedByAgentReference, in: place)
            try unique(callback.id, place)
            for uri in callback.callBackInformationUri ?? [] {
                try Self.text(uri, "callBackInformationUri", in: place, max: 256, required: true)
            }
        }
        for (i, location) in locations.enumerated() {
            let place = "locationComponent[\(i)]"
            try Self.prologue(location.id, location.updatedByAgencyReference, location.updatedByAgentReference, in: place)
            try unique(location.id, place)
            try Self.text(location.locationTypeDescriptionRegistryText, "locationTypeDescriptionRegistryText", in: place, max: 100, required: true)
            try Self.text(location.locationDescriptionText, "locationDescriptionText", in: place, max: 200)
            try Self.text(location.locationByReferenceUrl, "locationByReferenceUrl", in: place, max: 2048)
            if let value = location.locationByValue {
                guard value.unicodeScalars.count <= 65_536 else {
                    throw EIDOError.invalid("locationByValue", in: place, "is longer than 65536 characters")
                }
                _ = try EIDOPIDF.read(value, component: place)
            } else if location.locationByReferenceUrl == nil {
                throw EIDOError(.missingElement, component: place, element: "locationByValue",
                                "\(place): locationByValue or locationByReferenceUrl is required")
            }
            try Self.references(location.notesReference, "notesReference", in: place)
        }
        var owners = 0
        for (i, agency) in agencyComponent.enumerated() {
            let place = "agencyComponent[\(i)]"
            try Self.prologue(agency.id, agency.updatedByAgencyReference, agency.updatedByAgentReference, in: place)
            try unique(agency.id, place)
            guard !agency.agencyRoleDescriptionRegistryText.isEmpty else { throw EIDOError.missing("agencyRoleDescriptionRegistryText", in: place) }
            guard !agency.agencyType.isEmpty else { throw EIDOError.missing("agencyType", in: place) }
            for role in agency.agencyRoleDescriptionRegistryText { try Self.text(role, "agencyRoleDescriptionRegistryText", in: place, max: 100, required: true) }
            for type in agency.agencyType { try Self.text(type, "agencyType", in: place, max: 100, required: true) }
            if let card = agency.agencyJcard {
                guard card.unicodeScalars.count <= 4000 else { throw EIDOError.invalid("agencyJcard", in: place, "is longer than 4000 characters") }
                try Self.text(EIDOJCard.name(card), "agencyJcard", in: place, max: 200)
            }
            if agency.incidentOwningAgencyIndicator == true { owners += 1 }
            guard owners <= 1 else {
                throw EIDOError.invalid("incidentOwningAgencyIndicator", in: place, "is true on a second agency; only one agency owns an incident")
            }
            try Self.references(agency.notesReference, "notesReference", in: place)
        }
        for (i, note) in (notesComponent ?? []).enumerated() {
            let place = "notesComponent[\(i)]"
            try Self.prologue(note.id, note.updatedByAgencyReference, note.updatedByAgentReference, in: place)
            try unique(note.id, place)
            if let agent = note.agentReference { try Self.identifier(agent.ref, "agentReference", in: place) }
            guard note.notesActionComments.unicodeScalars.count <= 65_536 else {
                throw EIDOError.invalid("notesActionComments", in: place, "is longer than 65536 characters")
            }
            try Self.text(EIDOMarkup.text(fromHTML: note.notesActionComments), "notesActionComments", in: place, max: 4000, multiline: true)
        }
    }

    static func prologue(_ id: String, _ agency: Reference, _ agent: Reference?, in place: String) throws(EIDOError) {
        try identifier(id, "$id", in: place)
        try identifier(agency.ref, "updatedByAgencyReference", in: place)
        if let agent { try identifier(agent.ref, "updatedByAgentReference", in: place) }
    }

    static func references(_ refs: [Reference]?, _ element: String, in place: String) throws(EIDOError) {
        guard let refs else { return }
        guard refs.count <= maxComponents else {
            throw EIDOError.invalid(element, in: place, "has \(refs.count) references; at most \(maxComponents) are read")
        }
        for ref in refs { try identifier(ref.ref, element, in: place) }
    }

    /// Identifiers (`$id`, `$ref`, agency and element identifiers) are URNs, domain names and
    /// `user@domain` forms: 1 to 255 characters without spaces or control characters.
    static func identifier(_ value: String, _ element: String, in place: String?) throws(EIDOError) {
        guard !value.isEmpty else { throw EIDOError.missing(element, in: place) }
        guard value.unicodeScalars.count <= 255 else { throw EIDOError.invalid(element, in: place, "is longer than 255 characters") }
        for scalar in value.unicodeScalars where scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || TextRules.isBidiControl(scalar) {
            throw EIDOError.invalid(element, in: place, "must not contain spaces or control characters")
        }
    }

    /// `TextRules` on text from the document, its refusal named as the document names the member.
    static func text(_ value: String?, _ element: String, in place: String?, max: Int, required: Bool = false,
                     multiline: Bool = false) throws(EIDOError) {
        guard let value else {
            if required { throw EIDOError.missing(element, in: place) }
            return
        }
        if required && value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { throw EIDOError.missing(element, in: place) }
        do throws(DomainError) {
            try TextRules.check(value, field: element, max: max, required: false, multiline: multiline)
        } catch {
            throw EIDOError(.invalidValue, component: place, element: element, EIDOError.place(place) + error.message)
        }
    }
}
