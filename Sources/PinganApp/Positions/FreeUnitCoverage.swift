import Foundation
import PinganCore

/// How soon the nearest free unit reaches each road node: the 1-3-5 minute standard
/// (1、3、5分钟快速反应) as a map layer.
public struct FreeUnitCoverage: Sendable {
    /// The 1-3-5 tiers' limits in the road engine's deciseconds.
    public static let thresholds: [Int32] = ResponseTier.boundaries.map { Int32($0 * 10) }
    /// Per graph node, deciseconds from the nearest free unit (Int32.max if unreached); nil when
    /// no free unit has a position.
    public var times: [Int32]?
    /// Share of all road length within 1, 3 and 5 minutes.
    public var shares: [Double]
    /// Free units counted.
    public var units: Int

    /// The tier a road segment falls in, by the sooner of its two ends.
    public func tier(_ u: Int, _ v: Int) -> String {
        guard let times else { return "over" }
        let t = min(times[u], times[v])
        return t <= Self.thresholds[0] ? "1" : t <= Self.thresholds[1] ? "3" : t <= Self.thresholds[2] ? "5" : "over"
    }
}
