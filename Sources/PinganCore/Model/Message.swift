import Foundation

/// A text from the command centre to one unit (融合通信 at its simplest). Sending to a zone or to
/// every unit makes one message per unit under a shared `broadcastID`, so each crew's delivery
/// and read state is its own and each copy sits in its unit's jurisdiction, where that crew's
/// officers can read it.
public struct Message: Codable, Sendable, Hashable, Versioned {
    public struct Sender: Codable, Sendable, Hashable {
        public var userID: UserID
        public var name: String

        public init(userID: UserID, name: String) {
            self.userID = userID
            self.name = name
        }
    }

    public var id: MessageID
    /// Shared by the copies of one send, so the dispatcher's screen can show "read by 7 of 9".
    public var broadcastID: String
    public var unitID: UnitID
    public var callsign: String
    public var text: String
    public var from: Sender
    public var sentAt: Date
    /// When a device of the unit first fetched it.
    public var deliveredAt: Date?
    /// When an officer of the unit opened it.
    public var readAt: Date?
    public var path: String
    public var version: Int

    public init(id: MessageID, broadcastID: String, unitID: UnitID, callsign: String, text: String, from: Sender, sentAt: Date,
                deliveredAt: Date? = nil, readAt: Date? = nil, path: String, version: Int = 1) {
        self.id = id
        self.broadcastID = broadcastID
        self.unitID = unitID
        self.callsign = callsign
        self.text = text
        self.from = from
        self.sentAt = sentAt
        self.deliveredAt = deliveredAt
        self.readAt = readAt
        self.path = path
        self.version = version
    }
}

/// Who a message goes to.
public enum MessageAudience: Sendable, Hashable {
    case unit(UnitID)
    case zone(ZoneID)
    /// Every unit in the sender's scope.
    case all
}

/// How far a message has got on the crew's side.
public enum MessageReceipt: String, Codable, Sendable, CaseIterable {
    case delivered, read
}
