import Foundation
import PinganCore

/// How a simulated agency answers one referral of the demo city, drawn once when it first sees
/// it: when it accepts (or sends it back), when it starts, and when and what it reports.
///
/// Timing follows the referral's own deadlines (`DemoTriagePlan.deadlines` unless the city set
/// others): most answers come well inside them, `lateShare` of the feedback comes after
/// `feedbackDue` and `lateAcceptShare` of the acceptances after `acceptDue` — a busy desk, a
/// grid worker out on another job — and `returnShare` of the referrals go back to the police
/// with a reason instead. The deadlines run on the server's clock; `pace` compresses the
/// agency's work for a demo sped up beyond its default (the tests' 600× answer in seconds), in
/// which case a planned late answer is late only in proportion, not by the clock.
public struct DemoReferralAnswer: Sendable, Equatable {
    public enum Ending: Sendable, Equatable {
        case feedback(outcome: String, summary: String)
        case returned(reason: String)
    }

    /// When the agency accepts it; for a returned one, when it sends it back.
    public var acceptAt: Date
    /// When it marks the work started (in progress).
    public var startAt: Date
    /// When it gives its feedback.
    public var answerAt: Date
    public var ending: Ending
    /// Planned after `feedbackDue` (or `acceptDue`) as the deadlines run at `pace`.
    public var lateFeedback: Bool
    public var lateAccept: Bool

    public static let lateShare = 0.15
    public static let lateAcceptShare = 0.10
    public static let returnShare = 0.05

    /// Draws the answer to a referral sent at `sent` with these deadlines, by an agency of `kind`
    /// about a call of `category`. `pace` ≥ 1.
    public static func draw(sent: Date, acceptDue: Date, feedbackDue: Date, kind: Agency.Kind, category: String, pace: Double,
                            _ rng: inout SeededRandom) -> DemoReferralAnswer {
        let acceptWindow = max(1, acceptDue.timeIntervalSince(sent))
        let feedbackWindow = max(acceptWindow, feedbackDue.timeIntervalSince(sent))
        func at(_ fraction: Double, of window: TimeInterval) -> Date { sent + fraction * window / max(1, pace) }
        func between(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.uniform() }

        let lateAccept = rng.uniform() < lateAcceptShare
        let accept = lateAccept ? between(1.05, 1.6) : between(0.05, 0.8)
        let acceptAt = at(accept, of: acceptWindow)
        if rng.uniform() < returnShare {
            let reason = returnReasons[rng.index(returnReasons.count)]
            return DemoReferralAnswer(acceptAt: acceptAt, startAt: acceptAt, answerAt: acceptAt, ending: .returned(reason: reason),
                                      lateFeedback: false, lateAccept: lateAccept)
        }
        // Feedback as a share of the feedback window, never before the acceptance.
        let acceptShare = accept * acceptWindow / feedbackWindow
        let lateFeedback = rng.uniform() < lateShare
        let answer = lateFeedback ? between(1.05, 1.5) : between(max(0.25, acceptShare + 0.05), 0.95)
        let start = acceptShare + (max(answer, acceptShare) - acceptShare) * between(0.2, 0.5)
        let (outcome, summary) = feedback(kind: kind, category: category, &rng)
        return DemoReferralAnswer(acceptAt: acceptAt, startAt: at(start, of: feedbackWindow), answerAt: at(max(answer, acceptShare), of: feedbackWindow),
                                  ending: .feedback(outcome: outcome, summary: summary), lateFeedback: lateFeedback, lateAccept: lateAccept)
    }

    /// What an agency of `kind` reports on a call of `category`, labelled simulated.
    static func feedback(kind: Agency.Kind, category: String, _ rng: inout SeededRandom) -> (String, String) {
        let options: [(String, String)]
        switch (kind, category) {
        case (.hotline12345, "inquiry"):
            options = [("已答复", "已电话联系报警人，告知办理流程和所需材料，报警人表示清楚"),
                       ("已转办", "已转相关职能部门办理，并告知报警人办理进度查询方式")]
        case (.hotline12345, _):
            options = [("已办结", "已转城管执法部门到场，噪声已停止，报警人表示满意"),
                       ("已办结", "已联系施工方，责令其按规定时段施工，报警人认可处理结果")]
        case (.governanceCentre, _):
            options = [("已调解", "综治中心已组织双方调解，达成一致意见，矛盾已化解"),
                       ("已调解", "已约双方到社区调解室面谈，物业同意整改，双方认可")]
        case (.grid, _):
            options = [("已办结", "网格员已到场劝离摊贩，占道物品已清理"),
                       ("已办结", "网格员已联系环卫部门清运垃圾，现场已恢复整洁")]
        case (.other, _):
            options = [("已办结", "已按职责处理完毕")]
        }
        let (outcome, summary) = options[rng.index(options.count)]
        return (outcome, DemoCallTexts.label + summary)
    }

    static let returnReasons = [
        "（模拟）经核实不属于本单位职责范围，请公安机关另行处置",
        "（模拟）报警人电话多次无法接通，地址不详，无法核实",
        "（模拟）现场发现涉及治安问题，需公安机关处理",
    ]
}
