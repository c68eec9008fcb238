/// What dynamic patrol (动态巡控) holds a station's free units to, and whether the server moves
/// idle units itself: policy data set on a jurisdiction and inherited down the tree as a whole
/// (`JurisdictionPolicy.patrolTargets`), like the assessment's `ResponseTargets`.
public struct PatrolTargets: Codable, Sendable, Hashable {
    /// Longest drive a key place (school, hospital, transport hub, square) may be from the
    /// nearest free unit, and the reach a zone's roads are judged by, in seconds.
    public var reachSeconds: Int
    /// Lowest share of a zone's road junctions within `reachSeconds` of a free unit, 0 to 1.
    public var minZoneShare: Double
    /// How long a key place or a zone may stay below its target before an alert is raised.
    public var holdMinutes: Int
    /// Whether a key place or zone below its target for `holdMinutes` raises an alert
    /// (`coverageGap`); off until a bureau turns it on, as it depends on its key places.
    public var alerts: Bool
    /// The server orders the idle units' move proposals itself (the dispatcher "lets
    /// auto-accept run"); false: proposals wait for a dispatcher's click.
    public var autoAcceptMoves: Bool

    public init(reachSeconds: Int, minZoneShare: Double, holdMinutes: Int, alerts: Bool, autoAcceptMoves: Bool) {
        self.reachSeconds = reachSeconds
        self.minZoneShare = minZoneShare
        self.holdMinutes = holdMinutes
        self.alerts = alerts
        self.autoAcceptMoves = autoAcceptMoves
    }

    /// Key places within the 1-3-5 standard's three minutes, four fifths of each zone's junctions
    /// too, ten minutes' grace; no alerts and no automatic moves until a bureau turns them on.
    public static let standard = PatrolTargets(reachSeconds: 180, minZoneShare: 0.8, holdMinutes: 10, alerts: false, autoAcceptMoves: false)

    /// Refuses targets no watch could mean.
    public func check() throws(DomainError) {
        guard (30...1800).contains(reachSeconds) else { throw DomainError.invalid("patrolTargets.reachSeconds", "the reach is 30 s to 30 minutes") }
        guard minZoneShare.isFinite, (0...1).contains(minZoneShare) else {
            throw DomainError.invalid("patrolTargets.minZoneShare", "a zone's share within reach is 0 to 1")
        }
        guard (1...1440).contains(holdMinutes) else { throw DomainError.invalid("patrolTargets.holdMinutes", "the grace is 1 minute to 24 hours") }
    }

    /// The targets in force at the last jurisdiction of `chain` (top down) and who set them.
    public static func resolve(_ chain: [Jurisdiction]) -> (targets: PatrolTargets, setBy: String) {
        JurisdictionPolicy.nearest(\.patrolTargets, in: chain, else: standard)
    }
}
