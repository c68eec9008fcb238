import Foundation

/// What a supervision decision changes: the events to append, the cases as they are after them
/// (each at most one version on from what was read, so the store's one-step version check holds),
/// and the reminders the app must deliver.
public struct SupervisionDecision: Sendable, Hashable {
    public var events: [Event]
    public var cases: [SupervisionCase]
    public var reminders: [SupervisionReminder]

    public init(events: [Event] = [], cases: [SupervisionCase] = [], reminders: [SupervisionReminder] = []) {
        self.events = events
        self.cases = cases
        self.reminders = reminders
    }

    /// Nothing to write and nothing to send.
    public var isEmpty: Bool { events.isEmpty && cases.isEmpty && reminders.isEmpty }
}

/// Decides supervision (督办) as pure functions of the overdue items, the open cases, the policy
/// and the instant; the app runs `sweep` on a timer and carries out what comes back.
///
/// The rule of a sweep:
/// - an item with no open case gets one once `now ≥ due + firstAfter` (stage 1);
/// - a case reaches every further level whose instant `due + delay` has come, in ladder order
///   (unit or agency → station → supervisor), whether or not the stages below were acknowledged:
///   an acknowledgement says the reminder was seen, not that the work was done, and letting it
///   hold the chase would let a late step stall forever on one click. A sweep that comes late
///   (after a restart) sends every stage that is due at once, in order, and never one whose time
///   has not come;
/// - an open case whose item is no longer in `items` is resolved: the work was done or no longer
///   has to be.
///
/// So `items` must be every overdue item of the ground whose open cases are passed (for instance
/// everything, or one jurisdiction's subtree for both), or cases would be resolved by omission.
public enum SupervisionDecider {
    /// One sweep at `now`. `newID` names new cases (random by default; tests pass their own).
    /// Each case changes at most once per sweep: a new one is written at version 1 with one
    /// `supervision.opened` event, a climbing one at its version plus one with one
    /// `supervision.escalated` event, whatever the number of stages the sweep adds; each stage
    /// added gets its own reminder. Cases in `cases` that are not open are ignored.
    public static func sweep(items: [OverdueItem], open cases: [SupervisionCase], policy: SupervisionPolicy = .standard,
                             now: Date, newID: () -> SupervisionCaseID = { .random() }) throws(DomainError) -> SupervisionDecision {
        try policy.validate()
        var byKey: [OverdueItem.Key: OverdueItem] = [:]
        var order: [OverdueItem.Key] = []
        for item in items where byKey[item.key] == nil {
            byKey[item.key] = item
            order.append(item.key)
        }
        var decision = SupervisionDecision()
        var followed = Set<OverdueItem.Key>()
        for current in cases where current.status == .open {
            // A second open case for the same work (two sweeps that raced) is resolved: one work, one case.
            guard let item = byKey[current.key], followed.insert(current.key).inserted else {
                var done = current
                done.status = .resolved
                done.resolvedAt = now
                done.version += 1
                let level = current.level ?? SupervisionCase.ladder(for: current.kind)[0]
                try record(.supervisionResolved, done, level: level, into: &decision)
                continue
            }
            var next = current
            let added = climb(&next, to: item, policy: policy, now: now)
            guard let top = added.last else { continue }
            next.version += 1
            try record(.supervisionEscalated, next, level: top.level, into: &decision)
            decision.reminders += added.map { reminder(for: $0, of: next) }
        }
        for key in order where !followed.contains(key) {
            guard let item = byKey[key], now >= item.due + policy.firstAfter else { continue }
            var opened = SupervisionCase(id: newID(), item: item, stages: [], opened: now)
            let added = climb(&opened, to: item, policy: policy, now: now)
            guard let top = added.last else { continue }
            try record(.supervisionOpened, opened, level: top.level, into: &decision)
            decision.reminders += added.map { reminder(for: $0, of: opened) }
        }
        return decision
    }

    /// Someone at `level` (the level reached when nil) has seen the reminder. Acknowledging a
    /// stage already acknowledged changes nothing and returns an empty decision, so a client that
    /// retries on a bad network cannot flood the log; a resolved case refuses with
    /// `illegal_transition`, and a level no reminder went to with `invalid_field`. The case keeps
    /// climbing regardless (see the type's rule).
    public static func acknowledge(_ supervisionCase: SupervisionCase, level: SupervisionCase.Level? = nil, by who: String,
                                   now: Date) throws(DomainError) -> SupervisionDecision {
        try TextRules.check(who, field: "by", max: 200)
        guard supervisionCase.status == .open else {
            throw DomainError(.illegalTransition, field: "status", "the case is resolved; there is nothing left to acknowledge")
        }
        guard let target = level ?? supervisionCase.level,
              let index = supervisionCase.stages.lastIndex(where: { $0.level == target }) else {
            throw DomainError.invalid("level", "no \(level?.rawValue ?? "") reminder was sent for this case")
        }
        guard supervisionCase.stages[index].acknowledgedAt == nil else { return SupervisionDecision() }
        var next = supervisionCase
        next.stages[index].acknowledgedAt = now
        next.stages[index].acknowledgedBy = who
        next.version += 1
        var decision = SupervisionDecision()
        try record(.supervisionAcknowledged, next, level: target, into: &decision)
        return decision
    }

    /// Adds, in ladder order, every stage whose instant has come, and refreshes what the case
    /// knows of the work (who holds it now) when it does.
    private static func climb(_ c: inout SupervisionCase, to item: OverdueItem, policy: SupervisionPolicy,
                              now: Date) -> [SupervisionCase.Stage] {
        let ladder = SupervisionCase.ladder(for: c.kind)
        let delays = policy.delays
        var added: [SupervisionCase.Stage] = []
        while c.stages.count < ladder.count, now >= item.due + delays[c.stages.count] {
            let number = c.stages.count + 1
            let stage = SupervisionCase.Stage(
                level: ladder[c.stages.count], sentAt: now,
                text: SupervisionCase.reminderText(kind: item.kind, step: item.step, title: item.title, stage: number, due: item.due, now: now))
            c.stages.append(stage)
            added.append(stage)
        }
        if !added.isEmpty {
            c.due = item.due
            c.path = item.path
            c.unitIDs = item.unitIDs
            c.agencyID = item.agencyID
            c.title = item.title
        }
        return added
    }

    private static func reminder(for stage: SupervisionCase.Stage, of c: SupervisionCase) -> SupervisionReminder {
        SupervisionReminder(caseID: c.id, level: stage.level, unitIDs: stage.level == .unit ? c.unitIDs : [],
                            agencyID: stage.level == .agency ? c.agencyID : nil, path: c.path, text: stage.text)
    }

    private static func record(_ type: EventType, _ c: SupervisionCase, level: SupervisionCase.Level,
                               into decision: inout SupervisionDecision) throws(DomainError) {
        do {
            decision.events.append(try Event(type, subject: c.id.rawValue, path: c.path,
                                             payload: SupervisionEventData(supervisionCase: c, level: level)))
        } catch {
            throw DomainError.invalid("supervisionCase", "the case does not encode: \(error)")
        }
        decision.cases.append(c)
    }
}
