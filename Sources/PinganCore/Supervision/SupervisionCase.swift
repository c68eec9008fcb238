import Foundation

public typealias SupervisionCaseID = Identifier<SupervisionCase>

/// One late step being chased (督办件): opened when the step falls overdue, climbing from the
/// people holding the work to the station and then the supervisor while it stays undone, and
/// resolved when it is done. Every reminder sent is kept with who acknowledged it and when, so
/// the board shows who knew and the log shows the chase was made.
public struct SupervisionCase: Codable, Sendable, Hashable, Versioned {
    /// Who a stage's reminder goes to. A referral's first rung is its agency, any other work's
    /// the units on it.
    public enum Level: String, Codable, Sendable, CaseIterable {
        case unit, agency, station, supervisor
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The step is still overdue.
        case open
        /// The step was done, or no longer has to be (the incident was cancelled, the referral
        /// withdrawn): nothing more is sent.
        case resolved
    }

    /// One reminder sent, and its acknowledgement. Acknowledging says "seen", not "done": the
    /// case goes on climbing until the work itself is done.
    public struct Stage: Codable, Sendable, Hashable {
        public var level: Level
        public var sentAt: Date
        /// The reminder's words, Chinese then English.
        public var text: String
        public var acknowledgedAt: Date?
        public var acknowledgedBy: String?

        public init(level: Level, sentAt: Date, text: String, acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil) {
            self.level = level
            self.sentAt = sentAt
            self.text = text
            self.acknowledgedAt = acknowledgedAt
            self.acknowledgedBy = acknowledgedBy
        }
    }

    public var id: SupervisionCaseID
    public var kind: OverdueItem.Kind
    public var subjectID: String
    public var step: String
    public var due: Date
    public var path: String
    /// The units asked at the last stage sent (who holds the work changes while it is chased).
    public var unitIDs: [UnitID]
    public var agencyID: AgencyID?
    public var title: String
    /// The reminders sent, lowest level first; never empty.
    public var stages: [Stage]
    public var status: Status
    public var resolvedAt: Date?
    public var opened: Date
    public var version: Int

    public init(id: SupervisionCaseID, item: OverdueItem, stages: [Stage], status: Status = .open, resolvedAt: Date? = nil,
                opened: Date, version: Int = 1) {
        self.id = id
        self.kind = item.kind
        self.subjectID = item.subjectID
        self.step = item.step
        self.due = item.due
        self.path = item.path
        self.unitIDs = item.unitIDs
        self.agencyID = item.agencyID
        self.title = item.title
        self.stages = stages
        self.status = status
        self.resolvedAt = resolvedAt
        self.opened = opened
        self.version = version
    }

    /// The levels a case climbs, in order.
    public static func ladder(for kind: OverdueItem.Kind) -> [Level] {
        kind == .referral ? [.agency, .station, .supervisor] : [.unit, .station, .supervisor]
    }

    /// The level reached: the last stage sent.
    public var level: Level? { stages.last?.level }

    public var key: OverdueItem.Key { OverdueItem.Key(kind: kind, subjectID: subjectID, step: step) }

    /// Whether every reminder sent so far was acknowledged.
    public var isAcknowledged: Bool { stages.allSatisfy { $0.acknowledgedAt != nil } }
}

extension SupervisionCase {
    /// The reminder for `stage` (1-based) of the step, Chinese then English, with how late it is
    /// at `now` in whole minutes: "督办（第2级）：警情 HP01-20261123-0001 dispute 反馈已超时 15 分钟 /
    /// Overdue (stage 2): feedback on incident HP01-20261123-0001 dispute, 15 min late".
    public static func reminderText(kind: OverdueItem.Kind, step: String, title: String, stage: Int, due: Date, now: Date) -> String {
        let minutes = max(0, Int(now.timeIntervalSince(due) / 60))
        let (kindZh, kindEn): (String, String) = switch kind {
        case .incident: ("警情", "incident")
        case .referral: ("分流", "referral")
        case .alert: ("预警", "alert")
        case .fraudWarning: ("反诈预警", "fraud warning")
        case .dispute: ("矛盾纠纷", "dispute")
        }
        let (stepZh, stepEn): (String, String) = switch step {
        case "dispatch": ("派警", "dispatch")
        case "arrive": ("到场", "arrival")
        case "feedback": ("反馈", "feedback")
        case "accept": ("签收", "acceptance")
        case "acknowledge": ("确认", "acknowledgement")
        case "close": ("处置", "closing")
        case "followUp": (kind == .dispute ? "回访跟进" : "劝阻跟进", "follow-up")
        case "highRisk": ("高风险未化解", "high risk, not settled")
        default: (step, step)
        }
        return "督办（第\(stage)级）：\(kindZh) \(title) \(stepZh)已超时 \(minutes) 分钟 / "
            + "Overdue (stage \(stage)): \(stepEn) on \(kindEn) \(title), \(minutes) min late"
    }
}
