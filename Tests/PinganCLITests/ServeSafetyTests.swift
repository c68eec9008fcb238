import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// How `pingan serve` starts for an administrator: from any directory, never in clear text on a
/// network address unless told to, HTTPS when given a certificate, no secret in its output.
@Suite("pingan serve starts safely anywhere", .serialized)
struct ServeSafetyTests {
    @Test func plainHTTPOnANetworkAddressIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = String(try PinganProcess.freePort())
        for (arguments, environment) in [(["--host", "0.0.0.0"], [String: String]()), ([], ["PINGAN_HOST": "192.0.2.10"])] {
            let (status, output) = try PinganProcess.run(["serve", "--no-map", "--port", port, "--data-dir", dir.path] + arguments, environment: environment)
            #expect(status != 0)
            #expect(output.contains("refusing plain HTTP"), "\(output)")
        }
        let (status, output) = try PinganProcess.run(["serve", "--no-map", "--port", port, "--data-dir", dir.path, "--tls-cert", "/nonexistent.pem"])
        #expect(status != 0)
        #expect(output.contains("go together"), "\(output)")
        // Nothing was created: the refusal comes before the store opens.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"),
                   "needs openssl and curl"))
    func certificateFilesServeHTTPSOnly() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        #expect(try Self.tool("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                   "-days", "1", "-subj", "/CN=127.0.0.1"]).status == 0)
        let server = try ServerProcess(dataDir: dir, adminPassword: "tls-admin-password", arguments: ["--no-map", "--tls-cert", cert, "--tls-key", key])
        defer { server.terminate() }
        let https = "https://127.0.0.1:\(server.port)/healthz"
        var answer = (status: Int32(1), output: "")
        let deadline = Date() + 60
        while answer.status != 0 && Date() < deadline && server.process.isRunning {
            try await Task.sleep(for: .milliseconds(200))
            answer = try Self.tool("/usr/bin/curl", ["-sk", "--max-time", "5", https])
        }
        #expect(answer.status == 0 && answer.output.contains("\"status\""), "\(answer.output) \(server.logText)")
        let plain = try Self.tool("/usr/bin/curl", ["-s", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.port)/healthz"])
        #expect(plain.output != "200", "plain HTTP was answered on the HTTPS port")
    }

    @Test func theDemoStartsFromAnyDirectoryWithoutLeakingSecrets() async throws {
        let data = try temporaryDirectory()
        let elsewhere = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data); try? FileManager.default.removeItem(at: elsewhere) }
        let password = "demo-admin-secret-\(UUID().uuidString.prefix(8))"
        let server = try ServerProcess(dataDir: data, adminPassword: password, arguments: ["--demo", "--demo-rate", "1"], directory: elsewhere)
        defer { server.terminate() }
        try await server.waitUntilReady()
        let (_, health) = try await HTTP.call("GET", server.base.appendingPathComponent("healthz"))
        #expect((health as? [String: Any])?["demo"] as? Bool == true, "\(String(describing: health))")
        let token = try await HTTP.login(server.base, password: password)
        let (status, roads) = try await HTTP.call("GET", server.base.appendingPathComponent("v1/map/roads").appending(queryItems: [
            URLQueryItem(name: "bbox", value: "31.22,121.46,31.25,121.50"), URLQueryItem(name: "zoom", value: "16")]), token: token)
        #expect(status == 200)
        #expect(((roads as? [String: Any])?["features"] as? [Any])?.isEmpty == false)
        #expect(server.logText.contains("pingan_pingan.resources/Maps/shanghai_center.osm.xz"), "\(server.logText.prefix(2000))")
        #expect(!server.logText.contains(password))
        // A database URL's password stays out of the output too, even when the start fails.
        let (failed, output) = try PinganProcess.run(["serve", "--no-map", "--data-dir", data.path, "--database", "postgres://pingan:url-secret-pw@127.0.0.1:1/pingan"])
        #expect(failed != 0)
        #expect(!output.contains("url-secret-pw"), "\(output)")
    }

    static func tool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
