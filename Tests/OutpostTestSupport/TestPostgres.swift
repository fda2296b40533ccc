import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
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
        guard Self.shell("'\(binaries)/\(tool)' \(arguments) > '\(log)' 2>&1 < /dev/null", asServerUser: false) == 0 else {
            throw TestPostgresError.toolFailed(tool: tool, log: Self.tail(of: log))
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
        let binaries = try serverBinaries()
        removeStaleClusters(binaries: binaries)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("outpost-pg-\(getpid())-\(UUID().uuidString.prefix(8))").path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotStart(step: "create \(directory)", log: String(describing: error))
        }
        if geteuid() == 0, shell("chown postgres:postgres '\(directory)'", asServerUser: false) != 0 {
            throw .cannotStart(step: "chown \(directory) to the postgres user (does the user exist? apt-get install postgresql creates it)", log: "")
        }
        let data = "\(directory)/data"
        guard shell("'\(binaries)/initdb' -D '\(data)' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 > '\(directory)/initdb.log' 2>&1") == 0 else {
            throw .cannotStart(step: "initdb", log: tail(of: "\(directory)/initdb.log"))
        }
        for _ in 0..<5 {
            guard let port = freePort() else { break }
            let options = "-c listen_addresses=127.0.0.1 -p \(port) -k '\(directory)' -c fsync=off -c synchronous_commit=off "
                + "-c full_page_writes=off -c max_connections=400"
            // The daemon must not inherit this process's descriptors (the test runner's pipes
            // among them), or a crashed test run leaves `swift test` waiting on the daemon.
            closeDescriptorsOnExec()
            let command = "'\(binaries)/pg_ctl' -D '\(data)' -l '\(directory)/postgres.log' -w -t 30 -o \"\(options)\" start "
                + "> '\(directory)/pg_ctl.log' 2>&1 < /dev/null"
            if shell(command) == 0 {
                ExitCleanup.register(stop: "'\(binaries)/pg_ctl' -D '\(data)' -m immediate -w stop > /dev/null 2>&1", directory: directory)
                return TestPostgres(port: port, directory: directory, binaries: binaries)
            }
            // Another process took the port between our probe and postgres's bind: try another.
            guard tail(of: "\(directory)/postgres.log").contains("could not bind") else { break }
        }
        let log = tail(of: "\(directory)/postgres.log") + tail(of: "\(directory)/pg_ctl.log")
        _ = shell("rm -rf '\(directory)'", asServerUser: false)
        throw .cannotStart(step: "pg_ctl start", log: log)
    }

    /// The directory holding `initdb` and `pg_ctl`: `PG_BIN`, else the newest
    /// /usr/lib/postgresql/*/bin (Debian keeps them off PATH).
    private static func serverBinaries() throws(TestPostgresError) -> String {
        var candidates: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["PG_BIN"] { candidates.append(fromEnvironment) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/pg_ctl") }) else {
            throw .notInstalled(searched: candidates.isEmpty ? ["$PG_BIN", "\(root)/*/bin"] : candidates)
        }
        return found
    }

    /// Stops and deletes clusters left by test processes that died before their exit handler.
    private static func removeStaleClusters(binaries: String) {
        let temporary = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("outpost-pg-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let owner = pid_t(parts[2]), kill(owner, 0) != 0, errno == ESRCH else { continue }
            let directory = "\(temporary)/\(name)"
            _ = shell("'\(binaries)/pg_ctl' -D '\(directory)/data' -m immediate -w stop > /dev/null 2>&1")
            _ = shell("rm -rf '\(directory)'", asServerUser: false)
        }
    }

    /// Marks every open descriptor above stderr close-on-exec, so `system()`'s shell and the
    /// daemons it starts inherit none of them.
    private static func closeDescriptorsOnExec() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let descriptor = Int32(name), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    private static func freePort() -> Int? {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return nil }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketDescriptor, generic, length) == 0 && getsockname(socketDescriptor, generic, &length) == 0
            }
        }
        guard bound else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs `command` with /bin/sh through libc `system()`, as the postgres user when root.
    /// - Returns: the raw wait status; 0 means it exited with 0.
    static func shell(_ command: String, asServerUser: Bool = true) -> Int32 {
        let line = asServerUser && geteuid() == 0
            ? "runuser -u postgres -- /bin/sh -c \"\(command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "$", with: "\\$"))\""
            : command
        return system(line)
    }

    private static func tail(of path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
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
                    _ = TestPostgres.shell(stop)
                    _ = TestPostgres.shell("rm -rf '\(directory)'", asServerUser: false)
                }
            }
        }
    }
}
