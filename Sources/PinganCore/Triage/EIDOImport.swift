import Foundation
import PinganGeo

/// EIDO documents (STA-021 version 1.0) from other agencies' systems read into what the
/// platform acts on: a new incident, or notes and referral states for one it already has.
/// Pure: the application looks the tracking identifier up and runs the commands.
public enum EIDOImport {
    /// Reads and checks one EIDO. In order: well-formed JSON without a key twice in one object
    /// (two parsers could read such a body differently), a known `eidoVersion` (so a later
    /// version is refused as one rather than as whatever part of it fails first), the components
    /// required (see `EIDODocument.validate()`), members of the right types, then the rules.
    public static func parse(_ data: Data) throws(EIDOError) -> EIDODocument {
        let tree: JSONValue
        let duplicate: String?
        do throws(JSONValue.Malformed) {
            let parsed = try JSONValue.parse(data)
            tree = parsed.value
            duplicate = parsed.duplicateKey
        } catch {
            throw EIDOError(.malformed, "the document is not well-formed JSON (\(error.description))")
        }
        if let key = duplicate {
            throw EIDOError(.malformed, element: String(key.prefix(100)), "member \(key.prefix(100)) appears twice in one object")
        }
        guard case .object(let root) = tree else { throw EIDOError(.malformed, "an EIDO is a JSON object") }
        guard let version = root["eidoVersion"], version != .null else { throw EIDOError.missing("eidoVersion", in: nil) }
        guard case .string(let v) = version else { throw EIDOError(.malformed, element: "eidoVersion", "eidoVersion must be a string") }
        guard EIDODocument.knownVersions.contains(v) else {
            throw EIDOError(.unknownVersion, element: "eidoVersion",
                            "eidoVersion \(v.prefix(20)) is not one this platform reads (\(EIDODocument.knownVersions.sorted().joined(separator: ", ")))")
        }
        for (name, why) in [("agencyComponent", "the standard requires at least one agency, the sender"),
                            ("incidentComponent", "Pingan needs the incident's type to take it"),
                            ("locationComponent", "Pingan needs the incident's position to take it")] {
            switch root[name] {
            case nil, .null?: throw EIDOError.missingComponent(name, why)
            case .array(let items)? where items.isEmpty: throw EIDOError.missingComponent(name, why)
            default: break
            }
        }
        let document: EIDODocument
        do {
            document = try decoder.decode(EIDODocument.self, from: data)
        } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw EIDOError(.malformed, "the document could not be read")
        }
        try document.validate()
        return document
    }

    /// What `document` asks of the platform. `sender` is this platform's agency identifier, as
    /// given to `EIDOExport`: with it, a document about an incident Pingan referred is matched
    /// to that incident and its agencies. `catalogue` is the receiving jurisdiction's.
    ///
    /// The new incident takes the incident component's category (see `category`), priority
    /// (see `priority`), the position and address of its location (the current incident
    /// location before the initial one before the caller's, among those it references), the
    /// caller's `tel:` number from the call's callback component, and the text of the first note
    /// it references as the description. It is checked as `IncidentDecider.validate` checks a
    /// call, so the application's create cannot refuse it for its fields.
    public static func incoming(_ document: EIDODocument, sender: String? = nil,
                                catalogue: CategoryCatalogue = .standard) throws(EIDOError) -> EIDOIncoming {
        try document.validate()
        guard let incident = document.incidentComponent else {
            throw EIDOError.missingComponent("incidentComponent", "Pingan needs the incident's type to take it")
        }
        let (position, address) = try place(document, incident)
        let notes = document.notesComponent ?? []
        var aboutAgency: [String: String] = [:]
        for agency in document.agencyComponent {
            for ref in agency.notesReference ?? [] where aboutAgency[ref.ref] == nil { aboutAgency[ref.ref] = agency.id }
        }
        let texts = notes.map { EIDOMarkup.text(fromHTML: $0.notesActionComments) }
        let describing = incident.notesReference?.lazy.compactMap { ref in notes.firstIndex { $0.id == ref.ref } }.first
            ?? notes.indices.first { aboutAgency[notes[$0].id] == nil }
        let new = NewIncident(
            category: category(internalCode: incident.incidentTypeInternalCode, common: incident.incidentTypeCommonRegistryText, catalogue: catalogue),
            priority: priority(common: incident.incidentCommonPriorityNumber, internalText: incident.incidentPriorityInternalText),
            location: position, address: address, callerPhone: callerPhone(document), description: describing.map { texts[$0] } ?? "")
        do throws(DomainError) {
            try IncidentDecider(catalogue: catalogue).validate(new)
        } catch {
            throw EIDOError(.invalidValue, component: "incidentComponent", element: error.field, "the incident it describes: \(error.message)")
        }

        let incomingNotes = notes.enumerated().map { i, note in
            EIDOIncoming.Note(id: note.id, text: texts[i], author: note.agentReference?.ref ?? note.updatedByAgentReference?.ref,
                              agency: note.updatedByAgencyReference.ref, at: note.lastUpdateTimeStamp, aboutAgency: aboutAgency[note.id])
        }
        let agencies = document.agencyComponent.map { agency in
            let referrals = (agency.notesReference ?? []).compactMap { ref -> EIDOIncoming.ReferralState? in
                guard let i = notes.firstIndex(where: { $0.id == ref.ref }), let parsed = EIDOReferralNote.parse(texts[i]) else { return nil }
                return EIDOIncoming.ReferralState(status: parsed.status, outcome: parsed.outcome, feedback: parsed.feedback,
                                                  returnReason: parsed.returnReason, noteID: notes[i].id, at: notes[i].lastUpdateTimeStamp)
            }
            return EIDOIncoming.AgencyState(identifier: agency.id, name: agency.agencyJcard.flatMap(EIDOJCard.name),
                                            roles: agency.agencyRoleDescriptionRegistryText, types: agency.agencyType,
                                            owning: agency.incidentOwningAgencyIndicator == true,
                                            agencyID: sender.flatMap { agencyID(agencyIdentifier: agency.id, sender: $0) }, referrals: referrals)
        }
        return EIDOIncoming(trackingIdentifier: document.incidentTrackingIdentifier,
                            incidentID: sender.flatMap { incidentID(trackingIdentifier: document.incidentTrackingIdentifier, sender: $0) },
                            issuedBy: document.issuingElementIdentification, updatedBy: document.updatedByAgencyReference.ref,
                            lastUpdate: document.lastUpdateTimeStamp, externalNumber: incident.internalIncidentId, newIncident: new,
                            notes: incomingNotes, agencies: agencies)
    }

    /// A category code of `catalogue` when the sender's internal code is one (another Pingan,
    /// or a system told our codes); else the standard category whose common type `EIDOExport`
    /// writes, when the common type is one of those; else `other`.
    public static func category(internalCode: String?, common: String, catalogue: CategoryCatalogue = .standard) -> String {
        if let code = internalCode, catalogue.category(code) != nil { return code }
        if let ours = categoryForCommonType[common.uppercased()], catalogue.category(ours) != nil { return ours }
        return "other"
    }

    static let categoryForCommonType: [String: String] = Dictionary(uniqueKeysWithValues: EIDOExport.commonTypes.map { ($1, $0) })

    /// The common 0-10 priority in four bands (9-10, 6-8, 3-5, 0-2); without one, a sender's
    /// `P1`…`P4`; without either, P3, a routine call a dispatcher will look at.
    public static func priority(common: Int?, internalText: String?) -> Priority {
        if let n = common {
            switch n {
            case 9...: return .p1
            case 6...8: return .p2
            case 3...5: return .p3
            default: return .p4
            }
        }
        if let text = internalText?.trimmingCharacters(in: .whitespaces).uppercased(), text.count == 2, text.hasPrefix("P"),
           let digit = Int(text.dropFirst()), let p = Priority(rawValue: digit) {
            return p
        }
        return .p3
    }

    /// The incident ID in a tracking identifier `EIDOExport` made for `sender`, or nil for any
    /// other (another system's incident).
    public static func incidentID(trackingIdentifier: String, sender: String) -> IncidentID? {
        let prefix = "urn:emergency:uid:incidentid:"
        let suffix = ":" + sender
        guard trackingIdentifier.count > prefix.count + suffix.count, trackingIdentifier.prefix(prefix.count).lowercased() == prefix,
              trackingIdentifier.hasSuffix(suffix) else { return nil }
        let raw = String(trackingIdentifier.dropFirst(prefix.count).dropLast(suffix.count))
        return IncidentID.isWellFormed(raw) ? IncidentID(raw) : nil
    }

    /// The agency ID in an agency identifier `EIDOExport` made for `sender`, or nil.
    public static func agencyID(agencyIdentifier: String, sender: String) -> AgencyID? {
        let suffix = ".agency." + sender
        guard agencyIdentifier.count > suffix.count, agencyIdentifier.hasSuffix(suffix) else { return nil }
        let raw = String(agencyIdentifier.dropLast(suffix.count))
        return AgencyID.isWellFormed(raw) ? AgencyID(raw) : nil
    }

    /// The incident's position and address: from the first location, in order of preference,
    /// that gives a position; the address is its description, else its civic address, else the
    /// position written out, so a geodetic-only location (a mobile caller's) still makes a call.
    static func place(_ document: EIDODocument, _ incident: EIDODocument.IncidentComponent) throws(EIDOError) -> (Coordinate, String) {
        let all = Array((document.locationComponent ?? []).enumerated())
        let referenced = Set(incident.locationReference?.map(\.ref) ?? [])
        var candidates = all.filter { referenced.contains($0.element.id) }
        if candidates.isEmpty { candidates = all }
        let preference = ["CurrentIncident", "InitialIncident", "Caller"]
        let ranked = candidates.sorted { a, b in
            let ra = preference.firstIndex(of: a.element.locationTypeDescriptionRegistryText) ?? preference.count
            let rb = preference.firstIndex(of: b.element.locationTypeDescriptionRegistryText) ?? preference.count
            return (ra, a.offset) < (rb, b.offset)
        }
        for (i, location) in ranked {
            guard let value = location.locationByValue else { continue }
            let component = "locationComponent[\(i)]"
            let reading = try EIDOPIDF.read(value, component: component)
            guard let position = reading.position else { continue }
            if let text = location.locationDescriptionText, !text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                return (position, text)
            }
            if let civic = reading.civicAddress {
                guard civic.unicodeScalars.count <= 200 else {
                    throw EIDOError.invalid("locationByValue", in: component, "has a civic address longer than 200 characters")
                }
                return (position, civic)
            }
            return (position, String(format: "%.6f, %.6f", position.lat, position.lon))
        }
        throw EIDOError(.missingElement, component: "locationComponent", element: "locationByValue",
                        "locationComponent: no location gives a WGS-84 position (a gml:pos in locationByValue); Pingan places incidents by position and does not fetch locationByReferenceUrl")
    }

    /// The caller's number: the first `tel:` URI of the callback component the first call
    /// points to (or of the first callback component), without parameters or visual separators.
    static func callerPhone(_ document: EIDODocument) -> String? {
        let callbacks = document.callbackComponent ?? []
        let pointed = (document.callComponent ?? []).lazy.compactMap { call in
            call.callBackReference.flatMap { ref in callbacks.first { $0.id == ref.ref } }
        }.first
        guard let callback = pointed ?? callbacks.first else { return nil }
        for uri in callback.callBackInformationUri ?? [] where uri.lowercased().hasPrefix("tel:") {
            let number = uri.dropFirst(4).prefix { $0 != ";" }.filter { $0 != "." && $0 != "(" && $0 != ")" }
            if !number.isEmpty, number.count <= 32, number.contains(where: \.isNumber),
               number.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" || $0 == " " }) {
                return String(number)
            }
        }
        return nil
    }

    /// Instants are RFC 3339 with an offset; everything else is the synthesized reading.
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = EIDODateTime.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 date-time with an offset")
            }
            return date
        }
        return d
    }()

    /// A decoding failure named as the document names its members: `component` is the path to
    /// the object (`agencyComponent[0]`), `element` the member.
    static func problem(_ error: DecodingError) -> EIDOError {
        func path(_ keys: [any CodingKey]) -> String? {
            var out = ""
            for key in keys {
                if let i = key.intValue, key.stringValue == "Index \(i)" || key.stringValue == String(i) {
                    out += "[\(i)]"
                } else {
                    out += (out.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return out.isEmpty ? nil : out
        }
        func split(_ keys: [any CodingKey]) -> (String?, String?) {
            // The element is the last named key; indexes after it belong to it.
            guard let last = keys.lastIndex(where: { $0.intValue == nil }) else { return (path(keys), nil) }
            return (path(Array(keys[..<last])), path(Array(keys[last...])))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return EIDOError.missing(key.stringValue, in: path(context.codingPath))
        case .valueNotFound(_, let context):
            let (component, element) = split(context.codingPath)
            return EIDOError(.missingElement, component: component, element: element, "\(EIDOError.place(component))\(element ?? "a member") is null")
        case .typeMismatch(let type, let context):
            let (component, element) = split(context.codingPath)
            return EIDOError(.malformed, component: component, element: element,
                             "\(EIDOError.place(component))\(element ?? "the document") is not of the type the standard gives it (\(type))")
        case .dataCorrupted(let context):
            let (component, element) = split(context.codingPath)
            return EIDOError(.invalidValue, component: component, element: element,
                             "\(EIDOError.place(component))\(element ?? "the document") \(context.debugDescription)")
        @unknown default:
            return EIDOError(.malformed, "the document could not be read")
        }
    }
}
