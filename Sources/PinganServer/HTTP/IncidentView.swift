import Foundation
import PinganCore

/// An incident as the API returns it: the stored fields plus its deadlines and whether any is
/// overdue, computed at the server's now so every client shows the same countdowns.
struct IncidentView: Encodable, Sendable {
    struct DeadlineView: Encodable, Sendable {
        var step: DeadlineStep
        var due: Date
        var doneAt: Date?
        var overdue: Bool
    }

    var incident: Incident
    var deadlines: [DeadlineView]
    var overdue: Bool

    init(_ incident: Incident, now: Date, masked: Bool, policy: DeadlinePolicy = .standard) {
        self.incident = masked ? incident.maskingCaller : incident
        self.deadlines = policy.deadlines(for: incident).map {
            DeadlineView(step: $0.step, due: $0.due, doneAt: $0.doneAt, overdue: $0.isOverdue(at: now))
        }
        self.overdue = !policy.overdue(incident, at: now).isEmpty
    }

    enum Keys: String, CodingKey { case deadlines, overdue }

    func encode(to encoder: any Encoder) throws {
        try incident.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(deadlines, forKey: .deadlines)
        try c.encode(overdue, forKey: .overdue)
    }
}

/// The same bytes as `encode(to:)`, for single-incident replies (see `JSONReply`).
extension IncidentView: CanonicalJSONWritable {
    func writeJSON(to w: inout CanonicalJSONWriter) {
        let deadlines = self.deadlines
        let overdue = self.overdue
        incident.writeJSON(to: &w, merging: [
            (Keys.deadlines.rawValue, { $0.array(deadlines) }),
            (Keys.overdue.rawValue, { $0.bool(overdue) }),
        ])
    }
}

extension IncidentView.DeadlineView: CanonicalJSONWritable {
    func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.member("doneAt", doneAt)
        w.key("due"); w.date(due)
        w.key("overdue"); w.bool(overdue)
        w.key("step"); w.string(step.rawValue)
        w.endObject()
    }
}
