import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The built `pingan` binary run as a child process, the way an operator runs it.
struct PinganProcess {
    /// The executable next to the test bundle in the build folder (`swift test` builds it first).
    static var binary: URL {
        get throws {
            var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<3 {
                let candidate = dir.appendingPathComponent("pingan")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
            let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/pingan").standardized
            guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
                throw CLIError("the pingan executable was not found next to the tests; build it with `swift build`")
            }
            return fallback
        }
    }

    /// Runs `pingan ARGS` to completion and returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A free TCP port on loopback, found by binding port 0.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw CLIError("could not find a free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// A `pingan serve` child process on a free loopback port.
final class ServerProcess {
    let process = Process()
    let port: Int
    let base: URL
    let log: URL

    /// - Parameter arguments: Extra `serve` options; the default runs without a road network,
    ///   because most of these tests are about storage and processes and a map only slows start-up.
    init(dataDir: URL, adminPassword: String, database: String? = nil, arguments: [String] = ["--no-map"], directory: URL? = nil) throws {
        port = try PinganProcess.freePort()
        base = URL(string: "http://127.0.0.1:\(port)")!
        log = dataDir.appendingPathComponent("serve-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = try PinganProcess.binary
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = ["serve", "--port", String(port), "--data-dir", dataDir.path, "--bcrypt-cost", "4"] + arguments
            + (database.map { ["--database", $0] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging(["PINGAN_ADMIN_PASSWORD": adminPassword]) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Waits until `/healthz` answers, or fails after `seconds`. Generous, because start-up is not
    /// what these tests time: with the whole suite running on two cores, the demo city on the
    /// repository's map (read without its cache on a clean clone, then seeded) did not answer within a
    /// minute in CI, where alone it answers in 10 s. A server that never answers still fails, only later.
    func waitUntilReady(seconds: Double = 180) async throws {
        let deadline = Date() + seconds
        while Date() < deadline {
            if !process.isRunning { throw CLIError("pingan serve exited early: \(logText)") }
            if let (_, response) = try? await HTTP.session.data(from: base.appendingPathComponent("healthz")),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLIError("pingan serve did not become ready: \(logText)")
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGKILL: no shutdown handler runs, exactly like a power cut for the process.
    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Sends `signal` and waits for the exit; the exit status, or nil after `seconds`.
    func stop(with signal: Int32, seconds: Double = 30) async throws -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        Foundation.kill(process.processIdentifier, signal)
        let deadline = Date() + seconds
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM and wait: the graceful path.
    func terminate() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { kill() }
}

/// Minimal JSON-over-HTTP calls for the tests.
enum HTTP {
    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 10
        c.httpMaximumConnectionsPerHost = 16
        return URLSession(configuration: c)
    }()

    static func call(_ method: String, _ url: URL, token: String? = nil, json: Any? = nil, headers: [String: String] = [:]) async throws -> (status: Int, body: Any?) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
    }

    static func login(_ base: URL, password: String) async throws -> String {
        let (status, body) = try await call("POST", base.appendingPathComponent("v1/auth/login"), json: ["username": "admin", "password": password])
        guard status == 200, let token = (body as? [String: Any])?["token"] as? String else { throw CLIError("login failed: \(status) \(String(describing: body))") }
        return token
    }
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
