import Foundation
import Logging
import OutpostDomain
import OutpostServer
import PostgresNIO

/// Opens the store named by `--db` for an admin command: a SQLite file, or a PostgreSQL
/// database whose connection pool runs only while the command does. Both are migrated first.
enum AdminStore {
    /// Runs `body` with the store at `location`.
    /// - Parameter creating: whether a SQLite file that does not exist yet is made (the commands
    ///   that build an organisation: `units add`, `roles add`, `users add`). The others name a
    ///   store that exists: a mistyped path would otherwise leave an empty store behind and
    ///   answer that the user or device does not exist.
    /// - Throws: `ServerSetupError` when the store cannot be opened or is missing; whatever `body` throws.
    static func run<R: Sendable>(_ location: String, creating: Bool = false,
                                 _ body: @Sendable (any ChangeStore) async throws -> R) async throws -> R {
        guard PostgresURL.isPostgresURL(location) else {
            guard creating || FileManager.default.fileExists(atPath: location) else { throw ServerSetupError.noStore(path: location) }
            let store = try ServerSetupError.openingStore(at: location) {
                try SQLiteChangeStore(path: location, schema: OutpostSchema.current)
            }
            return try await body(store)
        }
        var logger = Logger(label: "outpost-server")
        logger.logLevel = .error   // stdout is the command's answer (`--json`); only failures on stderr
        let client = PostgresClient(configuration: try PostgresURL.configuration(from: location), backgroundLogger: logger)
        let store = PostgresChangeStore(client: client, schema: OutpostSchema.current, logger: logger)
        let outcome: Result<R, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            let outcome: Result<R, any Error>
            do {
                try await store.migrate()
                outcome = .success(try await body(store))
            } catch {
                outcome = .failure(error)
            }
            group.cancelAll()   // stops the pool
            return outcome
        }
        return try outcome.get()
    }

    /// The wall clock in ms since 1970.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Who ran this command, as admin audit entries name it: `outpost-server (ACCOUNT@HOST)`,
    /// the account being the one `sudo` was run from when there is one.
    static var commandSource: String {
        let environment = ProcessInfo.processInfo.environment
        let account = environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
        return "outpost-server (\(account)@\(ProcessInfo.processInfo.hostName))"
    }
}
