import Foundation

/// The 1-3-5 minute rapid-response standard (1、3、5分钟快速反应机制): the first unit on scene
/// within one minute, nearby patrols within three, reinforcements within five. Every proposed
/// unit and every measured response falls in one tier; boundaries are inclusive (exactly 60 s is
/// still "within one minute").
public enum ResponseTier: Int, Codable, Sendable, Hashable, CaseIterable, Comparable {
    case withinOneMinute = 1
    case withinThreeMinutes = 3
    case withinFiveMinutes = 5
    case beyondFiveMinutes = 99

    /// The standard's three tiers, fastest first (the fourth, beyond five minutes, has no bound).
    public static let bounded: [ResponseTier] = [.withinOneMinute, .withinThreeMinutes, .withinFiveMinutes]

    /// The three limits in seconds (60, 180, 300): every coverage layer, report band and
    /// console colour of the platform derives from these.
    public static let boundaries: [Double] = bounded.map(\.limitSeconds)

    /// The tier of a travel or response time in seconds.
    public init(seconds: Double) {
        self = Self.bounded.first { seconds <= $0.limitSeconds } ?? .beyondFiveMinutes
    }

    /// Minutes in the standard's name: 1, 3, 5 (and 99 beyond).
    public var minutes: Int { rawValue }

    /// The tier's upper bound in seconds (infinity for the last).
    public var limitSeconds: Double {
        self == .beyondFiveMinutes ? .infinity : Double(rawValue * 60)
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
