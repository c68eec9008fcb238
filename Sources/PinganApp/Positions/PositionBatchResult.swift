import Foundation

/// What became of one uploaded batch of fixes, counted per outcome so a device (or the bench)
/// sees at once whether its clock, its unit ID or its GPS is the problem. Fixes for units the
/// caller may not report for are counted with the unknown ones, so the answer does not reveal
/// which unit IDs exist outside the caller's scope.
public struct PositionBatchResult: Codable, Sendable, Hashable {
    public var received = 0
    public var accepted = 0
    public var duplicates = 0
    public var outOfOrder = 0
    public var rejectedJump = 0
    public var rejectedTime = 0
    public var rejectedInvalid = 0
    public var unknownUnit = 0
    /// Thinned track points written to the store for this batch.
    public var trackPointsStored = 0
    /// Audited events (zone entered/exited, out of zone) the batch produced.
    public var events = 0

    public init(received: Int = 0) { self.received = received }
}
