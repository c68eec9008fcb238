import Foundation
import PinganCore
import PinganApp

/// Everything an operator may tune when starting the server. The defaults are safe for one
/// city on one machine; tests lower the bcrypt cost so signing in stays fast.
public struct ServerConfiguration: Sendable {
    /// Address to bind. Loopback by default: exposing the API is a deliberate choice.
    public var host: String
    /// Port to bind; 0 picks a free one (tests).
    public var port: Int
    /// Largest request body accepted, in bytes. Larger bodies get 413 `body_too_large`.
    public var requestBodyLimit: Int
    /// Largest bulk import body (`POST /v1/import`): a city's station areas and units at once.
    public var importBodyLimit = 64 << 20
    /// Largest body of `POST /v1/import/incidents`: 200,000 past incidents with their
    /// descriptions (the demo's run about 300 bytes a row).
    public var historyBodyLimit = 128 << 20
    /// How far from the nearest station a call on no station's area may still be filed there.
    public var outsideAreaMetres = 1_000.0
    /// Partitions the position tracker is split into by unit, each deciding its units' fixes on
    /// a core of its own and keeping its own routing index (about 24 bytes per road node).
    public var trackerPartitions = PositionTracking.defaultPartitions
    /// The key identity document numbers are hashed under (32+ bytes, the same on every
    /// instance of a deployment); nil: a random one for this process (tests).
    public var documentKey: [UInt8]?
    /// Silence after which an online sensor is declared offline, with an alert.
    public var sensorOfflineSeconds = 300.0
    /// How long sensor records are kept before the purge job deletes them.
    public var recordRetentionDays = 90.0
    /// The hour of the China Standard Time day (0-23) at which the daily job writes yesterday's
    /// reports (三情研判 for the city, each district and station; each station's 值班日志); nil
    /// turns the job off. Off by default here (tests, embedders); `pingan serve` sets 06:00.
    public var reportHour: Int? = nil
    /// The languages the daily job writes each report in (Chinese first, the city's own).
    public var reportLanguages: [Report.Language] = [.zh]
    /// Whether the daily job prints each report to PDF too, where headless Chromium is installed.
    /// Off by default: a PDF is a browser run (a second or two of CPU) per report, a hundred and
    /// more of them at the job's hour; a report written on demand is printed when asked.
    public var reportPDF = false
    /// How long a bearer token lives after sign-in.
    public var tokenLifetime: TimeInterval
    /// bcrypt work factor for new password hashes (4...31). 12 in production, 4 in tests.
    public var bcryptCost: Int
    /// Failed sign-ins allowed per username from one address within `loginWindow` before that
    /// account is locked there for a while (doubling with each lock-out); see `LoginThrottle`.
    public var maxFailedLogins: Int
    /// Failed sign-ins allowed from one client address within `loginWindow` before the address
    /// may only try accounts that have not failed (ten times it, and nothing). Higher than the
    /// per-user limit, because a whole station behind one NAT shares an address.
    public var maxFailedLoginsPerAddress: Int
    /// The window over which failed sign-ins are counted, and the first lock-out's length.
    public var loginWindow: TimeInterval
    /// Proxies whose `X-Forwarded-For` is believed (addresses or CIDR blocks, IPv4 or IPv6).
    /// Empty: the peer's own address is the client's, whatever the header says.
    public var trustedProxies: [String]
    /// Open connections allowed at once; more are closed at once, with a log line.
    public var maxConnections: Int
    /// How long a new connection may take to send its first complete request head.
    public var requestHeadTimeout: Duration
    /// How long a kept-alive connection may sit between requests, or a request body may pause,
    /// before it is closed.
    public var idleTimeout: Duration
    /// How often the live feed polls the store even when nothing poked it, so writes made by
    /// another instance on the same database still reach this instance's subscribers.
    public var livePollInterval: Duration
    /// Events a live subscriber may fall behind by before it is disconnected.
    public var liveBufferSize: Int
    /// Server name reported in the `Server` header; nil sends none.
    public var serverName: String?
    /// A folder of static files (the web console) served for paths outside `/v1/` that no route
    /// answers; nil serves none. Defaults to the console bundled with the server when its
    /// resources sit beside the executable (`bundledConsole`).
    public var publicDirectory: String?
    /// PEM files of the certificate chain and its private key: the server then speaks HTTPS
    /// (and WSS) only.
    public var tls: TLSFiles?
    /// Plain HTTP on an address other than loopback, for a deployment whose TLS ends at a proxy
    /// in front; without it (or `tls`) such an address is refused.
    public var insecureHTTP = false

    public struct TLSFiles: Sendable, Hashable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, requestBodyLimit: Int = 1 << 20,
                tokenLifetime: TimeInterval = 12 * 3600, bcryptCost: Int = 12, maxFailedLogins: Int = 5,
                maxFailedLoginsPerAddress: Int = 50, loginWindow: TimeInterval = 300, trustedProxies: [String] = [],
                maxConnections: Int = ServerConfiguration.defaultMaxConnections, requestHeadTimeout: Duration = .seconds(10),
                idleTimeout: Duration = .seconds(60), livePollInterval: Duration = .milliseconds(250),
                liveBufferSize: Int = 1024, serverName: String? = nil,
                publicDirectory: String? = ServerConfiguration.bundledConsole) {
        self.host = host
        self.port = port
        self.requestBodyLimit = requestBodyLimit
        self.tokenLifetime = tokenLifetime
        self.bcryptCost = bcryptCost
        self.maxFailedLogins = maxFailedLogins
        self.maxFailedLoginsPerAddress = maxFailedLoginsPerAddress
        self.loginWindow = loginWindow
        self.trustedProxies = trustedProxies
        self.maxConnections = maxConnections
        self.requestHeadTimeout = requestHeadTimeout
        self.idleTimeout = idleTimeout
        self.livePollInterval = livePollInterval
        self.liveBufferSize = liveBufferSize
        self.serverName = serverName
        self.publicDirectory = publicDirectory
    }

    /// 10,000, or fewer when the process may open fewer files: a quarter of the descriptors stay
    /// for the database, the map and the logs.
    public static var defaultMaxConnections: Int {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1000 }
        let files = Int(clamping: limit.rlim_cur)  // "infinity" is the largest value, clamped
        return max(16, min(10_000, files * 3 / 4))
    }

    /// The web console shipped in the server's resources, or nil when the resource folder is not
    /// beside the executable. Checked first because `Bundle.module` stops the process when it
    /// cannot find its folder, and a server must start without its console rather than not at all.
    public static var bundledConsole: String? {
        #if os(macOS) || os(iOS)
        let name = "pingan_PinganServer.bundle"
        #else
        let name = "pingan_PinganServer.resources"
        #endif
        let beside = Bundle.main.bundleURL.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: beside.path) else { return nil }
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Public"),
              FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path) else { return nil }
        return folder.path
    }
}
