/// How often a call's place and caller have come up before, for the flags on the incident card
/// (repeat places and repeat callers: a flat with a fight every week, a caller ringing daily).
public struct RepeatCounts: Sendable, Equatable, Codable {
    /// Other calls within `DuplicateRules.repeatRadiusMeters` in the short look-back (30 days).
    public var place30: Int
    /// The same over the long look-back (90 days).
    public var place90: Int
    /// Other calls from the same number in the short look-back.
    public var caller30: Int
    /// The same over the long look-back.
    public var caller90: Int
    /// Other calls placed at the same standard address (the same door, not just nearby) in the
    /// short look-back; 0 for a call with none.
    public var address30: Int
    /// The same over the long look-back.
    public var address90: Int

    public init(place30: Int = 0, place90: Int = 0, caller30: Int = 0, caller90: Int = 0, address30: Int = 0, address90: Int = 0) {
        self.place30 = place30
        self.place90 = place90
        self.caller30 = caller30
        self.caller90 = caller90
        self.address30 = address30
        self.address90 = address90
    }
}
