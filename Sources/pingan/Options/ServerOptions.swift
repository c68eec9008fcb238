import ArgumentParser
import Foundation
import PinganCore
import PinganServer

/// Every knob of `ServerConfiguration`, as a flag of `pingan serve` and as an environment variable
/// (the flag wins), read here and nowhere else: the server's composition root for configuration.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (PINGAN_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (PINGAN_PORT; default 8080).") var port: Int?
    @Option(help: "bcrypt cost for new passwords, 4-31 (PINGAN_BCRYPT_COST; default 12).") var bcryptCost: Int?
    @Option(help: "Largest request body in bytes (PINGAN_BODY_LIMIT; default 1048576).") var bodyLimit: Int?
    @Option(help: "Seconds a bearer token lives after sign-in (PINGAN_TOKEN_LIFETIME; default 43200).") var tokenLifetime: Double?
    @Option(help: "Failed sign-ins to one account from one address within the login window before it is locked there (PINGAN_MAX_FAILED_LOGINS; default 5).")
    var maxFailedLogins: Int?
    @Option(help: "Failed sign-ins per client address within the window before accounts that failed are refused there (PINGAN_MAX_FAILED_LOGINS_PER_ADDRESS; default 50).")
    var maxFailedLoginsPerAddress: Int?
    @Option(help: "Seconds over which failed sign-ins count, and the first lock-out's length (PINGAN_LOGIN_WINDOW; default 300).")
    var loginWindow: Double?
    @Option(help: "A proxy whose X-Forwarded-For is believed: address or CIDR block; repeat for several (PINGAN_TRUSTED_PROXIES, comma-separated).")
    var trustedProxy: [String] = []
    @Option(help: "Open connections allowed at once (PINGAN_MAX_CONNECTIONS; default 10000, fewer when the descriptor limit is lower).")
    var maxConnections: Int?
    @Option(help: "Seconds a new connection may take to send its first request head (PINGAN_REQUEST_HEAD_TIMEOUT; default 10).")
    var requestHeadTimeout: Double?
    @Option(help: "Seconds a kept-alive connection may idle or a request body pause (PINGAN_IDLE_TIMEOUT; default 60).")
    var idleTimeout: Double?
    @Option(help: "Milliseconds between live-feed polls of the log, for writes of other instances (PINGAN_LIVE_POLL_INTERVAL; default 250).")
    var livePollInterval: Int?
    @Option(help: "Events a live subscriber may fall behind by before it is disconnected (PINGAN_LIVE_BUFFER; default 1024).")
    var liveBuffer: Int?
    @Option(help: "Partitions of the position tracker, each deciding its units' fixes on a core of its own, with its own routing index of about 24 bytes per road node (PINGAN_TRACKER_PARTITIONS; default: one per core, up to 8).")
    var trackerPartitions: Int?
    @Option(help: "Metres from the nearest station within which a call on no station's area is still filed there; farther ones are refused (PINGAN_OUTSIDE_AREA_METRES; default 1000; 0 refuses all).")
    var outsideAreaMetres: Double?
    @Option(help: "Hex key (64+ digits) identity document numbers are hashed under; every instance of a deployment shares it (PINGAN_DOCUMENT_KEY; default: the data directory's document.key, made once).")
    var documentKey: String?
    @Option(help: "Seconds of silence before a sensor is declared offline, with an alert (PINGAN_SENSOR_OFFLINE_SECONDS; default 300).")
    var sensorOfflineSeconds: Double?
    @Option(help: "Days sensor records are kept before they are purged (PINGAN_RECORD_RETENTION_DAYS; default 90).")
    var recordRetentionDays: Double?
    @Option(help: "Hour of the China Standard Time day, 0-23, at which yesterday's daily reports and duty logs are written and stored (PINGAN_REPORT_HOUR; default 6).")
    var reportHour: Int?
    @Option(help: "Languages the daily job writes each report in, comma-separated: zh, en (PINGAN_REPORT_LANGUAGES; default zh).")
    var reportLanguages: String?
    @Flag(help: "Do not write the daily reports and duty logs by themselves (the job's off switch).") var noReports = false
    @Flag(help: "The daily job prints each report to PDF too, where headless Chromium is installed (PINGAN_REPORT_PDF=1).") var reportPdf = false
    @Option(help: "Server header to send (PINGAN_SERVER_NAME; default none).") var serverName: String?
    @Option(help: "Folder of console files to serve instead of the bundled console (PINGAN_PUBLIC_DIR).") var publicDir: String?
    @Option(help: "PEM certificate chain: serve HTTPS and WSS only (PINGAN_TLS_CERT; needs --tls-key).") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert (PINGAN_TLS_KEY).") var tlsKey: String?
    @Flag(help: ArgumentHelp("Serve plain HTTP on an address other than loopback (PINGAN_INSECURE_HTTP=1).",
                             discussion: "Only behind a proxy that ends TLS: without this or --tls-cert, such a --host is refused."))
    var insecureHttp = false

    /// The configuration these flags and `environment` give.
    func configuration(_ environment: Environment = .process) throws -> ServerConfiguration {
        var c = ServerConfiguration()
        func number<T: LosslessStringConvertible>(_ flag: T?, _ name: Environment.Name, _ option: String) throws -> T? {
            if let flag { return flag }
            guard let raw = environment[name] else { return nil }
            guard let value = T(raw) else { throw ValidationError("\(name.rawValue)=\(raw.prefix(40)) is not a valid value for --\(option)") }
            return value
        }
        c.host = host ?? environment[.host] ?? c.host
        c.port = try number(port, .port, "port") ?? c.port
        c.bcryptCost = try number(bcryptCost, .bcryptCost, "bcrypt-cost") ?? c.bcryptCost
        c.requestBodyLimit = try number(bodyLimit, .bodyLimit, "body-limit") ?? c.requestBodyLimit
        c.tokenLifetime = try number(tokenLifetime, .tokenLifetime, "token-lifetime") ?? c.tokenLifetime
        c.maxFailedLogins = try number(maxFailedLogins, .maxFailedLogins, "max-failed-logins") ?? c.maxFailedLogins
        c.maxFailedLoginsPerAddress = try number(maxFailedLoginsPerAddress, .maxFailedLoginsPerAddress, "max-failed-logins-per-address")
            ?? c.maxFailedLoginsPerAddress
        c.loginWindow = try number(loginWindow, .loginWindow, "login-window") ?? c.loginWindow
        c.trustedProxies = !trustedProxy.isEmpty ? trustedProxy
            : (environment[.trustedProxies]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? [])
        c.maxConnections = try number(maxConnections, .maxConnections, "max-connections") ?? c.maxConnections
        if let s = try number(requestHeadTimeout, .requestHeadTimeout, "request-head-timeout") { c.requestHeadTimeout = .milliseconds(Int64(s * 1000)) }
        if let s = try number(idleTimeout, .idleTimeout, "idle-timeout") { c.idleTimeout = .milliseconds(Int64(s * 1000)) }
        if let ms = try number(livePollInterval, .livePollInterval, "live-poll-interval") { c.livePollInterval = .milliseconds(ms) }
        c.liveBufferSize = try number(liveBuffer, .liveBuffer, "live-buffer") ?? c.liveBufferSize
        c.outsideAreaMetres = try number(outsideAreaMetres, .outsideAreaMetres, "outside-area-metres") ?? c.outsideAreaMetres
        c.trackerPartitions = try number(trackerPartitions, .trackerPartitions, "tracker-partitions") ?? c.trackerPartitions
        if let hex = documentKey ?? environment[.documentKey] {
            guard let key = Self.bytes(hex: hex), key.count >= 32 else {
                throw ValidationError("--document-key (PINGAN_DOCUMENT_KEY) is at least 64 hexadecimal digits")
            }
            c.documentKey = key
        }
        c.sensorOfflineSeconds = try number(sensorOfflineSeconds, .sensorOfflineSeconds, "sensor-offline-seconds") ?? c.sensorOfflineSeconds
        c.recordRetentionDays = try number(recordRetentionDays, .recordRetentionDays, "record-retention-days") ?? c.recordRetentionDays
        c.reportHour = noReports ? nil : try number(reportHour, .reportHour, "report-hour") ?? 6
        c.reportPDF = reportPdf || ["1", "true", "yes"].contains(environment[.reportPDF]?.lowercased() ?? "")
        if let raw = reportLanguages ?? environment[.reportLanguages] {
            c.reportLanguages = try raw.split(separator: ",").map {
                guard let l = Report.Language(rawValue: $0.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--report-languages (PINGAN_REPORT_LANGUAGES) is a comma-separated list of zh, en")
                }
                return l
            }
        }
        c.serverName = serverName ?? environment[.serverName]
        if let folder = publicDir ?? environment[.publicDirectory] { c.publicDirectory = folder }
        switch (tlsCert ?? environment[.tlsCertificate], tlsKey ?? environment[.tlsKey]) {
        case (nil, nil): break
        case (let cert?, let key?):
            for file in [cert, key] where !FileManager.default.isReadableFile(atPath: file) {
                throw ValidationError("--tls-cert/--tls-key: cannot read \(file)")
            }
            c.tls = .init(certificateChain: cert, privateKey: key)
        default: throw ValidationError("--tls-cert and --tls-key (PINGAN_TLS_CERT, PINGAN_TLS_KEY) go together")
        }
        c.insecureHTTP = insecureHttp || ["1", "true", "yes"].contains(environment[.insecureHTTP]?.lowercased() ?? "")
        try Self.check(c)
        return c
    }

    /// Bytes of a hexadecimal text, or nil when it is not one.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let b = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        return out
    }

    /// The limits every value must keep, whichever way it came.
    static func check(_ c: ServerConfiguration) throws {
        if c.tls == nil && !c.insecureHTTP && !ServerConfiguration.isLoopback(c.host) {
            throw ValidationError("""
                refusing plain HTTP on \(c.host): passwords and tokens would cross the network in clear. \
                Pass --tls-cert FILE --tls-key FILE, or --insecure-http when a proxy in front ends TLS.
                """)
        }
        guard (0...65535).contains(c.port) else { throw ValidationError("--port (PINGAN_PORT) must be between 1 and 65535") }
        guard (4...31).contains(c.bcryptCost) else { throw ValidationError("--bcrypt-cost (PINGAN_BCRYPT_COST) must be between 4 and 31") }
        guard c.requestBodyLimit >= 1024 else { throw ValidationError("--body-limit (PINGAN_BODY_LIMIT) must be at least 1024 bytes") }
        guard c.tokenLifetime >= 60 else { throw ValidationError("--token-lifetime (PINGAN_TOKEN_LIFETIME) must be at least 60 s") }
        guard c.maxFailedLogins >= 1, c.maxFailedLoginsPerAddress >= 1 else {
            throw ValidationError("--max-failed-logins and --max-failed-logins-per-address must be at least 1")
        }
        guard c.outsideAreaMetres >= 0, c.outsideAreaMetres.isFinite else {
            throw ValidationError("--outside-area-metres (PINGAN_OUTSIDE_AREA_METRES) must be 0 or more")
        }
        guard c.sensorOfflineSeconds >= 10, c.sensorOfflineSeconds.isFinite, c.recordRetentionDays >= 1, c.recordRetentionDays.isFinite else {
            throw ValidationError("--sensor-offline-seconds must be at least 10 and --record-retention-days at least 1")
        }
        if let hour = c.reportHour, !(0...23).contains(hour) { throw ValidationError("--report-hour (PINGAN_REPORT_HOUR) must be between 0 and 23") }
        guard !c.reportLanguages.isEmpty else { throw ValidationError("--report-languages (PINGAN_REPORT_LANGUAGES) names at least one language") }
        guard c.loginWindow >= 1 else { throw ValidationError("--login-window (PINGAN_LOGIN_WINDOW) must be at least 1 s") }
        guard c.maxConnections >= 1 else { throw ValidationError("--max-connections (PINGAN_MAX_CONNECTIONS) must be at least 1") }
        guard (1...64).contains(c.trackerPartitions) else { throw ValidationError("--tracker-partitions (PINGAN_TRACKER_PARTITIONS) must be between 1 and 64") }
        guard c.requestHeadTimeout >= .milliseconds(100), c.idleTimeout >= .milliseconds(100) else {
            throw ValidationError("--request-head-timeout and --idle-timeout must be at least 0.1 s")
        }
        guard c.livePollInterval >= .milliseconds(10), c.liveBufferSize >= 1 else {
            throw ValidationError("--live-poll-interval must be at least 10 ms and --live-buffer at least 1")
        }
        do { _ = try TrustedProxies(c.trustedProxies) } catch { throw ValidationError("--trusted-proxy (PINGAN_TRUSTED_PROXIES): \(error)") }
    }
}
