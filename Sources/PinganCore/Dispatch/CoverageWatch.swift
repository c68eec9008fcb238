import Foundation
import PinganGeo

/// Watches dynamic patrol's targets over time (动态巡控预警): a key place or a zone may dip below
/// its target while a car is on a call; only one that stays below for the grace is worth an
/// alert. Fed each station's gaps at every sweep, it answers which gaps have now lasted the
/// grace — once per stretch below target; a gap that closes and opens again starts over.
/// Pure state; the caller keeps it, supplies the clock and raises the alerts.
public struct CoverageWatch: Sendable {
    /// A key place out of reach, or a zone with too little of it within reach, now.
    public struct Gap: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case place, zone }
        /// Stable across sweeps: the place's or the zone's identity.
        public var key: String
        public var kind: Kind
        public var name: String
        public var location: Coordinate
        /// A place: the drive from the nearest free unit (nil: none reaches it). A zone: the
        /// share of its junctions within reach.
        public var seconds: Int?
        public var share: Double?

        public init(key: String, kind: Kind, name: String, location: Coordinate, seconds: Int? = nil, share: Double? = nil) {
            self.key = key; self.kind = kind; self.name = name; self.location = location; self.seconds = seconds; self.share = share
        }
    }

    /// A gap that has lasted the grace: raise its alert.
    public struct Due: Sendable, Hashable {
        public var station: JurisdictionID
        public var gap: Gap
        /// When it went below target.
        public var since: Date
    }

    struct Open: Sendable {
        var since: Date
        var raised: Bool
    }

    var open: [JurisdictionID: [String: Open]] = [:]

    public init() {}

    /// One sweep of `station`: `gaps` are all its keys below target now (any key not among them is
    /// back on target). Returns the gaps that reached `hold` at this sweep.
    public mutating func observe(station: JurisdictionID, gaps: [Gap], at now: Date, hold: TimeInterval) -> [Due] {
        var before = open[station] ?? [:], after: [String: Open] = [:], due: [Due] = []
        for gap in gaps {
            var o = before.removeValue(forKey: gap.key) ?? Open(since: now, raised: false)
            if !o.raised, now.timeIntervalSince(o.since) >= hold {
                o.raised = true
                due.append(Due(station: station, gap: gap, since: o.since))
            }
            after[gap.key] = o
        }
        open[station] = after.isEmpty ? nil : after
        return due
    }

    /// Keys of `station` below target now, with when they went below.
    public func openGaps(of station: JurisdictionID) -> [String: Date] { (open[station] ?? [:]).mapValues(\.since) }
}
