import Foundation

/// How long an alert may wait to be acknowledged and to be handled, by severity. The defaults
/// follow the incident rule's spirit: the worst alerts within a minute, because a wanted car
/// passes the next gate in two; an administrator may set others on any jurisdiction
/// (`JurisdictionPolicy.alertDeadlines`), inherited down the tree.
public struct AlertDeadlinePolicy: Codable, Sendable, Hashable {
    public struct Limits: Codable, Sendable, Hashable {
        public var acknowledgeSeconds: Int
        public var handleSeconds: Int

        public init(acknowledgeSeconds: Int, handleSeconds: Int) {
            self.acknowledgeSeconds = acknowledgeSeconds
            self.handleSeconds = handleSeconds
        }
    }

    /// Minor...extreme, in `AlertSeverity.allCases` order.
    public var limits: [Limits]

    public static let standard = AlertDeadlinePolicy(limits: [
        Limits(acknowledgeSeconds: 15 * 60, handleSeconds: 24 * 3600),
        Limits(acknowledgeSeconds: 5 * 60, handleSeconds: 2 * 3600),
        Limits(acknowledgeSeconds: 2 * 60, handleSeconds: 30 * 60),
        Limits(acknowledgeSeconds: 60, handleSeconds: 15 * 60),
    ])

    public func limits(for severity: AlertSeverity) -> Limits { limits[severity.rank] }

    /// The policy in force at the last jurisdiction of `chain` (root first): each severity takes
    /// the nearest override up the chain, else the standard.
    public static func effective(chain: [Jurisdiction]) -> AlertDeadlinePolicy {
        var result = standard
        for j in chain {
            for o in j.policy?.alertDeadlines ?? [] {
                guard let severity = AlertSeverity(rawValue: o.severity) else { continue }
                result.limits[severity.rank] = Limits(acknowledgeSeconds: o.acknowledgeSeconds, handleSeconds: o.handleSeconds)
            }
        }
        return result
    }
}

/// A jurisdiction's alert limits for one severity.
public struct AlertDeadlineOverride: Codable, Sendable, Hashable {
    public var severity: String
    public var acknowledgeSeconds: Int
    public var handleSeconds: Int

    public init(severity: String, acknowledgeSeconds: Int, handleSeconds: Int) {
        self.severity = severity
        self.acknowledgeSeconds = acknowledgeSeconds
        self.handleSeconds = handleSeconds
    }
}
