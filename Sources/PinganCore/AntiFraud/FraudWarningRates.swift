import Foundation

/// A station's anti-fraud figures over the warnings it received in a period, as the dashboard
/// and the seeds report them: how many were followed up, how many on time, how many people were
/// kept from the loss, and what is overdue now.
public struct FraudWarningRates: Codable, Sendable, Hashable {
    public var stationID: JurisdictionID
    public var received: Int
    /// A follow-up recorded, in any state.
    public var followedUp: Int
    /// The first follow-up by the deadline.
    public var onTime: Int
    public var contacted: Int
    public var dissuaded: Int
    public var lossPrevented: Int
    public var unreachable: Int
    /// Still pending past the deadline at the instant counted.
    public var overdue: Int
    public var amountAtRisk: Int
    public var amountPrevented: Int
    /// followedUp / received; 1 when nothing was received (nothing was missed).
    public var followUpRate: Double
    /// onTime / received.
    public var onTimeRate: Double
    /// (dissuaded + lossPrevented) / received: the share of people kept from the loss.
    public var savedRate: Double

    /// The figures of each station holding one of `warnings`, by station id.
    public static func count(_ warnings: [FraudWarning], at now: Date) -> [FraudWarningRates] {
        var byStation: [JurisdictionID: [FraudWarning]] = [:]
        for w in warnings { byStation[w.stationID, default: []].append(w) }
        return byStation.keys.sorted { $0.rawValue < $1.rawValue }.map { station in
            let list = byStation[station]!
            let n = list.count
            func share(_ k: Int) -> Double { n == 0 ? 1 : Double(k) / Double(n) }
            let followed = list.filter(\.status.isFollowedUp).count
            let onTime = list.filter(\.followedUpOnTime).count
            let dissuaded = list.filter { $0.status == .dissuaded }.count
            let prevented = list.filter { $0.status == .lossPrevented }.count
            return FraudWarningRates(
                stationID: station, received: n, followedUp: followed, onTime: onTime,
                contacted: list.filter { $0.status == .contacted }.count, dissuaded: dissuaded, lossPrevented: prevented,
                unreachable: list.filter { $0.status == .unreachable }.count, overdue: list.filter { $0.isOverdue(at: now) }.count,
                amountAtRisk: list.reduce(0) { $0 + $1.amountAtRisk }, amountPrevented: list.reduce(0) { $0 + $1.amountPrevented },
                followUpRate: share(followed), onTimeRate: share(onTime), savedRate: share(dissuaded + prevented))
        }
    }
}
