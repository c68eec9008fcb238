import Foundation
import PinganCore

/// A map rectangle in WGS-84 degrees: the incident list's area filter.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var south: Double
    public var west: Double
    public var north: Double
    public var east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }
}
