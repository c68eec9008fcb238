import Foundation

/// A station's dispute figures over the disputes it opened in a period, as the seeds report them
/// (Lanzhou: 18,900 resolved, 97 %): how many were settled, how many failed, how many are still
/// open, late for their follow-up or high-risk, and how many turned into incidents.
public struct DisputeRates: Codable, Sendable, Hashable {
    public var stationID: JurisdictionID
    public var opened: Int
    public var resolved: Int
    public var unresolved: Int
    public var open: Int
    /// Open with the follow-up past due at the instant counted.
    public var overdue: Int
    public var highRiskOpen: Int
    public var escalated: Int
    /// resolved / opened; 1 when none were opened.
    public var resolutionRate: Double

    public static func count(_ disputes: [Dispute], at now: Date) -> [DisputeRates] {
        var byStation: [JurisdictionID: [Dispute]] = [:]
        for d in disputes { byStation[d.stationID, default: []].append(d) }
        return byStation.keys.sorted { $0.rawValue < $1.rawValue }.map { station in
            let list = byStation[station]!
            let resolved = list.filter { $0.status == .resolved }.count
            let open = list.filter { !$0.status.isClosed }
            return DisputeRates(stationID: station, opened: list.count, resolved: resolved, unresolved: list.filter { $0.status == .unresolved }.count,
                                open: open.count, overdue: open.filter { ($0.followUpDue ?? .distantFuture) < now }.count,
                                highRiskOpen: open.filter { $0.risk == .high }.count, escalated: list.filter { $0.escalations > 0 }.count,
                                resolutionRate: list.isEmpty ? 1 : Double(resolved) / Double(list.count))
        }
    }
}
