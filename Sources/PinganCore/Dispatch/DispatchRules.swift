import Foundation

/// What a unit is sent to do on an incident.
public enum DispatchRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// First response by a general patrol (car, motorbike or foot).
    case patrol
    /// Special police (特警/PTU) for armed or violent incidents.
    case ptu
    /// Traffic police for accidents and congestion.
    case traffic
    /// Support that helps but is not required (a drone over a disaster scene).
    case support
}

/// One role an incident needs filled, with the unit kinds that may fill it in order of
/// preference. Kinds in the same group are equally good (the nearest wins); an earlier group wins
/// over a later one *within the same 1-3-5 tier* — a traffic officer two minutes away is sent
/// before a patrol car one and a half minutes away, but not before one thirty seconds away.
/// Beyond five minutes only the travel time counts.
public struct RoleRequirement: Codable, Sendable, Hashable {
    public var role: DispatchRole
    public var count: Int
    public var preference: [[UnitKind]]
    /// A role the plan would like but may leave unfilled without raising it.
    public var optional: Bool

    public init(_ role: DispatchRole, count: Int = 1, preference: [[UnitKind]], optional: Bool = false) {
        self.role = role
        self.count = count
        self.preference = preference
        self.optional = optional
    }

    /// Preference rank of `kind` for this role (0 best), nil when it may not fill it.
    public func rank(of kind: UnitKind) -> Int? { preference.firstIndex { $0.contains(kind) } }
}

/// The units an incident needs: a list of roles. Empty for non-police matters, which are routed
/// to another agency instead of being given units.
public struct DispatchPlan: Codable, Sendable, Hashable {
    public var requirements: [RoleRequirement]

    public init(_ requirements: [RoleRequirement]) { self.requirements = requirements }

    public var needsUnits: Bool { !requirements.isEmpty }

    /// Every kind that may fill some role; the only kinds listed as alternatives.
    public var suitableKinds: Set<UnitKind> { Set(requirements.flatMap { $0.preference.flatMap { $0 } }) }
}

/// Unit-kind suitability by incident category and priority (警种匹配). The standard table:
///
/// | category | priority | roles (kinds in preference order; `/` = equal) |
/// | --- | --- | --- |
/// | criminal, publicOrder | P1 | ptu ×1 (ptu); patrol ×1 (car / motorbike / foot) |
/// | criminal, publicOrder | P2–P4 | patrol ×1 (car / motorbike / foot, then ptu) |
/// | traffic | P1 | traffic ×1 (traffic, then motorbike / car, then foot); patrol ×1 (car / motorbike) |
/// | traffic | P2–P4 | traffic ×1 (traffic, then motorbike / car, then foot) |
/// | fire, disaster | P1 | patrol ×2 (car, then motorbike / traffic, then foot); support ×1 drone (optional) |
/// | fire, disaster | P2–P4 | patrol ×1 (car, then motorbike / traffic, then foot) |
/// | suspicious | P1 | patrol ×1 (car / motorbike / foot); ptu ×1 (ptu) |
/// | dispute, assistance, complaint, suspicious, other, unknown | any | patrol ×1 (car / foot / motorbike) |
/// | inquiry (and any catalogue category marked non-police) | any | none: routed to another agency |
///
/// Fire and disaster get patrol cars because the police job there is the cordon and the traffic
/// around the scene (the fire brigade does the rest); PTU are kept for violence so they are not
/// tied up by noise complaints.
public struct DispatchRules: Codable, Sendable, Hashable {
    /// Overrides by category code, per priority P1...P4 (index `priority.rawValue - 1`).
    public var overrides: [String: [DispatchPlan]]

    public init(overrides: [String: [DispatchPlan]] = [:]) { self.overrides = overrides }

    public static let standard = DispatchRules()

    static let patrolKinds: [UnitKind] = [.patrolCar, .motorbike, .footPatrol]

    /// The plan for `category` at `priority`. `nonPolice` (from the catalogue) forces the empty plan.
    public func plan(category: String, priority: Priority, nonPolice: Bool = false) -> DispatchPlan {
        if let o = overrides[category], o.count == Priority.allCases.count { return o[priority.rawValue - 1] }
        if nonPolice { return DispatchPlan([]) }
        let patrol = RoleRequirement(.patrol, preference: [Self.patrolKinds])
        switch category {
        case "inquiry":
            return DispatchPlan([])
        case "criminal", "publicOrder":
            if priority == .p1 {
                return DispatchPlan([RoleRequirement(.ptu, preference: [[.ptu]]), patrol])
            }
            return DispatchPlan([RoleRequirement(.patrol, preference: [Self.patrolKinds, [.ptu]])])
        case "traffic":
            let traffic = RoleRequirement(.traffic, preference: [[.traffic], [.motorbike, .patrolCar], [.footPatrol]])
            if priority == .p1 {
                return DispatchPlan([traffic, RoleRequirement(.patrol, preference: [[.patrolCar, .motorbike]])])
            }
            return DispatchPlan([traffic])
        case "fire", "disaster":
            let pref: [[UnitKind]] = [[.patrolCar], [.motorbike, .traffic], [.footPatrol]]
            if priority == .p1 {
                return DispatchPlan([RoleRequirement(.patrol, count: 2, preference: pref),
                                     RoleRequirement(.support, preference: [[.drone]], optional: true)])
            }
            return DispatchPlan([RoleRequirement(.patrol, preference: pref)])
        case "suspicious" where priority == .p1:
            return DispatchPlan([patrol, RoleRequirement(.ptu, preference: [[.ptu]])])
        default:
            return DispatchPlan([patrol])
        }
    }
}
