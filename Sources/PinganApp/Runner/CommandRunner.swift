import Foundation
import PinganCore
import PinganStore

/// The one place that commits. Every command of every adapter (HTTP, CLI, demo city, imports)
/// runs through `run`: it replays a stored reply for a repeated idempotency key, lets the command
/// load and decide (the core decides; the store is only read), commits the decision in one
/// `Changeset` together with the idempotency record when the request has a key, decides again
/// from fresh state when another writer got there first, and hands what was committed to the
/// observers.
public struct CommandRunner: Sendable {
    public let log: any EventLog
    public let time: any TimeSource
    let observers: [any CommitObserver]
    let inFlight = InFlightKeys()
    /// How often a command is decided again after a write conflict before giving up.
    public var attempts = 8

    public init(log: any EventLog, time: any TimeSource, observers: [any CommitObserver] = []) {
        self.log = log
        self.time = time
        self.observers = observers
    }

    /// Runs one command.
    /// - Parameters:
    ///   - command: The name the audit log records.
    ///   - actor: Who runs it.
    ///   - idempotency: The request's key and reply renderer, when it has a key.
    ///   - decide: Loads what the command needs and decides, at the instant given; may run more
    ///     than once (after a conflict), so it must read everything afresh each time.
    /// - Throws: the decision's own errors; `IdempotencyError` when the key was used for another
    ///   request; `StoreError.conflict` after `attempts` conflicts.
    public func run<Output: Sendable>(_ command: CommandName, by actor: Actor, idempotency: Idempotency<Output>? = nil,
                                      _ decide: (Date) async throws -> Decision<Output>) async throws -> Outcome<Output> {
        guard let idempotency else { return try await attempt(command, actor, nil, decide) }
        await inFlight.acquire(idempotency.key)
        do {
            let outcome: Outcome<Output>
            if idempotency.readFirst, let known = try await log.idempotencyRecord(key: idempotency.key) {
                outcome = try Self.replay(known, for: idempotency)
            } else {
                outcome = try await attempt(command, actor, idempotency, decide)
            }
            await inFlight.release(idempotency.key)
            return outcome
        } catch {
            await inFlight.release(idempotency.key)
            throw error
        }
    }

    private func attempt<Output: Sendable>(_ command: CommandName, _ actor: Actor, _ idempotency: Idempotency<Output>?,
                                           _ decide: (Date) async throws -> Decision<Output>) async throws -> Outcome<Output> {
        var conflicts = 0
        while true {
            let now = time.now()
            do {
                let decision = try await decide(now)
                let record = try idempotency.map { i in
                    let reply = try i.render(decision.output)
                    return IdempotencyRecord(key: i.key, requestHash: i.requestHash, status: reply.status, body: reply.body, createdAt: now)
                }
                if decision.isEmpty && record == nil { return .done(decision.output, reply: nil) }
                let changes = Changeset(actor: actor, command: command, at: now, events: decision.events, writes: decision.writes,
                                        idempotency: record)
                let recorded = try await log.commit(changes)
                for observer in observers { await observer.committed(changes, recorded: recorded) }
                return .done(decision.output, reply: record)
            } catch let error as StoreError where error.kind == .conflict && conflicts < attempts {
                conflicts += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * conflicts))))
            } catch let error as StoreError where error.kind == .idempotencyReplay {
                // Another instance committed this key between our look and our commit.
                guard let idempotency, let record = error.record else { throw error }
                return try Self.replay(record, for: idempotency)
            }
        }
    }

    static func replay<Output>(_ record: IdempotencyRecord, for request: Idempotency<Output>) throws -> Outcome<Output> {
        guard record.requestHash == request.requestHash else { throw IdempotencyError(kind: .keyReused) }
        return .replayed(record)
    }
}
