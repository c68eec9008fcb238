import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganStore

/// `Idempotency-Key` for POST and PUT: a client that lost a reply sends the same request again
/// with the same key and gets the first reply back instead of a second effect. This adapter only
/// reads the key and fingerprints the request; the application's command runner stores the reply
/// in the command's own transaction and replays it (`Idempotency`, `Outcome`).
enum IdempotencyKey {
    /// The key (made the user's own) and the request's fingerprint, or nil without a key.
    ///
    /// The fingerprint covers method, path and the body in canonical form (keys sorted, no
    /// spaces, numbers and strings written one way), so a retry that spells the same JSON
    /// differently is the same request; a body that is not JSON counts byte for byte. Password
    /// fields are left out: the fingerprint is stored beside the rest of the request, and a plain
    /// hash of a new user's password next to their username would be cracked offline at hash
    /// speed, not bcrypt's. (A retry that changes only the password replays the first reply.)
    static func parse(_ request: Request, body: ByteBuffer, user: User) throws -> (key: String, hash: String)? {
        guard let raw = request.headers[HeaderName("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(raw.count), raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw Problem.invalidField("Idempotency-Key", "the Idempotency-Key header must be 1 to 200 visible ASCII characters")
        }
        var data = Data("\(request.method.rawValue)\n\(request.uri.path)\n".utf8)
        if let parsed = try? JSONValue.parse(body.readableBytesView) {
            data.append(contentsOf: withoutSecrets(parsed.value).canonicalText.utf8)
        } else {
            data.append(contentsOf: body.readableBytesView)
        }
        return ("\(user.id.rawValue):\(raw)", Tokens.sha256Hex(data))
    }

    /// Member names whose values never enter a fingerprint.
    static let secretFields: Set<String> = ["password"]

    static func withoutSecrets(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(members.filter { !secretFields.contains($0.key) }.mapValues(withoutSecrets))
        case .array(let items): .array(items.map(withoutSecrets))
        default: value
        }
    }

    /// A stored reply as the client gets it again.
    static func response(_ record: IdempotencyRecord, replayed: Bool) throws -> Response {
        guard (200...299).contains(record.status) else {
            throw Problem(.internalServerError, code: "internal", detail: "the stored reply for this Idempotency-Key is unreadable")
        }
        var reply = JSONReply(status: HTTPResponse.Status(code: record.status), body: Data(record.body.utf8)).response
        if replayed { reply.headers[HeaderName("Idempotent-Replayed")!] = "true" }
        return reply
    }
}

extension Dependencies {
    /// Runs a command on behalf of `request` and answers it. With an `Idempotency-Key`, the
    /// reply `render` makes is stored with the command's changes and sent to this caller and
    /// every retry alike (retries marked `Idempotent-Replayed: true`).
    func respond<Output: Sendable>(to request: Request, body: ByteBuffer, user: User, render: @escaping @Sendable (Output) throws -> JSONReply,
                                   _ run: (Idempotency<Output>?) async throws -> Outcome<Output>) async throws -> Response {
        let idempotency = try IdempotencyKey.parse(request, body: body, user: user).map { key in
            Idempotency<Output>(key: key.key, requestHash: key.hash) { output in
                let reply = try render(output)
                return StoredReply(status: reply.status.code, body: String(decoding: reply.body, as: UTF8.self))
            }
        }
        switch try await run(idempotency) {
        case .done(_, let record?): return try IdempotencyKey.response(record, replayed: false)
        case .done(let output, nil): return try render(output).response
        case .replayed(let record): return try IdempotencyKey.response(record, replayed: true)
        }
    }
}
