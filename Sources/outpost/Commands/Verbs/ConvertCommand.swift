import ArgumentParser
import OutpostCore
import OutpostProtocol
import OutpostReplica

/// `outpost convert`: converts a lead offline. Provisional customer and contact rows (and a
/// student and an opportunity) are made now from the lead's values, and a `convert` command
/// naming them runs at the next sync; if another laptop converted the lead first, the server
/// merges these rows into its own and `outpost commands` shows the alias map.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a lead into a customer, contact, student and opportunity (confirmed at the next sync).",
        discussion: "Example: outpost convert 3a4b5c6d7e8f --relation father --no-opportunity")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The lead's id, or enough of its first or last characters to be unique.", valueName: "lead-id"))
    var lead: String

    @Option(help: ArgumentHelp("How the lead's contact relates to the student, for example mother, father, grandparent.",
                               valueName: "relation"))
    var relation = "mother"

    @Flag(name: .customLong("no-student"), help: "Make no student record.")
    var withoutStudent = false

    @Flag(name: .customLong("no-opportunity"), help: "Make no opportunity record.")
    var withoutOpportunity = false

    @OptionGroup var output: OutputOptions

    /// What `convert` prints with `--json`.
    struct Result: Encodable {
        var command: String
        var name: String
        var lead: String
        var customer: String
        var contact: String
        var student: String?
        var opportunity: String?
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.convert, verb: "convert", id: lead, in: replica)
        // The replica makes these rows: refuse before it would, while this build lacks them.
        let contact = try replica.schema.entity("contact", neededBy: "convert")
        _ = try replica.schema.entity("customer", neededBy: "convert")
        if !withoutStudent { _ = try replica.schema.entity("student", neededBy: "convert") }
        if !withoutOpportunity { _ = try replica.schema.entity("opportunity", neededBy: "convert") }
        if let relationField = contact.field(FieldName("relation")) {
            _ = try replica.valueParser(now: WallClock.now())
                .scalar(relation, named: "--relation", type: relationField.type, current: nil)
        }
        let converted = try replica.convert(lead: target.rowID, relation: relation,
                                            withStudent: !withoutStudent, withOpportunity: !withoutOpportunity)
        let result = Result(command: converted.command?.rawValue ?? "", name: CommandName.convert.rawValue,
                            lead: target.rowID.rawValue, customer: converted.customer.rawValue, contact: converted.contact.rawValue,
                            student: converted.student?.rawValue, opportunity: converted.opportunity?.rawValue)
        if output.json {
            try Console.printJSON(result)
        } else {
            print("command      \(result.command)")
            print("customer     \(result.customer)")
            print("contact      \(result.contact)")
            if let student = result.student { print("student      \(student)") }
            if let opportunity = result.opportunity { print("opportunity  \(opportunity)") }
        }
        Console.diagnose("These records are provisional until the convert runs at the next `outpost sync` (`outpost commands` shows its answer).")
    }
}
