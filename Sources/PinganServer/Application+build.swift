import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import NIOSSL
import Logging
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Builds the HTTP and WebSocket server over any `Store`. The CLI's `serve` and the tests both
/// call this, so what is tested is what runs.
///
/// - Parameters:
///   - store: A migrated store. Controllers read it; every write goes through the application
///     layer (`AppServices`), which tells the live hub, the metrics and the tracker after commits.
///   - configuration: Address, limits and security settings.
///   - time: Where "now" comes from; tests pass a `TestTime` to expire tokens and deadlines.
///   - roadNetwork: The map positions are snapped to and units are routed on; nil runs the
///     server without positions, recommendations or map tiles (they answer 503 `no_road_network`).
///   - demo: The switches of a simulated demo city, when this server runs one; `/healthz` then
///     says `demo: true` and the console labels everything as simulated.
///   - logger: The application's logger.
/// - Returns: An application to `runService()` (or test with HummingbirdTesting). It carries the
///   live-feed hub as a service, stopped gracefully with the server.
public func buildApplication(store: any Store, configuration: ServerConfiguration, time: any TimeSource = SystemTime(),
                             roadNetwork: RoadNetwork? = nil, demo: DemoControl? = nil, logger: Logger) async throws -> some ApplicationProtocol {
    let metrics = ServerMetrics()
    let hub = LiveHub(store: store, after: try await store.lastSequence(), bufferSize: configuration.liveBufferSize,
                      interval: configuration.livePollInterval, metrics: metrics, logger: logger)
    var tracking: PositionTracking? = nil
    if let roadNetwork {
        let t = PositionTracking(network: roadNetwork, store: store, time: time, partitions: configuration.trackerPartitions, logger: logger)
        try await t.start()
        tracking = t
    }
    let duplicates = DuplicateWatch()
    try await duplicates.load(from: store, now: time.now())
    // Observed from the start, loaded by `StatsLoader` once the server runs (see `StatsWatch`).
    let stats = StatsWatch()
    let app = AppServices(store: store, time: time, observers: [hub, metrics, duplicates, stats], tracking: tracking, positionSink: hub,
                          ownership: .init(outsideAreaMetres: configuration.outsideAreaMetres), documentKey: configuration.documentKey,
                          offlineAfter: configuration.sensorOfflineSeconds)
    let deps = Dependencies(
        store: store,
        app: app,
        time: time,
        configuration: configuration,
        body: BodyReader(limit: configuration.requestBodyLimit),
        metrics: metrics,
        limiter: LoginLimiter(policy: LoginThrottle.Policy(maxFailuresPerUser: configuration.maxFailedLogins,
                                                           maxFailuresPerAddress: configuration.maxFailedLoginsPerAddress,
                                                           window: configuration.loginWindow)),
        proxies: try TrustedProxies(configuration.trustedProxies),
        decoyHash: try await Passwords.hash("decoy-password-never-matches", cost: configuration.bcryptCost),
        logger: logger,
        demo: demo,
        duplicates: duplicates,
        stats: stats
    )
    let routers = buildRouters(deps, hub: hub)
    let budget = ConnectionBudget(maxConnections: configuration.maxConnections, requestHeadTimeout: .init(configuration.requestHeadTimeout),
                                  idleTimeout: .init(configuration.idleTimeout), logger: logger)
    var application = Application(
        router: routers.http,
        server: try serverBuilder(configuration, .guardedHTTP1WebSocketUpgrade(webSocketRouter: routers.webSocket, budget: budget, metrics: deps.metrics)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
        logger: logger
    )
    application.addServices(hub, SupervisionSweeper(supervision: app.supervision, logger: logger), SensingHousekeeping(sensors: app.sensors, time: time, retention: configuration.recordRetentionDays * 86_400, logger: logger))
    application.addServices(StatsLoader(stats: stats, store: store, time: time, logger: logger), AddressIndexLoader(directory: app.registry.directory, logger: logger))
    if let hour = configuration.reportHour {
        let printer = configuration.reportPDF ? ChromiumPDF.find() : nil
        application.addServices(ReportScheduler(builder: ReportBuilder(store: store, stats: stats, printer: printer), reports: app.reports, store: store,
                                                time: time, hour: hour, languages: configuration.reportLanguages, pdf: printer != nil, logger: logger))
    }
    if let tracking {
        application.addServices(TrackerFollower(tracking: tracking, hub: hub), PositionFollower(feed: store, tracking: tracking, hub: hub),
                                PatrolWatch(deps: deps, tracking: tracking, logger: logger))
    }
    return application
}

/// The two routers: plain HTTP, and the one consulted for WebSocket upgrades. Internal so the
/// OpenAPI test can list their routes.
func buildRouters(_ deps: Dependencies, hub: LiveHub) -> (http: Router<PinganRequestContext>, webSocket: Router<PinganRequestContext>) {
    let router = Router(context: PinganRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: deps.metrics))
    router.add(middleware: ProblemMiddleware(metrics: deps.metrics))
    router.add(middleware: QueryParameterGuard())
    // The web console (issue 5) at `/`: the configured folder, else the `Public` resources built
    // next to the binary. FileMiddleware answers only GET/HEAD that no route matched, so it adds
    // no routes to keep in step with the OpenAPI document.
    if let folder = deps.configuration.publicDirectory ?? bundledConsoleDirectory() {
        router.add(middleware: ConsoleFiles(files: FileMiddleware(folder, searchForIndexHtml: true, logger: deps.logger)))
    }
    SystemController(deps: deps).addRoutes(to: router)

    let v1 = router.group("v1")
    let auth = AuthController(deps: deps)
    auth.addPublicRoutes(to: v1)
    let secured = v1.group().add(middleware: Authenticator(store: deps.store, users: deps.app.users, time: deps.time, cache: deps.sessions))
    auth.addRoutes(to: secured)
    JurisdictionController(deps: deps).addRoutes(to: secured)
    ImportController(deps: deps).addRoutes(to: secured)
    PostController(deps: deps).addRoutes(to: secured)
    ZoneController(deps: deps).addRoutes(to: secured)
    UnitController(deps: deps).addRoutes(to: secured)
    IncidentController(deps: deps).addRoutes(to: secured)
    UserController(deps: deps).addRoutes(to: secured)
    CategoryController(deps: deps).addRoutes(to: secured)
    PositionController(deps: deps).addRoutes(to: secured)
    DispatchController(deps: deps).addRoutes(to: secured)
    ReportController(deps: deps).addRoutes(to: secured)
    StatsController(deps: deps).addRoutes(to: secured)
    MapController(deps: deps).addRoutes(to: secured)
    MessageController(deps: deps).addRoutes(to: secured)
    DemoController(deps: deps).addRoutes(to: secured)
    AuditController(deps: deps, chain: ChainWatch()).addRoutes(to: secured)
    PolicyController(deps: deps).addRoutes(to: secured)
    SensorController(deps: deps).addRoutes(to: secured)
    WatchlistController(deps: deps).addRoutes(to: secured)
    AlertController(deps: deps).addRoutes(to: secured)
    AgencyController(deps: deps).addRoutes(to: secured)
    RegistryController(deps: deps).addRoutes(to: secured)
    FraudWarningController(deps: deps).addRoutes(to: secured)
    DisputeController(deps: deps).addRoutes(to: secured)
    VolunteerController(deps: deps).addRoutes(to: secured)
    ReferralController(deps: deps).addRoutes(to: secured)
    MergeController(deps: deps).addRoutes(to: secured)
    TriageController(deps: deps).addRoutes(to: secured)
    SupervisionController(deps: deps).addRoutes(to: secured)
    ForecastController(deps: deps).addRoutes(to: secured)
    PatrolController(deps: deps).addRoutes(to: secured)
    DailyReportController(deps: deps).addRoutes(to: secured)
    EIDOController(deps: deps).addRoutes(to: secured)
    let live = LiveController(hub: hub, store: deps.store)
    live.addRoutes(to: secured)

    let webSocket = Router(context: PinganRequestContext.self)
    webSocket.add(middleware: UpgradeRefusal())
    webSocket.add(middleware: Authenticator(store: deps.store, users: deps.app.users, time: deps.time, cache: deps.sessions, allowQueryToken: true))
    live.addUpgradeRoute(to: webSocket)
    return (router, webSocket)
}

/// The console's files as SwiftPM copies them beside the executable (`pingan_PinganServer.resources/Public`),
/// or nil when they are not there. Looked up by path rather than through `Bundle.module`, which
/// stops the process when the bundle is missing.
func bundledConsoleDirectory() -> String? {
    guard let binary = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
    let folder = binary.deletingLastPathComponent().appendingPathComponent("pingan_PinganServer.resources/Public").path
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue ? folder : nil
}

/// The plain builder, or the same wrapped in TLS when certificate files are configured.
func serverBuilder(_ configuration: ServerConfiguration, _ plain: HTTPServerBuilder) throws -> HTTPServerBuilder {
    guard let files = configuration.tls else { return plain }
    let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain).map { NIOSSLCertificateSource.certificate($0) }
    let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
    return try .tls(plain, tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
}
