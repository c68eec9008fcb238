import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore
import PinganAnalytics
import ServiceLifecycle

/// `pingan serve`: runs the API, live feed and console until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Pingan server.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: ArgumentHelp("Road network for positions, recommendations and the map layer (OSM .osm/.osm.xz/.pbf or DIMACS .gr).",
                               discussion: "Default: \(Serve.defaultMap) when that file exists, else the same map shipped with pingan. A .pgcache file beside it is used and written."))
    var map: String?
    @Flag(help: "Run without a road network: position, dispatch and map routes answer 503.") var noMap = false
    @Flag(help: ArgumentHelp("Run the simulated demo city on the map: generated stations, zones and units, calls and crews driving real roads.",
                             discussion: "Seeds an empty data directory once; everything invented is labelled simulated. Needs a map."))
    var demo = false
    @Option(help: "Demo call rate as a multiple of the fitted real-world rate (Montgomery County, ~390 calls/day).") var demoRate = 6.0
    @Option(help: "Demo city and call-stream seed.") var demoSeed: UInt64 = 1
    @Option(help: "Days of simulated past incidents the demo city imports on its first start (0: none).") var demoHistoryDays = 395

    func validate() throws {
        let configuration = try server.configuration()
        guard configuration.port >= 1 else { throw ValidationError("--port must be between 1 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        if noMap && map != nil { throw ValidationError("--map and --no-map exclude each other") }
        if let map, !FileManager.default.fileExists(atPath: map) { throw ValidationError("--map \(map): no such file") }
        if demo && noMap { throw ValidationError("--demo needs a road network; drop --no-map") }
        guard demoRate.isFinite, (0.1...1000).contains(demoRate) else { throw ValidationError("--demo-rate must be between 0.1 and 1000") }
        guard (0...3_650).contains(demoHistoryDays) else { throw ValidationError("--demo-history-days must be between 0 and 3650") }
    }

    func run() async throws {
        var configuration = try server.configuration()
        if configuration.documentKey == nil { configuration.documentKey = try DocumentKeyFile.load(in: storeOptions.dataDir) }
        let (host, port, bcryptCost) = (configuration.host, configuration.port, configuration.bcryptCost)
        var logger = Logger(label: "pingan")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let network = try loadMap()
        if demo && network == nil {
            throw ValidationError("--demo needs a road network: pass --map FILE (the shipped demo map was not found beside the executable)")
        }
        try await storeOptions.open().use { store in
            try await FirstAdmin.ensure(store: store, bcryptCost: bcryptCost)
            // The demo city is seeded before the server starts, so the position tracker loads its units.
            var seeded: (city: DemoCity, simulator: User)?
            if demo, let network { seeded = try await seedDemo(store: store, network: network) }
            let control = demo ? DemoControl(autoDispatch: true) : nil
            let app = try await buildApplication(
                store: store,
                configuration: configuration,
                roadNetwork: network,
                demo: control,
                logger: logger)
            say("Pingan listening on http://\(host):\(port)  (console: http://\(host):\(port)/)")
            guard let control, let network, let seeded else {
                try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
                return
            }
            let driver = try await demoDriver(seeded, store: store, network: network, control: control, host: host, port: port, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: app), .init(service: driver)],
                                                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}

extension Serve {
    /// The map shipped with the repository, used when run from its root.
    static let defaultMap = "data/osm/shanghai_center.osm.xz"

    /// The default map: the repository's copy when run from its root (its road-graph cache sits
    /// beside it), else the copy shipped in the executable's resources, so `serve --demo` starts
    /// from any directory.
    static var defaultMapPath: String? {
        if FileManager.default.fileExists(atPath: defaultMap) { return defaultMap }
        #if os(macOS) || os(iOS)
        let bundle = "pingan_pingan.bundle"
        #else
        let bundle = "pingan_pingan.resources"
        #endif
        // Looked up beside the executable first: `Bundle.module` stops the process when its folder is gone.
        guard FileManager.default.fileExists(atPath: Bundle.main.bundleURL.appendingPathComponent(bundle).path),
              let shipped = Bundle.module.resourceURL?.appendingPathComponent("Maps/shanghai_center.osm.xz").path,
              FileManager.default.fileExists(atPath: shipped) else { return nil }
        return shipped
    }

    /// The road network to serve, or nil: `--no-map`, or no `--map` and no default file. Loaded
    /// before the store opens, so a broken map stops the start rather than a half-working server.
    func loadMap() throws -> RoadNetwork? {
        if noMap { return nil }
        guard let path = map ?? Self.defaultMapPath else {
            say("No road network (--map FILE): positions, recommendations and the map layer are off.")
            return nil
        }
        let network = try RoadNetwork.load(path: path)
        let info = network.loadInfo
        say("Road network \(path): \(network.graph.nodeCount) nodes, \(network.graph.edgeCount) edges, "
            + String(format: "%.2f s", info.totalSeconds) + (info.fromCache ? " from cache" : "")
            + (info.cacheError.map { " (cache: \($0))" } ?? ""))
        return network
    }
}

extension Serve {
    /// Generates the demo city and seeds it when the store is empty; answers the city and the
    /// simulator's account.
    func seedDemo(store: any Store, network: RoadNetwork) async throws -> (city: DemoCity, simulator: User) {
        let city: DemoCity
        do { city = try DemoCityGenerator(seed: demoSeed).generate(network: network) } catch { throw DemoError("\(error)") }
        return (city, try await DemoSetup.ensure(city: city, network: network, store: store, bcryptCost: try server.configuration().bcryptCost))
    }

    /// The simulator that drives the demo city through this server's own API.
    func demoDriver(_ seeded: (city: DemoCity, simulator: User), store: any Store, network: RoadNetwork, control: DemoControl,
                    host: String, port: Int, logger: Logger) async throws -> DemoDriver {
        let (city, simulator) = seeded
        let crewed = Set(try await store.users(scope: .everything).compactMap(\.unitID))
        let token = try await ServiceToken.issue(for: simulator, users: AppServices(store: store).users)
        let loopback = host == "0.0.0.0" || host.isEmpty ? "127.0.0.1" : (host == "::" ? "[::1]" : host)
        say("Demo city: \(city.units.count) simulated units, calls at \(demoRate)× the fitted Montgomery County rate; auto-dispatch on (switch it off in the console).")
        return DemoDriver(base: URL(string: "http://\(loopback):\(port)/")!, token: token,
                          installerToken: try await DemoSensingSetup.installerToken(store: store),
                          agencyTokens: try await DemoTriageSetup.deskTokens(store: store),
                          volunteers: try await DemoVolunteerSetup.walkers(store: store),
                          history: demoHistoryDays == 0 ? nil
                              : try await DemoHistoryImport.prepare(store: store, city: city, network: network, seed: demoSeed, days: demoHistoryDays,
                                                                    bcryptCost: try server.configuration().bcryptCost),
                          network: network, city: city, control: control,
                          humanCrewed: crewed, rate: demoRate, seed: demoSeed, logger: logger)
    }
}

/// The first start of an empty database creates the administrator, so a new installation can
/// be signed into at once.
enum FirstAdmin {
    static func ensure(store: any Store, bcryptCost: Int) async throws {
        guard try await store.users(scope: .everything).isEmpty else { return }
        let given = Environment.process[.adminPassword]
        let password = given ?? Self.randomPassword()
        try OrganisationDecider.checkPassword(password)
        let hash = try await Passwords.hash(password, cost: bcryptCost)
        let user = try await AppServices(store: store).users.bootstrapAdmin(username: "admin", passwordHash: hash)
        guard user != nil else { return }
        if given == nil {
            say("Created the administrator. Sign in as admin with this one-time password: \(password)")
        } else {
            say("Created the administrator 'admin' with the password from PINGAN_ADMIN_PASSWORD.")
        }
    }

    static func randomPassword() -> String { Passwords.oneTime() }
}

/// Prints a line and flushes at once: operators and supervising processes read these lines while
/// the server keeps running, and stdout is block-buffered when it is not a terminal.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
