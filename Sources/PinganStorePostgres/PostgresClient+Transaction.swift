import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` inside one transaction on one pooled connection: COMMIT when it returns,
    /// ROLLBACK when it throws, and the error rethrown as it was thrown.
    ///
    /// Why not PostgresNIO's `withTransaction`: that one wraps every failure in a
    /// `PostgresTransactionError`, and the store must let its own `StoreError`s (conflict,
    /// idempotency replay) and the server's SQLSTATEs through untouched to map them. A connection
    /// whose ROLLBACK fails is in an unknown state, so it is closed rather than handed back.
    ///
    /// - Parameters:
    ///   - begin: the statement that opens the transaction, e.g. with an isolation level.
    ///   - logger: where the driver logs the queries.
    ///   - body: the work; it must not keep the connection.
    func inTransaction<Result: Sendable>(
        begin: PostgresQuery = "BEGIN",
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.query(begin, logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: logger)
                } catch {
                    try? await connection.close()
                }
                throw error
            }
        }
    }
}
