import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// Anti-fraud warnings (反诈预警劝阻): received from the anti-fraud centre one at a time, as CAP
/// or as a day's list, each routed to the station that answers for the person's address, and
/// followed up there before its deadline; an overdue one is chased by supervision like any late
/// work. Lists show personal data masked; opening one warning shows it in full to those who
/// follow up (`viewInhabitants`), and that read is audited.
public struct FraudWarningCommands: Sendable {
    let runner: CommandRunner
    let store: any Store
    let active: ActiveJurisdictions
    let ownership: IncidentOwnership.Rule
    let access: AccessRecords

    /// Receives one warning.
    public func receive(_ input: NewFraudWarning, source: FraudWarning.Source = .api, by user: User,
                        idempotency: Idempotency<FraudWarning>? = nil) async throws -> Outcome<FraudWarning> {
        try await runner.run(.receiveFraudWarning, by: Actor(user), idempotency: idempotency) { now in
            let checked = try FraudWarningDecider.checked(input, now: now)
            let plan = try await self.plan([(0, checked)], fallback: input.stationID, source: source, by: user, now: now)
            if let problem = plan.problems.first { throw DomainError.invalid(problem.field ?? "address", problem.message) }
            if plan.duplicates.first != nil {
                throw DomainError(.duplicate, field: "reference", "warning \(input.reference.prefix(64)) was already received")
            }
            return Decision(events: plan.events, writes: plan.warnings.map { .fraudWarning($0) }, output: plan.warnings[0])
        }
    }

    /// What an import did (or, for a dry run, would do).
    public struct ImportSummary: Codable, Sendable {
        /// A row not stored because its reference was received before, or earlier in the file.
        public struct Duplicate: Codable, Sendable, Hashable {
            public var line: Int
            public var reference: String
            public var sameAsLine: Int?
        }
        public var dryRun: Bool
        public var rows: Int
        public var received: Int
        /// Warnings received per station id.
        public var byStation: [String: Int]
        /// How many were routed by a standard address, by location, to the named station.
        public var byRouting: [String: Int]
        public var duplicates: [Duplicate]
    }

    /// Imports a day's list: every row checked and routed, or the whole file refused with every
    /// problem by line (`OrganisationImport.Rejected`); nothing is half-stored.
    public func importList(_ csv: String, columns: [String: String]?, stationID: JurisdictionID?, dryRun: Bool,
                           by user: User) async throws -> ImportSummary {
        let read = FraudWarningImport.read(csv, columns: columns, now: runner.time.now())
        guard read.problems.isEmpty else { throw OrganisationImport.Rejected(Array(read.problems.prefix(1000))) }
        let rows = read.rows.map { ($0.line, $0.warning) }
        func summary(_ plan: Plan) throws -> Decision<ImportSummary> {
            guard plan.problems.isEmpty else { throw OrganisationImport.Rejected(Array(plan.problems.prefix(1000))) }
            var byStation: [String: Int] = [:], byRouting: [String: Int] = [:]
            for w in plan.warnings {
                byStation[w.stationID.rawValue, default: 0] += 1
                byRouting[w.routing.rawValue, default: 0] += 1
            }
            let s = ImportSummary(dryRun: dryRun, rows: rows.count, received: plan.warnings.count, byStation: byStation, byRouting: byRouting,
                                  duplicates: plan.duplicates)
            return Decision(events: plan.events, writes: plan.warnings.map { .fraudWarning($0) }, output: s)
        }
        if dryRun { return try summary(try await plan(rows, fallback: stationID, source: .csv, by: user, now: runner.time.now())).output }
        let outcome = try await runner.run(.importFraudWarnings, by: Actor(user)) { now in
            try summary(try await plan(rows, fallback: stationID, source: .csv, by: user, now: now))
        }
        guard let s = outcome.output else { throw StoreError(.corrupt, "an import without a key was replayed") }
        return s
    }

    struct Plan {
        var warnings: [FraudWarning] = []
        var events: [Event] = []
        var duplicates: [ImportSummary.Duplicate] = []
        var problems: [OrganisationImport.Problem] = []
    }

    /// Routes each checked warning to its station: the standard address's, else the one whose
    /// area holds its location (`IncidentOwnership`, as for a call), else `fallback`. A station
    /// outside the sender's scope is refused: an anti-fraud desk sends to its own city.
    func plan(_ rows: [(line: Int, warning: CheckedFraudWarning)], fallback: JurisdictionID?, source: FraudWarning.Source, by user: User,
              now: Date) async throws -> Plan {
        var plan = Plan()
        let keys = Array(Set(rows.compactMap { $0.warning.parts?.key }))
        var byKey: [String: StandardAddress] = [:]
        for a in try await store.addresses(keys: keys) where a.active { byKey[a.parts.key] = a }
        let all = try await active.all(from: store)
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let scoped = all.filter { user.scope.contains(path: $0.path) }
        var named: Jurisdiction?
        if let fallback {
            guard let j = byID[fallback], user.scope.contains(path: j.path) else { throw DomainError.notFound("station", fallback.rawValue) }
            named = j
        }
        let held = try await store.fraudWarningReferences(Array(Set(rows.map(\.warning.input.reference))))
        var firstLine: [String: Int] = [:]
        for (line, c) in rows {
            let reference = c.input.reference
            if let earlier = firstLine[reference] { plan.duplicates.append(.init(line: line, reference: reference, sameAsLine: earlier)); continue }
            firstLine[reference] = line
            if held.contains(reference) { plan.duplicates.append(.init(line: line, reference: reference, sameAsLine: nil)); continue }
            do throws(DomainError) {
                let address = c.parts.flatMap { byKey[$0.key] }
                let station: Jurisdiction, routing: FraudWarning.Routing
                if let address, let s = byID[address.stationID] {
                    (station, routing) = (s, .standardAddress)
                } else if let location = c.input.location,
                          let s = try? IncidentOwnership.owner(of: location, all: all, scoped: scoped, own: user.jurisdictionID, rule: ownership),
                          s.level == .station {
                    (station, routing) = (s, .location)
                } else if let named {
                    (station, routing) = (named, .named)
                } else {
                    throw DomainError.invalid("address", "no station found: the address is not a standard address, the row has no location in a station's area, and no station was named")
                }
                guard user.scope.contains(path: station.path) else {
                    throw DomainError(.outsideScope, field: "address", "the address belongs to \(station.name), outside your jurisdiction")
                }
                let (w, event) = try FraudWarningDecider.warning(c, id: .random(), source: source, station: station, routing: routing,
                                                                 address: address, duplicate: false, now: now)
                plan.warnings.append(w)
                plan.events.append(event)
            } catch {
                plan.problems.append(.init(section: "warnings", line: line, field: error.field, message: error.message))
            }
        }
        return plan
    }

    /// Records a follow-up on a warning in the officer's scope.
    public func followUp(_ id: FraudWarningID, to status: FraudWarning.Status, note: String?, amountPrevented: Int?, version: Int?,
                         by user: User, idempotency: Idempotency<FraudWarning>? = nil) async throws -> Outcome<FraudWarning> {
        try await runner.run(.followUpFraudWarning, by: Actor(user), idempotency: idempotency) { now in
            let w = try await self.warning(id, for: user)
            let (next, event) = try FraudWarningDecider.followUp(w, to: status, note: note, amountPrevented: amountPrevented, version: version,
                                                                 by: user.username, now: now)
            return Decision(events: [event], writes: [.fraudWarning(next)], output: next)
        }
    }

    func warning(_ id: FraudWarningID, for user: User) async throws -> FraudWarning {
        guard let w = try await store.fraudWarning(id), user.scope.contains(path: w.path) else { throw DomainError.notFound("fraud warning", id.rawValue) }
        return w
    }

    /// One warning as the reader may see it; a read in full is recorded first.
    public func open(_ id: FraudWarningID, reason: String?, for user: User) async throws -> FraudWarning {
        let w = try await warning(id, for: user)
        guard user.role.may(.viewInhabitants) else { return w.masked }
        try await access.personalDataRead("fraudWarning", subject: id.rawValue, path: w.path, reason: reason ?? "follow-up", detail: "in full", by: user)
        return w
    }

    /// The warnings of the reader's scope, masked, the earliest deadline first.
    public func list(_ query: FraudWarningQuery, for user: User) async throws -> [FraudWarning] {
        try await store.fraudWarnings(query, scope: user.scope).map(\.masked)
    }

    /// Each station's figures over the warnings received in [from, before), counted at now.
    public func rates(from: Date, before: Date, for user: User) async throws -> [FraudWarningRates] {
        var all: [FraudWarning] = []
        try await Pages.each(of: FraudWarningQuery.maxLimit, {
            try await store.fraudWarnings(FraudWarningQuery(receivedFrom: from, receivedBefore: before, limit: FraudWarningQuery.maxLimit, offset: $0),
                                          scope: user.scope)
        }) { all += $0 }
        return FraudWarningRates.count(all, at: runner.time.now())
    }
}
