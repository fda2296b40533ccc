import Foundation
import Logging
import OutpostLocalPostgres
import PostgresNIO

/// A throw-away PostgreSQL cluster for S3 and S6pg, in the bench's working directory, on
/// 127.0.0.1 and a free port, durable (`fsync` and `synchronous_commit` on: the settings a
/// production server runs with, and what S6pg asks for).
///
/// Started by `LocalPostgresCluster` (the recipe of shared/TOOLCHAIN.md), as the tests' cluster is.
final class BenchPostgres: Sendable {
    /// The port the cluster listens on.
    let port: Int
    /// The directory holding the data directory, socket and logs.
    let directory: String
    private let binaries: String

    private static let logger = Logger(label: "outpost-bench-postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(port: Int, directory: String, binaries: String) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
    }

    /// The directory holding `initdb` and `pg_ctl`; nil when PostgreSQL is not installed.
    static func serverBinaries() -> String? {
        LocalPostgresCluster.serverBinaries()
    }

    /// Makes and starts a cluster in `parent/postgres` (about a second).
    /// - Throws: `BenchError.postgresDidNotStart` with the failing step and its log.
    static func start(binaries: String, in parent: URL) throws -> BenchPostgres {
        let directory = parent.appendingPathComponent("postgres").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            // Durable on purpose (the defaults, spelled out): S6pg measures synchronous_commit on.
            let port = try LocalPostgresCluster.start(
                binaries: binaries, in: directory,
                settings: "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200 "
                    + "-c shared_buffers=256MB -c max_wal_size=2GB",
                timeoutSeconds: 60)
            return BenchPostgres(port: port, directory: directory, binaries: binaries)
        } catch {
            throw BenchError.postgresDidNotStart(step: error.step, log: error.log)
        }
    }

    /// Stops the cluster at once (its files go with the working directory).
    func stop() {
        _ = LocalPostgresCluster.shell(LocalPostgresCluster.stopCommand(binaries: binaries, directory: directory))
    }

    /// The server's version line (`PostgreSQL 15.x …`), for the report.
    func version() async throws -> String {
        try await withConnection(database: "postgres") { connection in
            for try await text in try await connection.query("SHOW server_version", logger: Self.logger).decode(String.self) {
                return "PostgreSQL " + text.split(separator: " ").prefix(1).joined()
            }
            return "PostgreSQL"
        }
    }

    /// Creates an empty database named `name`.
    func createDatabase(_ name: String) async throws {
        try await withConnection(database: "postgres") { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger)
        }
    }

    /// Does now what the cluster would otherwise do in the background after a scenario's
    /// writes, so it does not land in the middle of the next one: vacuums and analyzes
    /// `databases` (autovacuum's work on the dead rows left) and writes every dirty page
    /// out (`CHECKPOINT`).
    func settle(databases: [String]) async throws {
        for database in databases {
            try await withConnection(database: database) { connection in
                try await connection.query("VACUUM (ANALYZE)", logger: Self.logger)
            }
        }
        try await withConnection(database: "postgres") { connection in
            try await connection.query("CHECKPOINT", logger: Self.logger)
        }
    }

    /// The URL `outpost-server --db` takes for `database`.
    func url(database: String) -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// Runs `body` on a fresh connection to `database`, closed afterwards.
    @discardableResult
    func withConnection<R>(database: String, _ body: (PostgresConnection) async throws -> R) async throws -> R {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: "postgres", password: nil, database: database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()   // the body's error is the one to report
            throw error
        }
    }

    /// The logger postgres-nio calls take (silent).
    static var silentLogger: Logger { logger }
}
