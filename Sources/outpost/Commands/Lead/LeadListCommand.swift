import ArgumentParser
import OutpostDomain
import OutpostReplica

/// `outpost lead list`: the leads on this laptop as a compact table.
struct LeadListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the leads on this laptop.")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Flag(help: "Include deleted leads (marked in a STATE column).")
    var deleted = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let leads = try replica.rows(OutpostSchema.lead.name, includingDeleted: deleted)
            .map { LeadSummary(id: $0.id, state: $0.state) }
        if output.json {
            try Console.printJSON(leads)
        } else if leads.isEmpty {
            Console.diagnose(deleted ? "No leads on this laptop." : "No leads on this laptop. Add one with `outpost lead add --name NAME --mobile NUMBER`, or `outpost sync`.")
        } else {
            print(LeadSummary.table(leads, showingState: deleted).rendered())
        }
    }
}
