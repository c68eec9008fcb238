import Foundation

/// Where "now" comes from. Deciders take instants as arguments; adapters read them from a
/// `TimeSource`, which tests replace with one they can move by hand.
public protocol TimeSource: Sendable {
    func now() -> Date
}

public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
