import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing and checking for people's passwords. bcrypt is slow on purpose, so both run on
/// NIO's blocking thread pool rather than on the event loops or Swift's cooperative threads.
/// The CLI uses this to create the first administrator and `user add`.
public enum Passwords {
    /// A bcrypt hash of `password` with work factor `cost` (4...31).
    public static func hash(_ password: String, cost: Int) async throws -> String {
        let cost = UInt8(clamping: min(max(cost, 4), 31))
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; false for malformed hashes.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
