import Foundation

/// A fresh database on the test PostgreSQL server (`PINGAN_TEST_POSTGRES_URL`), made and dropped
/// with psql so CLI tests can point `pingan` processes at it.
struct PostgresScratch {
    static var adminURL: String? { ProcessInfo.processInfo.environment["PINGAN_TEST_POSTGRES_URL"] }
    static var available: Bool { adminURL != nil }

    let name: String
    let url: String

    init() throws {
        guard let admin = Self.adminURL else { throw CLIError("PINGAN_TEST_POSTGRES_URL is not set") }
        name = "pingan_cli_\(UUID().uuidString.prefix(8).lowercased())"
        guard let slash = admin.lastIndex(of: "/") else { throw CLIError("PINGAN_TEST_POSTGRES_URL has no database part") }
        // A loaded machine (the whole suite on two cores) has kept a store's first answer
        // waiting past the default 15 s.
        url = admin[..<slash] + "/" + name + "?connect_timeout=120"
        try Self.psql(admin, "CREATE DATABASE \(name)")
    }

    func drop() {
        if let admin = Self.adminURL { try? Self.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    static func psql(_ url: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CLIError("psql failed: \(String(decoding: out, as: UTF8.self))") }
    }
}
