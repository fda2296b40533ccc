import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost followup add`: logs a contact with a lead (or a customer, contact or
/// opportunity), happening now. Follow-ups are append-only facts: they always sync, even
/// when the subject changed hands meanwhile.
struct FollowUpAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Log a follow-up, happening now, and print its id.",
        discussion: "Example: outpost followup add 0196f1c2-3a4b --method phone --content \"wants a trial class\"")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The subject's id, or enough of its first or last characters to be unique.", valueName: "subject-id"))
    var subjectID: String

    @Option(help: ArgumentHelp("What the follow-up is about: \(SchemaChoices.followUpSubjects.joined(separator: ", ")).",
                               valueName: "type"))
    var subject = "lead"

    @Option(help: ArgumentHelp("How it happened: \(SchemaChoices.followUpMethods.joined(separator: ", ")).", valueName: "method"))
    var method: String

    @Option(help: "What was said or agreed (1 to 2000 characters).")
    var content: String

    @Option(help: ArgumentHelp("The subject's intent after this contact: \(SchemaChoices.intentLevels.joined(separator: ", ")) "
                               + "(its intent_level moves to it at the next sync).", valueName: "level"))
    var intent: String?

    @Option(help: ArgumentHelp("When to follow up next: '2026-12-08 10:00' (this laptop's time zone), ISO 8601 with a zone, "
                               + "or ms since 1970 (the subject's next_followup_at moves to it at the next sync).", valueName: "time"))
    var next: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard SchemaChoices.followUpSubjects.contains(subject) else {
            throw ValidationError("'\(subject)' is not a follow-up subject. Pass one of \(SchemaChoices.followUpSubjects.joined(separator: ", ")).")
        }
        guard SchemaChoices.followUpMethods.contains(method) else {
            throw ValidationError("'\(method)' is not a follow-up method. Pass one of \(SchemaChoices.followUpMethods.joined(separator: ", ")).")
        }
        if content.allSatisfy(\.isWhitespace) {
            throw ValidationError("--content is empty. Say what was said or agreed.")
        }
        if let intent, !SchemaChoices.intentLevels.contains(intent.uppercased()) {
            throw ValidationError("'\(intent)' is not an intent level. Pass one of \(SchemaChoices.intentLevels.joined(separator: ", ")).")
        }
        if let next, TimestampInput.milliseconds(from: next, now: 0, timeZone: .current) == nil {
            throw ValidationError("'\(next)' is not a time. Write '2026-12-08 10:00', '2026-12-08T10:00+08:00' or ms since 1970.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entity = EntityName(subject)
        let rowID = try replica.resolveID(entity, prefix: subjectID)
        let row = try replica.row(entity, id: rowID)
        if row?.isDeleted == true {
            Console.diagnose("Note: \(subject) \(rowID.short) is deleted; the follow-up is logged anyway.")
        }
        let now = WallClock.now()
        var values: [FieldName: FieldValue] = [
            FieldName("subject_type"): .text(subject),
            FieldName("subject_id"): .text(rowID.rawValue),
            FieldName("author_id"): .text(try replica.settings().userID.rawValue),
            FieldName("method"): .text(method),
            FieldName("content"): .text(content),
            FieldName("occurred_at"): .integer(now),
            FieldName("device_time"): .integer(now),
        ]
        if let intent { values[FieldName("intent_level_after")] = .text(intent.uppercased()) }
        if let next, let instant = TimestampInput.milliseconds(from: next, now: now, timeZone: .current) {
            values[FieldName("next_followup_at")] = .integer(instant)
        }
        // Readable after the subject leaves this laptop's scope (R-8.1(e)).
        if let name = row?.values[FieldName(subject == "lead" ? "contact_name" : "name")], name != .null {
            values[FieldName("subject_name_snapshot")] = name
        }
        let id = try replica.create(OutpostSchema.followUp.name, values: values, now: now)
        if output.json {
            try Console.printJSON(["id": id.rawValue, "subjectType": subject, "subjectID": rowID.rawValue])
        } else {
            print(id.rawValue)
        }
    }
}
