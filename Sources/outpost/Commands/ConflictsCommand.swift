import ArgumentParser
import OutpostReplica

/// `outpost conflicts`: the writes of this user that lost a merge, what won instead, who
/// wrote it and under which rule. Works offline: `outpost sync` fetches them.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Show the edits you lost in a conflict, and why (offline; `outpost sync` fetches new ones).")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let conflicts = try replicaOptions.openReplica().lostConflicts().map(ConflictSummary.init)
        if output.json {
            try Console.printJSON(conflicts)
        } else if conflicts.isEmpty {
            Console.diagnose("No lost conflicts: every edit you synced is current, or was replaced by a later edit you had seen.")
        } else {
            print(ConflictSummary.table(conflicts).rendered())
        }
    }
}
