import Foundation
import Logging
import PinganCore
import PinganStore
import PostgresNIO

/// `SessionStore`: bearer tokens by hash.
extension PostgresStore {
    public func saveSession(_ session: Session) async throws {
        // Tokens live hours, not weeks: anything that expired 30 days before this one is dead.
        let expiredBefore = session.expiresAt.timeIntervalSince1970 - 30 * 86_400
        try await client.inTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM sessions WHERE expires_at < \(expiredBefore)", logger: logger)
            try await connection.query("""
                INSERT INTO sessions (token_hash, user_id, expires_at)
                VALUES (\(session.tokenHash), \(session.userID.rawValue), \(session.expiresAt.timeIntervalSince1970))
                ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at
                """, logger: logger)
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        let rows = try await client.query("SELECT token_hash, user_id, expires_at FROM sessions WHERE token_hash = \(tokenHash)", logger: logger)
        for try await (hash, userID, expiresAt) in rows.decode((String, String, Double).self) {
            return Session(tokenHash: hash, userID: UserID(userID), expiresAt: Date(timeIntervalSince1970: expiresAt))
        }
        return nil
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query("DELETE FROM sessions WHERE token_hash = \(tokenHash)", logger: logger)
    }

    @discardableResult
    public func deleteSessions(userID: UserID, keeping: String?) async throws -> Int {
        let rows = try await client.query("DELETE FROM sessions WHERE user_id = \(userID.rawValue) AND token_hash IS DISTINCT FROM \(keeping) RETURNING 1",
                                          logger: logger)
        var n = 0
        for try await _ in rows.decode(Int.self) { n += 1 }
        return n
    }
}
