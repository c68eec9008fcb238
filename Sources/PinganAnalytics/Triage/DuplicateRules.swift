import Foundation
import PinganCore

/// The policy of duplicate detection (重复警情): which earlier calls a new call is compared with,
/// how the evidence adds up to a score, and where proposing and merging start. Plain values, so
/// a city can tune them as policy data and the offline clustering reports what they do.
///
/// The score is a capped weighted sum of five pieces of evidence, each in 0...1:
/// - place: 1 within `nearMeters` (geocoding noise), falling linearly to 0 at `radiusMeters`;
/// - time: halves every `timeHalfLife`, so "the same minute" counts fully and an hour later little;
/// - text: character-bigram similarity of the descriptions (`CharacterGrams`);
/// - category: 1 when both have the same category code;
/// - caller: 1 when both came from the same number (a caller ringing back about the same thing
///   is the commonest duplicate of all, and may give a different place the second time).
///
/// Why these defaults (checked on the crafted set of `DuplicateDetectionTests`, where they give
/// precision 0.95 and recall 0.91 over pairs, and on the Montgomery County 911 file, see
/// `pingan triage duplicates`):
/// - In the Montgomery file, pairs of calls within 300 m are 13 times as frequent in the first ten
///   minutes as an hour later (the same crash logged by EMS, fire and traffic), and the excess is
///   gone after about 40 minutes. Callers ringing back to ask where the police are come later
///   than agencies log a crash, so the half-life is a generous 20 minutes; the window is 2 h for
///   open incidents (a fire still burning draws calls for long) and 30 min for closed ones (after
///   that the same place calling again is usually a new matter).
/// - 300 m covers a crossing and its approaches; within 100 m the place counts fully, because a
///   caller's position (cell, GPS indoors, a geocoded street corner) is rarely better than that.
/// - Place and time alone (same door, same minute, another story, another category) reach 0.55:
///   proposed to the dispatcher, not merged. The same place, minute and category reach 0.75 and
///   merge even in other words, which in the crafted set and the Montgomery samples is usually
///   one event (the exceptions the crafted set keeps: two residents of one care home calling
///   minutes apart, and two thefts at one metro station a quarter of an hour apart, told in like
///   words).
/// - Text adds at most 0.3: identical wording at the same place an hour later still merges
///   (noise complaints), while the same words 2 km away never do (outside the radius).
/// - The same caller about the same kind of matter within a quarter of an hour merges from
///   anywhere (0.35 + 0.2 + about 0.15); the same caller an hour later about a stray dog is not
///   even proposed (0.48).
public struct DuplicateRules: Sendable, Equatable, Codable {
    /// How much each piece of evidence adds; the sum is capped at 1.
    public struct Weights: Sendable, Equatable, Codable {
        public var place: Double
        public var time: Double
        public var text: Double
        public var category: Double
        public var caller: Double

        public init(place: Double = 0.30, time: Double = 0.25, text: Double = 0.30, category: Double = 0.20, caller: Double = 0.35) {
            self.place = place
            self.time = time
            self.text = text
            self.category = category
            self.caller = caller
        }
    }

    /// How far apart in time a call may be from an open incident to be its duplicate.
    public var openWindow: TimeInterval
    /// The same for a closed incident.
    public var closedWindow: TimeInterval
    /// Farthest apart two calls may be (metres) to be duplicates, unless from the same caller.
    public var radiusMeters: Double
    /// Within this distance the place counts fully (geocoding and GPS noise).
    public var nearMeters: Double
    /// Time after which the time evidence has halved.
    public var timeHalfLife: TimeInterval
    public var weights: Weights
    public var textMeasure: CharacterGrams.Measure
    /// Candidates scoring at least this are proposed to the dispatcher.
    public var proposalThreshold: Double
    /// Offline clustering joins pairs scoring at least this.
    public var mergeThreshold: Double
    /// A text similarity at least this is named as a reason ("similarText:0.72").
    public var similarTextReason: Double
    /// "The same place" for repeat counts (metres).
    public var repeatRadiusMeters: Double
    /// The short and long look-back of repeat counts (days).
    public var repeatShortDays: Int
    public var repeatLongDays: Int

    public init(openWindow: TimeInterval = 2 * 3600, closedWindow: TimeInterval = 30 * 60, radiusMeters: Double = 300,
                nearMeters: Double = 100, timeHalfLife: TimeInterval = 20 * 60, weights: Weights = Weights(),
                textMeasure: CharacterGrams.Measure = .dice, proposalThreshold: Double = 0.5, mergeThreshold: Double = 0.6,
                similarTextReason: Double = 0.3, repeatRadiusMeters: Double = 100, repeatShortDays: Int = 30, repeatLongDays: Int = 90) {
        self.openWindow = openWindow
        self.closedWindow = closedWindow
        self.radiusMeters = radiusMeters
        self.nearMeters = nearMeters
        self.timeHalfLife = timeHalfLife
        self.weights = weights
        self.textMeasure = textMeasure
        self.proposalThreshold = proposalThreshold
        self.mergeThreshold = mergeThreshold
        self.similarTextReason = similarTextReason
        self.repeatRadiusMeters = repeatRadiusMeters
        self.repeatShortDays = repeatShortDays
        self.repeatLongDays = repeatLongDays
    }

    public static let standard = DuplicateRules()

    /// The longer of the two windows: how far back the index looks at all.
    public var widestWindow: TimeInterval { max(openWindow, closedWindow) }

    /// Refuses values that would make the index misbehave (negative windows, thresholds out of
    /// 0...1, a radius larger than a grid cell can serve).
    public func validate() throws(DomainError) {
        func check(_ ok: Bool, _ field: String, _ message: String) throws(DomainError) {
            if !ok { throw DomainError.invalid(field, message) }
        }
        try check(openWindow.isFinite && openWindow >= 0 && openWindow <= 7 * 86_400, "openWindow", "openWindow must be 0 to 7 days (seconds)")
        try check(closedWindow.isFinite && closedWindow >= 0 && closedWindow <= 7 * 86_400, "closedWindow", "closedWindow must be 0 to 7 days (seconds)")
        try check(radiusMeters.isFinite && radiusMeters > 0 && radiusMeters <= DuplicateIndex.maxRadiusMeters, "radiusMeters",
                  "radiusMeters must be in (0, \(Int(DuplicateIndex.maxRadiusMeters))]")
        try check(nearMeters.isFinite && nearMeters >= 0 && nearMeters < radiusMeters, "nearMeters", "nearMeters must be in [0, radiusMeters)")
        try check(timeHalfLife.isFinite && timeHalfLife > 0, "timeHalfLife", "timeHalfLife must be positive")
        let w = weights
        for (name, v) in [("place", w.place), ("time", w.time), ("text", w.text), ("category", w.category), ("caller", w.caller)] {
            try check(v.isFinite && v >= 0 && v <= 1, "weights.\(name)", "weights.\(name) must be in [0, 1]")
        }
        try check(proposalThreshold.isFinite && proposalThreshold > 0 && proposalThreshold <= 1, "proposalThreshold", "proposalThreshold must be in (0, 1]")
        try check(mergeThreshold.isFinite && mergeThreshold > 0 && mergeThreshold <= 1, "mergeThreshold", "mergeThreshold must be in (0, 1]")
        try check(similarTextReason.isFinite && similarTextReason >= 0 && similarTextReason <= 1, "similarTextReason", "similarTextReason must be in [0, 1]")
        try check(repeatRadiusMeters.isFinite && repeatRadiusMeters > 0 && repeatRadiusMeters <= DuplicateIndex.maxRadiusMeters, "repeatRadiusMeters",
                  "repeatRadiusMeters must be in (0, \(Int(DuplicateIndex.maxRadiusMeters))]")
        try check(repeatShortDays > 0 && repeatShortDays <= repeatLongDays && repeatLongDays <= 366, "repeatShortDays",
                  "repeat look-backs must satisfy 0 < short <= long <= 366 days")
    }

    /// Place evidence for two calls `meters` apart.
    @inline(__always) public func placeEvidence(meters: Double) -> Double {
        if meters <= nearMeters { return 1 }
        return max(0, 1 - (meters - nearMeters) / (radiusMeters - nearMeters))
    }

    /// Time evidence for two calls `seconds` apart.
    @inline(__always) public func timeEvidence(seconds: Double) -> Double {
        exp2(-abs(seconds) / timeHalfLife)
    }

    /// The score of one pair, 0...1.
    @inline(__always)
    public func score(distanceMeters: Double, secondsApart: Double, sameCaller: Bool, textSimilarity: Double, sameCategory: Bool) -> Double {
        let w = weights
        var s = w.place * placeEvidence(meters: distanceMeters) + w.time * timeEvidence(seconds: secondsApart) + w.text * textSimilarity
        if sameCategory { s += w.category }
        if sameCaller { s += w.caller }
        return min(1, s)
    }

    /// The reasons of a pair as stable codes, strongest kinds first.
    public func reasons(distanceMeters: Double, secondsApart: Double, sameCaller: Bool, textSimilarity: Double, sameCategory: Bool) -> [String] {
        var r: [String] = []
        if sameCaller { r.append("sameCaller") }
        if distanceMeters <= radiusMeters { r.append("near:\(Int(distanceMeters.rounded()))m") }
        r.append("within:\(Int((abs(secondsApart) / 60).rounded(.up)))min")
        if textSimilarity >= similarTextReason && textSimilarity > 0 {
            r.append("similarText:" + String(format: "%.2f", textSimilarity))
        }
        if sameCategory { r.append("sameCategory") }
        return r
    }
}
