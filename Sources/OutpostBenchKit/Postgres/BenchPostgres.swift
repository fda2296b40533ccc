import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import PostgresNIO

/// A throw-away PostgreSQL cluster for S3 and S6pg, in the bench's working directory, on
/// 127.0.0.1 and a free port, durable (`fsync` and `synchronous_commit` on: the settings a
/// production server runs with, and what S6pg asks for).
///
/// Recipe of shared/TOOLCHAIN.md and `Tests/OutpostTestSupport/TestPostgres.swift`: `initdb`
/// refuses root, so as root every server command runs through `runuser -u postgres --`;
/// postgres cannot listen on port 0, so a free port is probed and a clash retried; `pg_ctl`
/// runs through libc `system()`, never `Foundation.Process` (its wait hangs on the daemon's
/// inherited descriptor).
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

    /// The directory holding `initdb` and `pg_ctl`: `PG_BIN`, else the newest
    /// /usr/lib/postgresql/*/bin; nil when PostgreSQL is not installed.
    static func serverBinaries() -> String? {
        var candidates: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["PG_BIN"] { candidates.append(fromEnvironment) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: "\($0)/pg_ctl")
            && FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// Makes and starts a cluster in `parent/postgres` (about a second).
    /// - Throws: `BenchError.postgresDidNotStart` with the failing step and its log.
    static func start(binaries: String, in parent: URL) throws -> BenchPostgres {
        let directory = parent.appendingPathComponent("postgres").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if geteuid() == 0, shell("chown postgres:postgres '\(directory)'", asServerUser: false) != 0 {
            throw BenchError.postgresDidNotStart(step: "chown \(directory) to the postgres user", log: "")
        }
        let data = "\(directory)/data"
        guard shell("'\(binaries)/initdb' -D '\(data)' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 > '\(directory)/initdb.log' 2>&1") == 0 else {
            throw BenchError.postgresDidNotStart(step: "initdb", log: tail(of: "\(directory)/initdb.log"))
        }
        for _ in 0..<5 {
            guard let port = freePort() else { break }
            // Durable on purpose (the defaults, spelled out): S6pg measures synchronous_commit on.
            let options = "-c listen_addresses=127.0.0.1 -p \(port) -k '\(directory)' -c fsync=on -c synchronous_commit=on "
                + "-c full_page_writes=on -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=2GB"
            closeDescriptorsOnExec()
            let command = "'\(binaries)/pg_ctl' -D '\(data)' -l '\(directory)/postgres.log' -w -t 60 -o \"\(options)\" start "
                + "> '\(directory)/pg_ctl.log' 2>&1 < /dev/null"
            if shell(command) == 0 {
                return BenchPostgres(port: port, directory: directory, binaries: binaries)
            }
            // Another process took the port between the probe and postgres's bind: try another.
            guard tail(of: "\(directory)/postgres.log").contains("could not bind") else { break }
        }
        throw BenchError.postgresDidNotStart(step: "pg_ctl start", log: tail(of: "\(directory)/postgres.log") + tail(of: "\(directory)/pg_ctl.log"))
    }

    /// Stops the cluster at once (its files go with the working directory).
    func stop() {
        _ = Self.shell("'\(binaries)/pg_ctl' -D '\(directory)/data' -m immediate -w stop > /dev/null 2>&1")
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

    // MARK: - Private

    /// Marks every open descriptor above stderr close-on-exec, so the daemon inherits none.
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
    private static func shell(_ command: String, asServerUser: Bool = true) -> Int32 {
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
