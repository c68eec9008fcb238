import Foundation

/// Named counters that hand out numbers once: the day's incident numbers per station.
public protocol Counters: Sendable {
    /// Adds one to a named counter (starting from 0) and returns the new value, atomically, so
    /// concurrent writers never get the same number. A command that fails afterwards leaves a gap.
    func nextValue(of counter: String) async throws -> Int
    /// Every counter and its value, for moving a deployment to another backend.
    func counters() async throws -> [String: Int]
}
