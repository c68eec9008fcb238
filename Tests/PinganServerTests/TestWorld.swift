import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PinganApp
import PinganCore
import PinganServer
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// A seeded in-memory SQLite store, a movable clock and users with real passwords, served by the
/// real application. Every test gets its own.
struct TestWorld: Sendable {
    let store: SQLiteStore
    let time: TestTime
    let fixtures: Fixtures
    static let password = "correct horse battery"

    /// Users created with real bcrypt hashes (cost 4), by role.
    static let users: [(name: String, role: Role, station: Int?)] = [
        ("boss", .admin, nil), ("disp", .dispatcher, nil), ("offA", .stationOfficer, 0), ("offB", .stationOfficer, 1), ("audit", .auditor, nil),
    ]

    static func make(store given: SQLiteStore? = nil) async throws -> TestWorld {
        let store = try given ?? SQLiteStore.inMemory()
        try await store.migrate()
        // Start at the real present: the SQLite store purges sessions by the wall clock.
        let time = TestTime(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let service = AppServices(store: store, time: time)
        let fixtures = try await Fixtures.seed(service)
        let hash = try await Passwords.hash(password, cost: 4)
        for user in users {
            let jurisdiction = switch user.station {
            case 0: fixtures.stationA.id
            case 1: fixtures.stationB.id
            default: fixtures.city.id
            }
            _ = try await service.users.create(username: user.name, displayName: user.name, role: user.role, jurisdictionID: jurisdiction,
                                             unitID: nil, passwordHash: hash, by: .system, scope: .everything).get()
        }
        return TestWorld(store: store, time: time, fixtures: fixtures)
    }

    /// Time-outs far above the server's defaults: the test client opens its connection before
    /// the test body runs, and on a machine running the whole suite the first request can come
    /// later than the default 10 s head time-out allows (the connection tests set their own).
    static var configuration: ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, bcryptCost: 4, requestHeadTimeout: .seconds(300), idleTimeout: .seconds(300),
                            livePollInterval: .milliseconds(50))
    }

    /// Runs `body` against a fresh world and application.
    static func run(_ mode: TestingSetup = .router, configuration: ServerConfiguration = TestWorld.configuration,
                    _ body: @escaping @Sendable (TestWorld, any TestClientProtocol) async throws -> Void) async throws {
        let world = try await make()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try await buildApplication(store: world.store, configuration: configuration, time: world.time, logger: logger)
        try await drive(app, mode) { client in try await body(world, client) }
    }

    /// How long a test waits for a live server's reply. The whole suite (SQLite and PostgreSQL,
    /// demo servers beside it) on two cores has kept a reply waiting over 20 s; a server that never
    /// answers still fails its test, after two minutes.
    static let patience: Double = 120

    /// The time limit of the tests that follow the live feed: a guard against a hang, not a speed
    /// goal. Swift Testing runs at most twice as many tests as there are cores at once, so on two
    /// cores a live test shares them with whichever three others are running, the slowest of which
    /// (demo servers, a disk-bound append rate) have made such a test take over three minutes.
    static let liveTimeLimit: TimeLimitTrait.Duration = .minutes(10)

    /// Runs `body` with a client of `app`. A live server gets a client of our own that waits
    /// `patience` for a reply: the framework's waits 20 s.
    static func drive(_ app: some ApplicationProtocol, _ mode: TestingSetup,
                      _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await app.test(mode) { client in
            guard let port = client.port else { return try await body(client) }
            try await TestClient.withClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(patience))) { patient in
                try await body(PatientClient(base: client, patient: patient))
            }
        }
    }
}

/// A live server's test client whose `call`s wait two minutes for a reply. The framework's
/// `TestResponse` cannot be made outside it, so `execute` (used once, for a request without a
/// content type) still goes through the framework's client.
private struct PatientClient: TestClientProtocol {
    let base: any TestClientProtocol
    let patient: TestClient

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { base.port }

    func reply(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Reply {
        var headers = headers
        headers[.connection] = "keep-alive"
        let response = try await patient.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
        return Reply(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
    }
}

/// One reply, decoded loosely for assertions.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer

    var text: String { String(buffer: body) }
    var json: JSONValue { (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))) ?? .null }
    var code: String? { json["code"]?.stringValue }
    var isProblem: Bool { headers[.contentType] == "application/problem+json" }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONCoding.decoder.decode(T.self, from: Data(text.utf8)) }
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil,
              headers extra: [String: String] = [:]) async throws -> Reply {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        for (k, v) in extra { headers[HTTPFields.Element.Name(k)!] = v }
        func send() async throws -> Reply {
            if let live = self as? PatientClient {
                return try await live.reply(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
            }
            return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                Reply(status: response.status, headers: response.headers, body: response.body)
            }
        }
        do {
            return try await send()
        } catch ChannelError.ioOnClosedChannel {
            // The test client reuses its connection; after the server closed it (a refused
            // WebSocket upgrade does) a loaded machine may not have noticed yet. Once more, anew.
            return try await send()
        }
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: JSONValue,
              headers: [String: String] = [:]) async throws -> Reply {
        let text = String(decoding: try JSONCoding.encoder.encode(json), as: UTF8.self)
        return try await call(method, uri, token: token, body: text, headers: headers)
    }

    /// Signs in and returns the bearer token.
    func login(_ username: String, password: String = TestWorld.password) async throws -> String {
        let reply = try await call(.post, "/v1/auth/login", json: .object(["username": .string(username), "password": .string(password)]))
        #expect(reply.status == .ok, "login \(username): \(reply.text)")
        return try #require(reply.json["token"]?.stringValue)
    }
}

/// A call near station A as request JSON.
func callJSON(_ description: String = "两人在店门口争吵", category: String = "dispute", lat: Double = 31.2352, lon: Double = 121.4801,
              jurisdictionID: JurisdictionID? = nil) -> JSONValue {
    var o: [String: JSONValue] = [
        "category": .string(category), "priority": .number(2), "location": .object(["lat": .number(lat), "lon": .number(lon)]),
        "address": "南京东路300号", "callerName": "张三", "callerPhone": "13812345678", "description": .string(description),
    ]
    if let jurisdictionID { o["jurisdictionID"] = .string(jurisdictionID.rawValue) }
    return .object(o)
}

/// A value shared between a WebSocket handler and the test body, behind one lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
}
