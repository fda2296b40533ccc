import Logging
import PostgresNIO

/// Runs work in one PostgreSQL transaction on one pooled connection.
///
/// postgres-nio's own `withTransaction` wraps every error in `PostgresTransactionError`; the
/// store needs its `ServerError`s (a device of another user, a cursor ahead) to reach the
/// problem-details middleware as they were thrown, so this helper rethrows them unchanged.
enum PostgresTransaction {
    /// How the transaction sees concurrent commits.
    enum Isolation: String {
        /// Each statement sees what was committed before it started (PostgreSQL's default).
        case readCommitted = "READ COMMITTED"
        /// Every statement sees one snapshot, taken at the first one: a pull page and the rows
        /// it names come from the same moment.
        case repeatableReadOnly = "REPEATABLE READ, READ ONLY"
    }

    /// Begins a transaction, runs `body`, and commits; rolls back when `body` throws.
    /// - Throws: whatever `body` throws, unchanged; database errors of BEGIN and COMMIT.
    static func run<Result: Sendable>(
        on client: PostgresClient, isolation: Isolation = .readCommitted, logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "START TRANSACTION ISOLATION LEVEL \(isolation.rawValue)"), logger: logger)
            let result: Result
            do {
                result = try await body(connection)
            } catch {
                // The original error is the one worth reporting; if ROLLBACK fails too, the
                // connection is broken and the pool discards it, which ends the transaction.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }
}
