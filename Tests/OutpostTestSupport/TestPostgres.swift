import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import OutpostLocalPostgres
import PostgresNIO

/// A throw-away PostgreSQL cluster on 127.0.0.1 for this test process: started on first use,
/// shared by every test (each test makes its own database), stopped with
/// `pg_ctl -m immediate stop` and deleted when the process exits.
///
/// Recipe from shared/TOOLCHAIN.md: `initdb` refuses root, so as root every server command runs
/// through `runuser -u postgres --`; postgres cannot listen on port 0, so a free port is
/// found by binding a socket, and a clash is retried; `pg_ctl start` runs through libc
/// `system()`, never `Foundation.Process` (whose wait hangs on the daemon's inherited fd).
///
/// When PostgreSQL is missing or does not start, `shared()` throws `TestPostgresError` with
/// what to do: tests fail, they never skip.
public final class TestPostgres: Sendable {
    /// The port the cluster listens on.
    public let port: Int
    /// The directory holding the data directory, socket and logs.
    public let directory: String
    /// The directory of the server's programs (`pg_dump`, `pg_restore`, ...).
    public let binaries: String

    /// The process's cluster, started on first call (about a second); later calls return it.
    /// - Throws: `TestPostgresError` when it cannot start (the same error on every call).
    public static func shared() async throws -> TestPostgres {
        try await registry.cluster()
    }

    /// Creates an empty database with a fresh name and returns the name.
    public func createDatabase() async throws -> String {
        let name = "outpost_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await withAdminConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger)
        }
        return name
    }

    /// A copy of `database` as it is now, under a fresh name (`CREATE DATABASE … TEMPLATE`):
    /// what a disk snapshot or a point-in-time recovery gives back, the same tables and OIDs.
    /// `database` must have no open connection.
    public func copyDatabase(_ database: String) async throws -> String {
        let name = "outpost_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await withAdminConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(database)"), logger: Self.logger)
        }
        return name
    }

    /// Drops a database made by `createDatabase()`, closing its connections first.
    public func dropDatabase(_ name: String) async throws {
        try await withAdminConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: Self.logger)
        }
    }

    /// A client for `database` (the caller runs it), as a server process would make one.
    public func makeClient(database: String, maximumConnections: Int = 4) -> PostgresClient {
        var configuration = PostgresClient.Configuration(
            host: "127.0.0.1", port: port, username: "postgres", password: nil, database: database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        return PostgresClient(configuration: configuration)
    }

    /// The URL `outpost-server --db` takes for `database`.
    public func url(database: String) -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// Dumps `database` with `pg_dump --format=custom`, as docs/operations.md tells operators.
    public func dump(database: String, to file: URL) throws {
        try runTool("pg_dump", "--format=custom --file='\(file.path)' '\(url(database: database))'")
    }

    /// Restores a dump made by `dump(database:to:)` into a new database; returns its name.
    public func restore(from file: URL) async throws -> String {
        let database = try await createDatabase()
        try runTool("pg_restore", "--no-owner --exit-on-error --dbname='\(url(database: database))' '\(file.path)'")
        return database
    }

    // MARK: - Private

    private func runTool(_ tool: String, _ arguments: String) throws {
        let log = "\(directory)/\(tool)-\(UUID().uuidString.prefix(8)).log"
        // Client programs need no server user; the log stays readable by this process.
        guard LocalPostgresCluster.shell("'\(binaries)/\(tool)' \(arguments) > '\(log)' 2>&1 < /dev/null", asServerUser: false) == 0 else {
            throw TestPostgresError.toolFailed(tool: tool, log: LocalPostgresCluster.tail(of: log))
        }
    }

    private static let registry = Registry()
    private static let logger = Logger(label: "outpost-test-postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(port: Int, directory: String, binaries: String) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
    }

    private func withAdminConnection(_ body: (PostgresConnection) async throws -> Void) async throws {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: "postgres", password: nil, database: "postgres", tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: Self.logger)
        do {
            try await body(connection)
        } catch {
            try? await connection.close()   // the body's error is the one to report
            throw error
        }
        try await connection.close()
    }

    /// Starts the cluster once and remembers the outcome, success or failure.
    private actor Registry {
        private var outcome: Result<TestPostgres, TestPostgresError>?

        func cluster() throws(TestPostgresError) -> TestPostgres {
            if let outcome { return try outcome.get() }
            let started: Result<TestPostgres, TestPostgresError>
            do {
                started = .success(try TestPostgres.start())
            } catch {
                started = .failure(error)
            }
            outcome = started
            return try started.get()
        }
    }

    private static func start() throws(TestPostgresError) -> TestPostgres {
        guard let binaries = LocalPostgresCluster.serverBinaries() else {
            let searched = LocalPostgresCluster.binaryCandidates()
            throw .notInstalled(searched: searched.isEmpty ? ["$PG_BIN", "/usr/lib/postgresql/*/bin"] : searched)
        }
        removeStaleClusters(binaries: binaries)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("outpost-pg-\(getpid())-\(UUID().uuidString.prefix(8))").path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotStart(step: "create \(directory)", log: String(describing: error))
        }
        do {
            let port = try LocalPostgresCluster.start(
                binaries: binaries, in: directory,
                settings: "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000",
                timeoutSeconds: 30)
            ExitCleanup.register(stop: LocalPostgresCluster.stopCommand(binaries: binaries, directory: directory), directory: directory)
            return TestPostgres(port: port, directory: directory, binaries: binaries)
        } catch {
            _ = LocalPostgresCluster.shell("rm -rf '\(directory)'", asServerUser: false)
            throw .cannotStart(step: error.step, log: error.log)
        }
    }

    /// Stops and deletes clusters left by test processes that died before their exit handler.
    private static func removeStaleClusters(binaries: String) {
        let temporary = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("outpost-pg-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let owner = pid_t(parts[2]), kill(owner, 0) != 0, errno == ESRCH else { continue }
            let directory = "\(temporary)/\(name)"
            _ = LocalPostgresCluster.shell(LocalPostgresCluster.stopCommand(binaries: binaries, directory: directory))
            _ = LocalPostgresCluster.shell("rm -rf '\(directory)'", asServerUser: false)
        }
    }
}

/// Why the test cluster could not start, with what to do about it.
public enum TestPostgresError: Error, CustomStringConvertible {
    /// No PostgreSQL server binaries were found.
    case notInstalled(searched: [String])
    /// A step of starting the cluster failed.
    case cannotStart(step: String, log: String)
    /// A client program (`pg_dump`, `pg_restore`) failed.
    case toolFailed(tool: String, log: String)

    public var description: String {
        switch self {
        case .notInstalled(let searched):
            "PostgreSQL tests need the PostgreSQL server, but no pg_ctl was found in \(searched.joined(separator: ", ")). "
                + "Install it with `apt-get install -y postgresql` (.ci/run does), or point PG_BIN at its bin directory."
        case let .cannotStart(step, log):
            "The throw-away PostgreSQL cluster for the tests could not start: \(step) failed.\n\(log)"
        case let .toolFailed(tool, log):
            "\(tool) failed against the test cluster:\n\(log)"
        }
    }
}

/// Stops the cluster and deletes its directory when the test process exits normally.
private enum ExitCleanup {
    /// The shell commands to run at exit, set once.
    /// `@unchecked Sendable`: `lock` guards `commands`.
    private final class Commands: @unchecked Sendable {
        let lock = NSLock()
        var commands: [(stop: String, directory: String)] = []
    }

    private static let pending = Commands()

    static func register(stop: String, directory: String) {
        pending.lock.lock()
        let first = pending.commands.isEmpty
        pending.commands.append((stop, directory))
        pending.lock.unlock()
        if first {
            atexit {
                ExitCleanup.pending.lock.lock()
                let commands = ExitCleanup.pending.commands
                ExitCleanup.pending.lock.unlock()
                for (stop, directory) in commands {
                    _ = LocalPostgresCluster.shell(stop)
                    _ = LocalPostgresCluster.shell("rm -rf '\(directory)'", asServerUser: false)
                }
            }
        }
    }
}
