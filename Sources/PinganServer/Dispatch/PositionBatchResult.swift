import Foundation

/// What became of one uploaded batch of fixes, counted per outcome so a device (or the bench)
/// sees at once whether its clock, its unit ID or its GPS is the problem. Fixes for units the
/// caller may not report for are counted with the unknown ones, so the answer does not reveal
/// which unit IDs exist outside the caller's scope.
struct PositionBatchResult: Codable, Sendable, Hashable {
    var received = 0
    var accepted = 0
    var duplicates = 0
    var outOfOrder = 0
    var rejectedJump = 0
    var rejectedTime = 0
    var rejectedInvalid = 0
    var unknownUnit = 0
    /// Thinned track points written to the store for this batch.
    var trackPointsStored = 0
    /// Audited events (zone entered/exited, out of zone) the batch produced.
    var events = 0
}
