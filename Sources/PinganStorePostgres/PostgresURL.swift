import Foundation
import PostgresNIO

/// Reads a libpq-style connection URL into a client configuration, so operators configure the
/// PostgreSQL store with the one string every other PostgreSQL tool accepts:
///
///     postgres://user:password@host:5432/database?sslmode=prefer
///     postgresql://user@/database?host=/var/run/postgresql        (Unix socket directory)
///
/// `sslmode` follows libpq: `disable`; `allow` and `prefer` (the default) use TLS when the server
/// offers it, without checking its certificate; `require` insists on TLS, still unchecked;
/// `verify-ca` checks the chain; `verify-full` checks the chain and the host name.
/// `connect_timeout` is libpq's too: the seconds to wait for a connection (10 when not given; a
/// store at startup waits five more for the server's first answer). Unlike libpq, 0 is refused
/// rather than taken as "wait for ever": a store that cannot reach its database says so.
public enum PostgresURL {
    /// Why a connection URL was refused. The message never repeats the password.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { "invalid PostgreSQL URL: \(message)" }
    }

    public static func configuration(_ string: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: string), let scheme = url.scheme?.lowercased() else {
            throw Invalid(message: "expected postgres://user:password@host:port/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw Invalid(message: "the scheme must be postgres:// or postgresql://, not \(scheme)://")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let username = query["user"] ?? url.user ?? "postgres"
        let password = query["password"] ?? url.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        var database = String(url.path.drop(while: { $0 == "/" }))
        if let name = query["dbname"] { database = name }
        let port = url.port ?? query["port"].flatMap { Int($0) } ?? 5432
        let host = query["host"] ?? url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"

        var configuration = if host.hasPrefix("/") {
            PostgresClient.Configuration(unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: username,
                                         password: password, database: database.isEmpty ? nil : database)
        } else {
            PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                         database: database.isEmpty ? nil : database, tls: try tls(query["sslmode"] ?? "prefer"))
        }
        if let text = query["connect_timeout"] {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw Invalid(message: "connect_timeout is a whole number of seconds from 1 to 3600, not \(text.prefix(20))")
            }
            configuration.options.connectTimeout = .seconds(Int64(seconds))
        }
        return configuration
    }

    static func tls(_ mode: String) throws -> PostgresClient.Configuration.TLS {
        var unchecked = TLSConfiguration.makeClientConfiguration()
        unchecked.certificateVerification = .none
        switch mode {
        case "disable":
            return .disable
        case "allow", "prefer":
            return .prefer(unchecked)
        case "require":
            return .require(unchecked)
        case "verify-ca":
            var chain = TLSConfiguration.makeClientConfiguration()
            chain.certificateVerification = .noHostnameVerification
            return .require(chain)
        case "verify-full":
            return .require(.makeClientConfiguration())
        default:
            throw Invalid(message: "unknown sslmode \(mode)")
        }
    }
}
