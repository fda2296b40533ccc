import ArgumentParser
import Foundation
import OutpostDomain
import OutpostServer

/// `outpost-server backup`: copies a SQLite store to a new file while the server runs.
///
/// ```
/// outpost-server backup --db /var/lib/outpost/store.sqlite --to /backups/outpost-2026-11-25.sqlite
/// ```
/// To restore, stop the server and start it with `--db` pointing at the copy. A PostgreSQL
/// store is backed up with `pg_dump` instead (docs/operations.md).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite store to a new file, online (the server may keep running).",
        discussion: "For a PostgreSQL store, use pg_dump; docs/operations.md shows how.")

    @OptionGroup var storeOption: StoreOption

    @Option(name: .customLong("to"), help: ArgumentHelp("The backup file to create (must not exist).", valueName: "file"))
    var destination: String

    func validate() throws {
        let databasePath = storeOption.databasePath
        if PostgresURL.isPostgresURL(databasePath) {
            throw ValidationError("backup copies a SQLite store. Back up a PostgreSQL store with pg_dump (see docs/operations.md).")
        }
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw ValidationError("There is no store at \(databasePath). Pass the server's store with --db PATH.")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw ValidationError("\(destination) exists already, and backup never overwrites a file. Pass a new file name with --to.")
        }
    }

    func run() async throws {
        let databasePath = storeOption.databasePath
        do {
            try SQLiteChangeStore(path: databasePath, schema: OutpostSchema.current).backup(to: destination)
        } catch {
            throw ServerSetupError.cannotBackUp(path: databasePath, destination: destination, reason: String(describing: error))
        }
        print("Backed up \(databasePath) to \(destination).")
    }
}
