import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost lead add`: records a new lead and prints its id.
struct LeadAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a lead and print its id.",
        discussion: "Example: outpost lead add --name 王女士 --mobile 13900001111 --intent B --source referral")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Option(help: "The contact's name (required).")
    var name: String

    @OptionGroup var details: LeadDetailOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw ValidationError("--name is empty. A lead needs the contact's name.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        var values = details.values
        values[LeadField.name.schemaName] = .text(name)
        let id = try replica.create(OutpostSchema.lead.name, values: values)
        if output.json {
            try Console.printJSON(["id": id.rawValue])
        } else {
            print(id.rawValue)
        }
    }
}
