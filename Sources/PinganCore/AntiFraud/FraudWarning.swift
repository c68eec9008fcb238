import Foundation
import PinganGeo

public typealias FraudWarningID = Identifier<FraudWarning>

/// One anti-fraud warning (反诈预警): a person the anti-fraud centre believes is being defrauded
/// right now, pushed to the station whose ground they live on, which must reach them and talk
/// them out of paying (劝阻) before its deadline. The list arrives daily (CSV), one at a time over
/// the API, or as a CAP 1.2 alert; every follow-up is kept, so the rates a station is judged on
/// are counted from what its officers recorded.
///
/// The victim's name, phone and ID number are personal data: masked to readers without
/// `viewInhabitants`, and masked in the audit log's events.
public struct FraudWarning: Codable, Sendable, Hashable, Versioned {
    /// Where the follow-up stands. `pending` until the first follow-up is recorded; the deadline
    /// asks for that first one. Reaching the person is not the end of it: `contacted` waits for
    /// an outcome, and `unreachable` may still be reached later.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending
        /// Reached and warned; the outcome is not known yet.
        case contacted
        /// The person was talked out of paying (劝阻成功).
        case dissuaded
        /// Money that was already on its way was stopped (止损), with the amount.
        case lossPrevented
        /// Not reached by phone or at the door (as far as the officer could try).
        case unreachable

        /// Whether a follow-up was recorded at all: what the deadline asks for.
        public var isFollowedUp: Bool { self != .pending }
        /// Whether the person was kept from the loss.
        public var isSaved: Bool { self == .dissuaded || self == .lossPrevented }

        /// The states a follow-up may move to from this one: forward, or from unreachable to
        /// reached; a loss prevented is final.
        public var next: [Status] {
            switch self {
            case .pending: [.contacted, .dissuaded, .lossPrevented, .unreachable]
            case .contacted: [.dissuaded, .lossPrevented, .unreachable]
            case .unreachable: [.contacted, .dissuaded, .lossPrevented]
            case .dissuaded: [.lossPrevented]
            case .lossPrevented: []
            }
        }
    }

    /// How the warning came in.
    public enum Source: String, Codable, Sendable, CaseIterable {
        case csv, api, cap
    }

    /// How its station was found.
    public enum Routing: String, Codable, Sendable, CaseIterable {
        /// The address is a standard address in the registry: its station.
        case standardAddress
        /// The row's location, by the stations' areas (as a call's).
        case location
        /// The sender named the station.
        case named
    }

    /// One follow-up recorded by an officer.
    public struct FollowUp: Codable, Sendable, Hashable {
        public var status: Status
        public var at: Date
        public var by: String
        public var note: String?
        /// For `lossPrevented`: the yuan kept from the fraudsters.
        public var amountPrevented: Int?

        public init(status: Status, at: Date, by: String, note: String? = nil, amountPrevented: Int? = nil) {
            self.status = status
            self.at = at
            self.by = by
            self.note = note
            self.amountPrevented = amountPrevented
        }
    }

    public var id: FraudWarningID
    /// The sender's own number for the warning; a second warning with the same one is a duplicate.
    public var reference: String
    public var source: Source
    public var victimName: String
    public var phone: String
    /// The 18-character ID number when the sender gave one.
    public var idNumber: String?
    /// The address as the sender wrote it (or the standard address's text).
    public var address: String
    public var addressID: AddressID?
    public var location: Coordinate?
    /// The kind of fraud suspected (刷单返利, 冒充公检法, 虚假投资理财…).
    public var reason: String
    /// Yuan the person is about to lose, as the sender estimates it.
    public var amountAtRisk: Int
    /// The first follow-up is due by then.
    public var deadline: Date
    public var receivedAt: Date
    public var status: Status
    public var followUps: [FollowUp]
    public var routing: Routing
    public var stationID: JurisdictionID
    public var path: String
    public var version: Int

    public init(id: FraudWarningID, reference: String, source: Source, victimName: String, phone: String, idNumber: String? = nil,
                address: String, addressID: AddressID? = nil, location: Coordinate? = nil, reason: String, amountAtRisk: Int,
                deadline: Date, receivedAt: Date, status: Status = .pending, followUps: [FollowUp] = [], routing: Routing,
                stationID: JurisdictionID, path: String, version: Int = 1) {
        self.id = id
        self.reference = reference
        self.source = source
        self.victimName = victimName
        self.phone = phone
        self.idNumber = idNumber
        self.address = address
        self.addressID = addressID
        self.location = location
        self.reason = reason
        self.amountAtRisk = amountAtRisk
        self.deadline = deadline
        self.receivedAt = receivedAt
        self.status = status
        self.followUps = followUps
        self.routing = routing
        self.stationID = stationID
        self.path = path
        self.version = version
    }

    /// When the first follow-up was recorded.
    public var firstFollowUp: Date? { followUps.first?.at }

    /// Whether the first follow-up came by the deadline.
    public var followedUpOnTime: Bool { firstFollowUp.map { $0 <= deadline } ?? false }

    /// Whether the deadline passed at `now` with nothing recorded.
    public func isOverdue(at now: Date) -> Bool { status == .pending && now > deadline }

    /// The yuan kept from the loss, over all follow-ups.
    public var amountPrevented: Int { followUps.compactMap(\.amountPrevented).reduce(0, +) }

    /// As shown to a reader who may not see personal data: the surname, the phone's last 4
    /// digits, the ID number's first and last 4 characters.
    public var masked: FraudWarning {
        var m = self
        m.victimName = Inhabitant.maskName(victimName)
        m.phone = Inhabitant.maskPhone(phone)
        m.idNumber = idNumber.map(Inhabitant.maskNumber)
        return m
    }
}
