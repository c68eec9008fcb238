import Foundation
import PinganCore

/// The early warnings (预警) the assessment counts, one row per alert: when it was raised, where
/// (its jurisdiction path), its kind and where it stands now. Upserted by alert ID like
/// `IncidentFacts`, a later version replacing an earlier one. Alerts are thousands, not
/// millions, so a count is a plain scan.
public struct AlertFacts: Sendable {
    private var rowOf: [String: Int] = [:]
    private var version: [Int] = []
    private var raisedAt: [Double] = []
    private var path: [String] = []
    private var kind: [String] = []
    private var status: [String] = []

    public init() {}

    public var count: Int { raisedAt.count }

    /// Adds or replaces the alert `id`; an equal or older version changes nothing.
    @discardableResult
    public mutating func upsert(id: String, version v: Int, raisedAt at: Date, path p: String, kind k: String, status s: String) -> Bool {
        if let row = rowOf[id] {
            guard version[row] < v else { return false }
            version[row] = v; raisedAt[row] = at.timeIntervalSince1970; path[row] = p; kind[row] = k; status[row] = s
            return true
        }
        rowOf[id] = raisedAt.count
        version.append(v); raisedAt.append(at.timeIntervalSince1970); path.append(p); kind.append(k); status.append(s)
        return true
    }

    /// Adds or replaces `alert`.
    @discardableResult
    public mutating func upsert(_ alert: Alert) -> Bool {
        upsert(id: alert.id.rawValue, version: alert.version, raisedAt: alert.raisedAt, path: alert.path, kind: alert.kind.rawValue,
               status: alert.status.rawValue)
    }

    /// Alerts raised in `start ..< end` under `scope`, counted per key: `key(path)` names the
    /// group an alert's path belongs to (nil: in none); the whole scope is under the key "".
    func counts(start: Date, end: Date, scope: String, key: (String) -> String?) -> [String: KPIFigures.AlertCounts] {
        let t0 = start.timeIntervalSince1970, t1 = end.timeIntervalSince1970
        var out: [String: KPIFigures.AlertCounts] = ["": .init()]
        func add(_ k: String, _ r: Int) {
            var c = out[k] ?? .init()
            c.raised += 1
            c.byKind[kind[r], default: 0] += 1
            c.byStatus[status[r], default: 0] += 1
            out[k] = c
        }
        for r in 0..<count where raisedAt[r] >= t0 && raisedAt[r] < t1 && path[r].hasPrefix(scope) {
            add("", r)
            if let k = key(path[r]) { add(k, r) }
        }
        return out
    }
}
