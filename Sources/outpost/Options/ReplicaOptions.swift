import ArgumentParser
import Foundation
import OutpostReplica

/// `--replica PATH`, shared by every command: which replica file to work on.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The replica file; $OUTPOST_REPLICA sets the default.", valueName: "path"))
    var replica: String = Self.defaultPath

    /// `$OUTPOST_REPLICA`, else `./outpost-replica.sqlite`.
    static var defaultPath: String {
        ProcessInfo.processInfo.environment["OUTPOST_REPLICA"].flatMap { $0.isEmpty ? nil : $0 } ?? "./outpost-replica.sqlite"
    }

    func validate() throws {
        guard !replica.isEmpty else {
            throw ValidationError("The replica path is empty. Pass a file path with --replica, for example --replica ./outpost-replica.sqlite.")
        }
    }

    /// Opens the replica file, creating it if it does not exist (for `outpost init`).
    func createReplica() throws -> Replica {
        do {
            return try Replica(path: replica)
        } catch {
            if let explained = ReplicaError.explaining(error, path: replica) { throw explained }
            throw OutpostCLIError.cannotOpenReplica(path: replica, reason: String(describing: error))
        }
    }

    /// Opens a replica that `outpost init` has set up.
    /// - Throws: `ReplicaError.notInitialized` when there is no file or it was never set up
    ///   (without creating one: a mistyped path must not leave an empty replica behind).
    func openReplica() throws -> Replica {
        guard FileManager.default.fileExists(atPath: replica) else { throw ReplicaError.notInitialized(path: replica) }
        let opened = try createReplica()
        _ = try opened.settings()
        return opened
    }
}
