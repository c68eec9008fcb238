import Foundation
import PinganCore
import PinganGeo

/// Runs commands against any `Store`: load the state in the caller's scope, let the core decide,
/// commit the result, and decide again from fresh state when another writer got there first.
/// Both backends and every adapter (HTTP, CLI, simulation) go through here.
public struct CommandService: Sendable {
    public let store: any Store
    public let decider: IncidentDecider
    public let time: any TimeSource
    /// How often a command is decided again after a write conflict before giving up.
    public var attempts = 8
    let jurisdictionCache = KnownJurisdictions()

    public init(store: any Store, decider: IncidentDecider = IncidentDecider(), time: any TimeSource = SystemTime()) {
        self.store = store
        self.decider = decider
        self.time = time
    }

    /// A first reply to remember under an idempotency key, built from the created entity.
    public typealias Remember<T> = @Sendable (T) throws -> IdempotencyRecord

    // MARK: Incidents

    public func createIncident(_ input: NewIncident, by user: User, remember: Remember<Incident>? = nil) async throws -> Incident {
        try decider.validate(input)
        return try await retrying {
            let jurisdiction = try await owningJurisdiction(for: input, user: user)
            let now = time.now()
            let sequence = try await store.nextValue(of: "incident:\(jurisdiction.id):\(IncidentDecider.numberingDay(now))")
            let decision = try decider.create(input, id: .random(), in: jurisdiction, sequence: sequence, now: now)
            try await store.commit(Changeset(
                actor: Actor(user), command: "CreateIncident", at: now, events: decision.events,
                writes: [.incident(decision.incident)], idempotency: try remember?(decision.incident)))
            return decision.incident
        }
    }

    public func assign(_ id: IncidentID, units unitIDs: [UnitID], by user: User) async throws -> Incident {
        try await retrying {
            let incident = try await incidentForUpdate(id, user: user, permission: .dispatch)
            var units: [PoliceUnit] = []
            for unitID in unitIDs {
                guard let unit = try await store.unit(unitID, scope: user.scope) else { throw DomainError.notFound("unit", unitID.rawValue) }
                units.append(unit)
            }
            let now = time.now()
            let decision = try decider.assign(incident, units: units, now: now)
            return try await commit(decision, command: "AssignUnits", user: user, now: now)
        }
    }

    public func unassign(_ id: IncidentID, unit unitID: UnitID, by user: User) async throws -> Incident {
        try await retrying {
            let incident = try await incidentForUpdate(id, user: user, permission: .dispatch)
            guard let unit = try await store.unit(unitID, scope: .everything), incident.unitIDs.contains(unitID) else {
                throw DomainError(.unitNotAssigned, field: "unitID", "unit \(unitID.rawValue.prefix(80)) is not assigned to this incident")
            }
            let now = time.now()
            return try await commit(try decider.unassign(incident, unit: unit, now: now), command: "UnassignUnit", user: user, now: now)
        }
    }

    public func transition(_ id: IncidentID, to status: IncidentStatus, note: String?, by user: User) async throws -> Incident {
        try await retrying {
            let incident = try await incidentForUpdate(id, user: user, permission: .writeIncidents)
            let units = try await assignedUnits(of: incident)
            let now = time.now()
            let decision = try decider.transition(incident, to: status, units: units, note: note, now: now)
            return try await commit(decision, command: "TransitionIncident", user: user, now: now)
        }
    }

    public func feedback(_ id: IncidentID, outcome: String, summary: String, by user: User) async throws -> Incident {
        try await retrying {
            let incident = try await incidentForUpdate(id, user: user, permission: .writeIncidents, work: .feedback)
            let now = time.now()
            let decision = try decider.feedback(incident, outcome: outcome, summary: summary, by: user.id, now: now)
            return try await commit(decision, command: "GiveFeedback", user: user, now: now)
        }
    }

    /// Records that the caller's unit acknowledged its assignment; a repeat changes nothing.
    public func accept(_ id: IncidentID, by user: User) async throws -> Incident {
        guard let unitID = user.unitID else {
            throw DomainError(.forbidden, "only a user who crews a unit can accept an assignment")
        }
        return try await retrying {
            let incident = try await incidentForUpdate(id, user: user, permission: .dispatch)
            let now = time.now()
            guard let decision = try decider.accept(incident, unit: unitID, now: now) else { return incident }
            return try await commit(decision, command: "AcceptAssignment", user: user, now: now)
        }
    }

    // MARK: Messages

    /// Sends `text` to every unit of the audience in the sender's scope, one message per unit,
    /// in one transaction.
    public func sendMessage(_ text: String, to audience: MessageAudience, by user: User) async throws -> [Message] {
        var units: [PoliceUnit]
        switch audience {
        case .unit(let id):
            guard let unit = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
            units = [unit]
        case .zone(let id):
            guard let zone = try await store.zone(id, scope: user.scope) else { throw DomainError.notFound("zone", id.rawValue) }
            let inScope = try await store.units(scope: user.scope)
            units = inScope.filter { zone.unitIDs.contains($0.id) }
        case .all:
            units = try await store.units(scope: user.scope).filter { $0.status != .offDuty }
        }
        let now = time.now()
        let sender = Message.Sender(userID: user.id, name: user.displayName)
        let (messages, events) = try MessageDecider.send(text: text, to: units, from: sender, broadcastID: UUID().uuidString.lowercased(),
                                                         ids: units.map { _ in .random() }, now: now)
        try await store.commit(Changeset(actor: Actor(user), command: "SendMessage", at: now, events: events,
                                         writes: messages.map { .message($0) }))
        return messages
    }

    /// A crew's device says it has the message, or an officer opened it. Only the addressed
    /// unit's own officers may acknowledge for it.
    public func acknowledgeMessage(_ id: MessageID, _ receipt: MessageReceipt, by user: User) async throws -> Message {
        try await retrying {
            guard let message = try await store.message(id, scope: user.scope) else { throw DomainError.notFound("message", id.rawValue) }
            guard user.unitID == message.unitID else {
                throw DomainError(.forbidden, "only an officer of unit \(message.callsign) may acknowledge its messages")
            }
            guard let (next, event) = try MessageDecider.acknowledge(message, receipt, now: time.now()) else { return message }
            try await commitSingle(event, .message(next), command: receipt == .read ? "ReadMessage" : "AcknowledgeMessage",
                                   actor: Actor(user))
            return next
        }
    }

    // MARK: Organisation

    public func createJurisdiction(parentID: JurisdictionID?, level: JurisdictionLevel, code: String, name: String, nameEn: String?,
                                   location: Coordinate?, by user: User) async throws -> Jurisdiction {
        var parent: Jurisdiction?
        if let parentID {
            parent = try await store.jurisdiction(parentID, scope: user.scope)
            guard parent != nil else { throw DomainError.notFound("jurisdiction", parentID.rawValue) }
        } else if user.scope != .everything {
            throw DomainError(.forbidden, field: "parentID", "only a top-level administrator may create a city")
        }
        let (j, event) = try OrganisationDecider.jurisdiction(id: .random(), parent: parent, level: level, code: code, name: name,
                                                              nameEn: nameEn, location: location)
        try await commitSingle(event, .jurisdiction(j), command: "CreateJurisdiction", actor: Actor(user))
        return j
    }

    public func createUnit(callsign: String, kind: UnitKind, stationID: JurisdictionID, crew: Int, by user: User) async throws -> PoliceUnit {
        guard let station = try await store.jurisdiction(stationID, scope: user.scope) else { throw DomainError.notFound("station", stationID.rawValue) }
        let (u, event) = try OrganisationDecider.unit(id: .random(), callsign: callsign, kind: kind, station: station, crew: crew, now: time.now())
        do {
            try await commitSingle(event, .unit(u), command: "CreateUnit", actor: Actor(user))
        } catch let error as StoreError where error.kind == .duplicate {
            throw DomainError(.duplicate, field: "callsign", "station \(station.code) already has a unit with callsign \(callsign.prefix(32))")
        }
        return u
    }

    public func setUnitStatus(_ id: UnitID, to status: UnitStatus, by user: User) async throws -> PoliceUnit {
        try await retrying {
            guard let unit = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
            if user.role == .fieldOfficer && user.unitID != id {
                throw DomainError(.forbidden, "a field officer may change only their own unit")
            }
            let (u, event) = try OrganisationDecider.setStatus(unit, to: status, now: time.now())
            try await commitSingle(event, .unit(u), command: "SetUnitStatus", actor: Actor(user))
            return u
        }
    }

    public func createPost(stationID: JurisdictionID, kind: Post.Kind, name: String, location: Coordinate, by user: User) async throws -> Post {
        guard let station = try await store.jurisdiction(stationID, scope: user.scope) else { throw DomainError.notFound("station", stationID.rawValue) }
        let (p, event) = try OrganisationDecider.post(id: .random(), station: station, kind: kind, name: name, location: location)
        try await commitSingle(event, .post(p), command: "CreatePost", actor: Actor(user))
        return p
    }

    public func createZone(stationID: JurisdictionID, name: String, boundary: [Coordinate], unitIDs: [UnitID], by user: User) async throws -> PatrolZone {
        guard let station = try await store.jurisdiction(stationID, scope: user.scope) else { throw DomainError.notFound("station", stationID.rawValue) }
        var units: [PoliceUnit] = []
        for id in unitIDs {
            guard let unit = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
            units.append(unit)
        }
        let (z, event) = try OrganisationDecider.zone(id: .random(), station: station, name: name, boundary: boundary, units: units)
        try await commitSingle(event, .zone(z), command: "CreateZone", actor: Actor(user))
        return z
    }

    /// Creates a user below the creator's own scope. `passwordHash` is computed by the caller
    /// (bcrypt lives with the server), so the core never sees a password.
    public func createUser(username: String, displayName: String, role: Role, jurisdictionID: JurisdictionID, unitID: UnitID?,
                           passwordHash: String, by actor: Actor, scope: Scope) async throws -> User {
        guard let j = try await store.jurisdiction(jurisdictionID, scope: scope) else { throw DomainError.notFound("jurisdiction", jurisdictionID.rawValue) }
        if let unitID, try await store.unit(unitID, scope: scope) == nil { throw DomainError.notFound("unit", unitID.rawValue) }
        if try await store.user(username: username) != nil {
            throw DomainError(.duplicate, field: "username", "username \(username) is taken")
        }
        let (u, event) = try OrganisationDecider.user(id: .random(), username: username, displayName: displayName, role: role,
                                                      jurisdiction: j, unitID: unitID, passwordHash: passwordHash)
        do {
            try await commitSingle(event, .user(u), command: "CreateUser", actor: actor)
        } catch let error as StoreError where error.kind == .duplicate {
            throw DomainError(.duplicate, field: "username", "username \(username) is taken")
        }
        return u
    }

    /// Creates the first administrator of an empty installation; nil when users already exist.
    public func bootstrapAdmin(username: String, passwordHash: String) async throws -> User? {
        guard try await store.users(scope: .everything).isEmpty else { return nil }
        return try await createRootUser(username: username, displayName: "Administrator", role: .admin, passwordHash: passwordHash, by: .system)
    }

    /// Creates a user whose scope is the whole tree, above every city: the installation's
    /// administrators and auditors.
    public func createRootUser(username: String, displayName: String, role: Role, passwordHash: String, by actor: Actor) async throws -> User {
        if try await store.user(username: username) != nil {
            throw DomainError(.duplicate, field: "username", "username \(username) is taken")
        }
        let (u, event) = try OrganisationDecider.user(id: .random(), username: username, displayName: displayName, role: role,
                                                      jurisdiction: Jurisdiction.root, unitID: nil, passwordHash: passwordHash)
        try await commitSingle(event, .user(u), command: "CreateUser", actor: actor)
        return u
    }

    /// Records a successful sign-in in the audit log.
    public func recordLogin(_ user: User) async throws {
        let event = Event(type: .userLoggedIn, subject: user.id.rawValue, path: user.path, data: .object(["username": .string(user.username)]))
        try await store.commit(Changeset(actor: Actor(user), command: "Login", at: time.now(), events: [event], writes: []))
    }

    // MARK: Helpers

    /// The incident as the user may change it: in scope for a role that may do this to any
    /// incident there, and otherwise only as a crew currently on it (`IncidentAccess`).
    func incidentForUpdate(_ id: IncidentID, user: User, permission: Permission, work: IncidentAccess.Work = .step) async throws -> Incident {
        if user.role.may(permission), let incident = try await store.incident(id, scope: user.scope) { return incident }
        if user.role.may(.updateOwnIncidents), let unitID = user.unitID, let incident = try await store.incident(id, scope: .everything),
           IncidentAccess.crew(unitID, may: work, on: incident) {
            return incident
        }
        guard let incident = try await store.incident(id, scope: user.scope) else { throw DomainError.notFound("incident", id.rawValue) }
        throw DomainError(.forbidden, "role \(user.role.rawValue) may not do this to incident \(incident.number)")
    }

    /// The incident if `user` may read it: in their scope, or crewed by their unit.
    public func visibleIncident(_ id: IncidentID, to user: User) async throws -> Incident? {
        if let incident = try await store.incident(id, scope: user.scope) { return incident }
        guard user.unitID != nil, let incident = try await store.incident(id, scope: .everything),
              IncidentAccess.maySee(incident, user: user) else { return nil }
        return incident
    }

    func assignedUnits(of incident: Incident) async throws -> [PoliceUnit] {
        var units: [PoliceUnit] = []
        for id in incident.unitIDs {
            if let unit = try await store.unit(id, scope: .everything) { units.append(unit) }
        }
        return units
    }

    /// The station an incident belongs to: the one given, or the nearest station in the caller's
    /// scope, or the caller's own jurisdiction when their scope has no station.
    func owningJurisdiction(for input: NewIncident, user: User) async throws -> Jurisdiction {
        if let id = input.jurisdictionID {
            if let known = jurisdictionCache.lookup(id, in: user.scope) { return known }
            guard let j = try await store.jurisdiction(id, scope: user.scope) else { throw DomainError.notFound("jurisdiction", id.rawValue) }
            jurisdictionCache.remember(j)
            return j
        }
        let all = try await store.jurisdictions(scope: user.scope)
        let stations = all.filter { $0.level == .station && $0.location != nil }
        if let nearest = stations.min(by: { Geodesy.haversine($0.location!, input.location) < Geodesy.haversine($1.location!, input.location) }) {
            return nearest
        }
        if let own = all.first(where: { $0.id == user.jurisdictionID }) { return own }
        throw DomainError(.invalidHierarchy, field: "jurisdictionID", "no jurisdiction in scope to hold the incident")
    }

    func commit(_ decision: IncidentDecision, command: String, user: User, now: Date) async throws -> Incident {
        try await store.commit(Changeset(actor: Actor(user), command: command, at: now, events: decision.events,
                                         writes: [.incident(decision.incident)] + decision.units.map { .unit($0) }))
        return decision.incident
    }

    func commitSingle(_ event: Event, _ write: EntityWrite, command: String, actor: Actor) async throws {
        try await store.commit(Changeset(actor: actor, command: command, at: time.now(), events: [event], writes: [write]))
    }

    func retrying<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do { return try await body() }
            catch let error as StoreError where error.kind == .conflict && attempt < attempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
    }
}

