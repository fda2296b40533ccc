import ArgumentParser
import OutpostCore
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

    @Option(help: "Only the leads whose name, student, mobile, telephone, WeChat id or remark holds this text.")
    var search: String?

    @Flag(help: "Also show each lead's status and owner (the server sets both at a new lead's first sync; the public pool's leads have no owner).")
    var wide = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        var pending: [RowID: [String]] = [:]
        // Oldest first, so a lead's pending commands read in the order they will run.
        for entry in try replica.journalEntries(in: .pending, limit: CommandsCommand.searchedEntries).reversed() {
            guard let command = entry.command, command.entity == OutpostSchema.lead.name else { continue }
            pending[command.rowID, default: []].append(command.name.rawValue)
        }
        let leads = try replica.showingUnsentFollowUpPlans(try replica.rows(OutpostSchema.lead.name, includingDeleted: deleted),
                                                           of: OutpostSchema.lead.name)
            .filter { lead in search.map { LeadSummary.matching($0)(lead.state) } ?? true }
            .map { LeadSummary(id: $0.id, state: $0.state, pendingCommands: pending[$0.id] ?? []) }
        if output.json {
            try Console.printJSON(leads)
        } else if leads.isEmpty, let search {
            Console.diagnose("No lead on this laptop holds '\(search)'.")
        } else if leads.isEmpty {
            Console.diagnose(deleted ? "No leads on this laptop." : "No leads on this laptop. Add one with `outpost lead add --name NAME --mobile NUMBER`, or `outpost sync`.")
        } else {
            let owners = wide ? try replica.rows(EntityName("user")).reduce(into: [String: String]()) { names, user in
                names[user.id.rawValue] = user.state.values[FieldName("name")]?.textValue
            } : nil
            print(LeadSummary.table(leads, showingState: deleted, ownerNames: owners).rendered())
        }
    }
}
