import Foundation

/// When each stage of supervision (督办) goes out, in seconds after the step fell due. Policy data:
/// an administrator may set other delays; `validate` refuses a ladder that could not be climbed
/// in order.
///
/// The standard:
/// - stage 1 (the unit, or the agency for a referral) at the due time itself — the people holding
///   the work hear first, and at once, so most delays end before anyone above them is bothered;
/// - stage 2 (the station) 15 minutes later — time enough to act on one reminder (write the
///   feedback, report arrival, accept the referral), short enough that an urgent call is not
///   left with nobody above the crew watching it;
/// - stage 3 (the supervisor) 60 minutes after due — an hour past the deadline is no longer a
///   crew's slip but something the command must own.
public struct SupervisionPolicy: Codable, Sendable, Hashable {
    /// Stage 1: the unit (the agency for referrals).
    public var firstAfter: TimeInterval
    /// Stage 2: the station whose ground the work is on.
    public var stationAfter: TimeInterval
    /// Stage 3: the supervisor above the station.
    public var supervisorAfter: TimeInterval

    public init(firstAfter: TimeInterval = 0, stationAfter: TimeInterval = 15 * 60, supervisorAfter: TimeInterval = 60 * 60) {
        self.firstAfter = firstAfter
        self.stationAfter = stationAfter
        self.supervisorAfter = supervisorAfter
    }

    public static let standard = SupervisionPolicy()

    /// The delays of stages 1, 2 and 3, in that order.
    public var delays: [TimeInterval] { [firstAfter, stationAfter, supervisorAfter] }

    /// The delays must be finite, not negative and not decreasing: a stage never goes out before
    /// the one below it, so the ladder is always climbed one rung at a time.
    public func validate() throws(DomainError) {
        let d = delays
        guard d.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DomainError.invalid("supervisionPolicy", "supervision delays must be zero or more seconds")
        }
        guard d[0] <= d[1], d[1] <= d[2] else {
            throw DomainError.invalid("supervisionPolicy", "each supervision stage must come no earlier than the one before it")
        }
    }
}
