import Logging
import PostgresNIO

/// A pool keeps retrying a server it cannot reach and makes every query wait for it, which is
/// right while a running instance rides out a database restart but would leave `pingan migrate`
/// or `pingan serve` hanging silently at startup. So startup asks once, with a deadline.
extension PostgresStore {
    /// The server did not answer in time at startup; `description` names it, never the password.
    public struct Unreachable: Error, Sendable, CustomStringConvertible {
        public var server: String
        public var waited: Duration
        public var description: String { "PostgreSQL at \(server) did not accept a connection within \(waited)" }
    }

    /// Runs `SELECT 1` and throws `Unreachable` if it has not answered within `limit`. Errors the
    /// server does send (a wrong password, a missing database) come through as they are.
    func awaitServer(within limit: Duration) async throws {
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.client.query("SELECT 1", logger: self.logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !answered { throw Unreachable(server: server, waited: limit) }
    }
}
