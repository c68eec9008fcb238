import Foundation
import PinganCore

/// A unit's state as one event of the log left it (`unit.created`, `unit.updated`,
/// `unit.statusChanged` each carry the whole unit): the history a duty log derives shifts from.
public struct UnitStatusChange: Sendable, Hashable {
    public var unitID: UnitID
    public var at: Date
    public var status: UnitStatus
    /// False once the unit is retired: off duty for good.
    public var active: Bool
    /// The event's place in the log, to order changes of one instant.
    public var seq: Int64

    public init(unitID: UnitID, at: Date, status: UnitStatus, active: Bool, seq: Int64 = 0) {
        self.unitID = unitID
        self.at = at
        self.status = status
        self.active = active
        self.seq = seq
    }

    /// The unit after `event`, when it is a unit event carrying the unit; nil otherwise.
    public init?(_ event: Event, at: Date, seq: Int64) {
        guard event.type == .unitCreated || event.type == .unitUpdated || event.type == .unitStatusChanged,
              let unit = try? event.payload(as: EntityEventData<PoliceUnit>.self).entity else { return nil }
        self.init(unitID: unit.id, at: at, status: unit.status, active: unit.active, seq: seq)
    }

    /// On duty: active and in any status but off duty (out of service is on duty, unavailable).
    public var onDuty: Bool { active && status != .offDuty }
}
