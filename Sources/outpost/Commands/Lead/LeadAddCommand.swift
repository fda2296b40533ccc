import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost lead add`: records a new lead and prints its id.
struct LeadAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a lead and print its id.",
        discussion: """
            A lead needs a name and at least one of --mobile, --wechat, --telephone; --source is walk_in unless given.
            Example: outpost lead add --name 王女士 --mobile 13900001111 --intent B --source web_form
            A referral names the customer who referred it: --source referral --referrer CUSTOMER.
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Option(help: "The contact's name (required).")
    var name: String

    @OptionGroup var details: LeadDetailOptions
    @OptionGroup var output: OutputOptions

    /// The source channel of a lead added without `--source`.
    static let defaultSource = "walk_in"

    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw ValidationError("--name is empty. A lead needs the contact's name.")
        }
        guard details.mobile != nil || details.wechat != nil || details.telephone != nil else {
            throw ValidationError("A lead needs a way to reach the contact. Pass --mobile, --wechat or --telephone.")
        }
        if details.source == "referral", details.referrer == nil {
            throw ValidationError("A referral lead needs the customer who referred it. Pass --referrer CUSTOMER.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        var values = try details.values(in: replica)
        values[LeadField.name.schemaName] = .text(name)
        values[LeadField.source.schemaName] = values[LeadField.source.schemaName] ?? .text(Self.defaultSource)
        let id = try replica.create(OutpostSchema.lead.name, values: values)
        MobileSegmentWarning.diagnose(values, of: OutpostSchema.lead)
        try PossibleDuplicateWarning.diagnose(replica, OutpostSchema.lead.name, id)
        if output.json {
            try Console.printJSON(["id": id.rawValue])
        } else {
            print(id.rawValue)
        }
    }
}
