import Foundation
import PinganGeo

/// What an officer gives to open a dispute.
public struct NewDispute: Codable, Sendable, Hashable {
    public var kind: Dispute.Kind
    public var risk: Dispute.Risk
    public var summary: String
    public var parties: [Dispute.Party]
    public var mediators: [Dispute.Mediator]?
    /// Where, as said; the standard address's text or the incident's address when left out.
    public var address: String?
    public var addressID: AddressID?
    public var location: Coordinate?
    /// The incident it comes from (a dispute call), whose station then holds it.
    public var incidentID: IncidentID?
    /// The station that holds it, when neither an incident nor a standard address says.
    public var stationID: JurisdictionID?

    public init(kind: Dispute.Kind, risk: Dispute.Risk, summary: String, parties: [Dispute.Party], mediators: [Dispute.Mediator]? = nil,
                address: String? = nil, addressID: AddressID? = nil, location: Coordinate? = nil, incidentID: IncidentID? = nil,
                stationID: JurisdictionID? = nil) {
        self.kind = kind
        self.risk = risk
        self.summary = summary
        self.parties = parties
        self.mediators = mediators
        self.address = address
        self.addressID = addressID
        self.location = location
        self.incidentID = incidentID
        self.stationID = stationID
    }
}

/// Decides disputes: who and what they are about, checked; sessions that move an open dispute
/// towards settled, each setting when it must next be followed up; a dispute never reopened.
public enum DisputeDecider {
    public static let maxParties = 20
    public static let maxMediators = 10
    /// The furthest a follow-up may be set ahead.
    public static let maxFollowUpLead: TimeInterval = 30 * 86_400

    /// - Parameters:
    ///   - address: The standard address named by `input.addressID`, if any.
    ///   - incident: The incident named by `input.incidentID`, if any.
    public static func open(_ input: NewDispute, id: DisputeID, station: Jurisdiction, address: StandardAddress?, incident: Incident?, now: Date,
                            by officer: String) throws(DomainError) -> (Dispute, Event) {
        guard station.level == .station else { throw DomainError.invalid("stationID", "\(station.name) is not a station") }
        guard station.active else { throw DomainError(.inactive, field: "stationID", "\(station.name) is retired") }
        try TextRules.check(input.summary, field: "summary", max: 2000, multiline: true)
        guard (1...maxParties).contains(input.parties.count) else { throw DomainError.invalid("parties", "a dispute has 1 to \(maxParties) parties") }
        let parties = try input.parties.map { p throws(DomainError) in try party(p) }
        let mediators = try (input.mediators ?? []).map { m throws(DomainError) in try mediator(m) }
        guard mediators.count <= maxMediators else { throw DomainError.invalid("mediators", "at most \(maxMediators) mediators") }
        if let text = input.address { try TextRules.check(text, field: "address", max: 200) }
        if let location = input.location { try TextRules.check(location, field: "location") }
        guard let place = input.address ?? address?.text ?? incident?.address, !place.isEmpty else {
            throw DomainError.invalid("address", "a dispute needs its place: an address, a standard address or the incident's")
        }
        let dispute = Dispute(id: id, kind: input.kind, risk: input.risk, summary: input.summary, parties: parties, mediators: mediators,
                              address: place, addressID: address?.id, location: input.location ?? address?.location ?? incident?.location,
                              followUpDue: now.addingTimeInterval(input.risk.followUpAfter), incidentIDs: incident.map { [$0.id] } ?? [],
                              openedAt: now, openedBy: officer, stationID: station.id, path: station.path)
        return (dispute, try event(.disputeOpened, dispute))
    }

    /// A session or follow-up visit: settled, failed, or still going on (with the next follow-up
    /// due then, or by the risk's interval). The risk may be reassessed; mediators who joined are added.
    public static func session(_ d: Dispute, note: String, outcome: Dispute.Session.Outcome, risk: Dispute.Risk?, nextFollowUp: Date?,
                               mediators: [Dispute.Mediator]?, version: Int?, by officer: String, now: Date) throws(DomainError) -> (Dispute, Event) {
        if let version, version != d.version {
            throw DomainError(.staleVersion, field: "version", "dispute is at version \(d.version), not \(version)")
        }
        guard !d.status.isClosed else {
            throw DomainError(.illegalTransition, field: "status", "the dispute is \(d.status.rawValue); a new dispute is opened instead")
        }
        try TextRules.check(note, field: "note", max: 2000, multiline: true)
        var next = d
        for m in mediators ?? [] {
            let checked = try mediator(m)
            if !next.mediators.contains(checked) { next.mediators.append(checked) }
        }
        guard next.mediators.count <= maxMediators else { throw DomainError.invalid("mediators", "at most \(maxMediators) mediators") }
        if let risk { next.risk = risk }
        switch outcome {
        case .continuing:
            if let nextFollowUp {
                guard nextFollowUp > now, nextFollowUp.timeIntervalSince(now) <= maxFollowUpLead else {
                    throw DomainError.invalid("nextFollowUp", "the next follow-up is ahead and within \(Int(maxFollowUpLead / 86_400)) days")
                }
            }
            next.status = .mediating
            next.followUpDue = nextFollowUp ?? now.addingTimeInterval(next.risk.followUpAfter)
        case .resolved, .unresolved:
            guard nextFollowUp == nil else { throw DomainError.invalid("nextFollowUp", "a settled or ended dispute has no next follow-up") }
            next.status = outcome == .resolved ? .resolved : .unresolved
            next.followUpDue = nil
            next.closedAt = now
        }
        next.sessions.append(.init(at: now, by: officer, note: note, outcome: outcome))
        next.version += 1
        return (next, try event(.disputeSession, next))
    }

    /// An incident was filed from the dispute (it turned into police work).
    public static func escalated(_ d: Dispute, into incident: IncidentID, now: Date) throws(DomainError) -> (Dispute, Event) {
        guard !d.status.isClosed else {
            throw DomainError(.illegalTransition, field: "status", "the dispute is \(d.status.rawValue)")
        }
        var next = d
        next.incidentIDs.append(incident)
        next.escalations += 1
        next.version += 1
        return (next, try event(.disputeEscalated, next))
    }

    static func party(_ p: Dispute.Party) throws(DomainError) -> Dispute.Party {
        try TextRules.check(p.name, field: "parties.name", max: 50)
        var idNumber: String?
        if let raw = p.idNumber, !raw.isEmpty {
            do { idNumber = try ResidentID.normalise(raw).text } catch { throw DomainError.invalid("parties.idNumber", error.message) }
        }
        let phone: String?
        do { phone = try RegistryDecider.phone(p.phone) } catch { throw DomainError.invalid("parties.phone", error.message) }
        return Dispute.Party(name: p.name, phone: phone, idNumber: idNumber)
    }

    static func mediator(_ m: Dispute.Mediator) throws(DomainError) -> Dispute.Mediator {
        try TextRules.check(m.name, field: "mediators.name", max: 50)
        return m
    }

    static func event(_ type: EventType, _ d: Dispute) throws(DomainError) -> Event {
        do { return try Event(type, subject: d.id.rawValue, path: d.path, payload: EntityEventData(d.masked)) }
        catch { throw DomainError.invalid("dispute", "the dispute could not be recorded: \(error)") }
    }
}
