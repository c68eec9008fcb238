import Foundation

/// The dispatch layer's table of units, one dense `Int32` slot per unit.
///
/// Unit IDs are strings; hashing one per fix inside a loop would cost more than the geofence. So
/// an ID is turned into a slot once, at the edge (`slot(of:)`), and everything after that —
/// the tracker's position arrays, the routing index's unit slots, the recommender's filters —
/// indexes flat arrays by slot. Slots are never reused: a unit that leaves keeps its slot,
/// marked off duty, so slots held by in-flight fixes stay valid.
public struct UnitRoster: Sendable {
    public private(set) var ids: [UnitID] = []
    public private(set) var units: [PoliceUnit] = []
    /// Per slot, hot fields copied out of `units` so filters read one small array.
    public private(set) var kinds: [UnitKind] = []
    public private(set) var statuses: [UnitStatus] = []
    public private(set) var busy: [Bool] = []
    private var slots: [UnitID: Int32] = [:]

    public init() {}

    public var count: Int { ids.count }

    /// The slot of `id`, if registered.
    @inline(__always) public func slot(of id: UnitID) -> Int32? { slots[id] }

    /// Adds `unit` or refreshes its state; returns its slot and the previous state, if any.
    @discardableResult
    public mutating func upsert(_ unit: PoliceUnit) -> (slot: Int32, previous: PoliceUnit?) {
        if let s = slots[unit.id] {
            let i = Int(s)
            let prev = units[i]
            units[i] = unit
            kinds[i] = unit.kind
            statuses[i] = unit.status
            busy[i] = unit.incidentID != nil
            return (s, prev)
        }
        let s = Int32(ids.count)
        slots[unit.id] = s
        ids.append(unit.id)
        units.append(unit)
        kinds.append(unit.kind)
        statuses.append(unit.status)
        busy.append(unit.incidentID != nil)
        return (s, nil)
    }

    /// True when the unit is on patrol with nothing to do: dispatchable, and expected to be in
    /// its zone.
    @inline(__always) public func isFree(_ slot: Int) -> Bool { statuses[slot] == .available && !busy[slot] }
}
