import Foundation
import PinganCore

/// The high-risk and routing rules of each effective policy, compiled once and kept while the
/// policy stands: a new call is checked against compiled patterns, never recompiled ones. Keyed
/// by the chain of jurisdictions and their versions, so setting a policy anywhere above a
/// station gives its calls the new rules at once.
final class TriageRules: @unchecked Sendable {
    struct Compiled: Sendable {
        var highRisk: HighRiskMatcher
        var routing: ReferralRouter
    }

    private let lock = NSLock()
    private var compiled: [String: Compiled] = [:]

    /// The compiled rules of `policy`, resolved from `chain`. A stored policy always compiles
    /// (setting one checks it); one that does not is answered with no rules rather than refusing
    /// the call.
    func rules(chain: [Jurisdiction], policy: EffectivePolicy) -> Compiled {
        let key = chain.map { "\($0.id.rawValue)@\($0.version)" }.joined(separator: "/")
        if let known = lock.withLock({ compiled[key] }) { return known }
        let made = Compiled(highRisk: (try? HighRiskMatcher(policy: policy)) ?? (try! HighRiskMatcher(rules: [])),
                            routing: (try? ReferralRouter(policy: policy)) ?? (try! ReferralRouter(rules: [])))
        lock.withLock {
            if compiled.count > 1000 { compiled.removeAll() }
            compiled[key] = made
        }
        return made
    }
}
