import PinganGeo

/// What the recommender reads of the units: who they are, where they last were on the road, and
/// the routing index that ranks them. One tracker and a tracker split by unit over threads
/// (`PartitionedTracker`) both answer it, so the decision code is the same for both.
public protocol TrackedUnits {
    var network: RoadNetwork { get }
    var roster: UnitRoster { get }
    /// One past the highest slot the routing index may name.
    var routingCapacity: Int { get }
    /// The `k` units of the routing index fastest to `target` (slot and index time).
    func fastest(_ k: Int, to target: RoutePoint, workspace: inout CHWorkspace) -> [(unit: Int, time: Int32)]
    /// The latest snapped road position of the unit in `slot` (nil: never near a road).
    func roadPosition(slot: Int) -> RoutePoint?
    /// True when the unit in `slot` has not reported for `staleAfter` at `now` (seconds since the reference date).
    func isStale(slot: Int, now: Double) -> Bool
}

extension PositionTracker: TrackedUnits {
    public var routingCapacity: Int { routing.capacity }

    public func fastest(_ k: Int, to target: RoutePoint, workspace: inout CHWorkspace) -> [(unit: Int, time: Int32)] {
        routing.fastest(k, to: target, workspace: &workspace)
    }
}
