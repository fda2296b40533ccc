import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost followup add`: logs a contact with a lead, happening now. Follow-ups are
/// append-only facts: they always sync, even when the lead changed hands meanwhile.
struct FollowUpAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Log a follow-up with a lead, happening now, and print its id.",
        discussion: "Example: outpost followup add 0196f1c2-3a4b --kind call --note \"wants a trial class\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @OptionGroup var lead: LeadReference

    @Option(help: ArgumentHelp("How it happened: \(SchemaChoices.followUpKinds.joined(separator: ", ")).", valueName: "kind"))
    var kind: String

    @Option(help: "What was said or agreed.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard SchemaChoices.followUpKinds.contains(kind) else {
            throw ValidationError("'\(kind)' is not a follow-up kind. Pass one of \(SchemaChoices.followUpKinds.joined(separator: ", ")).")
        }
        if let note, note.allSatisfy(\.isWhitespace) {
            throw ValidationError("--note is empty. Leave it out, or pass some text.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let leadID = try lead.resolve(in: replica)
        if try replica.row(OutpostSchema.lead.name, id: leadID)?.isDeleted == true {
            Console.diagnose("Note: lead \(leadID.short) is deleted; the follow-up is logged anyway.")
        }
        let now = WallClock.now()
        var values: [FieldName: FieldValue] = [
            FieldName("lead_id"): .text(leadID.rawValue),
            FieldName("kind"): .text(kind),
            FieldName("occurred_at"): .integer(now),
        ]
        if let note { values[FieldName("note")] = .text(note) }
        let id = try replica.create(OutpostSchema.followUp.name, values: values, now: now)
        if output.json {
            try Console.printJSON(["id": id.rawValue, "leadID": leadID.rawValue])
        } else {
            print(id.rawValue)
        }
    }
}
