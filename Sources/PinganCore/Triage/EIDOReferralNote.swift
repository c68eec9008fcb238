import Foundation

/// Where a referral stands, as the text of the EIDO note its agency component points to.
///
/// STA-021 has no member for another agency's progress on its part of an incident, and the
/// standard tells receivers to show notes to people, so the state is written as a note both a
/// person and Pingan can read: labelled lines, bilingual, the label at the start of a line. The
/// status and outcome are one line each; the dispatcher's words, the feedback and the reason for
/// a return may run over several lines, up to the next label.
enum EIDOReferralNote {
    static let statusLabel = "转办状态 Referral status: "
    static let outcomeLabel = "处置结果 Outcome: "
    static let noteLabel = "转办说明 Referral note: "
    static let feedbackLabel = "反馈 Feedback: "
    static let returnLabel = "退回原因 Return reason: "

    struct Parsed: Hashable {
        var status: Referral.Status
        var outcome: String?
        var note: String?
        var feedback: String?
        var returnReason: String?
    }

    static func text(_ r: Referral) -> String {
        var lines = [statusLabel + r.status.rawValue]
        if let feedback = r.feedback { lines.append(outcomeLabel + oneLine(feedback.outcome)) }
        if !r.note.isEmpty { lines.append(noteLabel + r.note) }
        if let feedback = r.feedback { lines.append(feedbackLabel + feedback.summary) }
        if let reason = r.returnReason { lines.append(returnLabel + reason) }
        return lines.joined(separator: "\n")
    }

    /// The state a note written by `text` gives, or nil when the note is not one (no status
    /// line, or a status Pingan does not know).
    static func parse(_ text: String) -> Parsed? {
        var fields: [String: String] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let label = [statusLabel, outcomeLabel, noteLabel, feedbackLabel, returnLabel].first(where: { line.hasPrefix($0) }) {
                current = label
                fields[label] = String(line.dropFirst(label.count))
            } else if let label = current {
                fields[label, default: ""] += "\n" + line
            }
        }
        guard let raw = fields[statusLabel], let status = Referral.Status(rawValue: raw.trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        return Parsed(status: status, outcome: fields[outcomeLabel], note: fields[noteLabel], feedback: fields[feedbackLabel],
                      returnReason: fields[returnLabel])
    }

    private static func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
