import Foundation
import PinganCore

/// The current state of every entity, as the log's commits left it. Reads take a `Scope` and
/// apply it in the query itself: an entity outside the caller's subtree is simply not found.
public protocol Projections: Sendable {
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

    func sensors(scope: Scope) async throws -> [Sensor]
    func sensor(_ id: SensorID, scope: Scope) async throws -> Sensor?
    /// Unscoped: a device signs in with its token before anyone knows its scope.
    func sensor(tokenHash: String) async throws -> Sensor?

    /// The lists whose audience admits the scope (`Audience.admits(_:)`): the owner's and the
    /// named jurisdictions' subtrees and everything above them, not the plain path range, because
    /// a list is shared sideways with stations outside its owner's subtree. A list with an empty
    /// audience falls back to the path range.
    func watchlists(scope: Scope) async throws -> [Watchlist]
    func watchlist(_ id: WatchlistID, scope: Scope) async throws -> Watchlist?
    /// Unscoped: the matcher loads every list when the server starts.
    func allWatchlists() async throws -> [Watchlist]
    /// The entries of one list, by id, when the list is visible to the scope (as `watchlists`).
    func watchlistEntries(of list: WatchlistID, scope: Scope, limit: Int, offset: Int) async throws -> [WatchlistEntry]
    /// One entry, when its list is visible to the scope.
    func watchlistEntry(_ id: WatchlistEntryID, scope: Scope) async throws -> WatchlistEntry?
    /// Unscoped, active entries only, by id after `after` (nil: from the start): the pages the
    /// matcher builds its in-memory index from.
    func activeWatchlistEntries(after: WatchlistEntryID?, limit: Int) async throws -> [WatchlistEntry]

    /// An alert whose path is inside the scope and whose audience (if any) admits it.
    func alert(_ id: AlertID, scope: Scope) async throws -> Alert?
    /// Alerts visible as in `alert(_:scope:)`, newest first.
    func alerts(_ query: AlertQuery, scope: Scope) async throws -> [Alert]
    /// How many group heads (alerts without a `groupID`) the scope sees in each state; states
    /// with none are absent.
    func alertCounts(scope: Scope) async throws -> [Alert.Status: Int]
    /// Unscoped: the newest open (received or acknowledged) group head raised for `cause` at or
    /// after `since`, which a new alert of the same cause folds into.
    func openAlert(cause: String, since: Date) async throws -> Alert?
    /// Unscoped: the alerts with these ids (a group's members), oldest first; unknown ids are left out.
    func alerts(ids: [AlertID]) async throws -> [Alert]

    /// Unscoped: agencies are few, and who may see or refer to which (those registered above a
    /// dispatcher's station serve it too) is the application's rule, not a path range.
    func agencies() async throws -> [Agency]
    func agency(_ id: AgencyID) async throws -> Agency?
    /// Unscoped: the police side sees a referral by its incident's path, the agency by its own
    /// id; `ReferralCommands` applies both.
    func referral(_ id: ReferralID) async throws -> Referral?
    /// Referrals whose incident path is inside the scope, filtered by the query, newest first.
    func referrals(_ query: ReferralQuery, scope: Scope) async throws -> [Referral]

    /// Supervision cases whose work lies inside the scope, filtered by the query, newest first.
    func supervisionCases(_ query: SupervisionQuery, scope: Scope) async throws -> [SupervisionCase]
    /// Unscoped: a case by id (who may see it is the application's rule: scope, unit, agency).
    func supervisionCase(_ id: SupervisionCaseID) async throws -> SupervisionCase?

    /// Unscoped, by id: the registry's callers check the address's path against the reader.
    func addresses(ids: [AddressID]) async throws -> [StandardAddress]
    /// Unscoped: the addresses stored under these normalised keys (`AddressParts.key`).
    func addresses(keys: [String]) async throws -> [StandardAddress]
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func addresses(after: String, limit: Int) async throws -> [StandardAddress]
    /// Every active address's id, display text and path, oldest first: what the search index
    /// is built from without decoding a million documents.
    func addressIndexRows() async throws -> [AddressIndexRow]
    /// Unscoped: the people registered at an address, oldest first.
    func inhabitants(at address: AddressID) async throws -> [Inhabitant]
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func inhabitants(after: String, limit: Int) async throws -> [Inhabitant]
    /// Per path (a station's) inside the scope: its active addresses, how many were checked and
    /// found right, and how many have people registered, with the people.
    func registryCounts(scope: Scope) async throws -> [RegistryCounts]
    /// Which of these 18-character ID numbers the registry already holds.
    func registeredIDNumbers(_ numbers: [String]) async throws -> Set<String>

    /// Unscoped, by id: the callers check the warning's path against the reader.
    func fraudWarning(_ id: FraudWarningID) async throws -> FraudWarning?
    /// Anti-fraud warnings inside the scope, filtered by the query, the earliest deadline first.
    func fraudWarnings(_ query: FraudWarningQuery, scope: Scope) async throws -> [FraudWarning]
    /// Which of these senders' references are already held (a second one is a duplicate).
    func fraudWarningReferences(_ references: [String]) async throws -> Set<String>
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func fraudWarnings(after: String, limit: Int) async throws -> [FraudWarning]

    /// Unscoped, by id: the callers check the dispute's path against the reader.
    func dispute(_ id: DisputeID) async throws -> Dispute?
    /// Disputes inside the scope, filtered by the query, newest first.
    func disputes(_ query: DisputeQuery, scope: Scope) async throws -> [Dispute]
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func disputes(after: String, limit: Int) async throws -> [Dispute]

    /// The house recorded behind an address, if any (unscoped: the caller checked the address).
    func house(at address: AddressID) async throws -> ActualHouse?
    /// The organisations registered at an address, by name (unscoped: the caller checked the address).
    func organisations(at address: AddressID) async throws -> [ActualOrganisation]
    /// Which of these credit codes the registry already holds.
    func organisationCodes(_ codes: [String]) async throws -> Set<String>
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func houses(after: String, limit: Int) async throws -> [ActualHouse]
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func organisations(after: String, limit: Int) async throws -> [ActualOrganisation]

    /// Unscoped, by id: the callers check the team's path against the reader.
    func volunteerTeam(_ id: VolunteerTeamID) async throws -> VolunteerTeam?
    /// Every team inside the scope, by name.
    func volunteerTeams(scope: Scope) async throws -> [VolunteerTeam]
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func volunteerTeams(after: String, limit: Int) async throws -> [VolunteerTeam]
    /// Unscoped, by id: the callers check the shift's path against the reader.
    func volunteerShift(_ id: VolunteerShiftID) async throws -> VolunteerShift?
    /// Shifts inside the scope, filtered by the query, newest first.
    func volunteerShifts(_ query: VolunteerShiftQuery, scope: Scope) async throws -> [VolunteerShift]
    /// Unscoped, in id order after `after` ("" for the first page): for archives.
    func volunteerShifts(after: String, limit: Int) async throws -> [VolunteerShift]
}

/// One path's registry counts (`Projections.registryCounts`).
public struct RegistryCounts: Sendable, Hashable {
    public var path: String
    public var addresses: Int
    public var checked: Int
    public var correct: Int
    public var addressesWithPeople: Int
    public var inhabitants: Int
    public var houses: Int = 0
    /// Houses recorded as rented, and the tenants living in them.
    public var rented: Int = 0
    public var tenants: Int = 0
    public var organisations: Int = 0
    public var keyUnits: Int = 0

    public init(path: String, addresses: Int = 0, checked: Int = 0, correct: Int = 0, addressesWithPeople: Int = 0, inhabitants: Int = 0) {
        self.path = path
        self.addresses = addresses
        self.checked = checked
        self.correct = correct
        self.addressesWithPeople = addressesWithPeople
        self.inhabitants = inhabitants
    }
}

/// One address as the search index needs it.
public struct AddressIndexRow: Sendable, Hashable {
    public var id: AddressID
    public var text: String
    public var path: String

    public init(id: AddressID, text: String, path: String) {
        self.id = id
        self.text = text
        self.path = path
    }
}
