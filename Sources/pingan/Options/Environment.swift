import Foundation

/// The one place the process environment is read. Every `PINGAN_*` variable the command line
/// understands is named here; everything else asks this type, so `pingan serve --help` and this
/// file together list all of the configuration.
struct Environment: Sendable {
    let values: [String: String]

    static var process: Environment { Environment(values: ProcessInfo.processInfo.environment) }

    subscript(_ name: Name) -> String? {
        guard let value = values[name.rawValue], !value.isEmpty else { return nil }
        return value
    }

    enum Name: String, CaseIterable {
        // Server (see ServerOptions).
        case host = "PINGAN_HOST", port = "PINGAN_PORT", bodyLimit = "PINGAN_BODY_LIMIT", tokenLifetime = "PINGAN_TOKEN_LIFETIME"
        case bcryptCost = "PINGAN_BCRYPT_COST", maxFailedLogins = "PINGAN_MAX_FAILED_LOGINS"
        case maxFailedLoginsPerAddress = "PINGAN_MAX_FAILED_LOGINS_PER_ADDRESS", loginWindow = "PINGAN_LOGIN_WINDOW"
        case trustedProxies = "PINGAN_TRUSTED_PROXIES", maxConnections = "PINGAN_MAX_CONNECTIONS"
        case requestHeadTimeout = "PINGAN_REQUEST_HEAD_TIMEOUT", idleTimeout = "PINGAN_IDLE_TIMEOUT"
        case livePollInterval = "PINGAN_LIVE_POLL_INTERVAL", liveBuffer = "PINGAN_LIVE_BUFFER", serverName = "PINGAN_SERVER_NAME"
        case publicDirectory = "PINGAN_PUBLIC_DIR", tlsCertificate = "PINGAN_TLS_CERT", tlsKey = "PINGAN_TLS_KEY"
        case insecureHTTP = "PINGAN_INSECURE_HTTP", outsideAreaMetres = "PINGAN_OUTSIDE_AREA_METRES"
        case trackerPartitions = "PINGAN_TRACKER_PARTITIONS"
        case documentKey = "PINGAN_DOCUMENT_KEY", sensorOfflineSeconds = "PINGAN_SENSOR_OFFLINE_SECONDS", recordRetentionDays = "PINGAN_RECORD_RETENTION_DAYS"
        case reportHour = "PINGAN_REPORT_HOUR", reportLanguages = "PINGAN_REPORT_LANGUAGES", reportPDF = "PINGAN_REPORT_PDF"
        // Stores.
        case databaseURL = "PINGAN_DATABASE_URL"
        // Secrets that stay out of shell history.
        case adminPassword = "PINGAN_ADMIN_PASSWORD", userPassword = "PINGAN_USER_PASSWORD", replayPassword = "PINGAN_REPLAY_PASSWORD"
    }
}
