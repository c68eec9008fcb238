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

    /// The tier of a travel or response time in seconds.
    public init(seconds: Double) {
        if seconds <= 60 { self = .withinOneMinute }
        else if seconds <= 180 { self = .withinThreeMinutes }
        else if seconds <= 300 { self = .withinFiveMinutes }
        else { self = .beyondFiveMinutes }
    }

    /// The tier's upper bound in seconds (infinity for the last).
    public var limitSeconds: Double {
        switch self {
        case .withinOneMinute: 60
        case .withinThreeMinutes: 180
        case .withinFiveMinutes: 300
        case .beyondFiveMinutes: .infinity
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
