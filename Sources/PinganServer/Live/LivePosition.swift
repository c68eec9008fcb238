import Foundation
import PinganCore
import PinganGeo

/// A unit's latest position as the live feed sends it. Positions are not events: they are not
/// in the audit log, carry no `seq`, and a subscriber that falls behind simply misses older ones
/// (only the newest batches are buffered), because a map only needs where a unit is now.
struct LivePosition: Codable, Sendable, Hashable {
    var unitID: UnitID
    /// The unit's jurisdiction path: the hub sends a position only to subscribers whose scope holds it.
    var path: String
    var time: Date
    var lat: Double
    var lon: Double
    /// The position on the road, when the fix snapped.
    var road: Coordinate?
    var speed: Double?
    var heading: Double?
    var zones: [ZoneID]
}

/// One text frame of positions: `{"type":"unit.position","positions":[...]}`. The frame has no
/// `seq`, so a client resuming with `after=` never skips events because of it.
struct LivePositionFrame: Encodable {
    var type = "unit.position"
    var positions: [LivePosition]

    func text() throws -> String {
        String(decoding: try JSONCoding.encoder.encode(self), as: UTF8.self)
    }
}
