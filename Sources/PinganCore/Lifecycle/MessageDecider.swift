import Foundation

/// Decides sending and acknowledging messages to units. Pure, like the incident decider.
public enum MessageDecider {
    /// The longest text: a radio-length instruction, not a document.
    public static let maxLength = 500
    /// The most units one send may reach; larger audiences are split by zone or station.
    public static let maxRecipients = 10_000

    /// One message per recipient unit, each with its `message.sent` event.
    public static func send(text: String, to units: [PoliceUnit], from sender: Message.Sender, broadcastID: String,
                            ids: [MessageID], now: Date) throws(DomainError) -> (messages: [Message], events: [Event]) {
        try TextRules.check(text, field: "text", max: maxLength, multiline: true)
        guard !units.isEmpty else { throw DomainError(.noRecipients, field: "to", "the message reaches no unit") }
        guard units.count <= maxRecipients else {
            throw DomainError.invalid("to", "a message may reach at most \(maxRecipients) units; send by zone or station")
        }
        precondition(ids.count == units.count, "one ID per recipient")
        var messages: [Message] = [], events: [Event] = []
        for (unit, id) in zip(units, ids) {
            let m = Message(id: id, broadcastID: broadcastID, unitID: unit.id, callsign: unit.callsign, text: text, from: sender,
                            sentAt: now, path: unit.path)
            messages.append(m)
            events.append(try event(.messageSent, m))
        }
        return (messages, events)
    }

    /// Marks the message delivered or read; `read` implies `delivered`. Nil when nothing changes,
    /// so devices may acknowledge as often as their network makes them retry.
    public static func acknowledge(_ message: Message, _ receipt: MessageReceipt, now: Date) throws(DomainError) -> (Message, Event)? {
        var next = message
        switch receipt {
        case .delivered:
            guard message.deliveredAt == nil else { return nil }
            next.deliveredAt = now
        case .read:
            guard message.readAt == nil else { return nil }
            next.deliveredAt = message.deliveredAt ?? now
            next.readAt = now
        }
        next.version += 1
        return (next, try event(receipt == .read ? .messageRead : .messageDelivered, next))
    }

    static func event(_ type: EventType, _ message: Message) throws(DomainError) -> Event {
        do { return try Event(type, subject: message.id.rawValue, path: message.path, payload: EntityEventData(message)) }
        catch { throw DomainError(.invalidField, "message could not be encoded: \(error)") }
    }
}
