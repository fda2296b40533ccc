import Foundation
import Logging
import OutpostCore
import OutpostDomain
import OutpostServer
import PostgresNIO

/// Runs `body` with a freshly migrated, empty store of `kind`, and always closes it.
public func withChangeStore<R: Sendable>(
    _ kind: StoreKind, schema: Schema = OutpostSchema.current, skewBudget: ClockSkewBudget = ClockSkewBudget(),
    _ body: @Sendable (any ChangeStore) async throws -> R
) async throws -> R {
    switch kind {
    case .sqlite:
        let directory = try makeTemporaryDirectory("outpost-store")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("server.sqlite").path,
                                          schema: schema, skewBudget: skewBudget)
        return try await body(store)
    case .postgres:
        return try await withPostgresStores(1, schema: schema, skewBudget: skewBudget) { stores in try await body(stores[0]) }
    }
}

/// Runs `body` with `count` PostgreSQL stores on one database, each with its own connection
/// pool, as `count` server processes would have. They migrate concurrently, as processes
/// starting at once do.
/// - Parameter database: an existing database of the test cluster to use (and keep), or nil
///   for a fresh one that is dropped afterwards.
public func withPostgresStores<R: Sendable>(
    _ count: Int, database existing: String? = nil, schema: Schema = OutpostSchema.current,
    skewBudget: ClockSkewBudget = ClockSkewBudget(), maximumConnections: Int = 4,
    _ body: @Sendable ([PostgresChangeStore]) async throws -> R
) async throws -> R {
    let cluster = try await TestPostgres.shared()
    let database = if let existing { existing } else { try await cluster.createDatabase() }
    let clients = (0..<count).map { _ in cluster.makeClient(database: database, maximumConnections: maximumConnections) }
    let stores = clients.map {
        PostgresChangeStore(client: $0, schema: schema, skewBudget: skewBudget, logger: testStoreLogger)
    }
    let outcome: Result<R, any Error> = await withTaskGroup(of: Void.self) { group in
        for client in clients {
            group.addTask { await client.run() }
        }
        let outcome: Result<R, any Error>
        do {
            try await withThrowingTaskGroup(of: Void.self) { migrations in
                for store in stores {
                    migrations.addTask { try await store.migrate() }
                }
                try await migrations.waitForAll()
            }
            outcome = .success(try await body(stores))
        } catch {
            outcome = .failure(error)
        }
        group.cancelAll()   // stops the clients' run()
        return outcome
    }
    if existing == nil {
        try? await cluster.dropDatabase(database)   // best effort: the cluster is deleted at exit anyway
    }
    return try outcome.get()
}

/// Store logs stay quiet in tests; failures surface as thrown errors.
let testStoreLogger: Logger = {
    var logger = Logger(label: "outpost-test-store")
    logger.logLevel = .critical
    return logger
}()
