import Foundation
import Logging
import PinganAnalytics
import PinganCore

/// The demo city's agencies at work (`DemoTriagePlan`): each agency's desk signs in with its
/// own session and works the referrals sent to it through the API an agency's staff use — it
/// lists its open referrals (`GET /v1/referrals?status=sent,accepted,inProgress`), accepts each
/// after a while, marks it started, and gives its feedback, most within the deadlines, some late,
/// a few sent back to the police with a reason (`DemoReferralAnswer`). The feedback closes the
/// incident; a referral sent back returns the call to the dispatcher's queue, and the simulated
/// dispatcher takes it up.
///
/// A person signed in as the agency (`hotline`, `zongzhi`, `grid`) can work any referral the
/// desk has not reached yet: the desk leaves alone every referral someone else accepted. When a
/// late referral of the desk's own draws a supervision reminder (督办) to the agency, the desk
/// acknowledges it (`POST /v1/supervision/{id}/acknowledge`) at its next look at the board.
///
/// Clock. The deadlines are the city policy's, on the server's clock. At the demo's default
/// speed-up and below the desks keep them in real time, so a late answer is late on the
/// supervision board and in the overdue-feedback rate; faster, they work `pace` times quicker
/// (the tests' 600× see answers within seconds).
struct DemoAgencies {
    struct Desk {
        let spec: DemoTriagePlan.AgencySpec
        let client: APIClient
        var nextPoll: Date
        /// How this desk answers each referral it has seen, drawn the first time.
        var plans: [ReferralID: DemoReferralAnswer] = [:]
        /// The open referrals it works itself (none a person took), by ID.
        var mine: Set<String> = []
        var polls = 0
        /// Set when the server no longer takes its session (the desk account was disabled).
        var released = false
    }

    var desks: [Desk] = []
    let pace: Double
    var rng: SeededRandom
    let logger: Logger

    /// The speed-up at and below which the desks keep the deadlines in real time: the demo's default.
    static let realTimeRate = 6.0
    static let pollInterval: TimeInterval = 5
    /// The desk reads the supervision board at every this many polls.
    static let boardEvery = 6

    /// Desks for the agencies whose sessions `tokens` holds (by agency code), sharing the
    /// simulator's connection pool.
    init(simulator: APIClient, tokens: [String: String], rate: Double, seed: UInt64, logger: Logger, now: Date = Date()) {
        pace = max(1, rate / Self.realTimeRate)
        rng = SeededRandom(seed: seed ^ 0xA6E7)
        self.logger = logger
        for (i, spec) in DemoTriagePlan.agencies.enumerated() {
            guard let token = tokens[spec.code] else { continue }
            desks.append(Desk(spec: spec, client: APIClient(sharing: simulator, token: token), nextPoll: now.addingTimeInterval(Double(i) * 0.3)))
        }
    }

    var interval: TimeInterval { max(1, Self.pollInterval / pace) }

    /// Works whatever is due by `now`; returns the incidents whose referrals a desk sent back.
    mutating func tick(now: Date) async -> [IncidentID] {
        var returned: [IncidentID] = []
        for i in desks.indices where !desks[i].released && desks[i].nextPoll <= now {
            var desk = desks[i]
            desk.nextPoll = now.addingTimeInterval(interval)
            returned += await work(&desk, now: now)
            desk.polls += 1
            if desk.polls % Self.boardEvery == 0 { await acknowledgeReminders(desk) }
            desks[i] = desk
        }
        return returned
    }

    struct Listing: Decodable { var items: [Referral] }

    mutating func work(_ desk: inout Desk, now: Date) async -> [IncidentID] {
        let open: [Referral]
        do {
            open = try await desk.client.get("v1/referrals?status=sent,accepted,inProgress&limit=200", as: Listing.self).items
        } catch let failure as APIClient.Failure where failure.status == 401 {
            logger.notice("demo agency desk released: its session no longer signs in", metadata: ["desk": "\(desk.spec.desk)"])
            desk.released = true
            return []
        } catch {
            logger.warning("demo agency could not list its referrals", metadata: ["desk": "\(desk.spec.desk)", "error": "\(error)"])
            return []
        }
        let listed = Set(open.map(\.id))
        desk.plans = desk.plans.filter { listed.contains($0.key) }
        var returned: [IncidentID] = []
        desk.mine = Set(open.filter { ($0.accepted?.by ?? desk.spec.desk) == desk.spec.desk }.map(\.id.rawValue))
        for referral in open {
            let plan = desk.plans[referral.id] ?? DemoReferralAnswer.draw(
                sent: referral.sent.at, acceptDue: referral.acceptDue, feedbackDue: referral.feedbackDue, kind: desk.spec.kind,
                category: referral.summary.category, pace: pace, &rng)
            desk.plans[referral.id] = plan
            // Someone else took it: a person signed in as the agency works it to the end.
            if let taker = referral.accepted?.by, taker != desk.spec.desk { continue }
            let path = "v1/referrals/\(referral.id.rawValue)"
            switch (referral.status, plan.ending) {
            case (_, .returned(let reason)) where now >= plan.acceptAt:
                if await step(desk, "\(path)/return", json: ["reason": reason], referral) { returned.append(referral.incidentID) }
            case (.sent, .feedback) where now >= plan.acceptAt:
                await step(desk, "\(path)/accept", json: nil, referral)
            case (.accepted, .feedback) where now >= plan.startAt:
                await step(desk, "\(path)/start", json: nil, referral)
            case (.inProgress, .feedback(let outcome, let summary)) where now >= plan.answerAt:
                if await step(desk, "\(path)/feedback", json: ["outcome": outcome, "summary": summary], referral), now > referral.feedbackDue {
                    logger.info("demo agency answered late", metadata: ["agency": "\(desk.spec.code)", "incident": "\(referral.incidentNumber)"])
                }
            default:
                break
            }
        }
        return returned
    }

    /// Acknowledges the reminders to the agency about the referrals the desk works itself.
    func acknowledgeReminders(_ desk: Desk) async {
        struct Board: Decodable { var items: [SupervisionCase] }
        guard !desk.mine.isEmpty, let board = try? await desk.client.get("v1/supervision", as: Board.self) else { return }
        for c in board.items where c.kind == .referral && desk.mine.contains(c.subjectID)
            && c.stages.contains(where: { $0.level == .agency && $0.acknowledgedAt == nil }) {
            do {
                try await desk.client.send("POST", "v1/supervision/\(c.id.rawValue)/acknowledge")
            } catch let failure as APIClient.Failure where [404, 409].contains(failure.status) {
                // Resolved meanwhile, or no longer the agency's: nothing to say.
            } catch {
                logger.warning("demo agency could not acknowledge a reminder", metadata: ["desk": "\(desk.spec.desk)", "error": "\(error)"])
            }
        }
    }

    /// One step of the loop; false when refused. A refusal for a referral that moved on (a
    /// person acted, the dispatcher withdrew it) is the normal race with people and goes unsaid.
    @discardableResult
    func step(_ desk: Desk, _ path: String, json: Any?, _ referral: Referral) async -> Bool {
        do {
            try await desk.client.send("POST", path, json: json)
            return true
        } catch let failure as APIClient.Failure where [404, 409].contains(failure.status) {
            return false
        } catch {
            logger.warning("demo agency step refused", metadata: ["desk": "\(desk.spec.desk)", "incident": "\(referral.incidentNumber)", "error": "\(error)"])
            return false
        }
    }
}
