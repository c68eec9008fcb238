import Foundation
import PinganCore
import PinganStore

/// Messages from the command centre to units (融合通信), with delivery and read receipts.
public struct MessageCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections

    /// Sends `text` to every unit of the audience in the sender's scope, one message per unit,
    /// in one transaction.
    public func send(_ text: String, to audience: MessageAudience, by user: User,
                     idempotency: Idempotency<[Message]>? = nil) async throws -> Outcome<[Message]> {
        try await runner.run(.sendMessage, by: Actor(user), idempotency: idempotency) { now in
            var units: [PoliceUnit]
            switch audience {
            case .unit(let id):
                guard let unit = try await store.unit(id, scope: user.scope) else { throw DomainError.notFound("unit", id.rawValue) }
                units = [unit]
            case .zone(let id):
                guard let zone = try await store.zone(id, scope: user.scope) else { throw DomainError.notFound("zone", id.rawValue) }
                units = try await store.units(scope: user.scope).filter { zone.unitIDs.contains($0.id) }
            case .all:
                units = try await store.units(scope: user.scope).filter { $0.status != .offDuty }
            }
            let sender = Message.Sender(userID: user.id, name: user.displayName)
            let (messages, events) = try MessageDecider.send(text: text, to: units, from: sender, broadcastID: UUID().uuidString.lowercased(),
                                                             ids: units.map { _ in .random() }, now: now)
            return Decision(events: events, writes: messages.map { .message($0) }, output: messages)
        }
    }

    /// Orders an idle unit to a post (a patrol move proposal the dispatcher accepted): refused
    /// with `unit_unavailable` when the unit has been dispatched or gone off duty since the
    /// proposal was made; otherwise the order reaches the crew as a message they acknowledge.
    public func orderMove(_ unitID: UnitID, to postID: PostID, text: (PoliceUnit, Post) -> String, by user: User,
                          idempotency: Idempotency<[Message]>? = nil) async throws -> Outcome<[Message]> {
        try await order(unitID, to: postID, text: text, command: .orderMove, actor: Actor(user), scope: user.scope,
                        sender: Message.Sender(userID: user.id, name: user.displayName), idempotency: idempotency)
    }

    /// The same order given by the server itself, where a station's policy lets it accept move
    /// proposals (`PatrolTargets.autoAcceptMoves`); audited as `AutoOrderMove` by the system.
    public func autoOrderMove(_ unitID: UnitID, to postID: PostID, text: (PoliceUnit, Post) -> String) async throws -> Outcome<[Message]> {
        try await order(unitID, to: postID, text: text, command: .autoOrderMove, actor: .system, scope: .everything,
                        sender: Message.Sender(userID: UserID("system"), name: "自动调度 (auto)"), idempotency: nil)
    }

    func order(_ unitID: UnitID, to postID: PostID, text: (PoliceUnit, Post) -> String, command: CommandName, actor: Actor, scope: Scope,
               sender: Message.Sender, idempotency: Idempotency<[Message]>?) async throws -> Outcome<[Message]> {
        try await runner.run(command, by: actor, idempotency: idempotency) { now in
            guard let unit = try await store.unit(unitID, scope: scope) else { throw DomainError.notFound("unit", unitID.rawValue) }
            guard let post = try await store.post(postID, scope: scope), post.active else { throw DomainError.notFound("post", postID.rawValue) }
            guard unit.status == .available else {
                throw DomainError(.unitUnavailable, "unit \(unit.callsign) is \(unit.status.rawValue) now; the move was proposed while it was free")
            }
            let (messages, events) = try MessageDecider.send(text: text(unit, post), to: [unit], from: sender, broadcastID: UUID().uuidString.lowercased(),
                                                             ids: [.random()], now: now)
            return Decision(events: events, writes: messages.map { .message($0) }, output: messages)
        }
    }

    /// A crew's device says it has the message, or an officer opened it. Only the addressed
    /// unit's own officers may acknowledge for it; a repeat changes nothing.
    public func acknowledge(_ id: MessageID, _ receipt: MessageReceipt, by user: User,
                            idempotency: Idempotency<Message>? = nil) async throws -> Outcome<Message> {
        try await runner.run(receipt == .read ? .readMessage : .acknowledgeMessage, by: Actor(user), idempotency: idempotency) { now in
            guard let message = try await store.message(id, scope: user.scope) else { throw DomainError.notFound("message", id.rawValue) }
            guard user.unitID == message.unitID else {
                throw DomainError(.forbidden, "only an officer of unit \(message.callsign) may acknowledge its messages")
            }
            guard let (next, event) = try MessageDecider.acknowledge(message, receipt, now: now) else { return .unchanged(message) }
            return Decision(events: [event], writes: [.message(next)], output: next)
        }
    }
}
