import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import PostgresNIO
import ServiceLifecycle

/// `outpost-server`: the sync server for a team of laptops, on an embedded SQLite store or,
/// for several server processes behind a load balancer, on one shared PostgreSQL database.
///
/// ```
/// outpost-server --demo                                 # the demo cast, ./outpost.sqlite, port 8080
/// outpost-server --users users.json --db /var/lib/outpost/store.sqlite --host 0.0.0.0 --port 9000
/// outpost-server --users users.json --db postgres://outpost@db.internal:5432/outpost
/// outpost-server --seed org.json --passwords initial-passwords.json --users users.json
/// ```
/// Admin subcommands take the same `--db`: `units`, `roles`, `users`, `devices`, `quarantine`, `audit`, `backup`.
/// It stops gracefully on SIGINT or SIGTERM: requests in flight finish, then it exits.
@main
struct OutpostServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost-server",
        abstract: "Run the Outpost sync server.",
        discussion: """
            Users with a password (--passwords FILE, `users add`, `users passwd`; with --demo every \
            demo user has the password "outpost-demo") sign in with POST /v1/login for a per-device \
            token. Fixed tokens may come beside them from a JSON array of {"userID", "name", \
            "token"}: --users FILE, or --demo for the demo cast in fixtures/demo-org/users.json.
            """,
        version: BuildVersion.description,
        subcommands: [BackupCommand.self, UnitsCommand.self, RolesCommand.self, UsersCommand.self, DevicesCommand.self, QuarantineCommand.self, AuditCommand.self,
                      ReclaimCommand.self, IngestCommand.self])

    /// The password every demo user gets with `--demo` (public: local demos only).
    static let demoPassword = "outpost-demo"

    @OptionGroup var storeOption: StoreOption

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("users"), help: ArgumentHelp("A JSON array of {\"userID\", \"name\", \"token\"}.", valueName: "file"))
    var usersPath: String?

    @Option(help: ArgumentHelp(
        "How hard each commit goes to disk: full (the default: fsync per commit, an acknowledged push survives a power loss) or normal (survives a server crash only).",
        valueName: "level"))
    // Full by default: invariant 2 promises that an acknowledged write is never lost.
    var durability: StoreDurability = .full

    @Flag(help: "Use the demo users of fixtures/demo-org/users.json (public tokens: local demos only) and seed the demo organisation of fixtures/demo-org/org.json.")
    var demo = false

    @Option(name: .customLong("seed"), help: ArgumentHelp(
        "A JSON array of rows the server owns ({\"entity\", \"id\", \"values\"}: org units, users, pools, trial sessions, paid orders), written at start (after the demo organisation with --demo): new rows and fields are added, and a value the file set last changes with the file, but a value someone changed since (a claim, a booking, an administrator) is left alone.",
        valueName: "file"))
    var seedPath: String?

    @Option(name: .customLong("passwords"), help: ArgumentHelp(
        "A JSON object {\"userID\": \"password\"} of first passwords, set at start for users who have none yet (so `users passwd` changes stick).",
        valueName: "file"))
    var passwordsPath: String?

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("Port \(port) is out of range. Pass a port from 1 to 65535, or 0 to pick a free one.")
        }
        guard !host.isEmpty else {
            throw ValidationError("The host is empty. Pass an address to listen on, for example --host 127.0.0.1.")
        }
        if PostgresURL.isPostgresURL(databasePath) {
            do {
                _ = try PostgresURL.configuration(from: databasePath)
            } catch {
                throw ValidationError(String(describing: error))
            }
        }
    }

    func run() async throws {
        // Checked here, not in validate(): ArgumentParser validates this command on the way to
        // a subcommand too (`outpost-server backup`), which takes no users.
        if usersPath != nil, demo {
            throw ValidationError("Pass either --users FILE or --demo, not both: the server takes its users from one list.")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        // Without a users file, users sign in with their passwords only (`users add`, `users passwd`).
        let users = usersPath == nil && !demo ? UserList.none : try UserList.load(from: try usersFile())
        let seed = try seedRows()
        let logger = Logger(label: "outpost-server")
        if PostgresURL.isPostgresURL(databasePath) {
            try await runOnPostgres(users: users, seed: seed, logger: logger)
            return
        }
        let store = try ServerSetupError.openingStore(at: databasePath) {
            try SQLiteChangeStore(path: databasePath, schema: OutpostSchema.current, durability: durability)
        }
        // This file may be a restored backup or copy: number past anything handed out before (`RestoreGap`).
        try await store.beginRun(nowMilliseconds: Self.now())
        try await store.seed(seed, serverNow: Self.now(), overwriting: .ownValuesOnly)
        try await Self.setInitialPasswords(in: store, seed: seed, demo: demo, passwordsPath: passwordsPath)
        let application = makeApplication(
            host: host, port: port, store: store, authenticator: users.directory, schema: OutpostSchema.current,
            logger: logger, onServerRunning: announcer(store: databasePath, users: users))
        let services = ServiceGroup(configuration: .init(
            services: [application, Self.reclaimScheduler(store, logger: logger),
                       // Checkpoints off the request path: no push waits for one.
                       WALCheckpointer(store: store, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await run(services)
    }

    // MARK: - Private

    private var databasePath: String { storeOption.databasePath }

    /// Runs the server's services; a port another process holds is said plainly.
    private func run(_ services: ServiceGroup) async throws {
        do {
            try await services.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServerSetupError.portInUse(host: host, port: port)
        }
    }

    /// Serves from PostgreSQL: the client's pool runs beside the application in one
    /// `ServiceGroup`, and the schema is migrated before the port opens (safe when several
    /// processes start at once).
    private func runOnPostgres(users: UserList, seed: [SeedRow], logger: Logger) async throws {
        let url = databasePath
        let client = PostgresClient(configuration: try PostgresURL.configuration(from: url), backgroundLogger: logger)
        let store = PostgresChangeStore(client: client, schema: OutpostSchema.current, logger: logger)
        let (demo, passwordsPath) = (demo, passwordsPath)
        let application = makeApplication(
            host: host, port: port, store: store, authenticator: users.directory, schema: OutpostSchema.current,
            logger: logger,
            beforeServerStarts: {
                try await Self.migrate(store, url: url)
                try await store.seed(seed, serverNow: Self.now(), overwriting: .ownValuesOnly)
                try await Self.setInitialPasswords(in: store, seed: seed, demo: demo, passwordsPath: passwordsPath)
            },
            onServerRunning: announcer(store: PostgresURL.redacted(url), users: users))
        let services = ServiceGroup(configuration: .init(
            services: [client, application, Self.reclaimScheduler(store, logger: logger)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await run(services)
    }

    /// Migrates the database before the port opens; gives up with a clear error when the
    /// database does not answer in time (the pool would otherwise keep retrying).
    private static func migrate(_ store: PostgresChangeStore, url: String, timeout: Duration = .seconds(30)) async throws {
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await store.migrate()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                let migrated = try await group.next() ?? false
                group.cancelAll()
                guard migrated else {
                    throw ServerSetupError.cannotUseDatabase(url: PostgresURL.redacted(url), reason: "no answer within \(timeout)")
                }
            }
        } catch let error as ServerSetupError {
            throw error
        } catch let error as PostgresStoreError {
            throw ServerSetupError.cannotUseDatabase(url: PostgresURL.redacted(url), reason: error.description)
        } catch {
            // PSQLError's description hides the details on purpose; the reflection has them.
            throw ServerSetupError.cannotUseDatabase(url: PostgresURL.redacted(url), reason: String(reflecting: error))
        }
    }

    /// Prints the line scripts wait for once the port is open.
    private func announcer(store: String, users: UserList) -> @Sendable (Int) async -> Void {
        let host = host
        return { boundPort in
            let tokens = users.count == 0 ? "no users file: users sign in with their passwords"
                : "\(users.count) \(users.count == 1 ? "user" : "users") with a token in the users file"
            let line = "outpost-server listening on http://\(host):\(boundPort) (store: \(store), \(tokens))\n"
            // Written unbuffered: a script that redirects stdout waits for this line.
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// The rows to seed: the demo organisation with `--demo`, then the rows of `--seed FILE`
    /// (which may add to it or change it).
    private func seedRows() throws -> [SeedRow] {
        let demoOrganisation = demo ? try SeedFile.load(try usersFile().deletingLastPathComponent().appendingPathComponent("org.json")) : []
        return try demoOrganisation + (seedPath.map { try SeedFile.load(URL(fileURLWithPath: $0)) } ?? [])
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The nightly reclaim job, at 00:00 company time (R-6.1).
    private static func reclaimScheduler(_ store: any ChangeStore, logger: Logger) -> ReclaimScheduler {
        ReclaimScheduler(store: store, calendar: CompanyCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!),
                         now: { now() }, logger: logger)
    }

    /// Sets first passwords: those of `--passwords FILE`, and with `--demo` the demo password
    /// for every user the seed writes. A user who has a password keeps it.
    private static func setInitialPasswords(in store: any ChangeStore, seed: [SeedRow], demo: Bool, passwordsPath: String?) async throws {
        var passwords: [UserID: String] = [:]
        if demo {
            for row in seed where row.entity == EntityName("user") { passwords[UserID(row.id.rawValue)] = demoPassword }
        }
        if let passwordsPath {
            do {
                let listed = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: passwordsPath)))
                for (user, password) in listed { passwords[UserID(user)] = password }
            } catch {
                throw ServerSetupError.cannotReadPasswords(path: passwordsPath, reason: String(describing: error))
            }
        }
        try await administration(store).setInitialPasswords(passwords)
    }

    /// The users file: the one passed, or the demo list found from the current directory
    /// first, then from this source file's checkout (so `swift run` works from anywhere).
    private func usersFile() throws -> URL {
        if let usersPath { return URL(fileURLWithPath: usersPath) }
        let relativePath = "fixtures/demo-org/users.json"
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // outpost-server/
            .deletingLastPathComponent()   // Sources/
            .deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relativePath),
            repositoryRoot.appendingPathComponent(relativePath),
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ServerSetupError.demoUsersNotFound(searched: candidates.map(\.path))
        }
        return found
    }
}

extension StoreDurability: ExpressibleByArgument {}
