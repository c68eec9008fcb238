import Foundation
import PinganCore

/// One incident as a report lists it: its number and times, what it was and how it ended. The
/// caller is never in a report (reports are mailed and printed); units by callsign, not ID.
public struct ReportIncidentLine: Sendable, Hashable {
    public var number: String
    public var category: String
    public var priority: Priority
    public var address: String
    public var status: IncidentStatus
    public var receivedAt: Date
    public var dispatchedAt: Date?
    public var onSceneAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var cancelledAt: Date?
    /// The feedback's outcome (处警结果), or nil when none was given.
    public var outcome: String?
    /// The callsigns of every unit that worked it; nil for a unit outside the report's
    /// jurisdiction (another station's, sent across), which the report does not name.
    public var units: [String?]
    /// The names of the high-risk rules that fired, Chinese and English.
    public var riskFlags: [ReportName]
    /// The number of the incident this duplicate was merged under, if it was.
    public var mergedInto: String?
    /// Duplicate calls merged under this one.
    public var mergedCount: Int

    public init(_ incident: Incident, callsigns: [UnitID: String]) {
        number = incident.number
        category = incident.category
        priority = incident.priority
        address = incident.address
        status = incident.status
        let t = incident.times
        receivedAt = t.receivedAt
        dispatchedAt = t.dispatchedAt
        onSceneAt = t.onSceneAt
        resolvedAt = t.resolvedAt
        closedAt = t.closedAt
        cancelledAt = t.cancelledAt
        outcome = incident.feedback?.outcome
        var ids = incident.attendedUnitIDs ?? []
        for u in incident.unitIDs where !ids.contains(u) { ids.append(u) }
        units = ids.map { callsigns[$0] }
        riskFlags = (incident.riskFlags ?? []).map { ReportName(zh: $0.nameZh, en: $0.nameEn) }
        mergedInto = incident.mergedInto?.intoNumber
        mergedCount = incident.mergedIncidentIDs?.count ?? 0
    }
}

/// A name in both of the report's languages (a jurisdiction, a category, a high-risk rule).
public struct ReportName: Sendable, Hashable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The name in `language`.
    public func text(_ language: Report.Language) -> String { language == .zh ? zh : en }
}
