import Foundation
import Logging
import PinganCore
import PinganGeo
import PinganStore

/// The application layer as the adapters see it: one command group per aggregate, all sharing
/// one `CommandRunner` over one store. Built once by the composition root (`pingan serve`,
/// the CLI's commands, the tests).
public struct AppServices: Sendable {
    public let runner: CommandRunner
    public let incidents: IncidentCommands
    public let organisation: OrganisationCommands
    public let users: UserCommands
    public let messages: MessageCommands
    public let access: AccessRecords
    public let imports: ImportCommands
    /// Closed incidents from the system used before Pingan (`HistoryImport`).
    public let history: HistoryImportCommands
    /// Nil without a road network.
    public let positions: PositionCommands?
    public let sensors: SensorCommands
    public let watchlists: WatchlistCommands
    public let alerts: AlertCommands
    public let agencies: AgencyCommands
    public let referrals: ReferralCommands
    public let supervision: SupervisionCommands
    public let eido: EIDOExchange
    public let reports: ReportCommands
    public let registry: RegistryCommands
    public let fraudWarnings: FraudWarningCommands
    public let disputes: DisputeCommands
    public let volunteers: VolunteerCommands

    /// - Parameters:
    ///   - store: The migrated store every command reads and commits to.
    ///   - time: Where "now" comes from.
    ///   - observers: Told about every commit, after it is durable (the live hub, metrics).
    ///   - tracking: The position tracker over the road network, when there is one; it observes
    ///     commits too, so unit and zone changes reach it at once.
    ///   - positionSink: Where accepted positions are broadcast.
    ///   - ownership: Where a call on no station's area may still be filed.
    ///   - documentKey: The deployment's key for hashing identity document numbers (32+ bytes,
    ///     shared by every instance); a random one when nil (tests, a throwaway store).
    ///   - sensing: Batch limits for sensor records and the silence after which a sensor is offline.
    ///   - supervisionPolicy: How long after a deadline each supervision stage is sent.
    public init(store: any Store, time: any TimeSource = SystemTime(), observers: [any CommitObserver] = [],
                tracking: PositionTracking? = nil, positionSink: (any PositionSink)? = nil, decider: IncidentDecider = IncidentDecider(),
                ownership: IncidentOwnership.Rule = .init(), documentKey: [UInt8]? = nil, sensing: SensingLimits = .init(),
                offlineAfter: TimeInterval = 300, supervisionPolicy: SupervisionPolicy = .standard) {
        let known = KnownJurisdictions(), knownSensors = KnownSensors(), active = ActiveJurisdictions()
        let matcher = WatchlistMatcher(store: store)
        let directory = AddressDirectory(store: store)
        let runner = CommandRunner(log: store, time: time,
                                   observers: (tracking.map { [$0] } ?? []) + [known, knownSensors, active, matcher, directory] + observers)
        self.runner = runner
        incidents = IncidentCommands(runner: runner, store: store, decider: decider, jurisdictions: known, active: active, ownership: ownership)
        organisation = OrganisationCommands(runner: runner, store: store, known: known)
        users = UserCommands(runner: runner, store: store)
        messages = MessageCommands(runner: runner, store: store)
        access = AccessRecords(runner: runner)
        imports = ImportCommands(runner: runner, store: store)
        history = HistoryImportCommands(runner: runner, store: store, ownership: ownership)
        positions = tracking.map { PositionCommands(runner: runner, tracks: store, tracking: $0, sink: positionSink) }
        let hasher = DocumentHasher(key: documentKey ?? DocumentHasher.newKey())
        sensors = SensorCommands(runner: runner, store: store, incidents: incidents, known: knownSensors, matcher: matcher,
                                 activity: SensorActivity(started: time.now()),
                                 hasher: hasher, proposer: tracking, limits: sensing, offlineAfter: offlineAfter)
        watchlists = WatchlistCommands(runner: runner, store: store, matcher: matcher, hasher: hasher)
        alerts = AlertCommands(runner: runner, store: store, incidents: incidents, proposer: tracking)
        agencies = AgencyCommands(runner: runner, store: store)
        referrals = ReferralCommands(runner: runner, store: store, incidents: incidents, agencies: agencies)
        eido = EIDOExchange(store: store, incidents: incidents, referrals: referrals)
        supervision = SupervisionCommands(runner: runner, store: store, messages: messages, policy: supervisionPolicy)
        reports = ReportCommands(runner: runner, store: store)
        registry = RegistryCommands(runner: runner, store: store, directory: directory, access: access)
        fraudWarnings = FraudWarningCommands(runner: runner, store: store, active: active, ownership: ownership, access: access)
        disputes = DisputeCommands(runner: runner, store: store, incidents: incidents)
        volunteers = VolunteerCommands(runner: runner, store: store, incidents: incidents)
    }
}
