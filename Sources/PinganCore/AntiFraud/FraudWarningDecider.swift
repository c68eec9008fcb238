import Foundation
import PinganGeo

/// What a sender gives for one warning, before it is checked and routed.
public struct NewFraudWarning: Codable, Sendable, Hashable {
    public var reference: String
    public var victimName: String
    public var phone: String
    public var idNumber: String?
    /// The address as written; with `parts` the registry can route it to its station.
    public var address: String?
    public var parts: AddressParts?
    public var location: Coordinate?
    public var reason: String
    public var amountAtRisk: Int?
    /// ISO 8601 (`2026-12-05T18:00:00+08:00`), or China Standard Time as `2026-12-05 18:00`, or a
    /// day alone (`2026-12-05`: its last second).
    public var deadline: String
    /// The station that answers for it when neither the registry nor a location finds one.
    public var stationID: JurisdictionID?

    public init(reference: String, victimName: String, phone: String, idNumber: String? = nil, address: String? = nil,
                parts: AddressParts? = nil, location: Coordinate? = nil, reason: String, amountAtRisk: Int? = nil, deadline: String,
                stationID: JurisdictionID? = nil) {
        self.reference = reference
        self.victimName = victimName
        self.phone = phone
        self.idNumber = idNumber
        self.address = address
        self.parts = parts
        self.location = location
        self.reason = reason
        self.amountAtRisk = amountAtRisk
        self.deadline = deadline
        self.stationID = stationID
    }
}

/// A warning's own fields checked, before routing: what an import checks row by row.
public struct CheckedFraudWarning: Sendable, Hashable {
    public var input: NewFraudWarning
    public var phone: String
    public var idNumber: String?
    /// Normalised, when the sender gave the parts.
    public var parts: AddressParts?
    public var deadline: Date
}

/// Decides anti-fraud warnings: a warning whose person can be called, with a deadline ahead,
/// held by one station; follow-ups that move it forward only.
public enum FraudWarningDecider {
    /// The longest a deadline may lie ahead: warnings are for frauds in progress.
    public static let maxLead: TimeInterval = 30 * 86_400
    /// The largest amount at risk taken, in yuan.
    public static let maxAmount = 10_000_000_000

    /// The warning's own fields, without its station.
    public static func checked(_ input: NewFraudWarning, now: Date) throws(DomainError) -> CheckedFraudWarning {
        try TextRules.check(input.reference, field: "reference", max: 64)
        try TextRules.check(input.victimName, field: "victimName", max: 50)
        try TextRules.check(input.reason, field: "reason", max: 200)
        if let address = input.address { try TextRules.check(address, field: "address", max: 200) }
        guard let phone = try RegistryDecider.phone(input.phone) else { throw DomainError.invalid("phone", "the person's phone is missing") }
        var idNumber: String?
        if let raw = input.idNumber, !raw.isEmpty {
            do { idNumber = try ResidentID.normalise(raw).text } catch { throw DomainError.invalid("idNumber", error.message) }
        }
        let amount = input.amountAtRisk ?? 0
        guard (0...maxAmount).contains(amount) else { throw DomainError.invalid("amountAtRisk", "the amount at risk is 0 to \(maxAmount) yuan") }
        let parts = try input.parts.map { p throws(DomainError) in try AddressNormaliser.normalise(p) }
        if let location = input.location { try TextRules.check(location, field: "location") }
        guard input.address != nil || parts != nil || input.location != nil else {
            throw DomainError.invalid("address", "a warning needs the person's address or location")
        }
        let deadline = try self.deadline(input.deadline)
        guard deadline > now else { throw DomainError.invalid("deadline", "the deadline \(input.deadline.prefix(30)) has already passed") }
        guard deadline.timeIntervalSince(now) <= maxLead else {
            throw DomainError.invalid("deadline", "a deadline is at most \(Int(maxLead / 86_400)) days ahead")
        }
        return CheckedFraudWarning(input: input, phone: phone, idNumber: idNumber, parts: parts, deadline: deadline)
    }

    /// A deadline as senders write it (see `NewFraudWarning.deadline`).
    public static func deadline(_ text: String) throws(DomainError) -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let day = try? ReportDay(t) { return day.start.addingTimeInterval(86_400 - 1) }
        if let date = try? CAPDateTime.parse(t) { return date }
        // "2026-12-05 18:00" or "2026-12-05 18:00:30", China Standard Time.
        let pieces = t.split(separator: " ", omittingEmptySubsequences: true)
        if pieces.count == 2, let day = try? ReportDay(String(pieces[0])) {
            let clock = pieces[1].split(separator: ":").map { Int($0) }
            if (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }) {
                let h = clock[0]!, m = clock[1]!, s = clock.count == 3 ? clock[2]! : 0
                if (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) {
                    return day.start.addingTimeInterval(TimeInterval(h * 3600 + m * 60 + s))
                }
            }
        }
        throw DomainError.invalid("deadline", "the deadline is a day (2026-12-05), a CST time (2026-12-05 18:00) or ISO 8601, not \(t.prefix(30))")
    }

    /// A checked warning, held by `station`.
    /// - Parameters:
    ///   - address: The standard address it was matched to, if any.
    ///   - duplicate: True when a warning with the same reference is already held.
    public static func warning(_ c: CheckedFraudWarning, id: FraudWarningID, source: FraudWarning.Source, station: Jurisdiction,
                               routing: FraudWarning.Routing, address: StandardAddress?, duplicate: Bool,
                               now: Date) throws(DomainError) -> (FraudWarning, Event) {
        guard station.level == .station else { throw DomainError.invalid("stationID", "\(station.name) is not a station") }
        guard station.active else { throw DomainError(.inactive, field: "stationID", "\(station.name) is retired") }
        if duplicate { throw DomainError(.duplicate, field: "reference", "warning \(c.input.reference) was already received") }
        let warning = FraudWarning(
            id: id, reference: c.input.reference, source: source, victimName: c.input.victimName, phone: c.phone, idNumber: c.idNumber,
            address: c.input.address ?? address?.text ?? c.parts?.text ?? "", addressID: address?.id, location: c.input.location ?? address?.location,
            reason: c.input.reason, amountAtRisk: c.input.amountAtRisk ?? 0, deadline: c.deadline, receivedAt: now, routing: routing,
            stationID: station.id, path: station.path)
        return (warning, try event(.fraudWarningReceived, warning))
    }

    /// An officer records a follow-up. The status moves forward only (`Status.next`); a loss
    /// prevented states the yuan kept, and nothing else does.
    public static func followUp(_ warning: FraudWarning, to status: FraudWarning.Status, note: String?, amountPrevented: Int?,
                                version: Int?, by officer: String, now: Date) throws(DomainError) -> (FraudWarning, Event) {
        if let version, version != warning.version {
            throw DomainError(.staleVersion, field: "version", "warning is at version \(warning.version), not \(version)")
        }
        guard warning.status.next.contains(status) else {
            throw DomainError(.illegalTransition, field: "status", "a warning \(warning.status.rawValue) cannot become \(status.rawValue)")
        }
        if let note { try TextRules.check(note, field: "note", max: 500, required: false, multiline: true) }
        switch (status, amountPrevented) {
        case (.lossPrevented, let amount?):
            guard (1...maxAmount).contains(amount) else { throw DomainError.invalid("amountPrevented", "the amount kept is 1 to \(maxAmount) yuan") }
        case (.lossPrevented, nil): throw DomainError.invalid("amountPrevented", "a loss prevented states the yuan kept")
        case (_, nil): break
        case (_, _?): throw DomainError.invalid("amountPrevented", "only a loss prevented states an amount")
        }
        var w = warning
        w.status = status
        w.followUps.append(.init(status: status, at: now, by: officer, note: note?.isEmpty == true ? nil : note, amountPrevented: amountPrevented))
        w.version += 1
        return (w, try event(.fraudWarningFollowedUp, w))
    }

    static func event(_ type: EventType, _ warning: FraudWarning) throws(DomainError) -> Event {
        do { return try Event(type, subject: warning.id.rawValue, path: warning.path, payload: EntityEventData(warning.masked)) }
        catch { throw DomainError.invalid("warning", "the warning could not be recorded: \(error)") }
    }
}
