import Foundation

/// The thresholds of the position tracker. The defaults are the ones the brief for issue 4 set
/// and are plain numbers so an administrator can tune them per city (a mountain county has
/// slower roads and worse GPS than a city centre).
public struct TrackerConfiguration: Codable, Sendable, Hashable {
    /// When the routing index (many-to-one) is updated after a unit moves.
    public enum RoutingUpdate: String, Codable, Sendable, Hashable {
        /// On every accepted fix: recommendations always rank by the unit's latest fix. Costs one
        /// upward search (tens of microseconds) per fix, which is nothing at real fleet rates
        /// (2,000 units every 5 s is 400 fixes/s).
        case immediate
        /// Mark the unit and let the owner call `refreshRouting(limit:)` between batches, so a
        /// burst of fixes is coalesced into one update per unit. A unit joining or leaving the
        /// index (its first fix, becoming free or busy) is still applied at once. The server
        /// uses this with a 1 s refresh.
        case deferred
    }

    /// Fixes implying a faster move than this from the last accepted fix are refused.
    public var maxSpeedKmh: Double = 250
    /// How far ahead of `now` a fix's timestamp may be (device clock drift).
    public var maxFutureSkew: TimeInterval = 30
    /// How old a fix may be and still count as a position.
    public var maxAge: TimeInterval = 24 * 3600
    /// A unit with no accepted fix for this long is reported stale.
    public var staleAfter: TimeInterval = 120
    /// Fixes farther than this from every road are kept unsnapped (flagged off-road). GPS in
    /// urban canyons is off by tens of metres; beyond this the unit is really off the road.
    public var maxSnapDistance: Double = 75
    /// Map-matching continuity: a fix that projects onto the unit's current road segment within
    /// this many metres stays on it without a nearest-road search. Besides being ~50x cheaper
    /// than the grid search, it keeps a car on its own carriageway of a dual road instead of
    /// flipping to the opposite one (a U-turn in the ETA) whenever GPS noise crosses the middle.
    /// Moving against a one-way segment always re-snaps. 0 disables it.
    public var stickySnapDistance: Double = 12
    /// Track thinning: keep a point when this much time passed since the last kept point...
    public var keepInterval: TimeInterval = 10
    /// ...or when the unit moved this many metres since it.
    public var keepDistance: Double = 50
    /// After this many consecutive refused jumps that agree with each other, the last is
    /// accepted: the previously accepted fix was the glitch, and refusing forever would freeze
    /// the unit at a wrong place.
    public var relocateAfter: Int = 3
    /// Gaps between fixes longer than this are not credited as time in a zone: nobody knows
    /// where the unit was.
    public var maxCreditedGap: TimeInterval = 120
    public var routingUpdate: RoutingUpdate = .immediate

    public init() {}

    var maxSpeedMetresPerSecond: Double { maxSpeedKmh / 3.6 }
}
