import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinganCore

/// A client of a running Pingan server: plain JSON over HTTP with a bearer token, the same
/// requests a phone or a car terminal sends. The demo city's crews and `pingan replay --server`
/// drive the server through it.
struct APIClient: Sendable {
    let base: URL
    let token: String
    let session: URLSession

    /// - Parameter base: The server's address; a missing final `/` is added, so paths like
    ///   `v1/units` resolve below it.
    init(base: URL, token: String) {
        self.base = base.absoluteString.hasSuffix("/") ? base : URL(string: base.absoluteString + "/")!
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        // Generous: FoundationNetworking on Linux can crash the process when a request times out
        // while libcurl still holds it (seen once on a loaded machine whose disk made a commit's
        // fsync slow), and a loopback server that is slow is still coming.
        configuration.timeoutIntervalForRequest = 300
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    /// A refusal from the server: status and problem code.
    struct Failure: Error, CustomStringConvertible {
        var status: Int
        var code: String?
        var detail: String?
        var description: String { "HTTP \(status) \(code ?? "")\(detail.map { ": \($0)" } ?? "")" }
    }

    @discardableResult
    func send(_ method: String, _ path: String, json: Any? = nil) async throws -> Data {
        try await send(method, path, body: try json.map { try JSONSerialization.data(withJSONObject: $0) })
    }

    /// Sends an already encoded JSON body.
    @discardableResult
    func send(_ method: String, _ path: String, body: Data?) async throws -> Data {
        guard let url = URL(string: path, relativeTo: base) else { throw Failure(status: 0, code: "bad_path", detail: path) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let problem = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            throw Failure(status: status, code: problem?["code"] as? String, detail: problem?["detail"] as? String)
        }
        return data
    }

    /// Signs in and returns a client holding the token.
    static func login(base: URL, username: String, password: String) async throws -> APIClient {
        let anonymous = APIClient(base: base, token: "")
        let data = try await anonymous.send("POST", "v1/auth/login", json: ["username": username, "password": password])
        guard let token = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["token"] as? String else {
            throw Failure(status: 200, code: "no_token", detail: "the sign-in answer holds no token")
        }
        return APIClient(base: base, token: token)
    }

    /// Polls `/healthz` until the server answers, for up to 30 s (a server started in the same
    /// process may still be binding its port).
    func waitUntilServing() async throws {
        for _ in 0..<300 {
            if case .some = try? await send("GET", "healthz") { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(status: 0, code: "not_serving", detail: "the server did not answer on \(base) within 30 s")
    }

    func get<T: Decodable>(_ path: String, as: T.Type) async throws -> T {
        try JSONCoding.decoder.decode(T.self, from: try await send("GET", path))
    }
}
