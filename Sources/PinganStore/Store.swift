import Foundation
import PinganCore

/// The one storage interface the server knows. Every backend (SQLite embedded, PostgreSQL for
/// several instances) implements it and passes the contract suite in `PinganTestSupport`.
///
/// Reads take a `Scope` and must apply it in the query itself: an entity outside the caller's
/// subtree is simply not found. Writes go through `commit`, which is atomic and durable when it
/// returns.
public protocol Store: Sendable {
    /// Creates or upgrades the schema. Safe to call on every start.
    func migrate() async throws

    /// Appends the events to the chained log and applies the writes, all or nothing.
    /// - Throws: `StoreError.conflict` when an entity or counter moved since it was read,
    ///   `StoreError.idempotencyReplay` when the idempotency key was already used.
    /// - Returns: the recorded events, with their sequence numbers and hashes.
    @discardableResult
    func commit(_ changes: Changeset) async throws -> [RecordedEvent]

    func jurisdictions(scope: Scope) async throws -> [Jurisdiction]
    func posts(scope: Scope) async throws -> [Post]
    func zones(scope: Scope) async throws -> [PatrolZone]
    func units(scope: Scope) async throws -> [PoliceUnit]
    func users(scope: Scope) async throws -> [User]

    func jurisdiction(_ id: JurisdictionID, scope: Scope) async throws -> Jurisdiction?
    func post(_ id: PostID, scope: Scope) async throws -> Post?
    func zone(_ id: ZoneID, scope: Scope) async throws -> PatrolZone?
    func unit(_ id: UnitID, scope: Scope) async throws -> PoliceUnit?
    func user(_ id: UserID, scope: Scope) async throws -> User?
    /// Unscoped: sign-in looks users up before it knows their scope.
    func user(username: String) async throws -> User?

    func incident(_ id: IncidentID, scope: Scope) async throws -> Incident?
    func incidents(_ query: IncidentQuery, scope: Scope) async throws -> Page<Incident>

    func message(_ id: MessageID, scope: Scope) async throws -> Message?
    /// Messages in scope, newest first.
    func messages(_ query: MessageQuery, scope: Scope) async throws -> [Message]

    /// Adds one to a named counter (starting from 0) and returns the new value, atomically, so
    /// concurrent writers never get the same number. A command that fails afterwards leaves a gap.
    func nextValue(of counter: String) async throws -> Int
    func idempotencyRecord(key: String) async throws -> IdempotencyRecord?

    /// Events after `seq` whose path lies in `scope`, oldest first, at most `limit`.
    func events(after seq: Int64, scope: Scope, limit: Int) async throws -> [RecordedEvent]
    /// The highest sequence number in the log, 0 when empty.
    func lastSequence() async throws -> Int64
    /// Walks the whole chain from the first row.
    func verifyChain() async throws -> ChainReport

    /// Every counter and its value, for moving a deployment to another backend.
    func counters() async throws -> [String: Int]
    /// Copies rows from another deployment verbatim: projections are inserted or replaced,
    /// counters raised to the given values, and events appended exactly as recorded. The events
    /// must continue this store's chain (next seq, previous hash) or nothing is written.
    func restore(_ batch: RestoreBatch) async throws

    /// Appends thinned track points in one transaction. Not part of the audit chain (see
    /// `TrackRecord`); a point already stored for the same unit and instant is kept as it was.
    func appendTrackPoints(_ points: [TrackRecord]) async throws
    /// The newest track point of every unit, unscoped: the server reads it once at start to put
    /// every unit back where it was last seen.
    func latestPositions() async throws -> [TrackRecord]
    /// One unit's stored track points in `[from, to]`, oldest first, at most `limit`, scoped like
    /// every read (a unit outside the scope has no track).
    func track(of unit: UnitID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [TrackRecord]

    func saveSession(_ session: Session) async throws
    func session(tokenHash: String) async throws -> Session?
    func deleteSession(tokenHash: String) async throws
}

/// Which messages to list.
public struct MessageQuery: Sendable, Hashable {
    public var unitID: UnitID?
    public var broadcastID: String?
    public var limit: Int
    public var offset: Int

    public static let maxLimit = 1000

    public init(unitID: UnitID? = nil, broadcastID: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.unitID = unitID
        self.broadcastID = broadcastID
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.offset = max(offset, 0)
    }
}

/// A slice of an exported deployment, restored in order by `Store.restore`.
public struct RestoreBatch: Sendable {
    public var writes: [EntityWrite]
    public var events: [RecordedEvent]
    public var counters: [String: Int]

    public init(writes: [EntityWrite] = [], events: [RecordedEvent] = [], counters: [String: Int] = [:]) {
        self.writes = writes
        self.events = events
        self.counters = counters
    }
}

/// A signed-in bearer token, stored by hash so a leaked database leaks no usable token.
public struct Session: Codable, Sendable, Hashable {
    public var tokenHash: String
    public var userID: UserID
    public var expiresAt: Date

    public init(tokenHash: String, userID: UserID, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.expiresAt = expiresAt
    }
}

/// Filters for the incident list. Every filter is optional; all given ones must hold.
public struct IncidentQuery: Sendable, Hashable {
    public var statuses: [IncidentStatus]?
    public var categories: [String]?
    public var priorities: [Priority]?
    public var jurisdictionID: JurisdictionID?
    public var receivedFrom: Date?
    public var receivedTo: Date?
    /// south, west, north, east in WGS-84 degrees.
    public var area: BoundingBox?
    /// Matched as a substring of number, address and description.
    public var text: String?
    public var limit: Int
    public var offset: Int

    public init(statuses: [IncidentStatus]? = nil, categories: [String]? = nil, priorities: [Priority]? = nil,
                jurisdictionID: JurisdictionID? = nil, receivedFrom: Date? = nil, receivedTo: Date? = nil,
                area: BoundingBox? = nil, text: String? = nil, limit: Int = 50, offset: Int = 0) {
        self.statuses = statuses
        self.categories = categories
        self.priorities = priorities
        self.jurisdictionID = jurisdictionID
        self.receivedFrom = receivedFrom
        self.receivedTo = receivedTo
        self.area = area
        self.text = text
        self.limit = limit
        self.offset = offset
    }

    public static let maxLimit = 1000
}

public struct BoundingBox: Sendable, Hashable, Codable {
    public var south: Double
    public var west: Double
    public var north: Double
    public var east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }
}

/// One page of a list, newest first, with the total that matched.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var offset: Int
    public var limit: Int

    public init(items: [Item], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }
}

extension Page: Encodable where Item: Encodable {}
extension Page: Equatable where Item: Equatable {}

/// Failures of the storage layer itself, as opposed to the core's refusals.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// An entity or counter changed since it was read; reload and decide again.
        case conflict
        /// The idempotency key was used before; `record` holds the first reply.
        case idempotencyReplay
        /// The key already names another entity (e.g. a username or code that must be unique).
        case duplicate
        case corrupt
    }

    public var kind: Kind
    public var message: String
    public var record: IdempotencyRecord?

    public init(_ kind: Kind, _ message: String, record: IdempotencyRecord? = nil) {
        self.kind = kind
        self.message = message
        self.record = record
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
