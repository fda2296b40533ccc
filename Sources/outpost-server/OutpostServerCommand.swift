import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OutpostDomain
import OutpostServer

/// `outpost-server`: the sync server for a team of laptops, on one embedded SQLite store.
///
/// ```
/// outpost-server --demo                                 # the demo cast, ./outpost.sqlite, port 8080
/// outpost-server --users users.json --db /var/lib/outpost/store.sqlite --host 0.0.0.0 --port 9000
/// ```
/// It stops gracefully on SIGINT or SIGTERM: requests in flight finish, then it exits.
@main
struct OutpostServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost-server",
        abstract: "Run the Outpost sync server.",
        discussion: """
            Users and their tokens come from a JSON array of {"userID", "name", "token"}: pass \
            --users FILE, or --demo for the demo cast in fixtures/demo-org/users.json.
            """)

    @Option(name: .customLong("db"), help: ArgumentHelp("The server's SQLite store (created if missing).", valueName: "path"))
    var databasePath = "./outpost.sqlite"

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("users"), help: ArgumentHelp("A JSON array of {\"userID\", \"name\", \"token\"}.", valueName: "file"))
    var usersPath: String?

    @Option(help: ArgumentHelp(
        "How hard each commit goes to disk: normal (survives a server crash) or full (fsync per commit, survives a power loss).",
        valueName: "level"))
    var durability: StoreDurability = .normal

    @Flag(help: "Use the demo users of fixtures/demo-org/users.json (public tokens: local demos only).")
    var demo = false

    func validate() throws {
        switch (usersPath, demo) {
        case (nil, false):
            throw ValidationError("The server needs to know its users. Pass --users FILE (a JSON array of {\"userID\", \"name\", \"token\"}) or --demo for the demo cast.")
        case (.some, true):
            throw ValidationError("Pass either --users FILE or --demo, not both: the server takes its users from one list.")
        default:
            break
        }
        guard (0...65_535).contains(port) else {
            throw ValidationError("Port \(port) is out of range. Pass a port from 1 to 65535, or 0 to pick a free one.")
        }
        guard !host.isEmpty else {
            throw ValidationError("The host is empty. Pass an address to listen on, for example --host 127.0.0.1.")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let users = try UserList.load(from: try usersFile())
        let store: SQLiteChangeStore
        do {
            store = try SQLiteChangeStore(path: databasePath, schema: OutpostSchema.current, durability: durability)
        } catch {
            throw ServerSetupError.cannotOpenStore(path: databasePath, reason: String(describing: error))
        }
        let host = host
        let databasePath = databasePath
        let application = makeApplication(
            host: host, port: port, store: store, authenticator: users.directory, schema: OutpostSchema.current,
            logger: Logger(label: "outpost-server"),
            onServerRunning: { boundPort in
                let line = "outpost-server listening on http://\(host):\(boundPort) (store: \(databasePath), \(users.count) \(users.count == 1 ? "user" : "users"))\n"
                // Written unbuffered: a script that redirects stdout waits for this line.
                FileHandle.standardOutput.write(Data(line.utf8))
            })
        try await application.runService()
    }

    // MARK: - Private

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
