import Foundation
import Hummingbird
import PinganCore
import PinganStore

/// `Idempotency-Key` handling for POST: a client that lost a reply may send the same request
/// again with the same key and gets the first reply back instead of a second effect.
///
/// Keys are stored as `"<userID>:<key>"` with the SHA-256 of method, path and body; the same key
/// with a different request is refused with 422 `idempotency_key_reused`.
struct Idempotency: Sendable {
    let store: any Store
    let time: any TimeSource

    struct Request: Sendable {
        var key: String
        var hash: String
    }

    /// The key and request hash of `request`, or nil when it carries no key.
    static func parse(_ request: Hummingbird.Request, body: ByteBuffer, user: User) throws -> Request? {
        guard let raw = request.headers[HeaderName("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(raw.count), raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw Problem.invalidField("Idempotency-Key", "the Idempotency-Key header must be 1 to 200 visible ASCII characters")
        }
        var data = Data("\(request.method.rawValue)\n\(request.uri.path)\n".utf8)
        data.append(contentsOf: body.readableBytesView)
        return Request(key: "\(user.id.rawValue):\(raw)", hash: Tokens.sha256Hex(data))
    }

    /// The stored reply for a repeated request, or 422 when the key was used for another request.
    static func replay(_ record: IdempotencyRecord, for request: Request) throws -> Response {
        guard record.requestHash == request.hash else {
            throw Problem(.unprocessableContent, code: "idempotency_key_reused",
                          detail: "this Idempotency-Key was used for a different request", field: "Idempotency-Key")
        }
        guard (200...299).contains(record.status) else {
            throw Problem(.internalServerError, code: "internal", detail: "the stored reply for this Idempotency-Key is unreadable")
        }
        var reply = JSONReply(status: HTTPResponse.Status(code: record.status), body: Data(record.body.utf8)).response
        reply.headers[HeaderName("Idempotent-Replayed")!] = "true"
        return reply
    }

    func record(_ request: Request, reply: JSONReply) -> IdempotencyRecord {
        IdempotencyRecord(key: request.key, requestHash: request.hash, status: reply.status.code,
                          body: String(decoding: reply.body, as: UTF8.self), createdAt: time.now())
    }

    /// Runs `work` once per key: replays a stored reply, or runs it and stores its reply.
    /// Used for every POST except incident creation, which stores its reply in its own commit.
    func perform(_ request: Request?, user: User, _ work: () async throws -> JSONReply) async throws -> Response {
        guard let request else { return try await work().response }
        if let known = try await store.idempotencyRecord(key: request.key) {
            return try Self.replay(known, for: request)
        }
        let reply = try await work()
        do {
            try await store.commit(Changeset(actor: Actor(user), command: "RememberReply", at: time.now(), events: [], writes: [],
                                             idempotency: record(request, reply: reply)))
        } catch let error as StoreError where error.kind == .idempotencyReplay {
            // A concurrent retry stored its reply first; ours is equally valid.
        }
        return reply.response
    }
}
