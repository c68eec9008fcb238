import Foundation
import PinganGeo

public typealias DisputeID = Identifier<Dispute>

/// A dispute (矛盾纠纷) a station keeps on its books until it is settled: the parties, what it is
/// about, where, how likely it is to turn violent, who mediates, each mediation session, and when
/// someone must next follow it up. Disputes left to fester are where assaults and worse come
/// from, so an open one always has a next follow-up due, a high-risk one sits on the supervision
/// board until it is settled, and one can become an incident (and an incident open one).
public struct Dispute: Codable, Sendable, Hashable, Versioned {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case neighbour, family, marriage, landlordTenant, labour, debt, property, consumer, traffic, other
    }

    /// How likely it is to turn into violence or a mass incident (风险等级).
    public enum Risk: String, Codable, Sendable, CaseIterable, Comparable {
        case low, medium, high

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

        /// How long after opening, or after a session that did not settle it, the next
        /// follow-up is due: a day for high risk, three for medium, a week for low.
        public var followUpAfter: TimeInterval {
            switch self {
            case .high: 86_400
            case .medium: 3 * 86_400
            case .low: 7 * 86_400
            }
        }
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Registered; no session yet.
        case open
        /// Sessions held, not settled yet.
        case mediating
        /// Settled (调解成功).
        case resolved
        /// Mediation failed and ended (调解不成): referred to a court, arbitration or the like.
        case unresolved

        public var isClosed: Bool { self == .resolved || self == .unresolved }
    }

    /// Someone on one side of the dispute.
    public struct Party: Codable, Sendable, Hashable {
        public var name: String
        public var phone: String?
        public var idNumber: String?

        public init(name: String, phone: String? = nil, idNumber: String? = nil) {
            self.name = name
            self.phone = phone
            self.idNumber = idNumber
        }
    }

    /// Who mediates: the police, the community (人民调解员, 网格员), a lawyer, or someone else.
    public struct Mediator: Codable, Sendable, Hashable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case police, community, lawyer, other
        }
        public var name: String
        public var kind: Kind

        public init(name: String, kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    /// One mediation session or follow-up visit.
    public struct Session: Codable, Sendable, Hashable {
        public enum Outcome: String, Codable, Sendable, CaseIterable {
            case continuing, resolved, unresolved
        }
        public var at: Date
        public var by: String
        public var note: String
        public var outcome: Outcome

        public init(at: Date, by: String, note: String, outcome: Outcome) {
            self.at = at
            self.by = by
            self.note = note
            self.outcome = outcome
        }
    }

    public var id: DisputeID
    public var kind: Kind
    public var risk: Risk
    public var status: Status
    public var summary: String
    public var parties: [Party]
    public var mediators: [Mediator]
    public var sessions: [Session]
    public var address: String
    public var addressID: AddressID?
    public var location: Coordinate?
    /// When the next follow-up is due; nil once it is closed.
    public var followUpDue: Date?
    /// The incident it was opened from and those it was escalated into, in order.
    public var incidentIDs: [IncidentID]
    /// How many incidents were filed from it.
    public var escalations: Int
    public var openedAt: Date
    public var openedBy: String
    public var closedAt: Date?
    public var stationID: JurisdictionID
    public var path: String
    public var version: Int

    public init(id: DisputeID, kind: Kind, risk: Risk, status: Status = .open, summary: String, parties: [Party], mediators: [Mediator] = [],
                sessions: [Session] = [], address: String, addressID: AddressID? = nil, location: Coordinate? = nil, followUpDue: Date?,
                incidentIDs: [IncidentID] = [], escalations: Int = 0, openedAt: Date, openedBy: String, closedAt: Date? = nil, stationID: JurisdictionID, path: String,
                version: Int = 1) {
        self.id = id
        self.kind = kind
        self.risk = risk
        self.status = status
        self.summary = summary
        self.parties = parties
        self.mediators = mediators
        self.sessions = sessions
        self.address = address
        self.addressID = addressID
        self.location = location
        self.followUpDue = followUpDue
        self.incidentIDs = incidentIDs
        self.escalations = escalations
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.closedAt = closedAt
        self.stationID = stationID
        self.path = path
        self.version = version
    }

    /// As shown to a reader who may not see personal data: each party's surname, phone's last 4
    /// digits and ID number's first and last 4 characters.
    public var masked: Dispute {
        var m = self
        m.parties = parties.map { p in
            Party(name: Inhabitant.maskName(p.name), phone: p.phone.map(Inhabitant.maskPhone), idNumber: p.idNumber.map(Inhabitant.maskNumber))
        }
        return m
    }
}
