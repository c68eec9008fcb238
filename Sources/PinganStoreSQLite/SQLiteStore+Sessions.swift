import Foundation
import GRDB
import PinganCore
import PinganStore

/// `SessionStore`: bearer tokens by hash.
extension SQLiteStore {
    public func saveSession(_ session: Session) async throws {
        try await writeAlone { db in
            // Tokens live hours, not weeks: anything that expired 30 days before this one is dead.
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [session.expiresAt.timeIntervalSince1970 - 30 * 86_400])
            try db.execute(sql: "INSERT OR REPLACE INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                           arguments: [session.tokenHash, session.userID.rawValue, session.expiresAt.timeIntervalSince1970])
        }
    }

    public func session(tokenHash: String) async throws -> Session? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) else { return nil }
            return Session(tokenHash: row["token_hash"], userID: UserID(row["user_id"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await writeAlone { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    @discardableResult
    public func deleteSessions(userID: UserID, keeping: String?) async throws -> Int {
        try await writeAlone { db in
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?", arguments: [userID.rawValue, keeping])
            return db.changesCount
        }
    }
}
