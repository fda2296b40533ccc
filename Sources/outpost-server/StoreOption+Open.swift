import Logging
import OutpostDomain
import OutpostServer
import PostgresNIO

extension StoreOption {
    /// Opens the store `--db` names (a SQLite file, or a PostgreSQL URL, migrated first), runs
    /// `body` with it, and closes it: for the one-shot subcommands (`reclaim`, `ingest`).
    func withStore<R: Sendable>(logger: Logger, _ body: @Sendable (any ChangeStore) async throws -> R) async throws -> R {
        guard PostgresURL.isPostgresURL(databasePath) else {
            let store = try ServerSetupError.openingStore(at: databasePath) {
                try SQLiteChangeStore(path: databasePath, schema: OutpostSchema.current)
            }
            return try await body(store)
        }
        let client = PostgresClient(configuration: try PostgresURL.configuration(from: databasePath), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresChangeStore(client: client, schema: OutpostSchema.current, logger: logger)
            do {
                try await store.migrate()
            } catch {
                throw ServerSetupError.cannotUseDatabase(url: PostgresURL.redacted(databasePath), reason: String(reflecting: error))
            }
            return try await body(store)
        }
    }
}
