import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// The grass-roots registries (一标三实): standard addresses registered, checked and found by
/// fragment; the people living at them registered one by one or imported from a station's list.
/// Addresses belong to a station and are seen inside its scope; the people's personal data is
/// shown in full only with `viewInhabitants`, and every read of it is audited with its reason.
public struct RegistryCommands: Sendable {
    let runner: CommandRunner
    let store: any Store
    public let directory: AddressDirectory
    let access: AccessRecords

    /// Most addresses one search returns.
    public static let maxResults = 50

    public func registerAddress(_ parts: AddressParts, location: Coordinate?, stationID: JurisdictionID?, by user: User,
                                idempotency: Idempotency<StandardAddress>? = nil) async throws -> Outcome<StandardAddress> {
        try await runner.run(.registerAddress, by: Actor(user), idempotency: idempotency) { _ in
            let station = try await self.station(stationID, for: user)
            let key = try AddressNormaliser.normalise(parts).key
            let existing = try await store.addresses(keys: [key]).first
            let (address, event) = try RegistryDecider.address(parts, location: location, id: .random(), station: station, existing: existing)
            return Decision(events: [event], writes: [.address(address)], output: address)
        }
    }

    public func checkAddress(_ id: AddressID, version: Int, correct: Bool = true, by user: User,
                             idempotency: Idempotency<StandardAddress>? = nil) async throws -> Outcome<StandardAddress> {
        try await runner.run(.checkAddress, by: Actor(user), idempotency: idempotency) { now in
            let address = try await self.address(id, for: user)
            let (checked, event) = try RegistryDecider.check(address, version: version, correct: correct, at: now)
            return Decision(events: [event], writes: [.address(checked)], output: checked)
        }
    }

    public func address(_ id: AddressID, for user: User) async throws -> StandardAddress {
        guard let a = try await store.addresses(ids: [id]).first, user.scope.contains(path: a.path) else { throw DomainError.notFound("address", id.rawValue) }
        return a
    }

    /// The addresses in the reader's scope whose text holds `fragment`, oldest first.
    public func search(_ fragment: String, limit: Int, for user: User) async throws -> [StandardAddress] {
        try TextRules.check(fragment, field: "q", max: 60)
        let ids = try await directory.search(fragment, scope: user.scope, limit: min(max(limit, 1), Self.maxResults))
        let found = Dictionary(try await store.addresses(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { found[$0] }.filter { user.scope.contains(path: $0.path) }
    }

    public func registerInhabitant(_ input: NewInhabitant, by user: User,
                                   idempotency: Idempotency<Inhabitant>? = nil) async throws -> Outcome<Inhabitant> {
        try await runner.run(.registerInhabitant, by: Actor(user), idempotency: idempotency) { now in
            let address = try await self.address(input.addressID, for: user)
            let number = try RegistryDecider.checked(input, now: now)
            let taken = try await !store.registeredIDNumbers([number.text]).isEmpty
            let (person, event) = try RegistryDecider.inhabitant(input, id: .random(), at: address, taken: taken, now: now, by: user.username)
            return Decision(events: [event], writes: [.inhabitant(person)], output: person)
        }
    }

    /// The three actuals behind one door: its people, its house and its organisations.
    public struct Actuals: Sendable {
        public var inhabitants: [Inhabitant]
        public var house: ActualHouse?
        public var organisations: [ActualOrganisation]
    }

    /// The people, house and organisations registered at an address, as the reader may see
    /// them; the read is recorded with its reason before anything is returned.
    public func actuals(at id: AddressID, reason: String, for user: User) async throws -> Actuals {
        let address = try await self.address(id, for: user)
        try TextRules.check(reason, field: "reason", max: 200)
        let people = try await store.inhabitants(at: id)
        let house = try await store.house(at: id)
        let organisations = try await store.organisations(at: id)
        let full = user.role.may(.viewInhabitants)
        try await access.personalDataRead("inhabitants", subject: id.rawValue, path: address.path, reason: reason,
                                          detail: "\(people.count) \(full ? "in full" : "masked")"
                                              + (house == nil ? "" : ", the house") + (organisations.isEmpty ? "" : ", \(organisations.count) organisations"),
                                          by: user)
        return full ? Actuals(inhabitants: people, house: house, organisations: organisations)
            : Actuals(inhabitants: people.map(\.masked), house: house?.masked, organisations: organisations.map(\.masked))
    }

    /// Records the house behind an address (实有房屋); again over the one recorded, naming its version.
    public func recordHouse(at id: AddressID, _ input: NewHouse, version: Int?, by user: User,
                            idempotency: Idempotency<ActualHouse>? = nil) async throws -> Outcome<ActualHouse> {
        try await runner.run(.recordHouse, by: Actor(user), idempotency: idempotency) { now in
            let address = try await self.address(id, for: user)
            let (house, event) = try RegistryDecider.house(input, at: address, existing: try await store.house(at: id), version: version, id: .random(),
                                                           now: now, by: user.username)
            return Decision(events: [event], writes: [.house(house)], output: house)
        }
    }

    /// Registers an organisation at an address (实有单位), once per credit code.
    public func registerOrganisation(at id: AddressID, _ input: NewOrganisation, by user: User,
                                     idempotency: Idempotency<ActualOrganisation>? = nil) async throws -> Outcome<ActualOrganisation> {
        try await runner.run(.registerOrganisation, by: Actor(user), idempotency: idempotency) { now in
            let address = try await self.address(id, for: user)
            let code = try CreditCode.normalise(input.creditCode)
            let taken = try await !store.organisationCodes([code]).isEmpty
            let (o, event) = try RegistryDecider.organisation(input, at: address, taken: taken, id: .random(), now: now, by: user.username)
            return Decision(events: [event], writes: [.organisation(o)], output: o)
        }
    }

    /// Each station's collection rate and accuracy in the reader's scope, stations with no
    /// addresses included.
    public func quality(for user: User) async throws -> [RegistryQuality] {
        let counts = Dictionary(try await store.registryCounts(scope: user.scope).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return try await store.jurisdictions(scope: user.scope).filter { $0.level == .station && $0.active }.sorted { $0.path < $1.path }.map { s in
            let c = counts[s.path] ?? RegistryCounts(path: s.path)
            return RegistryQuality(stationID: s.id, addresses: c.addresses, collected: c.addressesWithPeople, checked: c.checked, correct: c.correct,
                                   inhabitants: c.inhabitants, houses: c.houses, rented: c.rented, tenants: c.tenants, organisations: c.organisations,
                                   keyUnits: c.keyUnits)
        }
    }

    // MARK: Import

    /// What an import did (or, for a dry run, would do).
    public struct ImportSummary: Codable, Sendable {
        /// A row not stored because its person is already registered, in the registry or
        /// earlier in the same file.
        public struct Duplicate: Codable, Sendable, Hashable {
            public var line: Int
            public var idNumber: String
            /// The earlier line of the same file, when the person is repeated in it.
            public var sameAsLine: Int?
        }
        public var dryRun: Bool
        public var rows: Int
        public var addressesCreated: Int
        public var addressesKnown: Int
        public var inhabitantsCreated: Int
        public var duplicates: [Duplicate]
    }

    /// Imports a population list into `stationID`'s registry (the importer's own when nil):
    /// new addresses are registered there, known ones (same normalised key) reused, and people
    /// already registered skipped and listed. A bad row refuses the whole file with every
    /// problem by line (`OrganisationImport.Rejected`); nothing is half-stored.
    public func importPopulation(_ csv: String, columns: [String: String]?, stationID: JurisdictionID?, dryRun: Bool,
                                 by user: User) async throws -> ImportSummary {
        let read = PopulationImport.read(csv, columns: columns, now: runner.time.now())
        guard read.problems.isEmpty else { throw OrganisationImport.Rejected(Array(read.problems.prefix(1000))) }
        let rows = read.rows
        if dryRun { return try await planImport(rows, into: stationID, dryRun: true, by: user, now: runner.time.now()).output }
        let outcome = try await runner.run(.importPopulation, by: Actor(user)) { now in
            try await planImport(rows, into: stationID, dryRun: false, by: user, now: now)
        }
        guard let summary = outcome.output else { throw StoreError(.corrupt, "an import without a key was replayed") }
        return summary
    }

    func planImport(_ rows: [PopulationImport.Row], into stationID: JurisdictionID?, dryRun: Bool, by user: User,
                    now: Date) async throws -> Decision<ImportSummary> {
        let station = try await self.station(stationID, for: user)
        var problems: [OrganisationImport.Problem] = []
        let keys = Array(Set(rows.map(\.parts.key)))
        var byKey: [String: StandardAddress] = [:]
        for a in try await store.addresses(keys: keys) { byKey[a.parts.key] = a }
        let registered = try await store.registeredIDNumbers(Array(Set(rows.map(\.idNumber))))
        var firstLine: [String: Int] = [:]
        var duplicates: [ImportSummary.Duplicate] = []
        var events: [Event] = [], writes: [EntityWrite] = []
        var created = 0, known = 0, people = 0
        var reused: Set<AddressID> = []
        for row in rows {
            let masked = Inhabitant.maskNumber(row.idNumber)
            if let earlier = firstLine[row.idNumber] {
                duplicates.append(.init(line: row.line, idNumber: masked, sameAsLine: earlier))
                continue
            }
            firstLine[row.idNumber] = row.line
            if registered.contains(row.idNumber) {
                duplicates.append(.init(line: row.line, idNumber: masked, sameAsLine: nil))
                continue
            }
            let address: StandardAddress
            if let a = byKey[row.parts.key] {
                guard user.scope.contains(path: a.path) else {
                    problems.append(.init(section: "population", line: row.line, field: "number",
                                          message: "\(a.text) is registered under another station"))
                    continue
                }
                address = a
                if reused.insert(a.id).inserted { known += 1 }
            } else {
                let (a, event) = try RegistryDecider.address(normalised: row.parts, location: row.location, id: .random(), station: station, existing: nil)
                byKey[row.parts.key] = a
                reused.insert(a.id)
                events.append(event)
                writes.append(.address(a))
                address = a
                created += 1
            }
            var person = row.person
            person.addressID = address.id
            do throws(DomainError) {
                let (p, event) = try RegistryDecider.inhabitant(person, number: row.number, id: .random(), at: address, taken: false, now: now, by: user.username)
                events.append(event)
                writes.append(.inhabitant(p))
                people += 1
            } catch {
                problems.append(.init(section: "population", line: row.line, field: error.field, message: error.message))
            }
        }
        guard problems.isEmpty else { throw OrganisationImport.Rejected(Array(problems.prefix(1000))) }
        let summary = ImportSummary(dryRun: dryRun, rows: rows.count, addressesCreated: created, addressesKnown: known,
                                    inhabitantsCreated: people, duplicates: duplicates)
        return Decision(events: events, writes: writes, output: summary)
    }

    private func station(_ id: JurisdictionID?, for user: User) async throws -> Jurisdiction {
        let jid = id ?? user.jurisdictionID
        guard let j = try await store.jurisdiction(jid, scope: user.scope) else { throw DomainError.notFound("jurisdiction", jid.rawValue) }
        return j
    }
}
