import ArgumentParser
import OutpostReplica

/// `outpost status`: who this replica is, what waits to be pushed, what the server refused,
/// and how far the laptop's clock is from the server's. Works offline.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the replica's sync state (offline).")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let summary = try StatusSummary(replica: try replicaOptions.openReplica())
        if output.json {
            try Console.printJSON(summary)
        } else {
            print(summary.rendered())
        }
    }
}
