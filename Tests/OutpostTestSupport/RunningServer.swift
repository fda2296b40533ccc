import Foundation
import Hummingbird
import Logging
import OutpostCore
import OutpostDomain
import OutpostServer
import PostgresNIO
import ServiceLifecycle

/// A real sync server on an ephemeral loopback port, on a store of the kind the test chose:
/// a SQLite file in a temporary directory, or a fresh database in the test PostgreSQL cluster.
public struct RunningServer: Sendable {
    /// The server's base URL, for example `http://127.0.0.1:49152/`.
    public let url: URL
    /// The store behind it, for assertions on the server's own data.
    public let store: any ChangeStore
    /// Which kind of store that is.
    public let kind: StoreKind
    /// Where the store lives, as `outpost-server --db` takes it: a file path or a PostgreSQL URL.
    public let storeLocation: String
    /// The server's wall clock.
    public let clock: ManualClock
    /// Where its files (and the test's laptops) live.
    public let directory: URL

    /// Describes a server started elsewhere (for example an `outpost-server` process) and
    /// a store on the same data, for the convergence helpers.
    public init(url: URL, store: any ChangeStore, kind: StoreKind, storeLocation: String, clock: ManualClock, directory: URL) {
        self.url = url
        self.store = store
        self.kind = kind
        self.storeLocation = storeLocation
        self.clock = clock
        self.directory = directory
    }
}

/// The server did not open its port; the error of its services says why when there is one.
public struct ServerDidNotStart: Error, CustomStringConvertible {
    public var description: String { "The test server stopped before it opened its port." }
}

/// Runs `body` against a freshly started server on a store of `kind`, and always shuts the
/// server down.
/// - Parameters:
///   - kind: the store behind the server; tests pass each of `StoreKind.allCases`.
///   - backup: a backup to restore before start (from `backUp(_:to:)`), or nil for an empty store.
///   - clock: the server's wall clock (defaults to the real time, settable by hand).
///   - configure: adjusts the configuration (limits, skew budget) before start.
public func withRunningServer<R: Sendable>(
    _ kind: StoreKind,
    restoring backup: URL? = nil,
    clock: ManualClock = ManualClock(Int64(Date().timeIntervalSince1970 * 1000)),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (RunningServer) async throws -> R
) async throws -> R {
    let directory = try makeTemporaryDirectory("outpost-server")
    defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the test's verdict is already decided
    var configuration = ServerConfiguration(now: { clock.now })
    configure(&configuration)
    var logger = Logger(label: "outpost-test-server")
    logger.logLevel = .critical

    let store: any ChangeStore
    let storeLocation: String
    var services: [any Service] = []
    var beforeServerStarts: (@Sendable () async throws -> Void)?
    var database: (cluster: TestPostgres, name: String)?
    switch kind {
    case .sqlite:
        let path = directory.appendingPathComponent("server.sqlite")
        if let backup {
            try FileManager.default.copyItem(at: backup, to: path)   // restoring a SQLite backup is a file copy
        }
        let sqlite = try SQLiteChangeStore(path: path.path, schema: OutpostSchema.current, skewBudget: configuration.skewBudget)
        try await sqlite.beginRun(nowMilliseconds: configuration.now())   // as `outpost-server` does at every start
        store = sqlite
        storeLocation = path.path
    case .postgres:
        let cluster = try await TestPostgres.shared()
        let name = if let backup { try await cluster.restore(from: backup) } else { try await cluster.createDatabase() }
        database = (cluster, name)
        storeLocation = cluster.url(database: name)
        let client = cluster.makeClient(database: name)
        let postgresStore = PostgresChangeStore(client: client, schema: OutpostSchema.current,
                                                skewBudget: configuration.skewBudget, logger: logger)
        // As in outpost-server: the pool runs beside the app, the schema is migrated before the port opens.
        services.append(client)
        beforeServerStarts = { try await postgresStore.migrate() }
        store = postgresStore
    }

    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let app = makeApplication(
        host: "127.0.0.1", port: 0, store: store, authenticator: DemoUsers.directory, schema: OutpostSchema.current,
        configuration: configuration, logger: logger, beforeServerStarts: beforeServerStarts,
        onServerRunning: { port in portSink.yield(port); portSink.finish() })
    services.append(app)
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: logger))
    let outcome: Result<R, any Error> = await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { portSink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            do {
                try await tasks.waitForAll()
            } catch {
                return .failure(error)   // why the services stopped (for example a failed migration)
            }
            return .failure(ServerDidNotStart())
        }
        let server = RunningServer(url: URL(string: "http://127.0.0.1:\(port)/")!, store: store, kind: kind,
                                   storeLocation: storeLocation, clock: clock, directory: directory)
        let outcome: Result<R, any Error>
        do { outcome = .success(try await body(server)) } catch { outcome = .failure(error) }
        await group.triggerGracefulShutdown()
        do {
            try await tasks.waitForAll()
        } catch {
            if case .success = outcome { return .failure(error) }
        }
        return outcome
    }
    if let database {
        try? await database.cluster.dropDatabase(database.name)   // best effort: the cluster is deleted at exit anyway
    }
    return try outcome.get()
}

/// Backs up a running server's store the way docs/operations.md tells operators to:
/// `outpost-server backup` for SQLite (online, while the server runs), `pg_dump` for PostgreSQL.
/// - Returns: the backup file, for `withRunningServer(_:restoring:)`.
public func backUp(_ server: RunningServer, to directory: URL) async throws -> URL {
    let file = directory.appendingPathComponent("backup-\(UUID().uuidString.prefix(8)).\(server.kind == .sqlite ? "sqlite" : "dump")")
    switch server.kind {
    case .sqlite:
        try await ServerProcess.run(["backup", "--db", server.storeLocation, "--to", file.path])
    case .postgres:
        let cluster = try await TestPostgres.shared()
        guard let database = server.storeLocation.split(separator: "/").last else { throw CancellationError() }
        try cluster.dump(database: String(database), to: file)
    }
    return file
}
